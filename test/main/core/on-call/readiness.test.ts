import { describe, expect, it } from 'vitest';
import {
  READINESS_TAG,
  SEND_TEST_ACTION,
  SHIFT_NOTICE_TAG,
  createShiftReadiness,
  nextShiftEvent,
  shiftEvents,
  type ShiftEvent,
} from '../../../../src/main/core/on-call/readiness.js';
import type { MyShift } from '../../../../src/main/core/on-call/shifts.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T17:00:00Z');

function shift(startMs: number, endMs: number, name = 'Platform'): MyShift {
  return {
    rotationId: name.toLowerCase(),
    rotationName: name,
    level: 1,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    startMs,
    endMs,
  };
}

const utcHhMm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

describe('shiftEvents', () => {
  it('checks readiness the lead before the start, then notices start and end', () => {
    const s = shift(T0 + 60 * MIN, T0 + 180 * MIN);
    expect(shiftEvents([s], 15 * MIN).map((e) => [e.kind, e.at])).toEqual([
      ['readiness', T0 + 45 * MIN],
      ['start', T0 + 60 * MIN],
      ['end', T0 + 180 * MIN],
    ]);
  });

  it('merges back-to-back and overlapping shifts into one stretch', () => {
    const a = shift(T0, T0 + 60 * MIN);
    const b = shift(T0 + 60 * MIN, T0 + 120 * MIN, 'Payments');
    const kinds = shiftEvents([a, b], 15 * MIN).map((e) => `${e.kind}@${(e.at - T0) / MIN}`);
    expect(kinds).toEqual(['readiness@-15', 'start@0', 'end@120']);
  });

  it('checks at once when the app starts inside the lead time, never after the start', () => {
    const s = shift(T0 + 10 * MIN, T0 + 60 * MIN);
    expect(nextShiftEvent([s], T0, 15 * MIN)?.kind).toBe('readiness');
    expect(nextShiftEvent([s], T0 + 11 * MIN, 15 * MIN)?.kind).toBe('end');
  });
});

function setup(shifts: MyShift[], problems: string[] = []) {
  const clock = new FakeClock(T0);
  const notifier = new RecordingNotifier();
  const events: ShiftEvent[] = [];
  let lead = 15;
  const readiness = createShiftReadiness({
    clock,
    logger: new RecordingLogger(),
    notifier,
    shifts: () => shifts,
    leadMinutes: () => lead,
    problems: async () => problems,
    formatTime: utcHhMm,
    onEvent: (e) => events.push(e),
  });
  return { clock, notifier, readiness, events, setLead: (m: number) => (lead = m) };
}

describe('createShiftReadiness', () => {
  it('notifies "Ready." 15 minutes before, a quiet notice at start and at end', async () => {
    const { clock, notifier, readiness, events } = setup([shift(T0 + 60 * MIN, T0 + 120 * MIN)]);
    readiness.recompute();
    await clock.advanceAsync(45 * MIN - 1);
    expect(notifier.shown).toHaveLength(0);
    await clock.advanceAsync(1);
    const [ready] = notifier.shownWithTag(READINESS_TAG);
    expect(ready?.title).toBe('Your shift starts at 18:00. Ready.');
    expect(ready?.actions).toEqual([{ id: SEND_TEST_ACTION, label: 'Send test page' }]);
    await clock.advanceAsync(15 * MIN);
    expect(notifier.shownWithTag(SHIFT_NOTICE_TAG).map((n) => n.title)).toEqual([
      'Your shift started',
    ]);
    expect(notifier.shownWithTag(SHIFT_NOTICE_TAG)[0]?.sound).toBe(false);
    await clock.advanceAsync(60 * MIN);
    expect(notifier.shownWithTag(SHIFT_NOTICE_TAG).map((n) => n.title)).toEqual([
      'Your shift started',
      'Your shift ended',
    ]);
    expect(events.map((e) => e.kind)).toEqual(['readiness', 'start', 'end']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('says what is wrong instead of "Ready."', async () => {
    const problem = 'Do Not Disturb is on: page notifications may be silenced.';
    const { clock, notifier, readiness } = setup([shift(T0 + 60 * MIN, T0 + 120 * MIN)], [problem]);
    readiness.recompute();
    await clock.advanceAsync(45 * MIN);
    const [n] = notifier.shownWithTag(READINESS_TAG);
    expect(n?.title).toBe('Your shift starts at 18:00.');
    expect(n?.body).toBe(`Not ready: ${problem}`);
    expect(n?.urgency).toBe('normal');
  });

  it('follows a playbook change of the lead time', async () => {
    const { clock, notifier, readiness, setLead } = setup([shift(T0 + 60 * MIN, T0 + 120 * MIN)]);
    readiness.recompute();
    setLead(30);
    readiness.recompute();
    await clock.advanceAsync(30 * MIN);
    expect(notifier.shownWithTag(READINESS_TAG)).toHaveLength(1);
  });

  it('does not lose the start notice to a recompute at the very moment the shift starts', async () => {
    const { clock, notifier, readiness } = setup([shift(T0 + 60 * MIN, T0 + 120 * MIN)]);
    readiness.recompute();
    await clock.advanceAsync(45 * MIN);
    // A rotations poll lands exactly at the start, before the start timer ran.
    clock.setTimeout(() => readiness.recompute(), 15 * MIN - 1);
    await clock.advanceAsync(15 * MIN - 1);
    clock.jump(1);
    readiness.recompute();
    await clock.advanceAsync(0);
    expect(notifier.shownWithTag(SHIFT_NOTICE_TAG).map((n) => n.title)).toEqual([
      'Your shift started',
    ]);
  });
});
