/**
 * PagerDuty reads shared by `PagerDutySource`: one incident, and the paged incident and on-call
 * lists (at most `MAX_LIST_PAGES` pages of `PAGE_LIMIT`), each answer checked against `wire.ts`.
 */
import { describeZodError } from '../../../shared/contract.js';
import { SourceError } from '../ports.js';
import type { PagerDutyHttp, PdResponse, Query } from './http.js';
import { PdIncident, PdIncidentEnvelope, PdIncidentList, PdOncall, PdOncallList } from './wire.js';

/** Items per page of a PagerDuty list request. */
export const PAGE_LIMIT = 100;
/** Pages of a list read before the rest is reported as truncated. */
export const MAX_LIST_PAGES = 5;

/** One list read: its items, the clock skew seen, and whether the cached copy was reused. */
export interface Listed {
  items: unknown[];
  skewMs: number;
  notModified: boolean;
  etag?: string;
  truncated: boolean;
}

/** The error for an answer of the wrong shape. */
export function invalid(what: string, detail: string): SourceError {
  return new SourceError(
    'invalid-response',
    `PagerDuty ${what} answered an unexpected shape: ${detail}`,
  );
}

/** Sends a request whose answer is `{incident}` and returns the checked incident. */
export async function readIncident(
  http: PagerDutyHttp,
  method: string,
  path: string,
  request: Parameters<PagerDutyHttp['send']>[2],
  signal: AbortSignal,
): Promise<PdIncident> {
  const response = await http.send(method, path, request, signal);
  const envelope = PdIncidentEnvelope.safeParse(response.body);
  if (!envelope.success) throw invalid(`${method} ${path}`, 'expected {incident}');
  const parsed = PdIncident.safeParse(envelope.data.incident);
  if (!parsed.success) throw invalid(`${method} ${path}`, describeZodError(parsed.error));
  return parsed.data;
}

/** `GET /incidents` page by page, conditional on the cached ETag of the same query. */
export async function listIncidents(
  http: PagerDutyHttp,
  lastLists: Map<string, { etag: string; items: unknown[] }>,
  query: Query,
  conditional: boolean,
  signal: AbortSignal,
): Promise<Listed> {
  const key = http.url('/incidents', query);
  const previous = lastLists.get(key);
  const items: unknown[] = [];
  let skewMs = 0;
  let etag: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const paged: Query = [
      ...query,
      ['limit', String(PAGE_LIMIT)],
      ['offset', String(page * PAGE_LIMIT)],
    ];
    const headers: Record<string, string> =
      page === 0 && conditional && previous ? { 'If-None-Match': previous.etag } : {};
    const response: PdResponse = await http.send(
      'GET',
      '/incidents',
      { query: paged, headers },
      signal,
    );
    skewMs = response.skewMs;
    if (response.status === 304 && previous) {
      return {
        items: previous.items,
        skewMs,
        notModified: true,
        etag: previous.etag,
        truncated: false,
      };
    }
    const parsed = PdIncidentList.safeParse(response.body);
    if (!parsed.success) {
      throw invalid(
        'GET /incidents',
        `expected {incidents: [...]}: ${describeZodError(parsed.error)}`,
      );
    }
    if (page === 0) etag = response.etag;
    items.push(...parsed.data.incidents);
    if (!parsed.data.more) {
      if (etag) lastLists.set(key, { etag, items });
      else lastLists.delete(key);
      return { items, skewMs, notModified: false, truncated: false, ...(etag ? { etag } : {}) };
    }
  }
  lastLists.delete(key);
  return { items, skewMs, notModified: false, truncated: true };
}

/** `GET /oncalls` page by page; entries of the wrong shape are named, not fatal. */
export async function listOncalls(
  http: PagerDutyHttp,
  filters: Query,
  signal: AbortSignal,
): Promise<{ valid: PdOncall[]; invalid: string[]; skewMs: number }> {
  const valid: PdOncall[] = [];
  const invalidItems: string[] = [];
  let skewMs = 0;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const query: Query = [
      ...filters,
      ['include[]', 'users'],
      ['include[]', 'escalation_policies'],
      ['limit', String(PAGE_LIMIT)],
      ['offset', String(page * PAGE_LIMIT)],
    ];
    const response = await http.send('GET', '/oncalls', { query }, signal);
    skewMs = response.skewMs;
    const parsed = PdOncallList.safeParse(response.body);
    if (!parsed.success) {
      throw invalid('GET /oncalls', `expected {oncalls: [...]}: ${describeZodError(parsed.error)}`);
    }
    parsed.data.oncalls.forEach((item, index) => {
      const oncall = PdOncall.safeParse(item);
      if (oncall.success) valid.push(oncall.data);
      else
        invalidItems.push(
          `on-call #${page * PAGE_LIMIT + index + 1}: ${describeZodError(oncall.error)}`,
        );
    });
    if (!parsed.data.more) return { valid, invalid: invalidItems, skewMs };
  }
  invalidItems.push(
    `more than ${PAGE_LIMIT * MAX_LIST_PAGES} on-call entries: only the first ones are used`,
  );
  return { valid, invalid: invalidItems, skewMs };
}
