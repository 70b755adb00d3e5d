/**
 * Time formatting for people who just woke up: short, local, unambiguous. Pure functions of their
 * arguments (the caller passes "now"), so they are easy to test and never read the clock.
 */

function span(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest && hours < 10 ? `${hours} h ${rest} min` : `${hours} h`;
  }
  return `${Math.round(hours / 24)} days`;
}

/** "in 3 h", "in 12 min", or "2 h ago" for a moment relative to `nowMs`. */
export function formatRelative(targetMs: number, nowMs: number): string {
  const delta = targetMs - nowMs;
  return delta >= 0 ? `in ${span(delta)}` : `${span(delta)} ago`;
}

/** How long ago something started: "just now", "4 min", "2 h 5 min". */
export function formatAge(sinceMs: number, nowMs: number): string {
  const delta = nowMs - sinceMs;
  if (delta < 60_000) return 'just now';
  return `${span(delta)} ago`;
}

/** How long something has lasted, to the second under a minute: "42 s", "4 min", "1 h 5 min". */
export function formatElapsed(sinceMs: number, nowMs: number): string {
  const delta = Math.max(0, nowMs - sinceMs);
  if (delta < 60_000) return `${Math.floor(delta / 1000)} s`;
  return span(delta);
}

/** The full local date and time, for tooltips and `<time>` titles. */
export function formatFull(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' }).format(ms);
}

/**
 * A clock time with its zone, "12:05 PST" (or "12:05 PM PST"), in `timeZone` when given (an IANA
 * name), else the browser's zone. Used wherever a time is read across zones: shifts, clocks, pages.
 */
export function formatClockZoned(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(ms);
}

/** A local date and time with its zone, "Mon 12:10 PM PST"; the date too when not within a week. */
export function formatLocalZoned(ms: number, nowMs: number): string {
  const sameWeek = Math.abs(ms - nowMs) < 6 * 24 * 3_600_000;
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    ...(sameWeek ? {} : { day: 'numeric', month: 'short' }),
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(ms);
}
