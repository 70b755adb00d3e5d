/**
 * Rings what the tracker says rings. Each ringing page has one critical, sticky notification
 * (tag = page key) with an Acknowledge action, re-sent every 60 s with the same tag (it replaces,
 * never stacks) until the page stops ringing, when it is closed. The alert presenter is told
 * whenever the ringing set changes. A heads-up (I am next on someone else's page) gets one quiet
 * notification per page.
 */
import { escalationCountdown, formatMmSs } from '../../../shared/countdown.js';
import type { PageView } from '../../../shared/domain.js';
import type {
  AlertPresenter,
  Clock,
  Logger,
  NotificationRequest,
  Notifier,
  TimerHandle,
} from '../ports.js';
import type { PageTracker, TrackedPage } from './page-tracker.js';

/** How often a ringing page's notification is shown again (same tag: it replaces itself). */
export const RING_RESEND_MS = 60_000;

const SEVERITY_NAMES = { 1: 'SEV-1', 2: 'SEV-2', 3: 'SEV-3' } as const;

/** What the ringer shows of a page's source. */
export interface RingSource {
  label: string;
  demo: boolean;
  /** The source's clock minus the laptop's (corrects the countdown). */
  skewMs: number;
}

/** The ring notification of `p` at `now`: severity, service, source and escalation countdown. */
export function ringNotification(
  p: TrackedPage,
  source: RingSource | undefined,
  now: number,
): NotificationRequest {
  const countdown = escalationCountdown(p.page, now, source?.skewMs ?? 0);
  const body = [
    p.page.severity !== undefined ? SEVERITY_NAMES[p.page.severity] : undefined,
    p.page.service,
    (source?.label ?? p.sourceId) + (source?.demo ? ' (demo)' : ''),
    countdown.label,
  ]
    .filter((x): x is string => !!x)
    .join(' · ');
  return {
    tag: p.key,
    title: p.page.test ? `Test page: ${p.page.title}` : `Paged: ${p.page.title}`,
    body,
    urgency: 'critical',
    actions: [{ id: 'acknowledge', label: 'Acknowledge' }],
    sticky: true,
    sound: true,
  };
}

/** The quiet heads-up of `p`: I am next if nobody acknowledges. */
export function headsUpNotification(
  p: TrackedPage,
  source: RingSource | undefined,
  now: number,
): NotificationRequest {
  const countdown = escalationCountdown(p.page, now, source?.skewMs ?? 0);
  const when = countdown.msLeft !== null ? `in ${formatMmSs(countdown.msLeft)}` : 'soon';
  return {
    tag: `headsup:${p.key}`,
    title: `Heads-up: ${p.page.target.name} is paged`,
    body: `"${p.page.title}" reaches you ${when} if nobody acknowledges.`,
    urgency: 'low',
    actions: [],
    sticky: false,
    sound: false,
  };
}

/** What the ringer needs. */
export interface RingerDeps {
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  tracker: Pick<PageTracker, 'pages' | 'get' | 'takeNewHeadsUps'>;
  alerts?: AlertPresenter;
  source(sourceId: string): RingSource | undefined;
  /** The ringing pages as the alert shows them. */
  ringingViews(): PageView[];
  /** The re-send interval, read at each re-send (setting `ringResendSeconds`; default 60 s). */
  resendMs?: () => number;
}

/** Rings, re-sends, stops and presents; see the module comment. */
export interface Ringer {
  /** Brings notifications and the alert in line with what rings now. */
  sync(): void;
  /** Shows the alert again (a click on a ring notification's body). */
  present(): void;
  /** Stops every re-send and closes every ring notification. */
  stop(): Promise<void>;
}

/** Builds the ringer; nothing rings until the first `sync()`. */
export function createRinger(deps: RingerDeps): Ringer {
  const { clock, logger, notifier, tracker } = deps;
  const timers = new Map<string, TimerHandle>();
  let presentedSignature = '';

  function show(p: TrackedPage): void {
    void notifier
      .show(ringNotification(p, deps.source(p.sourceId), clock.now()))
      .catch((error: unknown) =>
        logger.error('page notification failed', { key: p.key, error: String(error) }),
      );
  }

  function scheduleResend(key: string): void {
    timers.set(
      key,
      clock.setTimeout(() => {
        const p = tracker.get(key);
        if (!p?.ringing) return;
        show(p);
        scheduleResend(key);
      }, deps.resendMs?.() ?? RING_RESEND_MS),
    );
  }

  function present(): void {
    try {
      deps.alerts?.present(deps.ringingViews());
    } catch (error) {
      logger.error('alert presenter failed', { error: String(error) });
    }
  }

  function sync(): void {
    const ringing = tracker.pages().filter((p) => p.ringing);
    const keys = new Set(ringing.map((p) => p.key));
    for (const p of ringing) {
      if (timers.has(p.key)) continue;
      logger.info('page rings', { key: p.key });
      void notifier.close(`headsup:${p.key}`).catch(() => {});
      show(p);
      scheduleResend(p.key);
    }
    for (const [key, timer] of [...timers]) {
      if (keys.has(key)) continue;
      clock.clearTimeout(timer);
      timers.delete(key);
      logger.info('page stops ringing', { key });
      void notifier.close(key).catch(() => {});
    }
    for (const p of tracker.takeNewHeadsUps()) {
      void notifier
        .show(headsUpNotification(p, deps.source(p.sourceId), clock.now()))
        .catch(() => {});
    }
    const signature = JSON.stringify(ringing.map((p) => [p.key, p.page.updatedAt]));
    if (signature !== presentedSignature) {
      presentedSignature = signature;
      present();
    }
  }

  return {
    sync,
    present,
    async stop() {
      for (const [key, timer] of timers) {
        clock.clearTimeout(timer);
        await notifier.close(key).catch(() => {});
      }
      timers.clear();
    },
  };
}
