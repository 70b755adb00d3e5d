import { describe, expect, it } from 'vitest';
import {
  createOnCallWatch,
  isOnCallAt,
  myShifts,
  nextBoundary,
} from '../../../../src/main/core/on-call/shifts.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { makeRotation, person } from '../../../fakes/fake-source.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';

const me = person('Ann Example');
const bob = person('Bob Lee');
const HOUR = 3600_000;
const T = Date.parse('2026-03-02T09:00:00Z');

describe('shifts', () => {
  it('keeps only my shifts, in laptop time (the source clock minus its skew)', () => {
    const rotation = makeRotation('web', [
      [bob, T, T + HOUR],
      [me, T + HOUR, T + 2 * HOUR],
    ]);
    const shifts = myShifts([{ me, rotations: [rotation], skewMs: 1_000 }]);
    expect(shifts).toHaveLength(1);
    expect(shifts[0]).toMatchObject({
      rotationId: 'web',
      rotationName: 'web rotation',
      startMs: T + HOUR - 1_000,
      endMs: T + 2 * HOUR - 1_000,
    });
  });

  it('knows no shifts at a source where I am not known yet', () => {
    const rotation = makeRotation('web', [[me, T, T + HOUR]]);
    expect(myShifts([{ me: undefined, rotations: [rotation], skewMs: 0 }])).toEqual([]);
  });

  it('is on call from the start up to (not at) the end; the next boundary is the nearest', () => {
    const shifts = myShifts([
      { me, rotations: [makeRotation('web', [[me, T, T + HOUR]])], skewMs: 0 },
    ]);
    expect(isOnCallAt(shifts, T - 1)).toBe(false);
    expect(isOnCallAt(shifts, T)).toBe(true);
    expect(isOnCallAt(shifts, T + HOUR)).toBe(false);
    expect(nextBoundary(shifts, T - HOUR)).toBe(T);
    expect(nextBoundary(shifts, T)).toBe(T + HOUR);
    expect(nextBoundary(shifts, T + HOUR)).toBeUndefined();
  });

  it('the watch flips on call at the shift boundaries by its own timer', async () => {
    const clock = new FakeClock(T - HOUR);
    const changes: boolean[] = [];
    const shifts = myShifts([
      { me, rotations: [makeRotation('web', [[me, T, T + HOUR]])], skewMs: 0 },
    ]);
    const watch = createOnCallWatch({
      clock,
      logger: new RecordingLogger(),
      shifts: () => shifts,
      running: () => true,
      onShiftChange: (onCall) => changes.push(onCall),
      onShiftStartWhileOnCall: () => {},
      onChange: () => {},
    });
    watch.recompute();
    expect(watch.onCall()).toBe(false);
    await clock.advanceAsync(HOUR);
    expect(watch.onCall()).toBe(true);
    await clock.advanceAsync(HOUR);
    expect(changes).toEqual([true, false]);
    watch.stop();
  });
});
