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
    const deadlines = records.flatMap((r) => deadlinesOf(ctx, r));
    const due = remindersDue(deadlines, now, ctx.store.sentReminders());
    const sent: string[] = [];
    for (const reminder of due) {
      const r = records.find((x) => x.incidentId === reminder.incidentId);
      sent.push(reminder.id);
      if (!r || !isForMe(reminder.kind, r.incident, person)) continue;
      ctx.deps.notifier
        .show({
          tag: `aftercare:${reminder.incidentId}:${reminder.kind}`,
          title: reminderTitle(reminder, r.incident),
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
    try {
      ctx.store.markSent(sent);
    } catch (error) {
      logger.error('aftercare: could not record sent reminders', { error: String(error) });
    }
    schedule(deadlines, now);
  }

  function clear(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  function schedule(deadlines: Deadline[], now: number): void {
    clear();
    if (!started) return;
    const next = nextReminderAt(deadlines, now);
    const wait = Math.min(next === null ? MAX_WAIT_MS : Math.max(0, next - now), MAX_WAIT_MS);
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
