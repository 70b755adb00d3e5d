import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, Page } from '../../../src/shared/domain.js';
import { SAMPLE_PEOPLE, startLocalPlatform } from '../../../src/main/local-platform/index.js';
import { validateResponse } from '../../helpers/openapi.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform-process.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let p: TestPlatform;

beforeEach(async () => {
  p = await startTestPlatform();
});
afterEach(async () => {
  await p.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Calls the platform and checks the answer against the OpenAPI document, every time. */
async function api(
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const token = options.token === undefined ? p.token : options.token;
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: {
      ...(token !== null ? { Authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await res.text();
  const body = text === '' ? undefined : (JSON.parse(text) as unknown);
  validateResponse(method, path, res.status, body);
  expect(res.headers.get('date')).toBeTruthy();
  return { status: res.status, headers: res.headers, body };
}

describe('the HTTP front', () => {
  it('serves every endpoint of the API as the OpenAPI document describes it', async () => {
    expect((await api('GET', '/v1/me')).body).toMatchObject({ person: { id: p.userId } });
    const oncall = await api('GET', '/v1/oncall');
    expect(oncall.headers.get('etag')).toBeTruthy();
    expect(
      (
        await api('GET', '/v1/oncall', {
          headers: { 'If-None-Match': oncall.headers.get('etag') ?? '' },
        })
      ).status,
    ).toBe(304);

    const created = await api('POST', '/v1/pages', {
      body: { title: 'Disk full', severity: 2, target: { rotation: 'platform' } },
      headers: { 'Idempotency-Key': 'create-1' },
    });
    expect(created.status).toBe(201);
    const page = created.body as Page;
    const list = await api('GET', '/v1/pages?status=open');
    expect((list.body as { pages: Page[] }).pages.map((x) => x.id)).toEqual([page.id]);
    expect(
      (
        await api('GET', '/v1/pages?status=open', {
          headers: { 'If-None-Match': list.headers.get('etag') ?? '' },
        })
      ).status,
    ).toBe(304);

    const acked = await api('POST', `/v1/pages/${page.id}/acknowledge`, {
      headers: { 'Idempotency-Key': 'ack-1' },
    });
    expect(acked.status).toBe(200);
    expect((acked.body as Page).status).toBe('acknowledged');
    expect((await api('POST', `/v1/pages/${page.id}/resolve`)).status).toBe(200);
    const late = await api('POST', `/v1/pages/${page.id}/acknowledge`);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'resolved' } });
    expect((await api('POST', '/v1/pages/P404/acknowledge')).status).toBe(404);
    expect((await api('POST', '/v1/pages/P404/resolve')).status).toBe(404);

    const inc = await api('POST', '/v1/incidents', {
      body: {
        severity: 1,
        summary: 'Region down',
        region: 'eu-frankfurt',
        roles: { commander: p.userId },
      },
      headers: { 'Idempotency-Key': 'inc-1' },
    });
    expect(inc.status).toBe(201);
    const id = (inc.body as Incident).id;
    expect(
      (await api('PATCH', `/v1/incidents/${id}`, { body: { status: 'monitoring' } })).status,
    ).toBe(200);
    expect(
      (
        await api('POST', `/v1/incidents/${id}/updates`, {
          body: { status: 'monitoring', message: 'Fix out' },
        })
      ).status,
    ).toBe(201);
    const updates = await api('GET', `/v1/incidents/${id}/updates`);
    expect((updates.body as { updates: unknown[] }).updates).toHaveLength(1);
    expect(
      (
        await api('GET', `/v1/incidents/${id}/updates`, {
          headers: { 'If-None-Match': updates.headers.get('etag') ?? '' },
        })
      ).status,
    ).toBe(304);
    const incidents = await api('GET', '/v1/incidents?status=all');
    expect((incidents.body as { incidents: Incident[] }).incidents.map((i) => i.id)).toEqual([id]);
    expect((await api('GET', '/v1/incidents/INC-9/updates')).status).toBe(404);
    expect((await api('PATCH', '/v1/incidents/INC-9', { body: {} })).status).toBe(404);
  });

  it('answers 401 with the error shape without or with a wrong token', async () => {
    for (const token of [null, 'wrong', p.controlToken]) {
      const res = await api('GET', '/v1/pages', { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('answers 400 naming the problem for broken JSON and for invalid fields', async () => {
    const broken = await api('POST', '/v1/pages', { body: '{"title": ' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: { code: 'invalid_json' } });
    const invalid = await api('POST', '/v1/incidents', { body: { severity: 7, summary: 'x' } });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { error: { message: string } }).error.message).toContain('severity');
  });

  it('sends the platform clock in the Date header, advanced by the control API', async () => {
    await p.control.advance(3600);
    const res = await fetch(`${p.url}/v1/me`, { headers: { Authorization: `Bearer ${p.token}` } });
    const skew = Date.parse(res.headers.get('date') ?? '') - Date.now();
    expect(skew).toBeGreaterThan(3500_000);
    expect(skew).toBeLessThan(3700_000);
  });

  it('wakes a long poll over HTTP when a page is created', async () => {
    const { cursor } = (await api('GET', '/v1/pages')).body as { cursor: string };
    const held = api('GET', `/v1/pages?wait=30&cursor=${cursor}`);
    await p.control.createPage({ title: 'Wake up', target: { rotation: 'platform' } });
    const res = await held;
    expect((res.body as { pages: Page[] }).pages).toHaveLength(1);
  });
});

describe('fault injection', () => {
  it('answers 429 with Retry-After for the next N requests, then recovers', async () => {
    await p.control.fault({ status: 429, count: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i += 1) {
      const res = await api('GET', '/v1/pages');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.body).toMatchObject({ error: { code: 'rate_limited' } });
    }
    expect((await api('GET', '/v1/pages')).status).toBe(200);
  });

  it('fails a request with an injected 503 before it changes anything', async () => {
    await p.control.fault({ status: 503 });
    const res = await api('POST', '/v1/pages', {
      body: { title: 'x', target: { rotation: 'platform' } },
    });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: { code: 'injected_fault' } });
    expect((await p.control.state()).pages).toHaveLength(0);
  });

  it('with `held`, a long poll held now gets the fault at once; without, it stays held', async () => {
    const { cursor } = (await api('GET', '/v1/pages')).body as { cursor: string };
    let settled = false;
    const held = api('GET', `/v1/pages?wait=30&cursor=${cursor}`).finally(() => (settled = true));
    // Held by now: a request sent after it has been answered.
    expect((await api('GET', '/v1/me')).status).toBe(200);
    await p.control.fault({ status: 503, count: 1, path: '/v1/pages' });
    expect((await api('GET', '/v1/me')).status).toBe(200);
    expect(settled).toBe(false);
    expect((await p.control.state()).fault).toMatchObject({ count: 1 });
    await p.control.fault({ status: 503, count: 1, path: '/v1/pages', held: true });
    const res = await held;
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: { code: 'injected_fault' } });
    // The held poll used the count up.
    expect((await p.control.state()).fault).toBeNull();
    expect((await api('GET', '/v1/pages')).status).toBe(200);
  });

  it('limits a fault to its path prefix and can be cleared', async () => {
    await p.control.fault({ status: 429, count: 5, path: '/v1/oncall' });
    expect((await api('GET', '/v1/pages')).status).toBe(200);
    expect((await api('GET', '/v1/oncall')).status).toBe(429);
    expect((await p.control.state()).fault).toMatchObject({ count: 4 });
    await p.control.clearFaults();
    expect((await api('GET', '/v1/oncall')).status).toBe(200);
  });

  it('can send malformed JSON, reset the connection or hang', async () => {
    const get = (signal?: AbortSignal) =>
      fetch(`${p.url}/v1/pages`, {
        headers: { Authorization: `Bearer ${p.token}` },
        ...(signal ? { signal } : {}),
      });
    await p.control.fault({ kind: 'malformed' });
    const malformed = await get();
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();

    await p.control.fault({ kind: 'reset' });
    await expect(get()).rejects.toThrow();

    await p.control.fault({ kind: 'hang' });
    const aborter = new AbortController();
    const hung = get(aborter.signal);
    let settled = false;
    void hung.then(
      () => (settled = true),
      () => (settled = true),
    );
    // The hung request stays unanswered while a normal one (fault used up) is answered.
    expect((await api('GET', '/v1/me')).status).toBe(200);
    expect(settled).toBe(false);
    aborter.abort();
    await expect(hung).rejects.toThrow();
  });
});

describe('the control API', () => {
  it('requires the control token', async () => {
    const res = await api('GET', '/control/state', { token: p.token });
    expect(res.status).toBe(401);
  });

  it('exposes people with tokens that act as them', async () => {
    const state = await p.control.state();
    expect(state.people.map((x) => x.id)).toContain(SAMPLE_PEOPLE.em);
    const me = await api('GET', '/v1/me', { token: p.tokenFor(SAMPLE_PEOPLE.em) });
    expect(me.body).toMatchObject({ person: { id: SAMPLE_PEOPLE.em } });
  });

  it('re-triggers a page', async () => {
    const page = await p.control.createPage({ title: 'Flaky', target: { rotation: 'checkout' } });
    await api('POST', `/v1/pages/${page.id}/acknowledge`, {
      token: p.tokenFor(SAMPLE_PEOPLE.checkoutOwner),
    });
    const again = await p.control.retrigger(page.id);
    expect(again.status).toBe('triggered');
    const state = await p.control.state();
    expect(state.notifications.filter((n) => n.pageId === page.id).map((n) => n.reason)).toEqual([
      'triggered',
      'retriggered',
    ]);
  });

  it('is absent unless the platform was started with control enabled', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zephyr-platform-'));
    const plain = await startLocalPlatform({
      dataDir,
      token: 't',
      user: { name: 'U', email: 'u@localhost' },
    });
    try {
      const res = await fetch(`${plain.url}/control/state`, {
        headers: { Authorization: 'Bearer t' },
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    } finally {
      await plain.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
