/**
 * The incident's clocks, from the playbook: the next status update ("every 15 minutes minimum"),
 * the customer email ("within 24 hours of resolution", SEV-1 and SEV-2) and the post-mortem
 * ("within 72 hours"), and the reminders each one earns. Pure: the caller passes the time and
 * remembers which reminders it sent; reminder ids are derived from the data, so a reminder is
 * sent once even across restarts.
 */
import type { Incident, Person } from '../domain.js';
import type { Playbook } from '../playbook.js';

/** Which clock a deadline is. */
export type DeadlineKind = 'status-update' | 'customer-email' | 'post-mortem';

/** The incident role a deadline belongs to. */
export type DeadlineOwner = 'commander' | 'comms';

/** One thing due for one incident. */
export interface Deadline {
  /** `${kind}:${incidentId}:${dueAt as ISO}`: changes when the due time does. */
  id: string;
  kind: DeadlineKind;
  incidentId: string;
  owner: DeadlineOwner;
  /**
   * The person holding `owner` in the incident, falling back to the commander when nobody holds
   * comms; `null` when the role is unassigned.
   */
  assignee: Person | null;
  /** E.g. `Status update for "Checkout p99 elevated"`. */
  label: string;
  /** When the clock started (the last update, or the resolution), ms since the epoch. */
  startsAt: number;
  dueAt: number;
  /** Once overdue, remind again every this many ms (status updates); `null`: remind at due only. */
  repeatEveryMs: number | null;
}

/** A reminder to send now. */
export interface Reminder {
  /** `${deadline.id}:${point}`, e.g. `customer-email:inc-1:2026-03-03T10:00:00.000Z:1h-before`. */
  id: string;
  deadlineId: string;
  kind: DeadlineKind;
  incidentId: string;
  owner: DeadlineOwner;
  assignee: Person | null;
  message: string;
  /** When this reminder became due, ms since the epoch (at or before `nowMs`). */
  at: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Reminder lead times before the deadline, in hours; the deadline itself always reminds. */
export const REMINDER_LEAD_HOURS: Readonly<Record<DeadlineKind, readonly number[]>> = {
  'status-update': [],
  'customer-email': [4, 1],
  'post-mortem': [24, 4],
};

function ms(ts: string | number | null | undefined): number | null {
  if (ts === null || ts === undefined) return null;
  const v = typeof ts === 'number' ? ts : Date.parse(ts);
  return Number.isFinite(v) ? v : null;
}

function assigneeFor(incident: Incident, owner: DeadlineOwner): Person | null {
  const { commander, comms } = incident.roles;
  return (owner === 'comms' ? (comms ?? commander) : commander) ?? null;
}

/** Which deadlines are already met, so they stop reminding. */
export interface DeadlinesDone {
  customerEmailSent?: boolean;
  postMortemPublished?: boolean;
}

/**
 * The deadlines `incident` has right now under `playbook`:
 * - `status-update` (owner comms), while the incident is not resolved: due `cadenceMinutes`
 *   after the latest of `lastUpdateAt`, `incident.lastUpdateAt` and `incident.openedAt`;
 *   overdue reminders repeat every `overdueRepeatMinutes`.
 * - `customer-email` (owner comms), once resolved with `resolvedAt`, for severities in
 *   `playbook.customerEmail.severities`: due `customerEmail.dueHours` after resolution.
 * - `post-mortem` (owner commander), once resolved with `resolvedAt`, for every severity: due
 *   `postMortem.dueHours` after resolution.
 * Deadlines marked in `done` are left out. Unparseable times are ignored.
 */
export function deadlinesFor(
  incident: Incident,
  lastUpdateAt: string | number | null | undefined,
  playbook: Playbook,
  done: DeadlinesDone = {},
): Deadline[] {
  const out: Deadline[] = [];
  const make = (
    kind: DeadlineKind,
    owner: DeadlineOwner,
    label: string,
    startsAt: number,
    dueAt: number,
    repeatEveryMs: number | null,
  ): Deadline => ({
    id: `${kind}:${incident.id}:${new Date(dueAt).toISOString()}`,
    kind,
    incidentId: incident.id,
    owner,
    assignee: assigneeFor(incident, owner),
    label: `${label} for "${incident.summary}"`,
    startsAt,
    dueAt,
    repeatEveryMs,
  });

  if (incident.status !== 'resolved') {
    const candidates = [ms(incident.openedAt), ms(incident.lastUpdateAt), ms(lastUpdateAt)];
    const known = candidates.filter((v): v is number => v !== null);
    if (known.length > 0) {
      const last = Math.max(...known);
      const { cadenceMinutes, overdueRepeatMinutes } = playbook.statusUpdates;
      out.push(
        make(
          'status-update',
          'comms',
          'Status update',
          last,
          last + cadenceMinutes * MINUTE_MS,
          overdueRepeatMinutes * MINUTE_MS,
        ),
      );
    }
    return out;
  }

  const resolvedAt = ms(incident.resolvedAt);
  if (resolvedAt === null) return out;
  const email = playbook.customerEmail;
  if (!done.customerEmailSent && email.severities.includes(incident.severity)) {
    out.push(
      make(
        'customer-email',
        email.owner,
        'Customer email',
        resolvedAt,
        resolvedAt + email.dueHours * HOUR_MS,
        null,
      ),
    );
  }
  if (!done.postMortemPublished) {
    const pmRule = playbook.postMortem;
    out.push(
      make(
        'post-mortem',
        pmRule.owner,
        'Post-mortem',
        resolvedAt,
        resolvedAt + pmRule.dueHours * HOUR_MS,
        null,
      ),
    );
  }
  return out;
}

interface Point {
  suffix: string;
  at: number;
  message: string;
}

function minutes(msValue: number): string {
  const m = Math.round(msValue / MINUTE_MS);
  return m >= 120 && m % 60 === 0 ? `${m / 60} h` : `${m} min`;
}

/** The fixed reminder points of a deadline, earliest first, skipping those before it started. */
function fixedPoints(d: Deadline): Point[] {
  const before = REMINDER_LEAD_HOURS[d.kind]
    .map((h) => ({
      suffix: `${h}h-before`,
      at: d.dueAt - h * HOUR_MS,
      message: `${d.label} is due in ${h} h.`,
    }))
    .filter((p) => p.at >= d.startsAt);
  return [...before, { suffix: 'due', at: d.dueAt, message: `${d.label} is due now.` }].sort(
    (a, b) => a.at - b.at,
  );
}

/** The latest reminder point of `d` at or before `nowMs`, or `null` when none is reached yet. */
function latestPoint(d: Deadline, nowMs: number): Point | null {
  if (d.repeatEveryMs !== null && nowMs >= d.dueAt + d.repeatEveryMs) {
    const k = Math.floor((nowMs - d.dueAt) / d.repeatEveryMs);
    const late = k * d.repeatEveryMs;
    return {
      suffix: `overdue-${k}`,
      at: d.dueAt + late,
      message: `${d.label} is overdue by ${minutes(late)}: post one now, even if it is "still investigating".`,
    };
  }
  const reached = fixedPoints(d).filter((p) => p.at <= nowMs);
  return reached[reached.length - 1] ?? null;
}

/**
 * The reminders to send at `nowMs`: for each deadline, the most recent reminder point reached
 * (status updates: at due, then every `repeatEveryMs` overdue; customer email: 4 h before, 1 h
 * before, at the deadline; post-mortem: 24 h before, 4 h before, at the deadline), unless its id
 * is in `alreadySent`. Older points that were missed (the laptop slept) are not replayed: one
 * reminder per deadline at most, the current one. Lead points before the clock started are
 * skipped. Add each returned id to `alreadySent` once sent.
 */
export function remindersDue(
  deadlines: readonly Deadline[],
  nowMs: number,
  alreadySent: ReadonlySet<string>,
): Reminder[] {
  const out: Reminder[] = [];
  for (const d of deadlines) {
    const point = latestPoint(d, nowMs);
    if (!point) continue;
    const id = `${d.id}:${point.suffix}`;
    if (alreadySent.has(id)) continue;
    out.push({
      id,
      deadlineId: d.id,
      kind: d.kind,
      incidentId: d.incidentId,
      owner: d.owner,
      assignee: d.assignee,
      message: point.message,
      at: point.at,
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * When the next reminder point after `nowMs` falls, across `deadlines`, so the caller can set
 * one timer instead of polling; `null` when no point is left.
 */
export function nextReminderAt(deadlines: readonly Deadline[], nowMs: number): number | null {
  let next: number | null = null;
  for (const d of deadlines) {
    let at: number | undefined = fixedPoints(d).find((p) => p.at > nowMs)?.at;
    if (at === undefined && d.repeatEveryMs !== null) {
      at = d.dueAt + (Math.floor((nowMs - d.dueAt) / d.repeatEveryMs) + 1) * d.repeatEveryMs;
    }
    if (at !== undefined && (next === null || at < next)) next = at;
  }
  return next;
}
