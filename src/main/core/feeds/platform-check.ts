/**
 * "Test before saving" for the Zephyr platform (`platform:test`): asks `GET /v1/me` on the URL
 * the user typed with the token they typed (else the one in force) and says who the token belongs
 * to, or what is wrong, in words for the field it is about. Nothing is saved here: the form saves
 * only after a success, so a wrong URL or token never replaces a working platform (or the demo).
 * The token is never sent where `platformUrlProblem` refuses (`https://`, or `http://` to
 * loopback only).
 */
import type { PlatformTestResult } from '../../../shared/contract.js';
import { platformUrlProblem } from '../../../shared/platform-url.js';
import { SourceError, type Clock, type HandlersFor, type Logger } from '../ports.js';
import { ZephyrSource } from './zephyr-client.js';

/** What the check needs. */
export interface PlatformCheckDeps {
  /**
   * The platform token in force, and the environment variable it comes from when the
   * environment manages it (a typed token is then ignored: the environment wins).
   */
  current(): { token: string | undefined; tokenEnvName: string | undefined };
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
}

/** What went wrong, in words the user can act on, for the field it is about. */
function explain(
  error: SourceError,
  host: string,
  tokenEnvName: string | undefined,
): PlatformTestResult {
  // The client's messages start with the request ("GET /v1/me: …"); the user did not make one.
  const detail = error.message.replace(/^GET \/v1\/me: /, '');
  switch (error.kind) {
    case 'unauthorized': {
      const status = error.status ?? 401;
      return {
        ok: false,
        problem: 'unauthorized',
        field: 'token',
        message: tokenEnvName
          ? `The platform at ${host} refused the token from the environment variable ${tokenEnvName} (${status}). Change ${tokenEnvName} where Zephyr is started: Settings cannot override it.`
          : `The platform at ${host} refused this token (${status}): check that you copied the whole token and that it has not been revoked.`,
      };
    }
    case 'rate-limited': {
      const wait =
        error.retryAfterMs !== undefined
          ? `in ${Math.ceil(error.retryAfterMs / 1000)} s`
          : 'in a minute';
      return {
        ok: false,
        problem: 'rate-limited',
        field: 'token',
        message: `The platform at ${host} is rate limiting this token: try again ${wait}.`,
      };
    }
    case 'network':
    case 'timeout':
      return {
        ok: false,
        problem: 'unreachable',
        field: 'url',
        message: `Could not reach the platform: ${detail}. Check the URL and your network.`,
      };
    case 'not-found':
    case 'invalid-response':
      return {
        ok: false,
        problem: 'unexpected',
        field: 'url',
        message: `${host} does not answer like a Zephyr platform (${detail}): check the URL.`,
      };
    default:
      return {
        ok: false,
        problem: 'unexpected',
        field: 'url',
        message: `The platform at ${host} answered with an error (${detail}). Try again later.`,
      };
  }
}

/** The `platform:test` handler; see the module comment. */
export function createPlatformCheck(deps: PlatformCheckDeps): HandlersFor<'platform:test'> {
  async function test(input: { url: string; token?: string }): Promise<PlatformTestResult> {
    const url = input.url.trim();
    const urlProblem = platformUrlProblem(url);
    if (urlProblem) return { ok: false, problem: 'bad-url', field: 'url', message: urlProblem };
    const current = deps.current();
    const token = current.tokenEnvName ? current.token : (input.token ?? current.token);
    if (!token) {
      return {
        ok: false,
        problem: 'no-token',
        field: 'token',
        message: 'Enter your platform token: none is saved yet.',
      };
    }
    const host = new URL(url).host;
    const source = new ZephyrSource({
      baseUrl: url,
      token,
      demo: false,
      label: host,
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    try {
      const me = await source.me(new AbortController().signal);
      deps.logger.info('platform connection tested', { host, ok: true });
      return {
        ok: true,
        person: { name: me.name, email: me.email },
        message: `Connected as ${me.name}`,
      };
    } catch (raw) {
      const error =
        raw instanceof SourceError ? raw : new SourceError('server', (raw as Error).message);
      deps.logger.info('platform connection tested', { host, ok: false, kind: error.kind });
      return explain(error, host, current.tokenEnvName);
    }
  }
  return { 'platform:test': test };
}
