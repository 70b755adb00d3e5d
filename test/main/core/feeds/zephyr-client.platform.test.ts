/**
 * The client against the project's local platform, every answer checked against the OpenAPI
 * document: what the client sends is what the platform understands, and vice versa.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlainClock } from '../../../../src/main/core/clock.js';
import { SourceError } from '../../../../src/main/core/ports.js';
import { ZephyrSource } from '../../../../src/main/core/feeds/zephyr-client.js';
import { validateResponse } from '../../../helpers/openapi.js';
import { startTestPlatform, type TestPlatform } from '../../../helpers/platform-process.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';

let tp: TestPlatform;
let checked: string[];

/** A fetch that validates every /v1 answer against the OpenAPI document. */
const validatingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const text = await response.clone().text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // An injected malformed answer: not JSON, so nothing to check against the schema; the test
    // asserts that the client rejects it.
    return response;
  }
  if (url.pathname.startsWith('/v1/')) {
    validateResponse(init?.method ?? 'GET', url.pathname, response.status, body);
    checked.push(`${init?.method ?? 'GET'} ${url.pathname} ${response.status}`);
  }
  return response;
};

function client(token = tp.token, logger = new RecordingLogger()) {
  return new ZephyrSource({
    baseUrl: tp.url,
    token,
    demo: true,
    label: 'Local platform',
    fetch: validatingFetch,
    clock: createPlainClock(),
    logger,
  });
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

beforeEach(async () => {
  checked = [];
  tp = await startTestPlatform();
});
afterEach(async () => {
  await tp.close();
});

describe('ZephyrSource against the local platform', () => {
  it('reads me, rotations and pages, and gets 304 for an unchanged ETag', async () => {
    const source = client();
    expect((await source.me(signal())).id).toBe(tp.userId);
    const rotations = await source.rotations(signal());
    expect(rotations.rotations.length).toBeGreaterThan(0);
    expect(rotations.invalid).toEqual([]);
    const first = await source.pollPages({}, signal());
    if (!first.changed) throw new Error('expected pages');
    expect(first.invalid).toEqual([]);
    expect(first.etag).toBeDefined();
    const again = await source.pollPages({ etag: first.etag }, signal());
    expect(again.changed).toBe(false);
    expect(checked).toContain('GET /v1/pages 304');
  });

  it('long-polls until a page arrives, then acknowledges it idempotently', async () => {
    const source = client();
    const first = await source.pollPages({}, signal());
    if (!first.changed) throw new Error('expected pages');
    const waiting = source.pollPages(
      { cursor: first.cursor, etag: first.etag, waitSeconds: 5 },
      signal(),
    );
    const created = await tp.control.createPage({
      title: 'Disk full',
      target: { person: tp.userId },
    });
    const poll = await waiting;
    if (!poll.changed) throw new Error('expected the new page');
    expect(poll.pages.map((p) => p.id)).toContain(created.id);

    const acked = await source.acknowledge(created.id, 'idem-1', signal());
    expect(acked.status).toBe('acknowledged');
    expect(acked.acknowledgedBy?.id).toBe(tp.userId);
    const repeated = await source.acknowledge(created.id, 'idem-1', signal());
    expect(repeated.status).toBe('acknowledged');
    expect(repeated.acknowledgedAt).toBe(acked.acknowledgedAt);
  });

  it('sends a test page to me', async () => {
    const page = await client().sendTestPage(signal());
    expect(page).toMatchObject({ test: true, status: 'triggered' });
    expect(page.target.id).toBe(tp.userId);
  });

  it('classifies the platform errors', async () => {
    expect((await failure(client('wrong-token').me(signal()))).kind).toBe('unauthorized');
    expect((await failure(client().acknowledge('no-such-page', 'k', signal()))).kind).toBe(
      'not-found',
    );
    await tp.control.fault({ kind: 'status', status: 429, retryAfterSeconds: 7, count: 1 });
    const limited = await failure(client().me(signal()));
    expect([limited.kind, limited.retryAfterMs]).toEqual(['rate-limited', 7_000]);
    await tp.control.fault({ kind: 'status', status: 503, count: 1 });
    expect((await failure(client().me(signal()))).kind).toBe('server');
    await tp.control.fault({ kind: 'malformed', count: 1 });
    expect((await failure(client().pollPages({}, signal()))).kind).toBe('invalid-response');
  });

  it('gets 409 when acknowledging a resolved page', async () => {
    const created = await tp.control.createPage({ title: 'Flaky', target: { person: tp.userId } });
    const res = await fetch(`${tp.url}/v1/pages/${created.id}/resolve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tp.token}`, 'Idempotency-Key': 'r1' },
    });
    expect(res.status).toBe(200);
    const error = await failure(client().acknowledge(created.id, 'k2', signal()));
    expect(error.kind).toBe('conflict');
  });
});
