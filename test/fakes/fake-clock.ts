/**
 * A `Clock` that tests drive by hand: time moves only through `advance`/`advanceAsync`, and
 * through `suspend` (the laptop sleeps) and `jump` (the wall clock is set).
 */
import type { Clock, TimerHandle } from '../../src/main/core/ports.js';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/** Lets pending promise callbacks (and loopback I/O) run. */
export async function flushAsync(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Fake clock. Timers run in due order (ties in creation order); while a timer runs, `now()` is its
 * due time. `advanceAsync` lets promise callbacks settle between timers, so async loops behave as
 * they would in real time.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: number | string = Date.parse('2026-03-02T03:00:00Z')) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: Timer = { id: this.nextId++, due: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    const id = (handle as { id?: number }).id;
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Number of timers not yet run. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Due times of pending timers, relative to now, sorted. */
  pendingDelays(): number[] {
    return this.timers.map((t) => t.due - this.current).sort((a, b) => a - b);
  }

  private takeDue(until: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.due <= until && (!best || t.due < best.due || (t.due === best.due && t.id < best.id))) {
        best = t;
      }
    }
    if (best) this.timers = this.timers.filter((t) => t !== best);
    return best;
  }

  /** Moves time forward by `ms`, running every timer that falls due, synchronously. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let t = this.takeDue(target); t; t = this.takeDue(target)) {
      this.current = Math.max(this.current, t.due);
      t.fn();
    }
    this.current = target;
  }

  /**
   * The machine sleeps for `ms`: on wake the wall clock is `ms` later and every timer that fell
   * due during the sleep fires once, late, all at the wake time (as real timers do after a
   * suspend), in due order, letting promises settle between them.
   */
  async suspend(ms: number): Promise<void> {
    if (ms < 0) throw new Error('suspend: a sleep lasts a positive time');
    this.current += ms;
    const wake = this.current;
    await flushAsync();
    // Timers set while firing are due from the wake time, so only zero delays run now.
    for (let t = this.takeDue(wake); t; t = this.takeDue(wake)) {
      this.current = wake;
      t.fn();
      await flushAsync();
    }
    this.current = wake;
    await flushAsync();
  }

  /**
   * The wall clock is set `ms` forward or (negative) back, as NTP or a user does: `now()` moves,
   * timers do not fire and keep their remaining delays (timers run on a monotonic clock).
   */
  jump(ms: number): void {
    this.current += ms;
    for (const t of this.timers) t.due += ms;
  }

  /** Like `advance`, letting promises settle before and after each timer. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushAsync();
    for (let t = this.takeDue(target); t; t = this.takeDue(target)) {
      this.current = Math.max(this.current, t.due);
      t.fn();
      await flushAsync();
    }
    this.current = target;
    await flushAsync();
  }
}
