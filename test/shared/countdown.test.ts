import { describe, expect, it } from 'vitest';
import { byUrgency, escalationCountdown, ringingSinceMs } from '../../src/shared/countdown.js';
import { makePage, person } from '../fakes/fake-source.js';

const me = person('Ann Example');
const bob = person('Bob Lee');
const T0 = Date.parse('2026-03-02T12:00:00Z');

describe('countdown', () => {
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
