/**
 * "Test connection" for PagerDuty (`sources:test`): asks `GET /users/me` with the token and API
 * host (the ones typed in a form, else the configured ones) and says who the token belongs to, or
 * what is wrong in words the user can act on: no token, a bad host, a refused token, a token of
 * the other service region (a refused token is tried once against the other region's host, and
 * only when the host in use is one of PagerDuty's own), a rate limit, or no answer.
 */
import type { CommandOutput } from '../../../shared/contract.js';
import { SourceError, type Clock, type HandlersFor, type Logger } from '../ports.js';
import { checkApiUrl, PAGERDUTY_API_URL, PAGERDUTY_EU_API_URL } from './http.js';
import { PagerDutySource } from './pagerduty-source.js';

/** A PagerDuty service region and its API host. */
export interface PagerDutyRegion {
  name: string;
  apiUrl: string;
}

/** PagerDuty's service regions. */
export const PAGERDUTY_REGIONS: readonly PagerDutyRegion[] = [
  { name: 'US', apiUrl: PAGERDUTY_API_URL },
  { name: 'EU', apiUrl: PAGERDUTY_EU_API_URL },
];

/** What the service needs. */
export interface PagerDutySettingsServiceDeps {
  /** The token and API host in force now (settings file, environment, secret store). */
  current(): { token: string | undefined; apiUrl: string };
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  /** The regions a refused token is tried against (default `PAGERDUTY_REGIONS`). */
  regions?: readonly PagerDutyRegion[];
}

type TestResult = CommandOutput<'sources:test'>;

/** The `sources:test` handler; see the module comment. */
export function createPagerDutySettingsService(deps: PagerDutySettingsServiceDeps): {
  handlers: HandlersFor<'sources:test'>;
} {
  const regions = deps.regions ?? PAGERDUTY_REGIONS;

  async function who(token: string, apiUrl: string): Promise<{ name: string; email: string }> {
    const source = new PagerDutySource({
      token,
      apiUrl,
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    const me = await source.me(new AbortController().signal);
    return { name: me.name, email: me.email };
  }

  async function otherRegion(token: string, apiUrl: string): Promise<PagerDutyRegion | undefined> {
    const inUse = regions.find((r) => checkApiUrl(r.apiUrl) === apiUrl);
    if (!inUse) return undefined;
    for (const region of regions) {
      if (region === inUse) continue;
      try {
        await who(token, region.apiUrl);
        return region;
      } catch {
        // Refused there too (or unreachable): the token itself is the problem.
      }
    }
    return undefined;
  }

  async function test(input: { token?: string; apiUrl?: string }): Promise<TestResult> {
    const current = deps.current();
    const token = input.token ?? current.token;
    if (!token) {
      return {
        ok: false,
        problem: 'not-configured',
        message: 'No PagerDuty API token is set: paste a REST API user token first.',
      };
    }
    let apiUrl: string;
    try {
      apiUrl = checkApiUrl((input.apiUrl ?? '').trim() || current.apiUrl || PAGERDUTY_API_URL);
    } catch (error) {
      return { ok: false, problem: 'bad-url', message: (error as Error).message };
    }
    try {
      const person = await who(token, apiUrl);
      deps.logger.info('pagerduty connection tested', { apiUrl, ok: true });
      return { ok: true, person, message: `Connected as ${person.name} <${person.email}>` };
    } catch (raw) {
      const error =
        raw instanceof SourceError ? raw : new SourceError('server', (raw as Error).message);
      deps.logger.info('pagerduty connection tested', { apiUrl, ok: false, kind: error.kind });
      if (error.kind === 'unauthorized') {
        const region = await otherRegion(token, apiUrl);
        if (region) {
          return {
            ok: false,
            problem: 'wrong-region',
            suggestedApiUrl: region.apiUrl,
            message: `This token belongs to PagerDuty's ${region.name} service region: choose ${region.name} (${region.apiUrl}) as the API host.`,
          };
        }
        return {
          ok: false,
          problem: 'unauthorized',
          message: `PagerDuty refused the token (${error.status ?? 401}): check that it is a REST API user token and that it has not been revoked.`,
        };
      }
      if (error.kind === 'rate-limited') {
        const wait =
          error.retryAfterMs !== undefined
            ? ` Try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`
            : ' Try again in a minute.';
        return {
          ok: false,
          problem: 'rate-limited',
          message: `PagerDuty is rate limiting this token.${wait}`,
        };
      }
      if (error.kind === 'network' || error.kind === 'timeout') {
        return {
          ok: false,
          problem: 'unreachable',
          message: `Could not reach PagerDuty at ${apiUrl}: ${error.message}`,
        };
      }
      return {
        ok: false,
        problem: 'unexpected',
        message: `PagerDuty at ${apiUrl} answered unexpectedly: ${error.message}`,
      };
    }
  }

  return { handlers: { 'sources:test': test } };
}
