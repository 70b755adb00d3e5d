/**
 * The hand-off service: keeps the shift log (`shift-log.ts`) from the app state, notifies at the
 * end of my shift (with an action that opens the brief), answers the `handoff:*` commands (the
 * brief from `handoff.ts`, notes, the Slack post) and `shifts:export-ics` (`shifts-calendar.ts`,
 * saved through the `SaveFile` port). The tray's "Hand-off brief…" and "Export my shifts…" come
 * here through `onTrayMenu`.
 */
import { IpcError, type CommandName } from '../../../shared/contract.js';
import type { AppState } from '../../../shared/domain.js';
import type { ConsoleIncident } from '../../../shared/aftercare/views.js';
import type { HandoffView } from '../../../shared/handoff.js';
import type { Playbook } from '../../../shared/playbook.js';
import { safeFileName, type SaveFile } from '../aftercare/export-file.js';
import type { SlackClient } from '../integrations/slack-client.js';
import { TRAY_IDS } from '../app-state/tray-view.js';
import type { Clock, HandlersFor, KeyValueStore, Logger, Notifier, TimerHandle } from '../ports.js';
import { briefText, buildHandoffBrief, type BriefShift } from './handoff.js';
import { ShiftLog, type ShiftLogSnapshot } from './shift-log.js';
import { myShifts, type MyShift, type RotationsOfSource } from './shifts.js';
import { shiftsCalendar } from './shifts-calendar.js';

/** The tag of the end-of-shift notification, and its action. */
export const SHIFT_END_TAG = 'handoff:shift-end';
export const OPEN_HANDOFF_ACTION = 'open-handoff';

/** The commands this service answers. */
export type HandoffCommandName = Extract<CommandName, `handoff:${string}` | `shifts:${string}`>;

/** What the service needs. */
export interface HandoffDeps {
  clock: Clock;
  logger: Logger;
  store: KeyValueStore<ShiftLogSnapshot>;
  notifier: Notifier;
  playbook(): Playbook;
  appState(): AppState;
  /** Every source's rotations, who I am there and its skew. */
  rotations(): RotationsOfSource[];
  incidents(): ConsoleIncident[];
  slack(): SlackClient | undefined;
  saveFile: SaveFile;
  /** The laptop's IANA zone (used when my own is unknown). */
  localTimeZone(): string;
  /** Shows the brief (the main window at `/handoff`, where the host has one). */
  openHandoff(): void;
}

/** The hand-off service. */
export interface HandoffService {
  readonly handlers: HandlersFor<HandoffCommandName>;
  /** Re-reads the app state: logs pages, re-arms the end-of-shift timer. */
  refresh(): void;
  onNotificationAction(tag: string, actionId: string): void;
  onTrayMenu(id: string): void;
  stop(): void;
}

const shiftKey = (s: MyShift) => `${s.rotationId}:${s.level}:${s.end}`;

/** My shifts running now, laptop-time boundaries. */
function shiftsNow(deps: Pick<HandoffDeps, 'clock' | 'rotations'>): MyShift[] {
  const now = deps.clock.now();
  return myShifts(deps.rotations()).filter((s) => s.startMs <= now && now < s.endMs);
}

/** The brief's shift made of `shifts` (`null` for none). */
function asBriefShift(shifts: readonly MyShift[]): BriefShift | null {
  if (shifts.length === 0) return null;
  return {
    rotationIds: [...new Set(shifts.map((s) => s.rotationId))],
    rotations: [...new Set(shifts.map((s) => s.rotationName))],
    start: shifts.map((s) => s.start).sort()[0] ?? '',
    end:
      shifts
        .map((s) => s.end)
        .sort()
        .at(-1) ?? '',
  };
}

/** Notices the end of my shifts (by timer, or when a state shows it passed) and notifies once. */
function createShiftEndWatch(
  deps: HandoffDeps,
  log: ShiftLog,
): { check(): void; lastEnded(): { shift: BriefShift; at: string } | undefined; stop(): void } {
  const { clock, logger } = deps;
  /** Shifts I was on when last seen, by key, with their laptop-time end. */
  const tracked = new Map<string, MyShift>();
  let lastEnded: { shift: BriefShift; at: string } | undefined;
  let timer: TimerHandle | undefined;

  function notifyEnded(ended: MyShift[]): void {
    const fresh = ended.filter((s) => log.markEndNotified(shiftKey(s)));
    if (fresh.length === 0) return;
    const shift = asBriefShift(fresh);
    if (!shift) return;
    lastEnded = { shift, at: new Date(clock.now()).toISOString() };
    logger.info('hand-off: shift ended', { rotations: shift.rotations });
    if (!deps.playbook().handoff.notifyAtShiftEnd) return;
    deps.notifier
      .show({
        tag: SHIFT_END_TAG,
        title: `Your ${shift.rotations.join(', ')} shift has ended`,
        body: 'Write the hand-off brief for the next on-call.',
        urgency: 'normal',
        actions: [{ id: OPEN_HANDOFF_ACTION, label: 'Open hand-off brief' }],
        sticky: false,
        sound: false,
      })
      .catch((error: unknown) =>
        logger.warn('end-of-shift notification failed', { error: String(error) }),
      );
  }

  function check(): void {
    const now = clock.now();
    for (const s of shiftsNow(deps)) tracked.set(shiftKey(s), s);
    // A shift that left the feed keeps its last known end, in its rotation's current clock (the
    // platform's clock may have moved since: its end is then nearer or past in laptop time).
    const sources = deps.rotations();
    const all = new Map(myShifts(sources).map((s) => [shiftKey(s), s]));
    const skewOf = new Map(sources.flatMap((o) => o.rotations.map((r) => [r.id, o.skewMs])));
    for (const [key, s] of tracked) {
      const skew = skewOf.get(s.rotationId);
      const moved = skew === undefined ? s : { ...s, endMs: Date.parse(s.end) - skew };
      tracked.set(key, all.get(key) ?? moved);
    }
    const ended = [...tracked.values()].filter((s) => s.endMs <= now);
    for (const s of ended) tracked.delete(shiftKey(s));
    notifyEnded(ended);
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    const next = Math.min(...[...tracked.values()].map((s) => s.endMs));
    if (Number.isFinite(next)) timer = clock.setTimeout(check, Math.max(0, next - now));
  }

  return {
    check,
    lastEnded: () => lastEnded,
    stop() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Builds the service; call `refresh()` on every app state change. */
export function createHandoffService(deps: HandoffDeps): HandoffService {
  const { clock, logger } = deps;
  const log = new ShiftLog(deps.store, clock, logger);
  const ends = createShiftEndWatch(deps, log);

  function view(): HandoffView {
    const state = deps.appState();
    const me = state.sources.find((s) => s.me)?.me ?? null;
    const current = asBriefShift(shiftsNow(deps));
    const brief = buildHandoffBrief({
      now: clock.now(),
      me,
      state,
      incidents: deps.incidents(),
      log: log.snapshot(),
      shift: current ?? ends.lastEnded()?.shift ?? null,
    });
    const channel = deps.playbook().handoff.slackChannel.trim();
    return {
      brief,
      text: briefText(brief),
      slackChannel: channel || null,
      slackConnected: deps.slack() !== undefined,
      shiftEndedAt: ends.lastEnded()?.at ?? null,
    };
  }

  async function exportShifts(): Promise<{ path: string; count: number }> {
    const me = deps.appState().sources.find((s) => s.me)?.me;
    const { ics, count } = shiftsCalendar({
      shifts: myShifts(deps.rotations()),
      now: clock.now(),
      days: deps.playbook().handoff.calendarDays,
      timeZone: me?.timezone ?? deps.localTimeZone(),
    });
    const day = new Date(clock.now()).toISOString().slice(0, 10);
    const path = await deps.saveFile(safeFileName(`zephyr-shifts-${day}.ics`), ics);
    logger.info('shifts exported', { count });
    return { path, count };
  }

  const handlers: HandlersFor<HandoffCommandName> = {
    'handoff:get': async () => view(),
    'handoff:add-note': async ({ text }) => {
      log.addNote(text.trim());
      return view();
    },
    'handoff:delete-note': async ({ id }) => {
      log.deleteNote(id);
      return view();
    },
    'handoff:post-slack': async () => {
      const v = view();
      const slack = deps.slack();
      if (!v.slackChannel)
        throw new IpcError(
          'unavailable',
          'No hand-off channel in the playbook (handoff.slackChannel).',
        );
      if (!slack) throw new IpcError('unavailable', 'Slack is not connected (Settings).');
      try {
        const { ts } = await slack.postMessage(v.slackChannel, v.text);
        return { channel: v.slackChannel, ts };
      } catch (error) {
        throw new IpcError('unavailable', `Slack refused the brief: ${(error as Error).message}`);
      }
    },
    'shifts:export-ics': exportShifts,
  };

  return {
    handlers,
    refresh() {
      try {
        log.observe(deps.appState().pages);
      } catch (error) {
        logger.error('shift log: could not record pages', { error: String(error) });
      }
      ends.check();
    },
    onNotificationAction(tag, actionId) {
      if (tag === SHIFT_END_TAG && (actionId === OPEN_HANDOFF_ACTION || actionId === 'default'))
        deps.openHandoff();
    },
    onTrayMenu(id) {
      if (id === TRAY_IDS.handoff) deps.openHandoff();
      if (id === TRAY_IDS.exportShifts)
        exportShifts().catch((error: unknown) =>
          logger.warn('shift export from tray failed', { error: String(error) }),
        );
    },
    stop: ends.stop,
  };
}
