/**
 * A `Clock` whose time moves only when `step()` runs the next timer, so hours of the app's polling
 * run back to back in seconds. Timers due at the same moment run in the order they were set.
 */
import type { Clock, TimerHandle } from '../src/main/core/ports.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

const before = (a: Timer, b: Timer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** See the module comment. */
export class VirtualClock implements Clock {
  private seq = 0;
  private readonly heap: Timer[] = [];

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    (handle as Timer).cancelled = true;
  }

  /** Timers waiting, cancelled ones included until their time comes. */
  get pending(): number {
    return this.heap.length;
  }

  /** Moves time to the next live timer and runs it; false when no timer is left. */
  step(): boolean {
    for (;;) {
      const next = this.pop();
      if (!next) return false;
      if (next.cancelled) continue;
      this.time = next.at;
      next.fn();
      return true;
    }
  }

  private push(timer: Timer): void {
    const h = this.heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as Timer, h[parent] as Timer)) break;
      [h[i], h[parent]] = [h[parent] as Timer, h[i] as Timer];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || !last) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l] as Timer, h[m] as Timer)) m = l;
      if (r < h.length && before(h[r] as Timer, h[m] as Timer)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as Timer, h[i] as Timer];
      i = m;
    }
    return top;
  }
}
