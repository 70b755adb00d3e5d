/**
 * Shift readiness (issue 13, item 1). `pager.readinessLeadMinutes` (playbook, 15 by default)
 * before a shift of mine starts, the app checks that a page can reach me (the notifier's
 * capabilities, each source's token and feeds) and notifies "Your shift starts at 18:00. Ready."
 * or what is wrong, with a "Send test page" action. At the shift's start and end a quiet notice.
 * Back-to-back shifts are one stretch: no end/start notice between them, no second check.
 *
 * `shiftEvents` and `nextShiftEvent` are pure; `createShiftReadiness` arms one timer, on the
 * injected clock, for the next event, and is re-armed whenever the shifts or the playbook change.
 */
import type { Clock, Logger, NotificationRequest, Notifier, TimerHandle } from '../ports.js';
import type { MyShift } from './shifts.js';

/** Tag of the readiness notification. */
export const READINESS_TAG = 'shift-readiness';
/** Tag of the quiet shift start/end notice. */
export const SHIFT_NOTICE_TAG = 'shift-notice';
/** The readiness notification's action that sends a test page. */
export const SEND_TEST_ACTION = 'send-test';

/** One thing that happens around a shift. */
export interface ShiftEvent {
  kind: 'readiness' | 'start' | 'end';
  at: number;
  shift: MyShift;
}

const covered = (shifts: readonly MyShift[], at: number, self: MyShift): boolean =>
  shifts.some((s) => s !== self && s.startMs < at && at <= s.endMs);
const coveredAfter = (shifts: readonly MyShift[], at: number, self: MyShift): boolean =>
  shifts.some((s) => s !== self && s.startMs <= at && at < s.endMs);

/** Every readiness check, start and end of `shifts`, in time order (stretches merged). */
export function shiftEvents(shifts: readonly MyShift[], leadMs: number): ShiftEvent[] {
  const events: ShiftEvent[] = [];
  for (const shift of shifts) {
    // A shift that starts while another runs (or ends as it starts) continues my stretch.
    if (!covered(shifts, shift.startMs, shift)) {
      events.push({ kind: 'readiness', at: shift.startMs - leadMs, shift });
      events.push({ kind: 'start', at: shift.startMs, shift });
    }
    if (!coveredAfter(shifts, shift.endMs, shift))
      events.push({ kind: 'end', at: shift.endMs, shift });
  }
  const order = { readiness: 0, start: 1, end: 2 } as const;
  const unique = new Map<string, ShiftEvent>();
  for (const e of events) unique.set(`${e.kind}@${e.at}`, e);
  return [...unique.values()].sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
}

/**
 * The next event not yet `done` (keys `kind@at`): the first one after `now`, or a readiness check
 * whose time passed while its shift has not started yet (the app started late: check now).
 */
export function nextShiftEvent(
  shifts: readonly MyShift[],
  now: number,
  leadMs: number,
  done: ReadonlySet<string> = new Set(),
): ShiftEvent | undefined {
  return shiftEvents(shifts, leadMs).find(
    (e) =>
      !done.has(eventKey(e)) && (e.at > now || (e.kind === 'readiness' && e.shift.startMs > now)),
  );
}

/**
 * The key that marks `e` as done: its kind and the source's own time of its boundary, so a
 * source clock that moves (a new skew, new laptop times) never makes a done event due again.
 */
export function eventKey(e: ShiftEvent): string {
  return `${e.kind}@${e.kind === 'end' ? e.shift.end : e.shift.start}`;
}

/** Local `HH:MM` of `ms`. */
export function localHhMm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The readiness notification: ready, or the problems; always with "Send test page". */
export function readinessNotification(startsAt: string, problems: string[]): NotificationRequest {
  const ready = problems.length === 0;
  return {
    tag: READINESS_TAG,
    title: ready ? `Your shift starts at ${startsAt}. Ready.` : `Your shift starts at ${startsAt}.`,
    body: ready
      ? 'Notifications, sound and every feed work. Send a test page to hear it.'
      : `Not ready: ${problems.join(' ')}`,
    urgency: ready ? 'low' : 'normal',
    actions: [{ id: SEND_TEST_ACTION, label: 'Send test page' }],
    sticky: !ready,
    sound: false,
  };
}

/** The quiet notice at a shift's start or end. */
export function shiftNotice(e: ShiftEvent, hhmm: (ms: number) => string): NotificationRequest {
  const start = e.kind === 'start';
  return {
    tag: SHIFT_NOTICE_TAG,
    title: start ? 'Your shift started' : 'Your shift ended',
    body: start
      ? `${e.shift.rotationName} until ${hhmm(Date.parse(e.shift.end))}.`
      : `${e.shift.rotationName}: you are off call.`,
    urgency: 'low',
    actions: [],
    sticky: false,
    sound: false,
  };
}

/** What the readiness scheduler needs. */
export interface ShiftReadinessDeps {
  clock: Clock;
  logger: Logger;
  notifier: Pick<Notifier, 'show'>;
  shifts(): MyShift[];
  /** The playbook's `pager.readinessLeadMinutes`. */
  leadMinutes(): number;
  /** What could stop a page reaching me now (notifier, tokens, feeds); empty when ready. */
  problems(): Promise<string[]>;
  /** Local `HH:MM` (tests pin the time zone); `localHhMm` by default. */
  formatTime?(ms: number): string;
  /** After each event was notified (the shift start also shows the low-urgency digest). */
  onEvent?(e: ShiftEvent): void;
}

/** The readiness scheduler. */
export interface ShiftReadiness {
  /** Re-arms the timer for the next event (shifts or the playbook changed). */
  recompute(): void;
  /** Runs the readiness check now, whatever the time ("Check now"). */
  checkNow(): Promise<string[]>;
  stop(): void;
}

/** Builds the scheduler; nothing is armed before the first `recompute()`. */
export function createShiftReadiness(deps: ShiftReadinessDeps): ShiftReadiness {
  const { clock, logger, notifier } = deps;
  const fmt = deps.formatTime ?? localHhMm;
  const done = new Set<string>();
  let timer: TimerHandle | undefined;
  let armed: ShiftEvent | undefined;

  const show = (request: NotificationRequest): void => {
    void notifier.show(request).catch((error: unknown) => {
      logger.error('shift notification failed', { error: String(error) });
    });
  };

  async function check(startMs: number): Promise<string[]> {
    let problems: string[];
    try {
      problems = await deps.problems();
    } catch (error) {
      problems = [`Could not check: ${String(error)}`];
    }
    logger.info('shift readiness', { ready: problems.length === 0, problems });
    show(readinessNotification(fmt(startMs), problems));
    return problems;
  }

  async function run(e: ShiftEvent): Promise<void> {
    done.add(eventKey(e));
    // The times said are the schedule's own (the source's), like every time the UI shows.
    if (e.kind === 'readiness') await check(Date.parse(e.shift.start));
    else show(shiftNotice(e, fmt));
    deps.onEvent?.(e);
  }

  function recompute(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    const now = clock.now();
    const shifts = deps.shifts();
    const leadMs = deps.leadMinutes() * 60_000;
    // An armed event whose time came while its timer had not fired yet (or that the source's
    // clock moved past) is not lost to a recompute: found again by its key, at its new time.
    const armedKey = armed && !done.has(eventKey(armed)) ? eventKey(armed) : undefined;
    const late = shiftEvents(shifts, leadMs).find((e) => eventKey(e) === armedKey && e.at <= now);
    const next = late ?? nextShiftEvent(shifts, now, leadMs, done);
    armed = next;
    if (!next) return;
    timer = clock.setTimeout(
      () => {
        timer = undefined;
        void run(next).finally(recompute);
      },
      Math.max(0, next.at - now),
    );
  }

  return {
    recompute,
    checkNow: () => {
      const upcoming = nextShiftEvent(deps.shifts(), clock.now(), 0);
      return check(upcoming ? Date.parse(upcoming.shift.start) : clock.now());
    },
    stop() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
