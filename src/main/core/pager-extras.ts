/**
 * The pager's extras (issue 13) composed over the app service's parts: shift readiness
 * (`on-call/readiness`), the acknowledgement timeout (`paging/ack-timeout`), quiet hours for low
 * urgency (`paging/quiet-hours`) and resolve / escalate now / re-acknowledge
 * (`paging/page-actions`). Each notifies through the one notifier, reads its rule from the
 * playbook in force (`pager.*`) at each use, and follows the injected clock.
 */
import type { AppState } from '../../shared/domain.js';
import type { SourceSet } from './feeds/source-set.js';
import type { ConfigReader } from './config/config-reader.js';
import { createShiftReadiness, type ShiftReadiness } from './on-call/readiness.js';
import { reachabilityProblems } from './on-call/reachability.js';
import { myShifts, type OnCallWatch, type RotationsOfSource } from './on-call/shifts.js';
import type { Acknowledger } from './paging/acknowledge.js';
import { ACK_TIMEOUT_TAG, createAckTimeout, type AckTimeout } from './paging/ack-timeout.js';
import { escalationTargets } from './paging/escalation-targets.js';
import { createPageActions, type PageActions } from './paging/page-actions.js';
import { createNoticeBoard, type NoticeBoard } from './pager-notices.js';
import type { PageTracker } from './paging/page-tracker.js';
import { createLowUrgencyHold, type LowUrgencyHold } from './paging/quiet-hours.js';
import type { AppServiceDeps, HandlersFor } from './ports.js';

/** What the extras need from the app service. */
export interface PagerExtrasDeps {
  deps: Pick<AppServiceDeps, 'clock' | 'logger' | 'notifier' | 'playbook'>;
  config: ConfigReader;
  tracker: PageTracker;
  acks: Acknowledger;
  sources: Pick<SourceSet, 'all' | 'get'>;
  snapshots(): RotationsOfSource[];
  onCall: Pick<OnCallWatch, 'onCall'>;
  /** What the UI shows changed (a notice, a reminder). */
  onChange(): void;
}

/** The extras, as the app service drives them. */
export interface PagerExtras {
  readonly readiness: ShiftReadiness;
  readonly ackTimeout: AckTimeout;
  readonly hold: LowUrgencyHold;
  readonly actions: PageActions;
  readonly notices: NoticeBoard;
  /** `state` with the notices, the reminders and the held pages marked. */
  decorate(state: AppState): AppState;
  /** The open pages changed. */
  syncPages(): void;
  /** Shifts, "me" or the playbook changed. */
  syncShifts(): void;
  /** A notification action; true when it was one of ours. */
  onNotificationAction(tag: string, actionId: string): boolean;
  handlers: HandlersFor<PagerExtrasCommand>;
  stop(): void;
}

/** The commands the extras answer. */
export type PagerExtrasCommand =
  | 'pages:resolve'
  | 'pages:escalate'
  | 'pages:reacknowledge'
  | 'pages:escalation-targets'
  | 'app:dismiss-notice';

/** What could stop a page reaching me now: the notifier, the alert volume, every source. */
export async function readinessProblems(x: PagerExtrasDeps): Promise<string[]> {
  const { problems } = await reachabilityProblems(x.deps.notifier);
  if (x.config.current().settings.alertVolume === 0) {
    problems.push('The alert volume is 0 in Settings: the alarm would be silent.');
  }
  const sources = x.sources.all();
  if (sources.length === 0) problems.push('No platform is connected.');
  for (const rt of sources) {
    const h = rt.health.view();
    if (h.state === 'unauthorized') {
      problems.push(`${rt.source.label} refused the token: ${h.message ?? 'sign in again'}.`);
    } else if (h.state === 'down' || h.state === 'starting') {
      problems.push(`${rt.source.label} is not answering${h.message ? `: ${h.message}` : ''}.`);
    }
  }
  return problems;
}

/** Builds the extras; nothing is armed before the first `syncShifts()`/`syncPages()`. */
export function createPagerExtras(x: PagerExtrasDeps): PagerExtras {
  const { clock, logger, playbook } = x.deps;
  // Every notice is kept for the UI too; any show or close changes what the UI shows.
  const board = createNoticeBoard(clock);
  const notifier = board.wrap(x.deps.notifier, x.onChange);
  const rules = () => playbook.current().playbook.pager;
  const me = (sourceId: string) => x.tracker.me(sourceId);
  const pages = () => x.tracker.pages();

  const ackTimeout = createAckTimeout({
    clock,
    logger,
    notifier,
    pages,
    me,
    minutes: () => rules().ackTimeoutMinutes,
    skewMs: (id) => x.sources.get(id)?.skewMs ?? 0,
  });
  const hold = createLowUrgencyHold({
    clock,
    logger,
    notifier,
    pages,
    me,
    onCall: () => x.onCall.onCall(),
    quietHours: () => {
      const s = x.config.current().settings;
      return { start: s.quietHoursStart, end: s.quietHoursEnd };
    },
    holdEnabled: () => rules().holdLowUrgency,
  });
  const readiness = createShiftReadiness({
    clock,
    logger,
    notifier,
    shifts: () => myShifts(x.snapshots()),
    leadMinutes: () => rules().readinessLeadMinutes,
    problems: () => readinessProblems(x),
    // The shift start is when held low-urgency pages come out as the digest.
    onEvent: () => hold.sync(),
  });
  const actions = createPageActions({
    clock,
    logger,
    tracker: x.tracker,
    source: (id) => x.sources.get(id)?.source,
    pollPages: (id) => x.sources.get(id)?.pagesPoller?.pollNow(),
    reenqueueAck: (key) => x.acks.reacknowledge(key),
    restartAckTimer: (key) => ackTimeout.restart(key),
    targets: (id) => escalationTargets(x.sources.get(id)?.rotations ?? [], x.tracker.me(id)),
  });

  const warn = (what: string) => (error: unknown) =>
    logger.warn(`${what} from notification failed`, { error: String(error) });

  return {
    readiness,
    ackTimeout,
    hold,
    actions,
    notices: board,
    decorate: (state) => decorate(state, x, ackTimeout, hold, board),
    syncPages() {
      ackTimeout.sync();
      hold.sync();
    },
    syncShifts() {
      readiness.recompute();
      ackTimeout.sync();
      hold.sync();
    },
    onNotificationAction(tag, actionId) {
      if (tag.startsWith(ACK_TIMEOUT_TAG)) {
        const key = tag.slice(ACK_TIMEOUT_TAG.length);
        if (actionId === 'reacknowledge') actions.reacknowledge(key).catch(warn('re-acknowledge'));
        if (actionId === 'resolve') actions.resolve(key).catch(warn('resolve'));
        return actionId === 'reacknowledge' || actionId === 'resolve';
      }
      return false;
    },
    handlers: {
      'pages:resolve': ({ key }) => actions.resolve(key),
      'pages:escalate': ({ key, to }) => actions.escalate(key, to),
      'pages:reacknowledge': ({ key }) => actions.reacknowledge(key),
      'pages:escalation-targets': async ({ key }) => actions.targets(key),
      'app:dismiss-notice': async ({ tag }) => {
        const dismissed = board.dismiss(tag);
        if (dismissed) x.onChange();
        return { dismissed };
      },
    },
    stop() {
      readiness.stop();
      ackTimeout.stop();
    },
  };
}

/** `state` with the extras' notices, reminders and held pages. */
function decorate(
  state: AppState,
  x: PagerExtrasDeps,
  ackTimeout: AckTimeout,
  hold: LowUrgencyHold,
  board: NoticeBoard,
): AppState {
  const reminding = new Set(ackTimeout.reminding());
  const held = new Set(hold.held().map((p) => p.key));
  return {
    ...state,
    pages: state.pages.map((view) =>
      reminding.has(view.key) || held.has(view.key)
        ? {
            ...view,
            ...(reminding.has(view.key) ? { reminder: true } : {}),
            ...(held.has(view.key) ? { held: true } : {}),
          }
        : view,
    ),
    notices: board.list(),
    ...(held.size > 0 ? { heldReason: x.onCall.onCall() ? 'quiet-hours' : 'off-shift' } : {}),
  };
}
