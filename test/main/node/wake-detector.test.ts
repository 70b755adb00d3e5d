/** The Node host's wake detector: a tick that fires far later than asked is a wake from sleep. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchForWake } from '../../../src/main/node/wake-detector.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('watchForWake', () => {
  it('reports a sleep longer than the threshold once, with how long it lasted', () => {
    vi.useFakeTimers();
    let wall = 1_000_000;
    const wakes: number[] = [];
    const stop = watchForWake((ms) => wakes.push(ms), {
      tickMs: 5_000,
      thresholdMs: 20_000,
      now: () => wall,
    });
    // Ticks on time: no wake.
    for (let i = 0; i < 3; i += 1) {
      wall += 5_000;
      vi.advanceTimersByTime(5_000);
    }
    expect(wakes).toEqual([]);
    // The machine sleeps an hour: the next tick comes an hour late.
    wall += 3_600_000 + 5_000;
    vi.advanceTimersByTime(5_000);
    expect(wakes).toEqual([3_600_000]);
    wall += 5_000;
    vi.advanceTimersByTime(5_000);
    expect(wakes).toHaveLength(1);
    stop();
  });

  it('a tick late by less than the threshold, or a wall clock set back, is not a wake', () => {
    vi.useFakeTimers();
    let wall = 1_000_000;
    const wakes: number[] = [];
    const stop = watchForWake((ms) => wakes.push(ms), {
      tickMs: 5_000,
      thresholdMs: 20_000,
      now: () => wall,
    });
    wall += 5_000 + 19_000;
    vi.advanceTimersByTime(5_000);
    wall -= 3_600_000;
    vi.advanceTimersByTime(5_000);
    expect(wakes).toEqual([]);
    stop();
    wall += 3_600_000;
    vi.advanceTimersByTime(10_000);
    expect(wakes).toEqual([]);
  });
});
