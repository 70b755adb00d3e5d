/**
 * The local platform's additions for issue 13: a rotation's schedule set through the control API
 * (the feed sends exactly it, a page to the rotation reaches whoever holds a shift), low-urgency
 * pages (first step only, never escalating), and `advance` answering held long polls at once so a
 * client reads the new platform time without waiting out its wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Rotation } from '../../../src/shared/domain.js';
import { SAMPLE_PEOPLE } from '../../../src/main/local-platform/roster.js';
import { flushAsync } from '../../fakes/fake-clock.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform-process.js';
import { engineHarness } from './engine-harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const { platformSecond: PRIYA } = SAMPLE_PEOPLE;
const iso = (ms: number) => new Date(ms).toISOString();

describe('a schedule set through the control API', () => {
  it('is what the feed sends, and a page to the rotation reaches whoever holds a shift', async () => {
    const h = engineHarness();
    const now = h.clock.now();
    h.engine.setShifts('platform', {
      shifts: [
        { person: PRIYA, level: 1, start: iso(now - HOUR), end: iso(now + HOUR) },
        { person: h.userId, level: 1, start: iso(now + HOUR), end: iso(now + 9 * HOUR) },
      ],
    });
    const feed = (await h.call('GET', '/v1/oncall')).body as { rotations: Rotation[] };
    const platform = feed.rotations.find((r) => r.id === 'platform');
    expect(platform?.shifts.map((s) => [s.person.id, s.start])).toEqual([
      [PRIYA, iso(now - HOUR)],
      [h.userId, iso(now + HOUR)],
    ]);
    expect(h.engine.createPage({ title: 'now', target: { rotation: 'platform' } }).target.id).toBe(
      PRIYA,
    );
    h.engine.advance(HOUR / 1000);
    expect(
      h.engine.createPage({ title: 'later', target: { rotation: 'platform' } }).target.id,
    ).toBe(h.userId);
  });

  it('pages the EM for a rotation nobody holds; refuses an unknown person or rotation', () => {
    const h = engineHarness();
    h.engine.setShifts('platform', { shifts: [] });
    const page = h.engine.createPage({ title: 'x', target: { rotation: 'platform' } });
    expect(page.target.id).toBe(SAMPLE_PEOPLE.em);
    const shift = { level: 1, start: iso(h.clock.now()), end: iso(h.clock.now() + HOUR) };
    expect(() =>
      h.engine.setShifts('platform', { shifts: [{ person: 'nobody', ...shift }] }),
    ).toThrow(/no person with id 'nobody'/);
    expect(() => h.engine.setShifts('nope', { shifts: [] })).toThrow(/no rotation/);
  });
});

describe('low-urgency pages', () => {
  it('page their first step only and never escalate', () => {
    const h = engineHarness();
    const page = h.engine.createPage({
      title: 'Disk 80%',
      urgency: 'low',
      target: { rotation: 'platform' },
    });
    expect(page.urgency).toBe('low');
    expect(page.escalation.nextAt).toBeNull();
    h.engine.advance(3600);
    expect(h.pagedFor(page.id)).toEqual([`0:${h.userId}`]);
  });
});

describe('advance and held long polls', () => {
  it('answers a held long poll at once: 304 when the pages are unchanged', async () => {
    const h = engineHarness();
    const start = await h.call('GET', '/v1/pages');
    const { cursor } = start.body as { cursor: string };
    let answered = false;
    const held = h
      .call('GET', '/v1/pages', { query: { wait: '30', cursor }, ifNoneMatch: start.headers.ETag })
      .then((r) => {
        answered = true;
        return r;
      });
    await flushAsync(20);
    expect(answered).toBe(false);
    h.engine.advance(60);
    expect((await held).status).toBe(304);
  });
});

describe('over HTTP, against the OpenAPI document', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(async () => {
    await p?.close();
  });

  it('sets shifts and creates a low-urgency page through the control API', async () => {
    const { now } = await p.control.advance(0);
    const t = Date.parse(now);
    const rotation = await p.control.setShifts('platform', [
      { person: p.userId, level: 1, start: iso(t + HOUR), end: iso(t + 2 * HOUR) },
    ]);
    expect(rotation.shifts.map((s) => s.person.id)).toEqual([p.userId]);
    const page: Page = await p.control.createPage({
      title: 'Disk 80%',
      urgency: 'low',
      target: { person: p.userId },
    });
    expect(page.urgency).toBe('low');
    await expect(
      p.control.setShifts('platform', [{ person: 'x', level: 0, start: now, end: now }]),
    ).rejects.toThrow(/400/);
  });
});
