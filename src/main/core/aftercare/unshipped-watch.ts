/**
 * "If none ever ship, escalate that pattern", on the clock: the unshipped-items check
 * (`checkUnshipped`: ticket states read from Linear, then the EM told once when no item of the
 * last N post-mortems shipped within the playbook's window) runs at start and every
 * `UNSHIPPED_CHECK_MS` on the injected clock, with nobody opening a screen. Checks never overlap:
 * a check asked for while one runs (the timer, or the action-items list opening) shares it, so
 * two cannot both find the pattern new and tell the EM twice.
 */
import type { TimerHandle } from '../ports.js';
import { checkUnshipped } from './action-items.js';
import type { AftercareContext } from './context.js';

/** How often the check runs: hourly (the window is counted in days). */
export const UNSHIPPED_CHECK_MS = 3600_000;

/** The check and its timer. */
export interface UnshippedWatch {
  /** Runs the check now, or joins the one running. */
  check(): Promise<void>;
  /** Checks now, then every `UNSHIPPED_CHECK_MS`. */
  start(): void;
  stop(): void;
}

/** Creates the watch over `ctx`; `changed` runs after each timer-driven check. */
export function createUnshippedWatch(ctx: AftercareContext, changed: () => void): UnshippedWatch {
  const { clock, logger } = ctx.deps;
  let running: Promise<void> | undefined;
  let timer: TimerHandle | undefined;
  let started = false;

  function check(): Promise<void> {
    running ??= checkUnshipped(ctx).finally(() => {
      running = undefined;
    });
    return running;
  }

  function tick(): void {
    check()
      .then(changed, (error: unknown) =>
        logger.warn('aftercare: could not check the action items', { error: String(error) }),
      )
      .finally(arm);
  }

  function arm(): void {
    if (!started || timer !== undefined) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      tick();
    }, UNSHIPPED_CHECK_MS);
  }

  return {
    check,
    start() {
      if (started) return;
      started = true;
      tick();
    },
    stop() {
      started = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
