/**
 * One HTTP exchange with the PagerDuty REST API v2: the versioned `Accept` header, the
 * `Token token=…` authorization, errors classified as `SourceError` (with PagerDuty's own message,
 * never the token), rate-limit waits and the clock skew from the `Date` header.
 */
import { AnswerTooLargeError, readTextCapped } from '../capped-body.js';
import { SourceError, type Clock, type Logger } from '../ports.js';
import { isLoopbackHost } from '../../../shared/platform-url.js';
import { PdErrorBody } from './wire.js';

/** Production API hosts (US and EU service regions). */
export const PAGERDUTY_API_URL = 'https://api.pagerduty.com';
/** The EU service region's API. */
export const PAGERDUTY_EU_API_URL = 'https://api.eu.pagerduty.com';

const ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** A request with no answer after this long is abandoned as a `timeout` (the app's clock). */
export const PAGERDUTY_REQUEST_TIMEOUT_MS = 10_000;

/** Query parameters in order; a key may repeat (`statuses[]=triggered&statuses[]=acknowledged`). */
export type Query = [string, string][];

/** A successful exchange (2xx or 304). */
export interface PdResponse {
  status: number;
  /** Parsed JSON body; `undefined` for 204/304. */
  body: unknown;
  etag?: string;
  /** Platform clock minus laptop clock, from `Date` (0 when absent). */
  skewMs: number;
}

/** What one request needs besides method and path. */
export interface PdRequest {
  query?: Query;
  body?: unknown;
  /** Extra headers (`From`, `If-None-Match`). */
  headers?: Record<string, string>;
}

/**
 * Checks and normalizes the API base URL: `https:`, or `http:` for loopback only (tests and local
 * fakes). Throws an `Error` naming the problem otherwise.
 */
export function checkApiUrl(apiUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(`PagerDuty API URL "${apiUrl}" is not a valid URL`);
  }
  if (url.username || url.password) {
    throw new Error('PagerDuty API URL must not contain a user name or password');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new Error(
      `PagerDuty API URL must use https (http is allowed for loopback only): ${apiUrl}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`PagerDuty API URL must use https: ${apiUrl}`);
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * How long a 429 asks us to wait, in ms: `Retry-After` (seconds or an HTTP date), else
 * `ratelimit-reset` / `x-ratelimit-reset` (seconds until the window resets; a value that looks
 * like epoch seconds is read as a time). `undefined` when no header says.
 */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && retryAfter.trim() !== '') return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset']) {
    const value = headers.get(name);
    if (value === null || value.trim() === '') continue;
    const seconds = Number(value);
    if (!Number.isFinite(seconds)) continue;
    // Some proxies send the reset as epoch seconds rather than a delta.
    if (seconds > 1e9) return Math.max(0, seconds * 1000 - nowMs);
    return Math.max(0, seconds * 1000);
  }
  return undefined;
}

function describePdError(body: unknown): string | undefined {
  const parsed = PdErrorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const { message, errors } = parsed.data.error;
  const details = Array.isArray(errors)
    ? errors
    : errors
      ? Object.entries(errors).map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      : [];
  return [message, ...details].filter(Boolean).join('; ') || undefined;
}

/** Sends requests to one PagerDuty account with one token. */
export class PagerDutyHttp {
  private readonly base: string;

  constructor(
    private readonly options: {
      apiUrl: string;
      token: string;
      fetch: typeof fetch;
      clock: Clock;
      logger: Logger;
      /** Default `PAGERDUTY_REQUEST_TIMEOUT_MS`. */
      timeoutMs?: number;
    },
  ) {
    this.base = checkApiUrl(options.apiUrl);
  }

  /** The full URL of `path` with `query` (brackets kept readable, values encoded). */
  url(path: string, query: Query = []): string {
    const qs = query
      .map(([k, v]) => `${encodeURIComponent(k).replace(/%5B%5D$/, '[]')}=${encodeURIComponent(v)}`)
      .join('&');
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  /**
   * Sends one request. Resolves for 2xx and 304; throws `SourceError` for everything else:
   * network failures and aborts (`network`), timeouts (`timeout`), 401/403 (`unauthorized`),
   * 404, 409, 429 (`rate-limited` with the wait), other statuses (`server`), and a 2xx body that
   * is not JSON (`invalid-response`).
   */
  async send(
    method: string,
    path: string,
    request: PdRequest,
    signal: AbortSignal,
  ): Promise<PdResponse> {
    const { clock, logger } = this.options;
    const headers: Record<string, string> = {
      Accept: ACCEPT,
      Authorization: `Token token=${this.options.token}`,
      // The API description requires Content-Type on every request, GETs included.
      'Content-Type': 'application/json',
      ...request.headers,
    };
    const what = `${method} ${path}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs ?? PAGERDUTY_REQUEST_TIMEOUT_MS);
    const onAbort = (): void => controller.abort();
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', onAbort, { once: true });

    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(this.url(path, request.query), {
        method,
        headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: controller.signal,
      });
      text = response.status === 304 ? '' : await readTextCapped(response);
    } catch (error) {
      if (error instanceof AnswerTooLargeError) {
        throw new SourceError('invalid-response', `PagerDuty ${what}: ${error.message}`);
      }
      if (timedOut) throw new SourceError('timeout', `PagerDuty ${what}: no answer in time`);
      if (signal.aborted) throw new SourceError('network', `PagerDuty ${what} was abandoned`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
      throw new SourceError('network', `could not reach PagerDuty (${what}): ${detail}`);
    } finally {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }

    const date = response.headers.get('date');
    const dateMs = date ? Date.parse(date) : Number.NaN;
    const skewMs = Number.isNaN(dateMs) ? 0 : dateMs - clock.now();
    logger.debug('pagerduty request', { method, path, status: response.status });

    if (response.status === 304) return { status: 304, body: undefined, skewMs };
    let body: unknown;
    let jsonOk = true;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      jsonOk = false;
    }

    if (response.ok) {
      if (!jsonOk) {
        throw new SourceError(
          'invalid-response',
          `PagerDuty ${what} answered ${response.status} with a body that is not JSON`,
          response.status,
        );
      }
      const etag = response.headers.get('etag') ?? undefined;
      return { status: response.status, body, skewMs, ...(etag ? { etag } : {}) };
    }

    const pdMessage = jsonOk ? describePdError(body) : undefined;
    const said = pdMessage ? `: ${pdMessage}` : '';
    const status = response.status;
    if (status === 401 || status === 403) {
      throw new SourceError(
        'unauthorized',
        `PagerDuty refused the token (${status}) for ${what}${said}; check the PagerDuty API token`,
        status,
      );
    }
    if (status === 404)
      throw new SourceError('not-found', `PagerDuty ${what}: not found${said}`, status);
    if (status === 409)
      throw new SourceError('conflict', `PagerDuty ${what}: conflict${said}`, status);
    if (status === 429) {
      const wait = retryAfterMs(response.headers, clock.now());
      const after = wait !== undefined ? `; retrying after ${Math.ceil(wait / 1000)} s` : '';
      logger.warn('pagerduty rate limit reached', { method, path, retryAfterMs: wait });
      throw new SourceError(
        'rate-limited',
        `PagerDuty rate limit reached (${what})${after}`,
        status,
        wait,
      );
    }
    if (status === 400 && pdMessage && /resolved/i.test(pdMessage)) {
      throw new SourceError('conflict', `PagerDuty ${what}${said}`, status);
    }
    throw new SourceError('server', `PagerDuty ${what} failed with ${status}${said}`, status);
  }
}
