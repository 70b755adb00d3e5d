import { describe, expect, it, vi } from 'vitest';
import type { Page } from '../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../src/shared/playbook.js';
import { SAMPLE_PEOPLE } from '../../../src/main/local-platform/roster.js';
import { engineHarness, USER_TOKEN } from './engine-harness.js';
import { flushAsync } from '../../fakes/fake-clock.js';

const MIN = 60_000;
const { platformSecond: PRIYA, em: MARCUS, founder: DANA } = SAMPLE_PEOPLE;

function createRotationPage(
  h: ReturnType<typeof engineHarness>,
  extra: Record<string, unknown> = {},
) {
  return h.engine.createPage({
    title: 'Checkout p99 elevated',
    target: { rotation: 'platform' },
    ...extra,
  });
}

describe('escalation', () => {
  it('pages level 1, then level 2, the EM and the founder on the playbook timings as real time passes', () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    expect(created.target.id).toBe(h.userId);
    expect(created.escalation.step).toBe(0);
    expect(created.escalation.steps.map((s) => [s.afterSeconds, s.role, s.person?.id])).toEqual([
      [0, 'rotation', h.userId],
      [300, 'rotation-next', PRIYA],
      [600, 'em', MARCUS],
      [900, 'founder', DANA],
    ]);
    expect(created.escalation.nextAt).toBe('2026-03-02T03:05:00.000Z');
    expect(created.escalation.nextTarget?.id).toBe(PRIYA);

    h.clock.advance(5 * MIN - 1);
    expect(h.page(created.id).escalation.step).toBe(0);
    h.clock.advance(1);
    let p = h.page(created.id);
    expect(p.escalation.step).toBe(1);
    expect(p.target.id).toBe(PRIYA);
    expect(p.escalation.steps[1]?.notifiedAt).toBe('2026-03-02T03:05:00.000Z');
    expect(p.escalation.nextTarget?.id).toBe(MARCUS);

    h.clock.advance(5 * MIN);
    expect(h.page(created.id).target.id).toBe(MARCUS);
    h.clock.advance(5 * MIN);
    p = h.page(created.id);
    expect(p.target.id).toBe(DANA);
    expect(p.escalation.step).toBe(3);
    expect(p.escalation.nextAt).toBeNull();
    expect(p.escalation.nextTarget).toBeNull();
    expect(h.pagedFor(created.id)).toEqual([
      `0:${h.userId}`,
      `1:${PRIYA}`,
      `2:${MARCUS}`,
      `3:${DANA}`,
    ]);
  });

  it('escalates at once when the control clock is advanced, without waiting for timers', () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    h.engine.advance(600);
    const p = h.page(created.id);
    expect(p.escalation.step).toBe(2);
    expect(p.target.id).toBe(MARCUS);
    expect(h.pagedFor(created.id)).toEqual([`0:${h.userId}`, `1:${PRIYA}`, `2:${MARCUS}`]);
  });

  it('takes its timings from the playbook', () => {
    const playbook: Playbook = {
      ...DEFAULT_PLAYBOOK,
      escalation: {
        steps: [
          { afterSeconds: 0, role: 'rotation' },
          { afterSeconds: 60, role: 'rotation-next' },
          { afterSeconds: 120, role: 'em' },
        ],
      },
    };
    const h = engineHarness({ playbook });
    const created = createRotationPage(h);
    expect(created.escalation.steps.map((s) => s.afterSeconds)).toEqual([0, 60, 120]);
    h.clock.advance(MIN);
    expect(h.page(created.id).target.id).toBe(PRIYA);
    h.clock.advance(MIN);
    expect(h.page(created.id).target.id).toBe(MARCUS);
    expect(h.page(created.id).escalation.nextAt).toBeNull();
  });

  it('escalates a page to a person to the EM, then the founder', () => {
    const h = engineHarness();
    const created = h.engine.createPage({ title: 'Call me', target: { person: PRIYA } });
    expect(created.escalation.steps.map((s) => [s.afterSeconds, s.role, s.person?.id])).toEqual([
      [0, 'person', PRIYA],
      [300, 'em', MARCUS],
      [600, 'founder', DANA],
    ]);
    h.engine.advance(300);
    expect(h.page(created.id).target.id).toBe(MARCUS);
  });

  it('never escalates a test page beyond its first target', () => {
    const h = engineHarness();
    const created = h.engine.createPage({
      title: 'Test',
      test: true,
      target: { person: h.userId },
    });
    expect(created.escalation.steps).toHaveLength(1);
    expect(created.escalation.nextAt).toBeNull();
    expect(created.escalation.nextTarget).toBeNull();
    h.engine.advance(3600);
    h.clock.advance(60 * MIN);
    expect(h.page(created.id).target.id).toBe(h.userId);
    expect(h.pagedFor(created.id)).toEqual([`0:${h.userId}`]);
  });

  it('stops the chain at once on acknowledgement: nobody further is ever paged', () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    h.clock.advance(3 * MIN);
    const acked = h.engine.acknowledge(created.id, h.userId);
    expect(acked.status).toBe('acknowledged');
    expect(acked.acknowledgedBy?.id).toBe(h.userId);
    expect(acked.acknowledgedAt).toBe('2026-03-02T03:03:00.000Z');
    expect(acked.escalation.nextAt).toBeNull();
    expect(acked.escalation.nextTarget).toBeNull();
    h.clock.advance(30 * MIN);
    h.engine.advance(3600);
    expect(h.pagedFor(created.id)).toEqual([`0:${h.userId}`]);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('stops the chain on resolve', () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    h.engine.resolve(created.id);
    h.engine.advance(3600);
    expect(h.pagedFor(created.id)).toEqual([`0:${h.userId}`]);
    expect(h.page(created.id).status).toBe('resolved');
  });

  it('re-triggers a page: triggered again, first step paged now, chain restarted from now', () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    h.engine.acknowledge(created.id, h.userId);
    h.engine.advance(1000);
    const again = h.engine.retrigger(created.id);
    expect(again.status).toBe('triggered');
    expect(again.acknowledgedBy).toBeUndefined();
    expect(again.escalation.step).toBe(0);
    expect(again.escalation.nextAt).toBe(new Date(h.engine.now() + 5 * MIN).toISOString());
    h.engine.advance(300);
    expect(h.page(created.id).target.id).toBe(PRIYA);
    expect(h.pagedFor(created.id)).toEqual([`0:${h.userId}`, `0:${h.userId}`, `1:${PRIYA}`]);
  });
});

describe('acknowledge over the API', () => {
  it('is harmless when repeated, 409 once resolved, 404 for an unknown page', async () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    const path = `/v1/pages/${created.id}/acknowledge`;
    const first = await h.call('POST', path);
    expect(first.status).toBe(200);
    const priyaToken = h.engine.tokenFor(PRIYA);
    const repeat = await h.call('POST', path, { token: priyaToken });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    expect((repeat.body as Page).acknowledgedBy?.id).toBe(h.userId);
    expect(h.engine.controlState().acknowledgements[created.id]).toBe(2);

    await h.call('POST', `/v1/pages/${created.id}/resolve`);
    const late = await h.call('POST', path);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'resolved' } });

    const unknown = await h.call('POST', '/v1/pages/nope/acknowledge');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('idempotency', () => {
  it('returns the first result for the same key and changes nothing, for 24 hours', async () => {
    const h = engineHarness();
    const body = { title: 'Disk full', target: { rotation: 'platform' } };
    const a = await h.call('POST', '/v1/pages', { body, key: 'k1' });
    h.clock.advance(MIN);
    const b = await h.call('POST', '/v1/pages', { body: { ...body, title: 'Other' }, key: 'k1' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(b.headers['Idempotent-Replayed']).toBe('true');
    expect(h.engine.controlState().pages).toHaveLength(1);

    h.engine.advance(24 * 3600);
    const c = await h.call('POST', '/v1/pages', { body, key: 'k1' });
    expect((c.body as Page).id).not.toBe((a.body as Page).id);
    expect(h.engine.controlState().pages).toHaveLength(2);
  });

  it('does not count a replayed acknowledgement again', async () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    const path = `/v1/pages/${created.id}/acknowledge`;
    await h.call('POST', path, { key: 'ack-1' });
    await h.call('POST', path, { key: 'ack-1' });
    expect(h.engine.controlState().acknowledgements[created.id]).toBe(1);
  });

  it('keeps keys of different people apart', async () => {
    const h = engineHarness();
    const body = { title: 'Disk full', target: { rotation: 'platform' } };
    await h.call('POST', '/v1/pages', { body, key: 'same' });
    await h.call('POST', '/v1/pages', { body, key: 'same', token: h.engine.tokenFor(PRIYA) });
    expect(h.engine.controlState().pages).toHaveLength(2);
  });
});

describe('ETags', () => {
  it('answers 304 while the page list is unchanged and 200 with a new tag after a change', async () => {
    const h = engineHarness();
    const first = await h.call('GET', '/v1/pages');
    const etag = first.headers['ETag'];
    expect(etag).toMatch(/^".+"$/);
    const same = await h.call('GET', '/v1/pages', { ifNoneMatch: etag });
    expect(same.status).toBe(304);
    expect(same.body).toBeUndefined();
    createRotationPage(h);
    const changed = await h.call('GET', '/v1/pages', { ifNoneMatch: etag });
    expect(changed.status).toBe(200);
    expect(changed.headers['ETag']).not.toBe(etag);
  });

  it('keeps the on-call ETag stable although generatedAt moves', async () => {
    const h = engineHarness();
    const first = await h.call('GET', '/v1/oncall');
    h.clock.advance(MIN);
    const again = await h.call('GET', '/v1/oncall', { ifNoneMatch: first.headers['ETag'] });
    expect(again.status).toBe(304);
  });
});

describe('long poll', () => {
  it('holds until a page changes after the cursor', async () => {
    const h = engineHarness();
    const start = await h.call('GET', '/v1/pages');
    const cursor = (start.body as { cursor: string }).cursor;
    let answered = false;
    const held = h.call('GET', '/v1/pages', { query: { wait: '30', cursor } }).then((r) => {
      answered = true;
      return r;
    });
    // Every pending callback and promise runs first: an answer that did not hold would be in.
    await flushAsync(20);
    expect(answered).toBe(false);
    const created = createRotationPage(h);
    const res = await held;
    expect(res.status).toBe(200);
    const body = res.body as { pages: Page[]; cursor: string };
    expect(body.pages.map((p) => p.id)).toEqual([created.id]);
    expect(body.cursor).not.toBe(cursor);
  });

  it('wakes on escalation', async () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    const { cursor } = (await h.call('GET', '/v1/pages')).body as { cursor: string };
    const held = h.call('GET', '/v1/pages', { query: { wait: '30', cursor } });
    h.engine.advance(300);
    const body = (await held).body as { pages: Page[] };
    expect(body.pages.find((p) => p.id === created.id)?.target.id).toBe(PRIYA);
  });

  it('answers after the wait with the same cursor, or 304 when the ETag still matches', async () => {
    const h = engineHarness();
    const start = await h.call('GET', '/v1/pages');
    const { cursor } = start.body as { cursor: string };
    const plain = h.call('GET', '/v1/pages', { query: { wait: '10', cursor } });
    const tagged = h.call('GET', '/v1/pages', {
      query: { wait: '10', cursor },
      ifNoneMatch: start.headers['ETag'],
    });
    let early = false;
    void Promise.race([plain, tagged]).then(() => (early = true));
    h.clock.advance(9_999);
    await flushAsync(20);
    expect(early).toBe(false);
    h.clock.advance(1);
    const res = await plain;
    expect(res.status).toBe(200);
    expect((res.body as { cursor: string }).cursor).toBe(cursor);
    expect((await tagged).status).toBe(304);
  });

  it('caps the wait at 30 seconds', async () => {
    const h = engineHarness();
    const { cursor } = (await h.call('GET', '/v1/pages')).body as { cursor: string };
    let answered = false;
    const held = h.call('GET', '/v1/pages', { query: { wait: '600', cursor } }).then(() => {
      answered = true;
    });
    h.clock.advance(29_999);
    // Let every pending callback and promise run, so a shorter cap would have answered by now.
    await flushAsync(20);
    expect(answered).toBe(false);
    h.clock.advance(1);
    await held;
    expect(answered).toBe(true);
  });

  it('answers a poll held across a jump of the platform clock at once, same cursor', async () => {
    // Clients learn platform time from each answer's Date header: a held poll answers when the
    // clock jumps (by any amount), so the client sees the new time now rather than after its wait.
    const h = engineHarness();
    const { cursor } = (await h.call('GET', '/v1/pages')).body as { cursor: string };
    const held = h.call('GET', '/v1/pages', { query: { wait: '30', cursor } });
    const settled = vi.fn();
    void held.then(settled);
    await flushAsync(20);
    expect(settled).not.toHaveBeenCalled();
    h.engine.advance(1);
    const res = await held;
    expect(res.status).toBe(200);
    expect((res.body as { cursor: string }).cursor).toBe(cursor);
  });

  it('answers every held poll when the engine stops', async () => {
    const h = engineHarness();
    const { cursor } = (await h.call('GET', '/v1/pages')).body as { cursor: string };
    const held = h.call('GET', '/v1/pages', { query: { wait: '30', cursor } });
    h.engine.stop();
    expect((await held).status).toBe(200);
  });
});

describe('requests', () => {
  it('answers 401 with the error shape for a missing or unknown token', async () => {
    const h = engineHarness();
    for (const token of ['', 'wrong']) {
      const res = await h.call('GET', '/v1/me', { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await h.call('GET', '/v1/me')).body).toMatchObject({ person: { id: h.userId } });
  });

  it('rejects bad input with a message naming the field and ignores unknown fields', async () => {
    const h = engineHarness();
    const bad = await h.call('POST', '/v1/pages', { body: { title: 'x', target: { team: 'a' } } });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { message: string } }).error.message).toContain('target');
    const ok = await h.call('POST', '/v1/pages', {
      body: { title: 'x', target: { rotation: 'checkout' }, colour: 'red' },
    });
    expect(ok.status).toBe(201);
    expect((ok.body as Page).target.id).toBe(SAMPLE_PEOPLE.checkoutOwner);
    expect((ok.body as Page).service).toBe('checkout');
    const unknown = await h.call('POST', '/v1/pages', {
      body: { title: 'x', target: { rotation: 'nope' } },
    });
    expect(unknown.status).toBe(404);
  });

  it('filters pages by status', async () => {
    const h = engineHarness();
    const a = createRotationPage(h);
    createRotationPage(h);
    h.engine.resolve(a.id);
    const open = (await h.call('GET', '/v1/pages', { query: { status: 'open' } })).body as {
      pages: Page[];
    };
    const all = (await h.call('GET', '/v1/pages', { query: { status: 'all' } })).body as {
      pages: Page[];
    };
    expect(open.pages).toHaveLength(1);
    expect(all.pages).toHaveLength(2);
    expect((await h.call('GET', '/v1/pages', { query: { status: 'bogus' } })).status).toBe(400);
  });

  it('serves rotations with shifts covering now to now + 7 days, the user at level 1 of platform', async () => {
    const h = engineHarness();
    const { rotations } = (await h.call('GET', '/v1/oncall')).body as {
      rotations: {
        id: string;
        kind: string;
        shifts: { person: { id: string }; level: number; start: string; end: string }[];
      }[];
    };
    expect(rotations.map((r) => r.kind).sort()).toEqual([
      'em',
      'founder',
      'platform',
      'service',
      'service',
    ]);
    const platform = rotations.find((r) => r.id === 'platform');
    const now = h.engine.now();
    const current = platform?.shifts.filter((s) => Date.parse(s.start) <= now);
    const next = platform?.shifts.filter((s) => Date.parse(s.start) > now);
    expect(current?.map((s) => [s.level, s.person.id])).toEqual([
      [1, h.userId],
      [2, PRIYA],
    ]);
    // The next hand-over rotates the order: "who is next" and "my next shift" have an answer.
    expect(next?.map((s) => [s.level, s.person.id])).toEqual([
      [1, PRIYA],
      [2, h.userId],
    ]);
    for (const r of rotations) {
      for (const s of r.shifts.filter((x) => Date.parse(x.start) <= now)) {
        expect(Date.parse(s.end)).toBeGreaterThanOrEqual(now + 7 * 24 * 3600 * 1000);
      }
    }
    expect(JSON.stringify(rotations)).not.toContain(USER_TOKEN);
  });
});

describe('incidents', () => {
  it('creates, patches, lists and records updates', async () => {
    const h = engineHarness();
    const created = await h.call('POST', '/v1/incidents', {
      body: {
        severity: 2,
        summary: 'Checkout slow',
        service: 'checkout',
        roles: { commander: h.userId, investigators: [PRIYA] },
      },
      key: 'inc-1',
    });
    expect(created.status).toBe(201);
    const inc = created.body as {
      id: string;
      roles: { commander?: { id: string }; investigators: { id: string }[] };
      status: string;
    };
    expect(inc.status).toBe('investigating');
    expect(inc.roles.commander?.id).toBe(h.userId);
    expect(inc.roles.investigators.map((p) => p.id)).toEqual([PRIYA]);

    h.clock.advance(MIN);
    const update = await h.call('POST', `/v1/incidents/${inc.id}/updates`, {
      body: { status: 'identified', message: 'Bad deploy' },
    });
    expect(update.status).toBe(201);
    expect(update.body).toMatchObject({
      incidentId: inc.id,
      author: { id: h.userId },
      status: 'identified',
    });
    const updates = (await h.call('GET', `/v1/incidents/${inc.id}/updates`)).body as {
      updates: unknown[];
    };
    expect(updates.updates).toHaveLength(1);

    const patched = await h.call('PATCH', `/v1/incidents/${inc.id}`, {
      body: { status: 'resolved', roles: { comms: MARCUS }, links: { channel: '#inc-1' } },
    });
    expect(patched.body).toMatchObject({
      status: 'resolved',
      resolvedAt: '2026-03-02T03:01:00.000Z',
      lastUpdateAt: '2026-03-02T03:01:00.000Z',
      roles: { comms: { id: MARCUS } },
      links: { channel: '#inc-1' },
    });
    const open = (await h.call('GET', '/v1/incidents')).body as { incidents: unknown[] };
    const all = (await h.call('GET', '/v1/incidents', { query: { status: 'all' } })).body as {
      incidents: unknown[];
    };
    expect(open.incidents).toHaveLength(0);
    expect(all.incidents).toHaveLength(1);
    const bad = await h.call('POST', '/v1/incidents', { body: { severity: 5, summary: '' } });
    expect(bad.status).toBe(400);
    expect((await h.call('PATCH', '/v1/incidents/INC-99', { body: {} })).status).toBe(404);
  });
});

describe('persistence', () => {
  it('persists every change and a new engine on the persisted state carries on the chain', () => {
    const h = engineHarness();
    const created = createRotationPage(h);
    h.engine.advance(120);
    const saved = h.persisted.at(-1);
    expect(saved?.pages.map((p) => p.id)).toEqual([created.id]);
    h.engine.stop();
    const h2 = engineHarness({ state: saved });
    expect(h2.page(created.id).escalation.step).toBe(0);
    h2.engine.advance(180);
    expect(h2.page(created.id).target.id).toBe(PRIYA);
  });
});
