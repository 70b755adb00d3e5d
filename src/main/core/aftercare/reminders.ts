/**
 * The playbook's clocks as reminders and tray lines: each reminder is sent once, even across
 * restarts (the store keeps the ids sent), and only to the role that owns it when that role is the
 * app's user. A timer re-checks at the next due time, and at least hourly (a laptop that slept
 * must not wait for a far-away timer).
 */
import type { Incident } from '../../../shared/domain.js';
import {
  nextReminderAt,
  remindersDue,
  type Deadline,
  type Reminder,
} from '../../../shared/aftercare/deadlines.js';
import type { ConsoleView } from '../../../shared/aftercare/views.js';
import type { TimerHandle, TrayMenuItem } from '../ports.js';
import { deadlinesOf, isForMe, type IncidentConsole } from './console.js';
import type { AftercareContext } from './context.js';

/** The longest the timer waits before looking again. */
const MAX_WAIT_MS = 3600_000;

function reminderTitle(reminder: Reminder, incident: Incident): string {
  const overdue = reminder.id.includes(':overdue-');
  if (reminder.kind === 'status-update') {
    return `${overdue ? 'Status update overdue' : 'Status update due'} for ${incident.summary}`;
  }
  const what = reminder.kind === 'customer-email' ? 'Customer email' : 'Post-mortem';
  return `${what} for ${incident.summary}`;
}

function clockTime(ms: number, now: number): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return ms - now < 20 * 3600_000 && new Date(now).getDate() === d.getDate()
    ? hm
    : `${d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })} ${hm}`;
}

/** The tray menu lines of the console: each incident's clocks, due or overdue. */
export function trayItems(v: ConsoleView, now: number): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  for (const e of v.incidents) {
    const name = `${e.incident.id} (SEV-${e.incident.severity})`;
    if (e.clocks.length === 0 && e.incident.status !== 'resolved') {
      items.push({ kind: 'label', label: `${name}: ${e.incident.status}` });
    }
    for (const c of e.clocks) {
      const due = Date.parse(c.dueAt);
      const what =
        c.kind === 'status-update'
          ? 'next status update'
          : c.kind === 'customer-email'
            ? 'customer email'
            : 'post-mortem';
      const when =
        due <= now ? `overdue since ${clockTime(due, now)}` : `due ${clockTime(due, now)}`;
      items.push({ kind: 'label', label: `${name}: ${what} ${when}` });
    }
  }
  return items;
}

/** The reminder loop. */
export interface Reminders {
  /** Sends the reminders due now and re-arms the timer. */
  run(): void;
  /** Lets the timer be armed (the next `run()` arms it). */
  start(): void;
  /** Disarms the timer. */
  stop(): void;
}

/** Creates the reminder loop; `publish` runs after each timer-driven round. */
export function createReminders(
  ctx: AftercareContext,
  console: IncidentConsole,
  publish: () => void,
): Reminders {
  const { clock, logger } = ctx.deps;
  let timer: TimerHandle | undefined;
  let started = false;

  function run(): void {
    const now = clock.now();
    const person = console.me();
    const records = console.visibleRecords(now);
    // Each incident's deadlines count in its platform's time (the laptop's plus the source's skew).
    const timed = records.map((r) => ({
      r,
      deadlines: deadlinesOf(ctx, r),
      skewMs: ctx.platformNow(r.sourceId) - now,
    }));
    const sentBefore = ctx.store.sentReminders();
    const sent: string[] = [];
    for (const { r, deadlines, skewMs } of timed) {
      for (const reminder of remindersDue(deadlines, now + skewMs, sentBefore)) {
        sent.push(reminder.id);
        if (!isForMe(reminder.kind, r.incident, person)) continue;
        notify(reminder, r.incident);
      }
    }
    try {
      ctx.store.markSent(sent);
    } catch (error) {
      logger.error('aftercare: could not record sent reminders', { error: String(error) });
    }
    schedule(timed, now);
  }

  function notify(reminder: Reminder, incident: Incident): void {
    ctx.deps.notifier
      .show({
        tag: `aftercare:${reminder.incidentId}:${reminder.kind}`,
        title: reminderTitle(reminder, incident),
        body: reminder.message,
        urgency: reminder.kind === 'status-update' ? 'critical' : 'normal',
        actions: [{ id: 'open', label: 'Open' }],
        sticky: false,
        sound: true,
      })
      .catch((error: unknown) =>
        logger.warn('aftercare reminder could not be shown', { error: String(error) }),
      );
  }

  function clear(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  /** Arms the timer for the earliest next reminder, in laptop time. */
  function schedule(timed: { deadlines: Deadline[]; skewMs: number }[], now: number): void {
    clear();
    if (!started) return;
    let wait = MAX_WAIT_MS;
    for (const { deadlines, skewMs } of timed) {
      const next = nextReminderAt(deadlines, now + skewMs);
      if (next !== null) wait = Math.min(wait, Math.max(0, next - skewMs - now));
    }
    timer = clock.setTimeout(() => {
      timer = undefined;
      run();
      publish();
    }, wait);
  }

  return {
    run,
    start() {
      started = true;
    },
    stop() {
      started = false;
      clear();
    },
  };
}
