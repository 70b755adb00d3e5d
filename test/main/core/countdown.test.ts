import { describe, expect, it } from 'vitest';
import { escalationCountdown, formatMmSs } from '../../../src/shared/countdown.js';
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
