/**
 * The local platform's HTTP front: node:http on 127.0.0.1 only, JSON in and out, the API served
 * by `PlatformEngine`, plus (only when asked for) the local-only control API under `/control/`.
 * Every response carries a `Date` header in platform time, so clients can correct their skew.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../core/ports.js';
import {
  ApiError,
  CreatePageInput,
  errorBody,
  parseInput as parse,
  type PlatformEngine,
} from './engine.js';
import { SetShiftsInput } from './engine/inputs.js';

/**
 * A failure injected into the next `count` `/v1` requests whose path starts with `path`. With
 * `held`, the requests held now (long polls waiting for a change) get it first, as from a
 * platform that fails under its open connections, so a test need not wait out their wait.
 */
export const FaultSpec = z.object({
  kind: z.enum(['status', 'hang', 'malformed', 'reset']).default('status'),
  status: z.number().int().min(400).max(599).default(503),
  count: z.number().int().min(1).default(1),
  path: z.string().startsWith('/').default('/v1'),
  retryAfterSeconds: z.number().int().min(0).optional(),
  held: z.boolean().optional(),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

const AdvanceInput = z.object({
  seconds: z
    .number()
    .min(0)
    .max(365 * 24 * 3600),
});

const MAX_BODY_BYTES = 1024 * 1024;

/** Options of `startPlatformServer`. */
export interface PlatformServerOptions {
  engine: PlatformEngine;
  /** 0 picks a free port. */
  port: number;
  /** Serves `/control/*` with this bearer token; absent means no control API at all. */
  control?: { token: string };
  logger?: Logger;
}

/** A running HTTP front. */
export interface PlatformServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The injected fault still pending, if any. */
  fault(): FaultSpec | null;
  /** Stops listening and drops every open connection (held long polls, hung requests). */
  close(): Promise<void>;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** Starts the HTTP front on 127.0.0.1; rejects with a clear message when the port is taken. */
export async function startPlatformServer(options: PlatformServerOptions): Promise<PlatformServer> {
  const { engine, logger } = options;
  const faults: FaultBox = { current: null, held: new Set() };
  const send = (res: ServerResponse, reply: Reply) => sendReply(engine, res, reply);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const aborter = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort();
    });
    try {
      const body = await readJson(req);
      if (options.control && path.startsWith('/control/')) {
        send(res, await controlRoute(options, faults, req, path, body));
        return;
      }
      if (path.startsWith('/v1/') && injectFault(options, faults, req, res, path)) return;
      const held: HeldRequest = { req, res, path, release: () => aborter.abort() };
      faults.held.add(held);
      const reply = await engine
        .handle({
          method,
          path,
          query: Object.fromEntries(url.searchParams),
          token: bearer(req),
          idempotencyKey: header(req, 'idempotency-key'),
          ifNoneMatch: header(req, 'if-none-match'),
          body,
          signal: aborter.signal,
        })
        .finally(() => faults.held.delete(held));
      send(res, reply);
      logger?.debug('local platform: request', { method, path, status: reply.status });
    } catch (err) {
      if (err instanceof ApiError) {
        send(res, { status: err.status, body: errorBody(err.code, err.message) });
        return;
      }
      logger?.error('local platform: request failed', { method, path, error: String(err) });
      send(res, { status: 500, body: errorBody('internal', `internal error: ${String(err)}`) });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${options.port} on 127.0.0.1 is already in use`
            : `cannot listen on 127.0.0.1:${options.port}: ${err.message}`,
        ),
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fault: () => faults.current,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A `/v1` request the engine is still answering (a held long poll, mostly). */
interface HeldRequest {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  /** Ends the engine's wait (its late answer is then dropped: the response is sent). */
  release(): void;
}

/** The fault still pending and the requests in the engine, shared by control API and front. */
interface FaultBox {
  current: Omit<FaultSpec, 'held'> | null;
  held: Set<HeldRequest>;
}

function sendReply(engine: PlatformEngine, res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.setHeader('Date', new Date(engine.now()).toUTCString());
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.writeHead(reply.status).end(JSON.stringify(reply.body));
}

/** Applies the pending fault to this request; true when the fault took over the response. */
function injectFault(
  options: PlatformServerOptions,
  faults: FaultBox,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): boolean {
  const { engine, logger } = options;
  const f = faults.current;
  if (!f || !path.startsWith(f.path)) return false;
  faults.current = f.count > 1 ? { ...f, count: f.count - 1 } : null;
  logger?.debug('local platform: injected fault', { kind: f.kind, status: f.status, path });
  switch (f.kind) {
    case 'hang':
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'malformed':
      res.setHeader('Date', new Date(engine.now()).toUTCString());
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end('{"pages": [{"id": "P');
      return true;
    case 'status': {
      const retryAfter = f.retryAfterSeconds ?? (f.status === 429 ? 1 : undefined);
      sendReply(engine, res, {
        status: f.status,
        body: errorBody(
          f.status === 429 ? 'rate_limited' : 'injected_fault',
          `injected fault: ${f.status}`,
        ),
        headers: retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {},
      });
      return true;
    }
  }
}

/** The local-only control API under `/control/` (bearer token checked here). */
async function controlRoute(
  options: PlatformServerOptions,
  faults: FaultBox,
  req: IncomingMessage,
  path: string,
  body: unknown,
): Promise<Reply> {
  const { engine } = options;
  if (bearer(req) !== options.control?.token) {
    throw new ApiError(401, 'unauthorized', 'missing or wrong control token');
  }
  const m = req.method ?? 'GET';
  if (m === 'POST' && path === '/control/advance') {
    engine.advance(parse(AdvanceInput, body).seconds);
    const s = engine.controlState();
    return { status: 200, body: { now: s.now, clockOffsetSeconds: s.clockOffsetSeconds } };
  }
  if (m === 'GET' && path === '/control/state') {
    return { status: 200, body: { ...engine.controlState(), fault: faults.current } };
  }
  if (m === 'POST' && path === '/control/faults') {
    const { held, ...fault } = parse(FaultSpec, body);
    faults.current = fault;
    if (held && fault.kind !== 'hang') {
      for (const request of [...faults.held]) {
        if (injectFault(options, faults, request.req, request.res, request.path)) request.release();
      }
    }
    return { status: 200, body: { fault: faults.current } };
  }
  if (m === 'DELETE' && path === '/control/faults') {
    faults.current = null;
    return { status: 200, body: { fault: faults.current } };
  }
  if (m === 'POST' && path === '/control/pages') {
    return { status: 201, body: engine.createPage(parse(CreatePageInput, body)) };
  }
  const shifts = /^\/control\/rotations\/([^/]+)\/shifts$/.exec(path);
  if (m === 'PUT' && shifts) {
    const id = decodeURIComponent(shifts[1] ?? '');
    return { status: 200, body: engine.setShifts(id, parse(SetShiftsInput, body)) };
  }
  const retrigger = /^\/control\/pages\/([^/]+)\/retrigger$/.exec(path);
  if (m === 'POST' && retrigger) {
    return { status: 200, body: engine.retrigger(decodeURIComponent(retrigger[1] ?? '')) };
  }
  throw new ApiError(404, 'not_found', `no such control endpoint: ${m} ${path}`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  return m?.[1];
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'too_large', 'request body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(
      400,
      'invalid_json',
      `request body is not valid JSON: ${(err as Error).message}`,
    );
  }
}
