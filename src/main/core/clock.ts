/** The real clock for hosts: `Date.now` and Node's timers behind the `Clock` port. */
import type { Clock, TimerHandle } from './ports.js';

/**
 * A `Clock` over the process's real time and timers. Timers are `unref`'d where the runtime
 * allows, so a pending poll never keeps a shutting-down process alive.
 */
export function createPlainClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const handle = globalThis.setTimeout(fn, Math.max(0, ms));
      handle.unref?.();
      return handle as TimerHandle;
    },
    clearTimeout(handle) {
      globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
    },
  };
}
