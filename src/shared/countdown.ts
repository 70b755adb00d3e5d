/**
 * The escalation countdown shown on the alert, the page list and heads-up notices. Pure: used by
 * main and the renderer alike. Times are corrected by the platform's clock skew.
 */
import type { Page } from './domain.js';

/** What the countdown shows for one page at one instant. */
export interface EscalationCountdown {
  /** Who is paged next if nobody acknowledges; `null` when nobody is (or the page is not triggered). */
  targetName: string | null;
  /** Milliseconds until the next step, never negative; `null` when there is no next step. */
  msLeft: number | null;
  /** One line for humans, e.g. "escalates to Bob Lee in 4:59". */
  label: string;
}

/**
 * Formats a duration as `m:ss` (or `h:mm:ss` from one hour), rounding up to the whole second so
 * that "0:00" only shows when the time is up. Negative durations show as "0:00".
 */
export function formatMmSs(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/**
 * The countdown to the page's next escalation step at laptop time `nowMs`, where `skewMs` is the
 * platform clock minus the laptop clock. Acknowledged and resolved pages have no countdown.
 */
export function escalationCountdown(
  page: Page,
  nowMs: number,
  skewMs: number,
): EscalationCountdown {
  if (page.status === 'acknowledged') {
    const by = page.acknowledgedBy?.name;
    return { targetName: null, msLeft: null, label: by ? `acknowledged by ${by}` : 'acknowledged' };
  }
  if (page.status === 'resolved') return { targetName: null, msLeft: null, label: 'resolved' };
  const { nextAt, nextTarget } = page.escalation;
  if (nextAt === null) {
    return { targetName: null, msLeft: null, label: 'no further escalation' };
  }
  const targetName = nextTarget?.name ?? null;
  const who = targetName ?? 'the next step';
  const next = Date.parse(nextAt);
  // The skew comes from a `Date` header with one-second resolution: an excess over the step's
  // own interval smaller than that is measurement error (a 5-minute step must not start at 5:01).
  const current = page.escalation.steps[page.escalation.step]?.notifiedAt;
  const stepStart = current ? Date.parse(current) : ringingSinceMs(page);
  const raw = next - (nowMs + skewMs);
  const interval = next - stepStart;
  const msLeft = Math.max(0, raw > interval && raw - interval < 1000 ? interval : raw);
  const label =
    msLeft === 0 ? `escalating to ${who} now` : `escalates to ${who} in ${formatMmSs(msLeft)}`;
  return { targetName, msLeft, label };
}

/**
 * Since when the page has rung in its current round, in platform time: the moment its first step
 * was notified (a re-trigger notifies it again and so restarts the count), else its creation.
 */
export function ringingSinceMs(page: Page): number {
  const first = page.escalation.steps[0]?.notifiedAt;
  const at = first ? Date.parse(first) : NaN;
  return Number.isNaN(at) ? Date.parse(page.createdAt) : at;
}

/** Severity rank for ordering: SEV-1 first, pages without a severity last. */
function severityRank(page: Page): number {
  return page.severity ?? 4;
}

/** Orders pages most urgent first: by severity, then the oldest first. */
export function byUrgency(a: Page, b: Page): number {
  return severityRank(a) - severityRank(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt);
}
