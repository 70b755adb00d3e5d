import { describe, expect, it } from 'vitest';
import {
  PageTracker,
  type TrackerSnapshot,
} from '../../../../src/main/core/paging/page-tracker.js';
import type { Page } from '../../../../src/shared/domain.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { makePage, person } from '../../../fakes/fake-source.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';

const me = person('Ann Example');
const bob = person('Bob Lee');
const carol = person('Carol King');

function setup(store = new InMemoryStore<TrackerSnapshot>(), clock = new FakeClock()) {
  const tracker = new PageTracker({ store, clock, logger: new RecordingLogger() });
  tracker.setMe('zephyr', me);
  return { tracker, store, clock };
}

const at = (page: Page, ms: number, patch: Partial<Page>): Page => ({
  ...page,
  updatedAt: new Date(ms).toISOString(),
  ...patch,
});

describe('PageTracker', () => {
  it('rings a triggered page for me once, however many polls see it', () => {
    const { tracker, clock } = setup();
    const p = makePage('p1', me, clock.now(), { next: bob });
    tracker.applyFeed('zephyr', [p]);
    tracker.applyFeed('zephyr', [p]);
    tracker.applyFeed('zephyr', [p, makePage('p2', bob, clock.now())]);
    expect(tracker.ringingKeys()).toEqual(['zephyr:p1']);
    expect(tracker.pages().map((x) => x.key)).toEqual(['zephyr:p1', 'zephyr:p2']);
  });

  it('rings when an earlier escalation step notified me, even though someone else is the target now', () => {
    const { tracker, clock } = setup();
    const p = makePage('p1', me, clock.now(), { next: bob });
    const escalated: Page = {
      ...p,
      target: bob,
      escalation: {
        ...p.escalation,
        step: 1,
        steps: p.escalation.steps.map((s, i) => (i === 1 ? { ...s, notifiedAt: p.createdAt } : s)),
      },
    };
    tracker.applyFeed('zephyr', [escalated]);
    expect(tracker.ringingKeys()).toEqual(['zephyr:p1']);
  });

  it('stops ringing when acknowledged elsewhere, resolved or gone from the feed', () => {
    const { tracker, clock } = setup();
    const t0 = clock.now();
    const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((id) => makePage(id, me, t0)) as [Page, Page, Page];
    tracker.applyFeed('zephyr', [p1, p2, p3]);
    expect(tracker.ringingKeys()).toHaveLength(3);
    tracker.applyFeed('zephyr', [
      at(p1, t0 + 1_000, { status: 'acknowledged', acknowledgedBy: bob }),
      at(p2, t0 + 1_000, { status: 'resolved' }),
    ]);
    expect(tracker.ringingKeys()).toEqual([]);
    // A stale triggered copy of p1 (same updatedAt as the trigger) does not ring again.
    tracker.applyFeed('zephyr', [p1]);
    expect(tracker.ringingKeys()).toEqual([]);
  });

  it('rings again when its source re-triggers it', () => {
    const { tracker, clock } = setup();
    const t0 = clock.now();
    const p = makePage('p1', me, t0);
    tracker.applyFeed('zephyr', [p]);
    tracker.applyFeed('zephyr', [at(p, t0 + 1_000, { status: 'acknowledged' })]);
    expect(tracker.ringingKeys()).toEqual([]);
    tracker.applyFeed('zephyr', [at(p, t0 + 60_000, { status: 'triggered' })]);
    expect(tracker.ringingKeys()).toEqual(['zephyr:p1']);
  });

  it('stays quiet when a page I acknowledged is escalated on to someone else ("Escalate now")', () => {
    const { tracker, clock } = setup();
    const t0 = clock.now();
    const p = makePage('p1', me, t0, { next: bob });
    tracker.applyFeed('zephyr', [p]);
    tracker.applyFeed('zephyr', [at(p, t0 + 1_000, { status: 'acknowledged' })]);
    const escalated = at(p, t0 + 60_000, {
      status: 'triggered',
      target: bob,
      escalation: {
        ...p.escalation,
        step: 1,
        steps: p.escalation.steps.map((s, i) =>
          i === 1 ? { ...s, notifiedAt: new Date(t0 + 60_000).toISOString() } : s,
        ),
      },
    });
    tracker.applyFeed('zephyr', [escalated]);
    expect(tracker.ringingKeys()).toEqual([]);
    tracker.applyFeed('zephyr', [escalated]);
    expect(tracker.ringingKeys()).toEqual([]);
    // Its source re-triggering it (back to the first step, me) rings again.
    tracker.applyFeed('zephyr', [at(p, t0 + 120_000, { status: 'triggered' })]);
    expect(tracker.ringingKeys()).toEqual(['zephyr:p1']);
  });

  it('after my acknowledgement, a stale poll does not ring, a re-trigger does', () => {
    const { tracker, clock } = setup();
    const t0 = clock.now();
    const p = makePage('p1', me, t0);
    tracker.applyFeed('zephyr', [p]);
    tracker.markAcknowledging('zephyr:p1');
    expect(tracker.ringingKeys()).toEqual([]);
    tracker.applyFeed('zephyr', [at(p, t0 + 2_000, { status: 'triggered' })]);
    expect(tracker.ringingKeys()).toEqual([]);
    tracker.ackConfirmed('zephyr:p1', at(p, t0 + 3_000, { status: 'acknowledged' }));
    tracker.applyFeed('zephyr', [at(p, t0 + 2_000, { status: 'triggered' })]);
    expect(tracker.ringingKeys()).toEqual([]);
    tracker.applyFeed('zephyr', [at(p, t0 + 90_000, { status: 'triggered' })]);
    expect(tracker.ringingKeys()).toEqual(['zephyr:p1']);
  });

  it('after a restart, an unacknowledged page rings again at once, before any poll', () => {
    const { tracker, store, clock } = setup();
    tracker.applyFeed('zephyr', [makePage('p1', me, clock.now())]);
    const restarted = new PageTracker({ store, clock, logger: new RecordingLogger() });
    expect(restarted.ringingKeys()).toEqual(['zephyr:p1']);
  });

  it('after a restart, an acknowledged page does not ring, even if the first poll is stale', () => {
    const { tracker, store, clock } = setup();
    const p = makePage('p1', me, clock.now());
    tracker.applyFeed('zephyr', [p]);
    tracker.markAcknowledging('zephyr:p1');
    const restarted = new PageTracker({ store, clock, logger: new RecordingLogger() });
    expect(restarted.ringingKeys()).toEqual([]);
    restarted.applyFeed('zephyr', [p]);
    expect(restarted.ringingKeys()).toEqual([]);
  });

  it('rings again when my acknowledgement failed for good, not when the page ended meanwhile', () => {
    const { tracker, clock } = setup();
    tracker.applyFeed('zephyr', [makePage('p1', me, clock.now()), makePage('p2', me, clock.now())]);
    tracker.markAcknowledging('zephyr:p1');
    tracker.markAcknowledging('zephyr:p2');
    tracker.ackFailed('zephyr:p1');
    tracker.ackEnded('zephyr:p2');
    expect(tracker.ringingKeys()).toEqual(['zephyr:p1']);
  });

  it('marks a heads-up when I am next for someone else, announced once', () => {
    const { tracker, clock } = setup();
    tracker.applyFeed('zephyr', [
      makePage('p1', bob, clock.now(), { next: me }),
      makePage('p2', bob, clock.now(), { next: carol }),
    ]);
    const views = tracker.pages();
    expect(views.map((v) => [v.key, v.ringing, v.headsUp])).toEqual([
      ['zephyr:p1', false, true],
      ['zephyr:p2', false, false],
    ]);
    expect(tracker.takeNewHeadsUps().map((v) => v.key)).toEqual(['zephyr:p1']);
    expect(tracker.takeNewHeadsUps()).toEqual([]);
  });

  it('keeps sources apart', () => {
    const { tracker, clock } = setup();
    tracker.setMe('pagerduty:x', me);
    tracker.applyFeed('zephyr', [makePage('p1', me, clock.now())]);
    tracker.applyFeed('pagerduty:x', [makePage('p1', me, clock.now())]);
    tracker.applyFeed('zephyr', []);
    expect(tracker.ringingKeys()).toEqual(['pagerduty:x:p1']);
  });
});

describe('PageTracker persistence', () => {
  it('does not write the store for a poll that changed nothing that decides ringing', () => {
    const { tracker, store, clock } = setup();
    const feed = [makePage('p1', me, clock.now()), makePage('p2', bob, clock.now())];
    tracker.applyFeed('zephyr', feed);
    const writes = store.writes;
    tracker.applyFeed('zephyr', feed);
    tracker.applyFeed(
      'zephyr',
      feed.map((p) => ({ ...p })),
    );
    expect(store.writes).toBe(writes);
    tracker.applyFeed('zephyr', [feed[0] as Page]);
    expect(store.writes).toBe(writes + 1);
  });

  it('stores the full page only for what must show at once after a restart', () => {
    const { tracker, store, clock } = setup();
    const mine = makePage('p1', me, clock.now());
    const others = makePage('p2', bob, clock.now());
    tracker.applyFeed('zephyr', [mine, others]);
    const stored = store.read() as TrackerSnapshot;
    expect(stored.entries['zephyr:p1']?.page?.id).toBe('p1');
    // Someone else's page that never concerned me: nothing to remember.
    expect(stored.entries['zephyr:p2']).toBeUndefined();
    // My page once acknowledged: its ring state only, without the body.
    const acked = at(mine, clock.now() + 1000, { status: 'acknowledged' });
    tracker.applyFeed('zephyr', [acked, others]);
    const after = store.read() as TrackerSnapshot;
    expect(after.entries['zephyr:p1']?.page).toBeUndefined();
    expect(after.entries['zephyr:p1']).toMatchObject({
      updatedAt: acked.updatedAt,
      endedAt: acked.updatedAt,
    });
  });

  it('remembers an acknowledged page without its body: after a restart it does not ring again', () => {
    const clock = new FakeClock();
    const store = new InMemoryStore<TrackerSnapshot>();
    const first = setup(store, clock).tracker;
    const p = makePage('p1', me, clock.now());
    first.applyFeed('zephyr', [p]);
    const acked = at(p, clock.now() + 1000, { status: 'acknowledged' });
    first.applyFeed('zephyr', [acked]);
    expect((store.read() as TrackerSnapshot).entries['zephyr:p1']?.page).toBeUndefined();

    const second = setup(store, clock).tracker;
    expect(second.pages()).toEqual([]);
    // The platform still lists it as triggered from an older answer: no new trigger, no ring.
    second.applyFeed('zephyr', [p]);
    expect(second.ringingKeys()).toEqual([]);
    // A real re-trigger (newer updatedAt) rings again.
    second.applyFeed('zephyr', [at(p, clock.now() + 5000, { status: 'triggered' })]);
    expect(second.ringingKeys()).toEqual(['zephyr:p1']);
  });
});
