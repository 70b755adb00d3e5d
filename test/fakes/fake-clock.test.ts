/** The fake clock's sleep and wall-clock jumps behave as real timers do. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('suspend: wall time jumps, timers due during the sleep fire once, late, at the wake time', async () => {
    const clock = new FakeClock(0);
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(['a', clock.now()]), 1_000);
    clock.setTimeout(() => fired.push(['b', clock.now()]), 5_000);
    clock.setTimeout(() => fired.push(['late', clock.now()]), 20_000);
    await clock.suspend(10_000);
    expect(fired).toEqual([
      ['a', 10_000],
      ['b', 10_000],
    ]);
    expect(clock.now()).toBe(10_000);
    expect(clock.pendingDelays()).toEqual([10_000]);
  });

  it('jump: the wall clock moves either way, timers keep their remaining delays', async () => {
    const clock = new FakeClock(100_000);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 5_000);
    clock.jump(-60_000);
    expect(clock.now()).toBe(40_000);
    expect(clock.pendingDelays()).toEqual([5_000]);
    clock.jump(3_600_000);
    expect(fired).toEqual([]);
    await clock.advanceAsync(5_000);
    expect(fired).toEqual([3_645_000]);
  });
});
