/**
 * The one error every vendor client in this folder throws: which integration, what kind of
 * problem, and a message for the user that names what is wrong (never the token).
 */

/** The services a declaration talks to. */
export type Integration = 'slack' | 'statuspage' | 'linear' | 'platform';

/** What kind of problem, so callers can decide whether a retry may help. */
export type IntegrationErrorKind =
  | 'auth' // token missing, wrong or revoked
  | 'scope' // token valid but lacks a permission
  | 'not-found' // unknown page id, team, channel…
  | 'rate-limited' // still rate limited after waiting
  | 'invalid-request' // the vendor refused what we sent
  | 'network' // could not reach the vendor
  | 'server' // 5xx or other unexpected status
  | 'invalid-response'; // not JSON, or not the expected shape

/** Display names used in messages. */
export const INTEGRATION_NAMES: Record<Integration, string> = {
  slack: 'Slack',
  statuspage: 'Statuspage',
  linear: 'Linear',
  platform: 'the Zephyr platform',
};

/** An error from a vendor, classified; `message` is meant for the user. */
export class IntegrationError extends Error {
  constructor(
    readonly integration: Integration,
    readonly kind: IntegrationErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'IntegrationError';
  }
}

/** A user-facing message for any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Seconds from a `Retry-After` header (seconds or HTTP date), or `undefined`. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Classifies an HTTP status of a REST vendor into an `IntegrationError` whose message names
 * what is wrong; `what` says what was asked ("Statuspage page 'abc'").
 */
export function httpError(
  integration: Integration,
  status: number,
  what: string,
  vendorMessage: string | undefined,
): IntegrationError {
  const name = INTEGRATION_NAMES[integration];
  const said = vendorMessage ? ` (${name} said: ${vendorMessage})` : '';
  if (status === 401)
    return new IntegrationError(
      integration,
      'auth',
      `${name} rejected the token: it is wrong, expired or revoked; set a new one in Settings${said}`,
      status,
    );
  if (status === 403)
    return new IntegrationError(
      integration,
      'scope',
      `${name} refused ${what}: the token lacks the permission${said}`,
      status,
    );
  if (status === 404)
    return new IntegrationError(
      integration,
      'not-found',
      `${name}: ${what} was not found${said}`,
      status,
    );
  if (status === 420 || status === 429)
    return new IntegrationError(
      integration,
      'rate-limited',
      `${name} is rate limiting requests; try again in a minute${said}`,
      status,
    );
  if (status >= 400 && status < 500)
    return new IntegrationError(
      integration,
      'invalid-request',
      `${name} refused ${what} (HTTP ${status})${said}`,
      status,
    );
  return new IntegrationError(
    integration,
    'server',
    `${name} failed on ${what} (HTTP ${status})${said}`,
    status,
  );
}

/** Sleeps `ms`; injectable so tests need not wait. */
export type Sleep = (ms: number) => Promise<void>;

/** The real sleep. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
