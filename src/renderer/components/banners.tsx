/**
 * The permanent banners: they stay on screen, above every view, for as long as their cause lasts.
 * Silence must never look like "no pages", so every way the app can be blind has one here.
 */
import type { ReactNode } from 'react';
import type { AppState } from '../../shared/domain.js';
import type { ConnectionStatus } from '../lib/api.js';
import { hrefFor } from '../lib/route.js';
import { useNow } from '../lib/use-now.js';

/** The loud "Lost connection" banner, shown whenever the link to main is not open. */
export function ConnectionBanner(props: {
  status: ConnectionStatus;
  onRetry: () => void;
}): ReactNode {
  const now = useNow(1000);
  const { status } = props;
  if (status.state === 'open') return null;
  if (status.state === 'connecting' && status.attempts === 0) {
    return (
      <div className="banner banner--info" role="status">
        <p className="banner__title">Connecting to the Zephyr service…</p>
      </div>
    );
  }
  const seconds = status.retryAt ? Math.max(0, Math.ceil((status.retryAt - now) / 1000)) : null;
  return (
    <div className="banner banner--alarm" role="alert">
      <div className="banner__body">
        <p className="banner__title">Lost connection to the Zephyr service</p>
        <p>
          Pages will not show here until it is back; what you see below is the last known state.{' '}
          {status.reason ? <span>{status.reason}</span> : null}
        </p>
        <p className="banner__meta">
          {status.state === 'connecting'
            ? 'Reconnecting now…'
            : seconds !== null
              ? `Trying again in ${seconds} s (attempt ${status.attempts}).`
              : null}
        </p>
      </div>
      {status.state === 'closed' && status.retryAt ? (
        <button type="button" className="button button--on-alarm" onClick={props.onRetry}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}

/** The damaged files the app moved aside at start-up (names and problems, never content). */
export function RecoveredFilesNotice(props: { files: AppState['recoveredFiles'] }): ReactNode {
  const files = props.files ?? [];
  if (files.length === 0) return null;
  return (
    <div className="banner banner--warning" role="alert">
      <div className="banner__body">
        <p className="banner__title">Damaged files were moved aside; Zephyr started without them</p>
        <ul className="banner__list">
          {files.map((f) => (
            <li key={f.movedTo}>
              {f.file} ({f.problem}): kept as {f.movedTo}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The banners derived from the app state: demo, feed alarms, reachability, playbook, damaged files. */
export function StateBanners(props: { state: AppState }): ReactNode {
  const { state } = props;
  const demo = state.sources.some((s) => s.demo);
  const alarms = state.sources.filter((s) => s.health.alarm);
  return (
    <>
      {alarms.map((source) => (
        <div key={source.id} className="banner banner--alarm" role="alert">
          <div className="banner__body">
            <p className="banner__title">Cannot reach {source.label}: you may miss pages</p>
            {source.health.message ? <p>{source.health.message}</p> : null}
          </div>
        </div>
      ))}
      {!state.reachability.ok ? (
        <div className="banner banner--warning" role="alert">
          <div className="banner__body">
            <p className="banner__title">Some pages may not reach you</p>
            <ul className="banner__list">
              {state.reachability.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <RecoveredFilesNotice files={state.recoveredFiles} />
      {state.playbook.error ? (
        <div className="banner banner--warning" role="alert">
          <div className="banner__body">
            <p className="banner__title">
              Your playbook file was rejected: {state.playbook.error}. Running on the last good
              playbook.
            </p>
          </div>
          <a className="button button--secondary" href={hrefFor('settings')}>
            Playbook settings
          </a>
        </div>
      ) : null}
      {demo ? (
        <div className="banner banner--demo" role="status">
          <div className="banner__body">
            <p className="banner__title">Demo platform: not connected to your pager</p>
            <p>Pages shown here come from the built-in demo, not from your team.</p>
          </div>
          <a className="button button--primary" href={hrefFor('settings')}>
            Connect your platform
          </a>
        </div>
      ) : null}
    </>
  );
}

/** Problems that are not tied to one action (a malformed event, a failed state load). */
export function ProblemBanner(props: { problems: string[]; onDismiss: () => void }): ReactNode {
  if (props.problems.length === 0) return null;
  return (
    <div className="banner banner--warning" role="alert">
      <div className="banner__body">
        <p className="banner__title">Problem talking to the Zephyr service</p>
        <ul className="banner__list">
          {props.problems.map((problem, i) => (
            <li key={`${i}-${problem}`}>{problem}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="button button--secondary" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
