/**
 * What the UI sees of issue 13, through the app service on a FakeClock: the notices in the app
 * state (readiness with its test-page action, retired at the shift start, dismissed by
 * `app:dismiss-notice`), held low-urgency pages marked with why, the ack-timeout reminder on its
 * page, and the "Escalate now" picker's lists with main refusing a target not on them.
 */
import { describe, expect, it } from 'vitest';
import type { EscalateTarget } from '../../../src/main/core/ports.js';
import { READINESS_TAG, SHIFT_NOTICE_TAG } from '../../../src/main/core/on-call/readiness.js';
import { LOW_URGENCY_DIGEST_TAG } from '../../../src/main/core/paging/quiet-hours.js';
import type { Page } from '../../../src/shared/domain.js';
import { makePage, makeRotation, person } from '../../fakes/fake-source.js';
import { acknowledgedPage, me, MIN, started } from './pager-extras-world.js';

describe('issue 13 in the app state', () => {
  it('keeps the readiness notice with its test-page action until the shift starts or I dismiss it', async () => {
    const { app, clock } = await started();
    await clock.advanceAsync(45 * MIN);
    const [notice] = app.state().notices ?? [];
    expect(notice?.tag).toBe(READINESS_TAG);
    expect(notice?.title).toMatch(/^Your shift starts at \d\d:\d\d\. Ready\.$/);
    expect(notice?.actions.map((a) => a.id)).toEqual(['send-test']);
    await clock.advanceAsync(15 * MIN);
    expect(app.state().notices?.map((n) => n.title)).toEqual(['Your shift started']);
    expect(await app.handlers['app:dismiss-notice']({ tag: SHIFT_NOTICE_TAG })).toEqual({
      dismissed: true,
    });
    expect(app.state().notices).toEqual([]);
    await app.stop();
  });

  it('marks a held low-urgency page and why, until the digest at the shift start', async () => {
    const { app, clock, source } = await started();
    source.pages = [makePage('low1', me, clock.now(), { urgency: 'low', title: 'Disk 80%' })];
    source.touch();
    await clock.advanceAsync(10_000);
    const state = app.state();
    expect(state.pages.find((p) => p.key === 'zephyr:low1')?.held).toBe(true);
    expect(state.heldReason).toBe('off-shift');
    await clock.advanceAsync(60 * MIN);
    const after = app.state();
    expect(after.pages.find((p) => p.key === 'zephyr:low1')?.held).toBeUndefined();
    expect(after.heldReason).toBeUndefined();
    const digest = after.notices?.find((n) => n.tag === LOW_URGENCY_DIGEST_TAG);
    expect(digest?.body).toContain('Disk 80%');
    await app.stop();
  });

  it('marks the page whose ack-timeout reminder shows, until I re-acknowledge', async () => {
    const world = await started();
    const { app, clock } = world;
    await acknowledgedPage(world);
    await clock.advanceAsync(30 * MIN);
    expect(app.state().pages.find((p) => p.key === 'zephyr:p1')?.reminder).toBe(true);
    await app.handlers['pages:reacknowledge']({ key: 'zephyr:p1' });
    expect(app.state().pages.find((p) => p.key === 'zephyr:p1')?.reminder).toBeUndefined();
    await app.stop();
  });
});

describe('the "Escalate now" picker', () => {
  it('lists the source’s rotations and people (not me); main refuses anyone else', async () => {
    const { app, clock, source } = await started();
    const priya = person('Priya Raman');
    const marcus = person('Marcus Lee');
    const t = clock.now();
    source.rotationsList = [
      makeRotation('platform', [
        [me, t, t + 60 * MIN],
        [priya, t + 60 * MIN, t + 120 * MIN],
      ]),
      makeRotation('em', [[marcus, t, t + 120 * MIN]], 'em'),
    ];
    source.pages = [makePage('p1', me, t, { title: 'Checkout p99' })];
    source.touch();
    const escalated: (EscalateTarget | undefined)[] = [];
    Object.assign(source, {
      escalatePage: async (id: string, to: EscalateTarget | undefined): Promise<Page> => {
        escalated.push(to);
        return makePage(id, priya, t);
      },
    });
    await clock.advanceAsync(61_000);
    const targets = await app.handlers['pages:escalation-targets']({ key: 'zephyr:p1' });
    expect(targets.rotations.map((r) => r.id)).toEqual(['em', 'platform']);
    expect(targets.people).toEqual([
      { id: marcus.id, name: 'Marcus Lee', detail: 'em rotation' },
      { id: priya.id, name: 'Priya Raman', detail: 'platform rotation' },
    ]);
    await expect(
      app.handlers['pages:escalate']({ key: 'zephyr:p1', to: { person: 'mallory' } }),
    ).rejects.toThrow(/has no person "mallory"/);
    await expect(
      app.handlers['pages:escalate']({ key: 'zephyr:p1', to: { rotation: 'nope' } }),
    ).rejects.toThrow(/has no rotation "nope"/);
    expect(escalated).toEqual([]);
    await app.handlers['pages:escalate']({ key: 'zephyr:p1', to: { person: priya.id } });
    await app.handlers['pages:escalate']({ key: 'zephyr:p1', to: { rotation: 'em' } });
    expect(escalated).toEqual([{ person: priya.id }, { rotation: 'em' }]);
    await app.stop();
  });
});
