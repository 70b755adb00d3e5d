/**
 * Connecting the Zephyr platform, written once for the first-run card and Settings → Platform:
 * the URL is checked here first (`https://`, or `http://` to loopback only), then main asks the
 * platform who the token belongs to (`platform:test`). The forms save only after a success, so a
 * wrong URL or token never replaces the platform in use (or the built-in demo).
 */
import { useCallback, useState, type ReactNode } from 'react';
import { platformUrlProblem } from '../../shared/platform-url.js';
import { useZephyr } from '../lib/api.js';

/** What a platform check found, per field. */
export interface PlatformCheckState {
  /** What is wrong with the URL, said at the URL field. */
  urlError: string | null;
  /** What is wrong with the token, said at the token field. */
  tokenError: string | null;
  /** "Connected as Priya Raman" after a success. */
  connected: string | null;
  busy: boolean;
}

const IDLE: PlatformCheckState = { urlError: null, tokenError: null, connected: null, busy: false };

/** The check and its state; `check` resolves to true when the connection may be saved. */
export function usePlatformCheck(): PlatformCheckState & {
  check(url: string, token: string | undefined): Promise<boolean>;
  reset(): void;
} {
  const client = useZephyr();
  const [state, setState] = useState<PlatformCheckState>(IDLE);
  const check = useCallback(
    async (url: string, token: string | undefined): Promise<boolean> => {
      const trimmed = url.trim();
      // Refused before any request: the token must never be offered to such a URL.
      const problem = platformUrlProblem(trimmed);
      if (problem) {
        setState({ ...IDLE, urlError: problem });
        return false;
      }
      setState({ ...IDLE, busy: true });
      const result = await client.invoke('platform:test', {
        url: trimmed,
        ...(token ? { token } : {}),
      });
      if (!result.ok) {
        setState({
          ...IDLE,
          urlError: `The connection could not be tested: ${result.error.message}`,
        });
        return false;
      }
      const answer = result.value;
      if (answer.ok) {
        setState({ ...IDLE, connected: answer.message });
        return true;
      }
      setState({
        ...IDLE,
        ...(answer.field === 'token'
          ? { tokenError: answer.message }
          : { urlError: answer.message }),
      });
      return false;
    },
    [client],
  );
  const reset = useCallback(() => setState(IDLE), []);
  return { ...state, check, reset };
}

/** "Testing the connection…" while the check runs, then "Connected as …". */
export function PlatformCheckStatus(props: { state: PlatformCheckState }): ReactNode {
  const { busy, connected } = props.state;
  if (busy) {
    return (
      <p className="muted" role="status">
        Testing the connection…
      </p>
    );
  }
  if (!connected) return null;
  return (
    <p className="saved" role="status">
      {connected}
    </p>
  );
}
