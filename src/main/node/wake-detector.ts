/**
 * Detects a wake from sleep in plain Node (Electron has powerMonitor; the Node host has not):
 * a timer that fires far later than asked means the machine was suspended.
 */

/** Calls `onWake` when a `tickMs` timer fires more than `thresholdMs` late. Returns a stop function. */
export function watchForWake(
  onWake: (sleptMs: number) => void,
  options: { tickMs?: number; thresholdMs?: number; now?: () => number } = {},
): () => void {
  const tick = options.tickMs ?? 5000;
  const threshold = options.thresholdMs ?? 20_000;
  const now = options.now ?? Date.now;
  let last = now();
  const timer = setInterval(() => {
    const t = now();
    const late = t - last - tick;
    last = t;
    if (late > threshold) onWake(late);
  }, tick);
  timer.unref();
  return () => clearInterval(timer);
}
