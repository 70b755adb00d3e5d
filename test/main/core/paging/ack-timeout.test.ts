import { describe, expect, it } from 'vitest';
import {
  ACK_TIMEOUT_TAG,
  ackTimeoutDueAt,
  createAckTimeout,
} from '../../../../src/main/core/paging/ack-timeout.js';
import type { TrackedPage } from '../../../../src/main/core/paging/page-tracker.js';
import type { Page } from '../../../../src/shared/domain.js';
import { FakeClock, flushAsync } from '../../../fakes/fake-clock.js';
import { makePage, person } from '../../../fakes/fake-source.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';

const me = person('Ada');
const other = person('Bob');
const MIN = 60_000;

function acked(at: number, by = me): Page {
  const iso = new Date(at).toISOString();
  return makePage('p1', me, at, {
    title: 'Checkout p99',
    status: 'acknowledged',
    acknowledgedAt: iso,
    acknowledgedBy: by,
    updatedAt: iso,
  });
}

function setup(minutes: number | null = 30) {
  const clock = new FakeClock();
  const notifier = new RecordingNotifier();
  let pages: TrackedPage[] = [];
  const timeout = createAckTimeout({
    clock,
    logger: new RecordingLogger(),
    notifier,
    pages: () => pages,
    me: () => me,
    minutes: () => minutes,
  });
  const setPages = (list: Page[]): void => {
    pages = list.map((page) => ({
      key: `s:${page.id}`,
      sourceId: 's',
      page,
      ringing: false,
      headsUp: false,
    }));
    timeout.sync();
  };
  return { clock, notifier, timeout, setPages };
}

describe('ackTimeoutDueAt', () => {
  it('is the acknowledgement time plus the playbook minutes, for my acknowledgements only', () => {
    const page = acked(1_000);
    expect(ackTimeoutDueAt(page, me, 30)).toBe(1_000 + 30 * MIN);
    expect(ackTimeoutDueAt(page, me, 30, 5_000)).toBe(5_000 + 30 * MIN);
    expect(ackTimeoutDueAt(acked(1_000, other), me, 30)).toBeUndefined();
    expect(ackTimeoutDueAt(page, me, null)).toBeUndefined();
    expect(ackTimeoutDueAt(page, me, 0)).toBeUndefined();
    expect(ackTimeoutDueAt({ ...page, status: 'triggered' }, me, 30)).toBeUndefined();
  });
});

describe('createAckTimeout', () => {
  it('rings softly once the acknowledged page is still open after N minutes', async () => {
    const { clock, notifier, setPages } = setup();
    setPages([acked(clock.now())]);
    clock.advance(30 * MIN - 1);
    await flushAsync();
    expect(notifier.shown).toHaveLength(0);
    clock.advance(1);
    await flushAsync();
    const [n] = notifier.shownWithTag(`${ACK_TIMEOUT_TAG}s:p1`);
    expect(n?.title).toBe("Still working on 'Checkout p99'?");
    expect(n?.body).toBe('Re-acknowledge or resolve.');
    expect(n?.urgency).toBe('normal');
    expect(n?.actions.map((a) => a.id)).toEqual(['reacknowledge', 'resolve']);
  });

  it('restarts the timer when I re-acknowledge, and closes the reminder', async () => {
    const { clock, notifier, timeout, setPages } = setup();
    setPages([acked(clock.now())]);
    clock.advance(30 * MIN);
    await flushAsync();
    expect(timeout.reminding()).toEqual(['s:p1']);
    clock.advance(5 * MIN);
    timeout.restart('s:p1');
    await flushAsync();
    expect(notifier.visible.has(`${ACK_TIMEOUT_TAG}s:p1`)).toBe(false);
    clock.advance(30 * MIN - 1);
    await flushAsync();
    expect(notifier.shown).toHaveLength(1);
    clock.advance(1);
    await flushAsync();
    expect(notifier.shown).toHaveLength(2);
  });

  it('stops when the page is resolved (leaves the open feed) and when the team turned it off', async () => {
    const { clock, notifier, setPages } = setup();
    setPages([acked(clock.now())]);
    clock.advance(10 * MIN);
    setPages([]);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(60 * MIN);
    await flushAsync();
    expect(notifier.shown).toHaveLength(0);

    const off = setup(null);
    off.setPages([acked(off.clock.now())]);
    expect(off.clock.pendingTimers()).toBe(0);
  });

  it('closes a showing reminder once the page is resolved elsewhere', async () => {
    const { clock, notifier, setPages } = setup(1);
    setPages([acked(clock.now())]);
    clock.advance(MIN);
    await flushAsync();
    setPages([]);
    await flushAsync();
    expect(notifier.closed).toContain(`${ACK_TIMEOUT_TAG}s:p1`);
  });
});
