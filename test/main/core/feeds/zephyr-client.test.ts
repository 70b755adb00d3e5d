import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRetryAfter, ZephyrSource } from '../../../../src/main/core/feeds/zephyr-client.js';
import { SourceError } from '../../../../src/main/core/ports.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { makePage, person } from '../../../fakes/fake-source.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { validateResponse } from '../../../helpers/openapi.js';

const TOKEN = 'secret-token-123';
const me = person('Ann Example');

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let seen: Seen[];
const pending: ServerResponse[] = [];
// Every answer the client parses is checked against docs/api/zephyr-platform.openapi.yaml, except
// those a test makes malformed on purpose (`contract: false`).
const requestOf = new WeakMap<ServerResponse, IncomingMessage>();
let violations: string[];

beforeEach(async () => {
  seen = [];
  violations = [];
  server = createServer((req, res) => {
    requestOf.set(res, req);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  expect(violations).toEqual([]);
  for (const res of pending.splice(0)) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  options: { contract?: boolean } = {},
) {
  const req = requestOf.get(res);
  if (options.contract !== false && req) {
    try {
      validateResponse(req.method ?? 'GET', (req.url ?? '/').split('?')[0] ?? '/', status, body);
    } catch (error) {
      violations.push(String(error));
    }
  }
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function client(clock = new FakeClock(), logger = new RecordingLogger()) {
  const source = new ZephyrSource({
    baseUrl,
    token: TOKEN,
    demo: false,
    clock,
    logger,
    label: 'Acme',
  });
  return { source, clock, logger };
}

const signal = () => new AbortController().signal;

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

describe('ZephyrSource', () => {
  it('keeps valid pages and names each invalid one, ignoring unknown fields', async () => {
    const { source, clock } = client();
    const good = { ...makePage('p1', me, clock.now()), futureField: { x: 1 } };
    const bad = makePage('p7', me, clock.now());
    handler = (_req, res) =>
      json(
        res,
        200,
        {
          pages: [good, { ...bad, escalation: { ...bad.escalation, nextAt: 'soon' } }, 42],
          cursor: 'c9',
        },
        { ETag: '"e1"' },
        { contract: false },
      );
    const poll = await source.pollPages({}, signal());
    if (!poll.changed) throw new Error('expected a change');
    expect(poll.pages.map((p) => p.id)).toEqual(['p1']);
    expect(poll.pages[0]).not.toHaveProperty('futureField');
    expect(poll.invalid).toHaveLength(2);
    expect(poll.invalid[0]).toBe('page p7: escalation.nextAt: expected an RFC 3339 timestamp');
    expect(poll.invalid[1]).toMatch(/^page #2: /);
    expect(poll.cursor).toBe('c9');
    expect(poll.etag).toBe('"e1"');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.url).toBe('/v1/pages?status=open');
  });

  it('rejects a body that is not JSON or not the expected shape at all', async () => {
    const { source } = client();
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>gateway</html>');
    };
    const notJson = await failure(source.pollPages({}, signal()));
    expect(notJson.kind).toBe('invalid-response');
    expect(notJson.message).toMatch(/not JSON/);
    handler = (_req, res) => json(res, 200, { items: [] }, {}, { contract: false });
    const wrongShape = await failure(source.pollPages({}, signal()));
    expect(wrongShape.kind).toBe('invalid-response');
    expect(wrongShape.message).toMatch(/^GET \/v1\/pages: expected \{pages/);
  });

  it('long-polls with wait and cursor, sends If-None-Match, and reads 304 as unchanged', async () => {
    const { source } = client();
    handler = (_req, res) => {
      res.writeHead(304, { ETag: '"e1"' });
      res.end();
    };
    const poll = await source.pollPages({ cursor: 'c1', etag: '"e1"', waitSeconds: 25 }, signal());
    expect(poll.changed).toBe(false);
    expect(seen[0]?.url).toBe('/v1/pages?status=open&wait=25&cursor=c1');
    expect(seen[0]?.headers['if-none-match']).toBe('"e1"');
  });

  it('measures the skew from the Date header', async () => {
    const { source, clock } = client();
    const serverTime = new Date(clock.now() + 90_000).toUTCString();
    handler = (_req, res) => json(res, 200, { pages: [], cursor: 'c' }, { Date: serverTime });
    const poll = await source.pollPages({}, signal());
    expect(poll.skewMs).toBe(90_000);
  });

  it('classifies errors', async () => {
    const { source, clock } = client();
    const cases: [number, Record<string, string>, string, number | undefined][] = [
      [401, {}, 'unauthorized', undefined],
      [403, {}, 'unauthorized', undefined],
      [404, {}, 'not-found', undefined],
      [409, {}, 'conflict', undefined],
      [429, { 'Retry-After': '7' }, 'rate-limited', 7_000],
      [
        429,
        { 'Retry-After': new Date(clock.now() + 20_000).toUTCString() },
        'rate-limited',
        20_000,
      ],
      [500, {}, 'server', undefined],
      [503, {}, 'server', undefined],
    ];
    for (const [status, headers, kind, retryAfterMs] of cases) {
      handler = (_req, res) =>
        // Every status on one endpoint, documented there or not: this is about classification.
        json(res, status, { error: { code: 'x', message: `said ${status}` } }, headers, {
          contract: false,
        });
      const error = await failure(source.me(signal()));
      expect([status, error.kind, error.status, error.retryAfterMs]).toEqual([
        status,
        kind,
        status,
        retryAfterMs,
      ]);
      expect(error.message).toContain(`said ${status}`);
    }
  });

  it('classifies a refused connection as network and a silent server as timeout', async () => {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    const closed = new ZephyrSource({
      baseUrl: 'http://127.0.0.1:1',
      token: TOKEN,
      demo: false,
      clock,
      logger,
    });
    expect((await failure(closed.me(signal()))).kind).toBe('network');

    const { source } = client(clock, logger);
    handler = (_req, res) => pending.push(res);
    const poll = source.pollPages({ waitSeconds: 5 }, signal());
    const outcome = failure(poll);
    while (seen.length === 0) await new Promise((r) => setImmediate(r));
    await clock.advanceAsync(14_999);
    clock.advance(1);
    const error = await outcome;
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/within 15 s/);
    expect(logger.text()).not.toContain(TOKEN);
  });

  it('abandons an answer whose body stalls after the headers', async () => {
    const { source, clock } = client();
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"pages": [');
      pending.push(res);
    };
    const outcome = failure(source.pollPages({}, signal()));
    while (seen.length === 0) await new Promise((r) => setImmediate(r));
    await clock.advanceAsync(10_000);
    const error = await outcome;
    expect(error.kind).toBe('timeout');
  });

  it('acknowledges with the Idempotency-Key and sends a test page to me', async () => {
    const { source, clock, logger } = client();
    const page = makePage('p1', me, clock.now());
    handler = (req, res, body) => {
      if (req.url === '/v1/me') return json(res, 200, { person: me });
      if (req.url === '/v1/pages' && req.method === 'POST') {
        return json(res, 201, { ...page, id: 't1', title: JSON.parse(body).title, test: true });
      }
      return json(res, 200, { ...page, status: 'acknowledged' });
    };
    const acked = await source.acknowledge('p1', 'key-1', signal());
    expect(acked.status).toBe('acknowledged');
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/pages/p1/acknowledge' });
    expect(seen[0]?.headers['idempotency-key']).toBe('key-1');
    const test = await source.sendTestPage(signal());
    expect(test.id).toBe('t1');
    const post = seen.find((s) => s.url === '/v1/pages');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      title: 'Test page',
      test: true,
      target: { person: me.id },
    });
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(logger.text()).not.toContain(TOKEN);
  });

  it('reads rotations one by one', async () => {
    const { source } = client();
    handler = (_req, res) =>
      json(
        res,
        200,
        {
          generatedAt: new Date().toISOString(),
          rotations: [
            { id: 'r1', name: 'Platform', kind: 'platform', shifts: [] },
            { id: 'r2', name: 'Broken', kind: 'weekly', shifts: [] },
          ],
        },
        {},
        { contract: false },
      );
    const answer = await source.rotations(signal());
    expect(answer.rotations.map((r) => r.id)).toEqual(['r1']);
    expect(answer.invalid).toEqual([expect.stringMatching(/^rotation r2: kind: /)]);
  });

  it('refuses plain http to a host that is not loopback', () => {
    const clock = new FakeClock();
    const make = (url: string) =>
      new ZephyrSource({
        baseUrl: url,
        token: TOKEN,
        demo: false,
        clock,
        logger: new RecordingLogger(),
      });
    expect(() => make('http://zephyr.example.com')).toThrow(
      /Refusing plain http:\/\/ to zephyr\.example\.com/,
    );
    expect(() => make('http://localhost:8080')).not.toThrow();
    expect(() => make('http://[::1]:8080')).not.toThrow();
    expect(() => make('https://zephyr.example.com')).not.toThrow();
  });

  it('parses Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-02T03:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 03:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
