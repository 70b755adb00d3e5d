/**
 * My shifts and whether I am on call. `myShifts` and `isOnCallAt` are pure; `createOnCallWatch`
 * keeps the answer current: it recomputes when rotations or "me" change and arms one timer for the
 * next shift boundary, so a shift starts and ends on time without waiting for a poll.
 */
import type { Person, Rotation, ShiftView } from '../../../shared/domain.js';
import type { Clock, Logger, TimerHandle } from '../ports.js';

/** One of my shifts, with its boundaries in laptop time. */
export interface MyShift extends ShiftView {
  startMs: number;
  endMs: number;
}

/** What one source says about its rotations, and who I am there. */
export interface RotationsOfSource {
  me: Person | undefined;
  rotations: Rotation[];
  /** The source's clock minus the laptop's. */
  skewMs: number;
}

/** My shifts at every source (where I am known), with laptop-time boundaries. */
export function myShifts(sources: readonly RotationsOfSource[]): MyShift[] {
  const result: MyShift[] = [];
  for (const { me, rotations, skewMs } of sources) {
    if (!me) continue;
    for (const rotation of rotations) {
      for (const shift of rotation.shifts) {
        if (shift.person.id !== me.id) continue;
        result.push({
          rotationId: rotation.id,
          rotationName: rotation.name,
          level: shift.level,
          start: shift.start,
          end: shift.end,
          // Laptop time of the platform's boundaries.
          startMs: Date.parse(shift.start) - skewMs,
          endMs: Date.parse(shift.end) - skewMs,
        });
      }
    }
  }
  return result;
}

/** The shifts running at `now`. */
export function shiftsAt(shifts: readonly MyShift[], now: number): MyShift[] {
  return shifts.filter((s) => s.startMs <= now && now < s.endMs);
}

/** True when one of `shifts` runs at `now`. */
export function isOnCallAt(shifts: readonly MyShift[], now: number): boolean {
  return shiftsAt(shifts, now).length > 0;
}

/** The first shift start or end after `now`, if any. */
export function nextBoundary(shifts: readonly MyShift[], now: number): number | undefined {
  return shifts
    .flatMap((s) => [s.startMs, s.endMs])
    .filter((t) => t > now)
    .sort((a, b) => a - b)[0];
}

/** Keeps "am I on call" current. */
export interface OnCallWatch {
  /** Whether I was on call at the last recompute. */
  onCall(): boolean;
  /** Recomputes now (rotations or "me" changed) and re-arms the boundary timer. */
  recompute(): void;
  stop(): void;
}

/** What the watch needs. */
export interface OnCallWatchDeps {
  clock: Clock;
  logger: Logger;
  shifts(): MyShift[];
  /** Whether boundary timers may be armed (the app is running). */
  running(): boolean;
  /** On call changed (a shift started with none before, or the last one ended). */
  onShiftChange(onCall: boolean): void;
  /** A shift started while I was already on call (back-to-back shifts). */
  onShiftStartWhileOnCall(): void;
  onChange(): void;
}

/** Builds the watch; nothing is armed until the first `recompute()`. */
export function createOnCallWatch(deps: OnCallWatchDeps): OnCallWatch {
  const { clock, logger } = deps;
  let lastOnCall = false;
  let timer: TimerHandle | undefined;

  function clear(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  function recompute(): void {
    const now = clock.now();
    const shifts = deps.shifts();
    const onCall = isOnCallAt(shifts, now);
    const changed = onCall !== lastOnCall;
    lastOnCall = onCall;
    if (changed) {
      logger.info(onCall ? 'shift started' : 'shift ended');
      deps.onShiftChange(onCall);
    }
    clear();
    const next = nextBoundary(shifts, now);
    if (next !== undefined && deps.running()) {
      timer = clock.setTimeout(() => {
        timer = undefined;
        const startsNow = deps.shifts().some((s) => s.startMs === next);
        recompute();
        // Back-to-back shifts: a new shift starts without on-call changing; check again anyway.
        if (startsNow && lastOnCall) deps.onShiftStartWhileOnCall();
      }, next - now);
    }
    deps.onChange();
  }

  return { onCall: () => lastOnCall, recompute, stop: clear };
}
