/**
 * One JSON request to a REST vendor (Statuspage, the Zephyr platform): waits out `429`/`420`
 * per `Retry-After` a few times, and turns every failure into an `IntegrationError`.
 */
import {
  INTEGRATION_NAMES,
  IntegrationError,
  httpError,
  realSleep,
  retryAfterMs,
  type Integration,
  type Sleep,
} from './integration-error.js';

/** What `requestJson` needs besides the request itself. */
export interface HttpDeps {
  fetch?: typeof fetch;
  sleep?: Sleep;
  /** Attempts after a rate-limit answer before giving up (default 3). */
  rateLimitRetries?: number;
  /** Longest wait honoured for one `Retry-After`, in ms (default 60 s). */
  maxRetryAfterMs?: number;
}

/** One request. `what` names the resource for messages ("Statuspage page 'abc'"). */
export interface JsonRequest {
  integration: Integration;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  what: string;
  /** Reads the vendor's human message out of an error body. */
  vendorMessage?: (body: unknown) => string | undefined;
}

/** Sends the request and answers the parsed JSON body of a 2xx answer. */
export async function requestJson(request: JsonRequest, deps: HttpDeps = {}): Promise<unknown> {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const sleep = deps.sleep ?? realSleep;
  const retries = deps.rateLimitRetries ?? 3;
  const name = INTEGRATION_NAMES[request.integration];
  for (let attempt = 0; ; attempt += 1) {
    let res: Response;
    try {
      res = await doFetch(request.url, {
        method: request.method,
        headers: {
          Accept: 'application/json',
          ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...request.headers,
        },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        redirect: 'error',
      });
    } catch (err) {
      throw new IntegrationError(
        request.integration,
        'network',
        `could not reach ${name} at ${new URL(request.url).origin}: ${(err as Error).message}`,
      );
    }
    const text = await res.text();
    let body: unknown = undefined;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        if (res.ok) {
          throw new IntegrationError(
            request.integration,
            'invalid-response',
            `${name} answered ${request.what} with something that is not JSON`,
            res.status,
          );
        }
      }
    }
    if (res.ok) return body;
    if ((res.status === 429 || res.status === 420) && attempt < retries) {
      const wait = retryAfterMs(res.headers.get('retry-after'), Date.now()) ?? 1000 * 2 ** attempt;
      if (wait <= (deps.maxRetryAfterMs ?? 60_000)) {
        await sleep(wait);
        continue;
      }
    }
    throw httpError(request.integration, res.status, request.what, request.vendorMessage?.(body));
  }
}

/** Reads `{error: {message}}`, `{error: "…"}` or `{message: "…"}` out of an error body. */
export function commonVendorMessage(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { error?: unknown; message?: unknown };
  if (typeof b.error === 'string') return b.error;
  if (b.error && typeof b.error === 'object') {
    const m = (b.error as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return typeof b.message === 'string' ? b.message : undefined;
}
