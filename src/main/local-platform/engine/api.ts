/**
 * The engine's request/response shapes, its error type and the small HTTP helpers (ETag, error
 * body, input parsing) every engine module shares.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Playbook } from '../../../shared/playbook.js';
import type { PlatformState } from '../state.js';

/** An API failure with its HTTP status and machine code, sent as `{"error":{code,message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** One API request, already taken apart by the transport. */
export interface PlatformRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/pages/P1/acknowledge`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** The bearer token, without `Bearer `. */
  token?: string;
  idempotencyKey?: string;
  ifNoneMatch?: string;
  /** Parsed JSON body, `undefined` when there was none. */
  body?: unknown;
  /** Aborts a long poll when the client goes away. */
  signal?: AbortSignal;
}

/** What the transport sends back. `body` is `undefined` for `304`. */
export interface PlatformResponse {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}

/** What a route answers before ETag handling. */
export type Result = { status: number; body: unknown; etag?: boolean };

/** What the engine's modules work on: the mutable state, the playbook and platform time. */
export interface EngineContext {
  state: PlatformState;
  playbook: Playbook;
  /** Platform time in epoch milliseconds. */
  now(): number;
}

/** A `200` result. */
export function ok(body: unknown): Result {
  return { status: 200, body };
}

/** A `201` result. */
export function created(body: unknown): Result {
  return { status: 201, body };
}

/** Parses `input` with `schema` or throws a `400` naming every wrong field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
  throw new ApiError(400, 'invalid_request', `invalid request body: ${detail}`);
}

/** A strong ETag of a JSON value. */
export function etagOf(value: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 27)}"`;
}

/** True when an `If-None-Match` header matches `etag` (weak tags and `*` included). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** The API's error shape. */
export function errorBody(
  code: string,
  message: string,
): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
