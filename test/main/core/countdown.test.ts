import { describe, expect, it } from 'vitest';
import {
  byUrgency,
  escalationCountdown,
  formatMmSs,
  ringingSinceMs,
} from '../../../src/shared/countdown.js';
import { makePage, person } from '../../fakes/fake-source.js';

const t0 = Date.parse('2026-03-02T03:00:00Z');
const bob = person('Bob Lee');

describe('formatMmSs', () => {
  it('formats minutes and seconds, rounding up, and hours past 60 minutes', () => {
    expect(formatMmSs(299_000)).toBe('4:59');
    expect(formatMmSs(298_001)).toBe('4:59');
    expect(formatMmSs(300_000)).toBe('5:00');
    expect(formatMmSs(9_000)).toBe('0:09');
    expect(formatMmSs(0)).toBe('0:00');
    expect(formatMmSs(-5_000)).toBe('0:00');
    expect(formatMmSs(3_723_000)).toBe('1:02:03');
  });
});

describe('escalationCountdown', () => {
  const page = makePage('p1', person('Ann Example'), t0, { next: bob });

  it('counts down to the next target', () => {
    expect(escalationCountdown(page, t0 + 1_000, 0)).toEqual({
      targetName: 'Bob Lee',
      msLeft: 299_000,
      label: 'escalates to Bob Lee in 4:59',
    });
  });

  it('corrects by the platform clock skew', () => {
    // The platform is 60 s ahead of the laptop: one minute less remains.
    expect(escalationCountdown(page, t0, 60_000).msLeft).toBe(240_000);
    expect(escalationCountdown(page, t0, -60_000).label).toBe('escalates to Bob Lee in 6:00');
  });

  it('never starts a 5-minute step at 5:01 from the skew measurement error', () => {
    // A skew measured from a one-second Date header can be up to 1 s off.
    expect(escalationCountdown(page, t0, -600).label).toBe('escalates to Bob Lee in 5:00');
    expect(escalationCountdown(page, t0, -600).msLeft).toBe(300_000);
  });

  it('never goes negative once the step is due', () => {
    const c = escalationCountdown(page, t0 + 400_000, 0);
    expect(c.msLeft).toBe(0);
    expect(c.label).toBe('escalating to Bob Lee now');
  });

  it('has no countdown without a next step or once acknowledged', () => {
    const last = makePage('p2', bob, t0);
    expect(escalationCountdown(last, t0, 0)).toEqual({
      targetName: null,
      msLeft: null,
      label: 'no further escalation',
    });
    const acked = { ...page, status: 'acknowledged' as const, acknowledgedBy: bob };
    expect(escalationCountdown(acked, t0, 0).label).toBe('acknowledged by Bob Lee');
    expect(escalationCountdown({ ...page, status: 'resolved' }, t0, 0).msLeft).toBeNull();
  });
});

const me = person('Ann Example');
const T0 = Date.parse('2026-03-02T12:00:00Z');

describe('platform-time countdown, ringing since, urgency order', () => {
  it('counts from the platform escalation time corrected by the skew: 5:00 at the start, never 5:01', () => {
    const page = makePage('p', me, T0, { next: bob });
    // The platform runs 14.5 min ahead: at laptop time T0 - 14.5 min the platform is at T0.
    const skew = 14.5 * 60_000;
    expect(escalationCountdown(page, T0 - skew, skew).label).toBe('escalates to Bob Lee in 5:00');
    expect(escalationCountdown(page, T0 - skew + 250, skew).label).toBe(
      'escalates to Bob Lee in 5:00',
    );
    expect(escalationCountdown(page, T0 - skew + 1000, skew).label).toBe(
      'escalates to Bob Lee in 4:59',
    );
  });

  it('"Ringing for" restarts when the first step is notified again (a re-trigger)', () => {
    const page = makePage('p', me, T0, { next: bob });
    expect(ringingSinceMs(page)).toBe(T0);
    const later = new Date(T0 + 16 * 60_000).toISOString();
    const [first, ...rest] = page.escalation.steps;
    const retriggered = {
      ...page,
      escalation: { ...page.escalation, steps: [{ ...first!, notifiedAt: later }, ...rest] },
    };
    expect(ringingSinceMs(retriggered)).toBe(T0 + 16 * 60_000);
  });

  it('orders by severity, then the oldest first', () => {
    const a = makePage('a', me, T0, { severity: 3 });
    const b = makePage('b', me, T0 + 1000, { severity: 2 });
    const c = makePage('c', me, T0 + 2000, { severity: 1 });
    const d = makePage('d', me, T0 + 3000, { severity: 1 });
    const e = makePage('e', me, T0 - 1000);
    expect([e, d, a, b, c].sort(byUrgency).map((p) => p.id)).toEqual(['c', 'd', 'b', 'a', 'e']);
  });
});
