/**
 * The Zephyr platform client (`shared/specs/zephyr-platform-api.md`), remote or the embedded local
 * platform. Bearer auth; long poll with cursor and ETag; every list item validated on its own (a bad
 * one is left out and named, the rest are used); every failure classified as a `SourceError`.
 * Plain HTTP only to loopback. The token never reaches a log line or an error message.
 */
import { AnswerTooLargeError, readTextCapped } from '../capped-body.js';
import { z } from 'zod';
import { describeZodError } from '../../../shared/contract.js';
import { platformUrlProblem } from '../../../shared/platform-url.js';
import { Incident, Page, Person, Rotation } from '../../../shared/domain.js';
import {
  SourceError,
  type Clock,
  type EscalateTarget,
  type Logger,
  type PagePoll,
  type PageSource,
} from '../ports.js';

/** Options of a `ZephyrSource`. */
export interface ZephyrSourceOptions {
  /** Source id, the prefix of page keys; `zephyr` by default. */
  id?: string;
  /** Name shown to the user; defaults to the URL's host. */
  label?: string;
  baseUrl: string;
  token: string;
  /** True for the embedded local platform (not a real pager). */
  demo: boolean;
  fetch?: typeof fetch;
  clock: Clock;
  logger: Logger;
}

/** Seconds a long poll asks the server to hold (the API allows 30). */
export const LONG_POLL_WAIT_SECONDS = 25;
/** Extra time a request gets on top of its long-poll wait before it is abandoned. */
export const REQUEST_GRACE_MS = 10_000;

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds from `nowMs`.
 * `undefined` when absent or unparsable.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Validates each item of a list on its own; names each bad item. */
function validateItems<T>(
  items: unknown[],
  schema: z.ZodType<T>,
  noun: string,
): { valid: T[]; invalid: string[] } {
  const valid: T[] = [];
  const invalid: string[] = [];
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    const id =
      item !== null && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string'
        ? (item as { id: string }).id
        : `#${index}`;
    invalid.push(`${noun} ${id}: ${describeZodError(parsed.error)}`);
  });
  return { valid, invalid };
}

const PagesEnvelope = z.object({ pages: z.array(z.unknown()), cursor: z.string().optional() });
const OncallEnvelope = z.object({
  generatedAt: z.string().optional(),
  rotations: z.array(z.unknown()),
});
const MeEnvelope = z.object({ person: Person });
const IncidentsEnvelope = z.object({ incidents: z.array(z.unknown()) });

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
  skewMs: number;
}

/** `PageSource` over the Zephyr platform API v1. */
export class ZephyrSource implements PageSource {
  readonly id: string;
  readonly kind = 'zephyr' as const;
  readonly label: string;
  readonly demo: boolean;
  readonly supportsLongPoll = true;
  private readonly base: URL;
  private readonly fetchImpl: typeof fetch;
  private cachedMe: Person | undefined;

  /** Throws when the token may not be sent to `baseUrl` (`platformUrlProblem`: https, or loopback http). */
  constructor(private readonly options: ZephyrSourceOptions) {
    const problem = platformUrlProblem(options.baseUrl);
    if (problem) throw new Error(problem);
    const url = new URL(options.baseUrl.trim());
    this.base = url;
    this.id = options.id ?? 'zephyr';
    this.label = options.label ?? url.host;
    this.demo = options.demo;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async me(signal: AbortSignal): Promise<Person> {
    const answer = await this.request('GET', '/v1/me', { signal });
    const parsed = MeEnvelope.safeParse(answer.body);
    if (!parsed.success) {
      throw new SourceError(
        'invalid-response',
        `GET /v1/me: ${describeZodError(parsed.error)}`,
        answer.status,
      );
    }
    this.cachedMe = parsed.data.person;
    return parsed.data.person;
  }

  async rotations(
    signal: AbortSignal,
  ): Promise<{ rotations: Rotation[]; invalid: string[]; skewMs: number }> {
    const answer = await this.request('GET', '/v1/oncall', { signal });
    const parsed = OncallEnvelope.safeParse(answer.body);
    if (!parsed.success) {
      throw new SourceError(
        'invalid-response',
        `GET /v1/oncall: expected {generatedAt, rotations: [...]}: ${describeZodError(parsed.error)}`,
        answer.status,
      );
    }
    const { valid, invalid } = validateItems(parsed.data.rotations, Rotation, 'rotation');
    return { rotations: valid, invalid, skewMs: answer.skewMs };
  }

  async incidents(
    signal: AbortSignal,
  ): Promise<{ incidents: Incident[]; invalid: string[]; skewMs: number }> {
    const answer = await this.request('GET', '/v1/incidents?status=open', { signal });
    const parsed = IncidentsEnvelope.safeParse(answer.body);
    if (!parsed.success) {
      throw new SourceError(
        'invalid-response',
        `GET /v1/incidents: expected {incidents: [...]}: ${describeZodError(parsed.error)}`,
        answer.status,
      );
    }
    const { valid, invalid } = validateItems(parsed.data.incidents, Incident, 'incident');
    return { incidents: valid, invalid, skewMs: answer.skewMs };
  }

  async pollPages(
    request: { cursor?: string; etag?: string; waitSeconds?: number },
    signal: AbortSignal,
  ): Promise<PagePoll> {
    const query = new URLSearchParams({ status: 'open' });
    if (request.waitSeconds !== undefined && request.waitSeconds > 0) {
      query.set('wait', String(Math.min(30, Math.round(request.waitSeconds))));
      if (request.cursor !== undefined) query.set('cursor', request.cursor);
    }
    const headers: Record<string, string> = {};
    if (request.etag !== undefined) headers['If-None-Match'] = request.etag;
    const answer = await this.request('GET', `/v1/pages?${query.toString()}`, {
      signal,
      headers,
      timeoutMs: (request.waitSeconds ?? 0) * 1000 + REQUEST_GRACE_MS,
    });
    if (answer.status === 304) return { changed: false, skewMs: answer.skewMs };
    const parsed = PagesEnvelope.safeParse(answer.body);
    if (!parsed.success) {
      throw new SourceError(
        'invalid-response',
        `GET /v1/pages: expected {pages: [...], cursor}: ${describeZodError(parsed.error)}`,
        answer.status,
      );
    }
    const { valid, invalid } = validateItems(parsed.data.pages, Page, 'page');
    const etag = answer.headers.get('etag') ?? undefined;
    return {
      changed: true,
      pages: valid,
      invalid,
      skewMs: answer.skewMs,
      ...(parsed.data.cursor !== undefined ? { cursor: parsed.data.cursor } : {}),
      ...(etag !== undefined ? { etag } : {}),
    };
  }

  async acknowledge(pageId: string, idempotencyKey: string, signal: AbortSignal): Promise<Page> {
    const answer = await this.request(
      'POST',
      `/v1/pages/${encodeURIComponent(pageId)}/acknowledge`,
      {
        signal,
        headers: { 'Idempotency-Key': idempotencyKey },
        body: {},
      },
    );
    return this.parsePage(answer, `POST /v1/pages/${pageId}/acknowledge`);
  }

  /** `POST /v1/pages/{id}/resolve`: resolving again returns the page unchanged. */
  async resolvePage(pageId: string, idempotencyKey: string, signal: AbortSignal): Promise<Page> {
    const path = `/v1/pages/${encodeURIComponent(pageId)}/resolve`;
    const answer = await this.request('POST', path, {
      signal,
      headers: { 'Idempotency-Key': idempotencyKey },
      body: {},
    });
    return this.parsePage(answer, `POST ${path}`);
  }

  /** `POST /v1/pages/{id}/escalate` with `{to?}`: the next step now, or the rotation/person. */
  async escalatePage(
    pageId: string,
    to: EscalateTarget | undefined,
    idempotencyKey: string,
    signal: AbortSignal,
  ): Promise<Page> {
    const path = `/v1/pages/${encodeURIComponent(pageId)}/escalate`;
    const answer = await this.request('POST', path, {
      signal,
      headers: { 'Idempotency-Key': idempotencyKey },
      body: to ? { to } : {},
    });
    return this.parsePage(answer, `POST ${path}`);
  }

  async sendTestPage(signal: AbortSignal): Promise<Page> {
    const me = this.cachedMe ?? (await this.me(signal));
    const answer = await this.request('POST', '/v1/pages', {
      signal,
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: { title: 'Test page', test: true, target: { person: me.id } },
    });
    return this.parsePage(answer, 'POST /v1/pages');
  }

  private parsePage(answer: Answer, what: string): Page {
    const parsed = Page.safeParse(answer.body);
    if (!parsed.success) {
      throw new SourceError(
        'invalid-response',
        `${what}: ${describeZodError(parsed.error)}`,
        answer.status,
      );
    }
    return parsed.data;
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    init: {
      signal: AbortSignal;
      headers?: Record<string, string>;
      body?: unknown;
      timeoutMs?: number;
    },
  ): Promise<Answer> {
    const { clock, logger } = this.options;
    const url = new URL(path, this.base);
    const what = `${method} ${url.pathname}`;
    const timeoutMs = init.timeoutMs ?? REQUEST_GRACE_MS;
    const controller = new AbortController();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    // The timeout covers the whole exchange, headers and body alike.
    const cleanup = () => {
      clock.clearTimeout(timer);
      init.signal.removeEventListener('abort', onAbort);
    };
    if (init.signal.aborted) controller.abort();
    else init.signal.addEventListener('abort', onAbort, { once: true });
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${this.options.token}`,
          ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: controller.signal,
      });
    } catch (error) {
      cleanup();
      if (timedOut) {
        throw new SourceError(
          'timeout',
          `${what}: no answer from ${this.label} within ${Math.round(timeoutMs / 1000)} s`,
        );
      }
      if (init.signal.aborted) throw new SourceError('network', `${what}: cancelled`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const detail =
        cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
      throw new SourceError('network', `${what}: cannot reach ${this.label} (${detail})`);
    }
    const dateHeader = response.headers.get('date');
    const serverNow = dateHeader === null ? Number.NaN : Date.parse(dateHeader);
    const skewMs = Number.isNaN(serverNow) ? 0 : serverNow - clock.now();
    logger.debug('platform request', { source: this.id, request: what, status: response.status });
    if (response.status === 304) {
      cleanup();
      return { status: 304, body: undefined, headers: response.headers, skewMs };
    }
    let text: string;
    try {
      text = await readTextCapped(response);
    } catch (error) {
      if (error instanceof AnswerTooLargeError) {
        throw new SourceError('invalid-response', `${what}: ${error.message}`, response.status);
      }
      if (timedOut)
        throw new SourceError(
          'timeout',
          `${what}: the answer did not finish within ${Math.round(timeoutMs / 1000)} s`,
        );
      throw new SourceError(
        'network',
        `${what}: connection lost while reading the answer (${String(error)})`,
      );
    } finally {
      cleanup();
    }
    let body: unknown;
    let parsedJson = true;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsedJson = false;
    }
    if (response.ok) {
      if (!parsedJson) {
        throw new SourceError(
          'invalid-response',
          `${what}: the answer is not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
          response.status,
        );
      }
      return { status: response.status, body, headers: response.headers, skewMs };
    }
    throw this.classify(response, body, what);
  }

  private classify(response: Response, body: unknown, what: string): SourceError {
    const status = response.status;
    const platform = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const said =
      typeof platform?.message === 'string'
        ? platform.message
        : typeof platform?.code === 'string'
          ? platform.code
          : '';
    const detail = `${what} → ${status}${said ? `: ${said}` : ''}`;
    if (status === 401 || status === 403) {
      return new SourceError('unauthorized', `${detail} (the token was refused)`, status);
    }
    if (status === 404) return new SourceError('not-found', detail, status);
    if (status === 409) return new SourceError('conflict', detail, status);
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(
        response.headers.get('retry-after'),
        this.options.clock.now(),
      );
      return new SourceError('rate-limited', `${detail} (rate limited)`, status, retryAfterMs);
    }
    return new SourceError('server', detail, status);
  }
}
