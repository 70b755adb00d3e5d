import { describe, expect, it } from 'vitest';
import {
  createRinger,
  headsUpNotification,
  RING_RESEND_MS,
  ringNotification,
  STORM_TAG,
} from '../../../../src/main/core/paging/ringer.js';
import type { TrackedPage } from '../../../../src/main/core/paging/page-tracker.js';
import type { PageView } from '../../../../src/shared/domain.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { makePage, person } from '../../../fakes/fake-source.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';

const me = person('Ann Example');
const bob = person('Bob Lee');

function tracked(overrides: Partial<TrackedPage> = {}, at = Date.now()): TrackedPage {
  const page = makePage('p1', me, at, { next: bob, severity: 1, service: 'checkout' });
  return {
    key: 'zephyr:p1',
    sourceId: 'zephyr',
    page,
    ringing: true,
    headsUp: false,
    ...overrides,
  };
}

/** A tracker whose pages the test sets by hand. */
function fakeTracker(pages: TrackedPage[]) {
  const state = { pages, headsUps: [] as TrackedPage[] };
  return {
    state,
    tracker: {
      pages: () => state.pages,
      get: (key: string) => state.pages.find((p) => p.key === key),
      takeNewHeadsUps: () => state.headsUps.splice(0),
    },
  };
}

describe('ringer', () => {
  it('a ring is critical, sticky, with Acknowledge; its body has severity, service, source and countdown', () => {
    const clock = new FakeClock();
    const p = tracked({}, clock.now());
    const n = ringNotification(p, { label: 'Demo platform', demo: true, skewMs: 0 }, clock.now());
    expect(n).toMatchObject({
      tag: 'zephyr:p1',
      title: 'Paged: Page p1',
      urgency: 'critical',
      sticky: true,
      sound: true,
      actions: [{ id: 'acknowledge', label: 'Acknowledge' }],
    });
    expect(n.body).toBe('SEV-1 · checkout · Demo platform (demo) · escalates to Bob Lee in 5:00');
    const test = ringNotification(
      { ...p, page: { ...p.page, test: true } },
      undefined,
      clock.now(),
    );
    expect(test.title).toBe('Test page: Page p1');
  });

  it('a heads-up is quiet and says when it reaches me', () => {
    const clock = new FakeClock();
    const n = headsUpNotification(tracked({}, clock.now()), undefined, clock.now());
    expect(n).toMatchObject({ tag: 'headsup:zephyr:p1', urgency: 'low', sound: false });
    expect(n.body).toBe('"Page p1" reaches you in 5:00 if nobody acknowledges.');
  });

  it('re-sends at the configured interval, read at each re-send', async () => {
    const clock = new FakeClock();
    const notifier = new RecordingNotifier();
    const { state, tracker } = fakeTracker([tracked({}, clock.now())]);
    let resendMs = 2_000;
    const ringer = createRinger({
      clock,
      logger: new RecordingLogger(),
      notifier,
      tracker,
      source: () => undefined,
      ringingViews: () => state.pages.filter((p) => p.ringing) as unknown as PageView[],
      resendMs: () => resendMs,
    });
    ringer.sync();
    await clock.advanceAsync(1_999);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(2);
    resendMs = 5_000;
    await clock.advanceAsync(2_000);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(3);
    await clock.advanceAsync(4_999);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(3);
    await clock.advanceAsync(1);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(4);
    await ringer.stop();
  });

  it('rings once, re-sends every 60 s with the same tag, closes when it stops, presents on change', async () => {
    const clock = new FakeClock();
    const notifier = new RecordingNotifier();
    const { state, tracker } = fakeTracker([tracked({}, clock.now())]);
    const presented: PageView[][] = [];
    const ringer = createRinger({
      clock,
      logger: new RecordingLogger(),
      notifier,
      tracker,
      alerts: { present: (pages) => void presented.push(pages) },
      source: () => undefined,
      ringingViews: () => state.pages.filter((p) => p.ringing) as unknown as PageView[],
    });
    ringer.sync();
    ringer.sync();
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(1);
    expect(presented).toHaveLength(1);
    await clock.advanceAsync(RING_RESEND_MS);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(2);

    state.pages = [];
    ringer.sync();
    expect(notifier.closed).toContain('zephyr:p1');
    expect(presented.at(-1)).toEqual([]);
    await clock.advanceAsync(RING_RESEND_MS * 2);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(2);
    await ringer.stop();
  });

  it('a storm of three pages rings once as a summary, not three alarms; rings again only when one joins', async () => {
    const clock = new FakeClock();
    const notifier = new RecordingNotifier();
    const at = clock.now();
    const page = (id: string, severity: 1 | 2 | 3): TrackedPage => ({
      ...tracked({}, at),
      key: `zephyr:${id}`,
      page: makePage(id, me, at, { next: bob, severity }),
    });
    const { state, tracker } = fakeTracker([page('a', 3), page('b', 2)]);
    const ringer = createRinger({
      clock,
      logger: new RecordingLogger(),
      notifier,
      tracker,
      source: () => undefined,
      ringingViews: () => [],
    });
    ringer.sync();
    expect([...notifier.visible.keys()].sort()).toEqual(['zephyr:a', 'zephyr:b']);

    state.pages = [...state.pages, page('c', 1)];
    ringer.sync();
    await clock.advanceAsync(0);
    // One notification on screen: the summary; the per-page ones are closed, none for the third.
    expect([...notifier.visible.keys()]).toEqual([STORM_TAG]);
    expect(notifier.shownWithTag('zephyr:c')).toHaveLength(0);
    const summary = notifier.visible.get(STORM_TAG);
    expect(summary).toMatchObject({ title: '3 pages are ringing for you', sound: true });
    expect(summary?.body.split('\n')[0]).toBe('SEV-1: Page c');

    ringer.sync();
    expect(notifier.shownWithTag(STORM_TAG)).toHaveLength(1);
    state.pages = [...state.pages, page('d', 3)];
    ringer.sync();
    expect(notifier.shownWithTag(STORM_TAG)).toHaveLength(2);
    expect(notifier.shownWithTag(STORM_TAG)[1]?.sound).toBe(true);
    await clock.advanceAsync(RING_RESEND_MS);
    expect(notifier.shownWithTag(STORM_TAG)).toHaveLength(3);
    expect(notifier.shown.filter((n) => n.tag !== STORM_TAG)).toHaveLength(2);

    // Down to two: the summary closes and each page rings on its own again.
    state.pages = state.pages.slice(0, 2);
    ringer.sync();
    expect(notifier.closed).toContain(STORM_TAG);
    expect([...notifier.visible.keys()].sort()).toEqual(['zephyr:a', 'zephyr:b']);
    await ringer.stop();
  });
});
