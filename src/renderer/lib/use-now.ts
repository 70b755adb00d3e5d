/** A ticking clock for countdowns and ages. */
import { useEffect, useState } from 'react';

/**
 * The laptop's `Date.now()`, refreshed every `intervalMs` (default one second) while mounted.
 * Callers add a page's `skewMs` to get the platform's clock.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
