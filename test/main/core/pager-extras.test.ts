/**
 * Issue 13 through the app service (the same composition the Node host and Electron run), on a
 * FakeClock: the readiness check before the shift, the quiet start/end notices, the ack-timeout
 * reminder and its Re-acknowledge button, the low-urgency digest at shift start, and a source
 * that cannot resolve saying so.
 */
import { describe, expect, it } from 'vitest';
import {
  localHhMm,
  READINESS_TAG,
  SHIFT_NOTICE_TAG,
} from '../../../src/main/core/on-call/readiness.js';
import { ACK_TIMEOUT_TAG } from '../../../src/main/core/paging/ack-timeout.js';
import { LOW_URGENCY_DIGEST_TAG } from '../../../src/main/core/paging/quiet-hours.js';
import { DEFAULT_PLAYBOOK } from '../../../src/shared/playbook.js';
import { makePage } from '../../fakes/fake-source.js';
import { acknowledgedPage, me, MIN, started } from './pager-extras-world.js';

describe('issue 13 through the app service', () => {
  it('checks readiness 15 minutes before my shift, then notices its start and end quietly', async () => {
    const { app, clock, notifier } = await started();
    await clock.advanceAsync(45 * MIN - 200);
    expect(notifier.shownWithTag(READINESS_TAG)).toHaveLength(0);
    await clock.advanceAsync(100);
    const [ready] = notifier.shownWithTag(READINESS_TAG);
    expect(ready?.title).toMatch(/^Your shift starts at \d\d:\d\d\. Ready\.$/);
    expect(ready?.actions.map((a) => a.id)).toEqual(['send-test']);
    notifier.click(READINESS_TAG, 'send-test');
    await clock.advanceAsync(100);
    expect(app.state().pages.some((p) => p.page.test === true)).toBe(true);
    await clock.advanceAsync(15 * MIN);
    expect(notifier.shownWithTag(SHIFT_NOTICE_TAG).map((n) => n.title)).toEqual([
      'Your shift started',
    ]);
    await clock.advanceAsync(120 * MIN);
    expect(notifier.shownWithTag(SHIFT_NOTICE_TAG).map((n) => n.title)).toEqual([
      'Your shift started',
      'Your shift ended',
    ]);
    await app.stop();
  });

  it('reminds me of an acknowledged page after 30 minutes; Re-acknowledge sends it again and restarts', async () => {
    const world = await started();
    const { app, clock, source, notifier } = world;
    await acknowledgedPage(world);
    expect(source.callsOf('acknowledge')).toHaveLength(1);
    await clock.advanceAsync(30 * MIN);
    const tag = `${ACK_TIMEOUT_TAG}zephyr:p1`;
    expect(notifier.shownWithTag(tag)[0]?.title).toBe("Still working on 'Checkout p99'?");
    notifier.click(tag, 'reacknowledge');
    await clock.advanceAsync(10_000);
    expect(source.callsOf('acknowledge')).toHaveLength(2);
    expect(notifier.visible.has(tag)).toBe(false);
    await clock.advanceAsync(29 * MIN);
    expect(notifier.shownWithTag(tag)).toHaveLength(1);
    await clock.advanceAsync(2 * MIN);
    expect(notifier.shownWithTag(tag)).toHaveLength(2);
    await app.stop();
  });

  it('never reminds when the team turned the ack timeout off', async () => {
    const off = {
      ...DEFAULT_PLAYBOOK,
      pager: { ...DEFAULT_PLAYBOOK.pager, ackTimeoutMinutes: null },
    };
    const { app, clock, source, notifier } = await started(off);
    source.pages = [makePage('p1', me, clock.now())];
    source.touch();
    await clock.advanceAsync(10_000);
    await app.acknowledge('zephyr:p1');
    await clock.advanceAsync(3 * 60 * MIN);
    expect(notifier.shownWithTag(`${ACK_TIMEOUT_TAG}zephyr:p1`)).toHaveLength(0);
    await app.stop();
  });

  it('holds a low-urgency page before my shift and shows it in the digest at the start', async () => {
    const { app, clock, source, notifier } = await started();
    source.pages = [makePage('low1', me, clock.now(), { urgency: 'low', title: 'Disk 80%' })];
    source.touch();
    await clock.advanceAsync(10_000);
    expect(notifier.shownWithTag('low-urgency:zephyr:low1')).toHaveLength(0);
    expect(notifier.shownWithTag(LOW_URGENCY_DIGEST_TAG)).toHaveLength(0);
    await clock.advanceAsync(60 * MIN);
    const [digest] = notifier.shownWithTag(LOW_URGENCY_DIGEST_TAG);
    expect(digest?.body).toContain('Disk 80%');
    await app.stop();
  });

  it('says so when the source cannot resolve or escalate from the app', async () => {
    const { app, clock, source } = await started();
    source.pages = [makePage('p1', me, clock.now())];
    source.touch();
    await clock.advanceAsync(10_000);
    await expect(app.handlers['pages:resolve']({ key: 'zephyr:p1' })).rejects.toThrow(
      /cannot resolve pages from this app/,
    );
    await expect(app.handlers['pages:escalate']({ key: 'zephyr:p1' })).rejects.toThrow(
      /cannot escalate pages from this app/,
    );
    await app.stop();
  });
});

describe('issue 13 follows the source’s clock (the platform clock driven, as the e2e tests do)', () => {
  it('a jump to 15 minutes before my shift checks readiness at once, a jump past its start notices it', async () => {
    const { app, clock, source, notifier, start } = await started();
    await clock.advanceAsync(10_000);
    // The source's clock moves 45 minutes ahead: my shift now starts in 15 minutes.
    source.skewMs = 45 * MIN;
    await clock.advanceAsync(6_000);
    // The time said is the schedule's own, not the laptop's moment of it.
    expect(notifier.shownWithTag(READINESS_TAG)[0]?.title).toBe(
      `Your shift starts at ${localHhMm(start)}. Ready.`,
    );
    source.skewMs += 15 * MIN + 1_000;
    await clock.advanceAsync(6_000);
    expect(notifier.shownWithTag(SHIFT_NOTICE_TAG).map((n) => n.title)).toEqual([
      'Your shift started',
    ]);
    // Neither comes again when the clock moves on within the shift.
    source.skewMs += 10 * MIN;
    await clock.advanceAsync(6_000);
    expect(notifier.shownWithTag(READINESS_TAG)).toHaveLength(1);
    expect(notifier.shownWithTag(SHIFT_NOTICE_TAG)).toHaveLength(1);
    await app.stop();
  });

  it('the ack timeout runs in the source’s time, and Re-acknowledge restarts it there', async () => {
    const world = await started();
    const { app, clock, source, notifier } = world;
    await acknowledgedPage(world);
    const tag = `${ACK_TIMEOUT_TAG}zephyr:p1`;
    source.skewMs = 30 * MIN;
    await clock.advanceAsync(6_000);
    expect(notifier.shownWithTag(tag)).toHaveLength(1);
    await app.handlers['pages:reacknowledge']({ key: 'zephyr:p1' });
    source.skewMs += 29 * MIN;
    await clock.advanceAsync(6_000);
    expect(notifier.shownWithTag(tag)).toHaveLength(1);
    source.skewMs += 2 * MIN;
    await clock.advanceAsync(6_000);
    expect(notifier.shownWithTag(tag)).toHaveLength(2);
    await app.stop();
  });
});
