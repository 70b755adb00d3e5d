/**
 * Rings what the tracker says rings. Each ringing page has one critical, sticky notification
 * (tag = page key) with an Acknowledge action, re-sent every 60 s with the same tag (it replaces,
 * never stacks) until the page stops ringing, when it is closed. The alert presenter is told
 * whenever the ringing set changes. A heads-up (I am next on someone else's page) gets one quiet
 * notification per page. A storm (`STORM_SIZE` or more pages ringing at once) rings as one summary
 * notification (tag `storm`) instead of one alarm per page over each other; it sounds again only
 * when a page joins, and the per-page rings resume when the storm drops below the threshold.
 */
import { byUrgency, escalationCountdown, formatMmSs } from '../../../shared/countdown.js';
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

/** From this many pages ringing at once, one summary notification rings instead of one each. */
export const STORM_SIZE = 3;

/** The tag of the storm's summary notification. */
export const STORM_TAG = 'storm';

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

/**
 * The storm's one summary notification: how many pages ring and the most urgent titles. `sound`
 * is false when it only updates (a page left the storm).
 */
export function stormNotification(pages: TrackedPage[], sound: boolean): NotificationRequest {
  const sorted = [...pages].sort((a, b) => byUrgency(a.page, b.page));
  const lines = sorted.slice(0, 3).map((p) => {
    const sev = p.page.severity !== undefined ? `${SEVERITY_NAMES[p.page.severity]}: ` : '';
    const title = p.page.title.length > 80 ? `${p.page.title.slice(0, 79)}…` : p.page.title;
    return `${sev}${title}`;
  });
  if (sorted.length > 3) lines.push(`and ${sorted.length - 3} more`);
  return {
    tag: STORM_TAG,
    title: `${pages.length} pages are ringing for you`,
    body: lines.join('\n'),
    urgency: 'critical',
    actions: [],
    sticky: true,
    sound,
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

/**
 * The storm's summary ring: one notification for every ringing page, re-sent every 60 s, sounding
 * again only when a page joins. The caller closes the per-page rings.
 */
function createStormRing(deps: RingerDeps): {
  sync(ringing: TrackedPage[]): void;
  end(): Promise<void>;
} {
  const { clock, logger, notifier, tracker } = deps;
  let storm: { keys: Set<string>; timer: TimerHandle } | null = null;

  function showStorm(ringing: TrackedPage[], sound: boolean): void {
    void notifier
      .show(stormNotification(ringing, sound))
      .catch((error: unknown) =>
        logger.error('storm notification failed', { error: String(error) }),
      );
  }

  function scheduleStormResend(): TimerHandle {
    return clock.setTimeout(() => {
      const ringing = tracker.pages().filter((p) => p.ringing);
      if (!storm || ringing.length < STORM_SIZE) return;
      showStorm(ringing, true);
      storm.timer = scheduleStormResend();
    }, RING_RESEND_MS);
  }

  /** A storm: per-page rings close; one summary rings, again only when a page joins. */
  function syncStorm(ringing: TrackedPage[]): void {
    const keys = new Set(ringing.map((p) => p.key));
    for (const p of ringing) void notifier.close(`headsup:${p.key}`).catch(() => {});
    if (!storm) {
      logger.info('page storm: one summary notification', { pages: ringing.length });
      storm = { keys, timer: scheduleStormResend() };
      showStorm(ringing, true);
      return;
    }
    const joined = [...keys].some((k) => !storm?.keys.has(k));
    const left = [...storm.keys].some((k) => !keys.has(k));
    storm.keys = keys;
    if (joined || left) showStorm(ringing, joined);
  }

  function endStorm(): Promise<void> {
    if (!storm) return Promise.resolve();
    clock.clearTimeout(storm.timer);
    storm = null;
    logger.info('page storm over');
    return notifier.close(STORM_TAG).catch(() => {});
  }

  return { sync: syncStorm, end: endStorm };
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

  const storm = createStormRing(deps);

  function syncEach(ringing: TrackedPage[]): void {
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
  }

  function sync(): void {
    const ringing = tracker.pages().filter((p) => p.ringing);
    if (ringing.length >= STORM_SIZE) {
      for (const [key, timer] of [...timers]) {
        clock.clearTimeout(timer);
        timers.delete(key);
        void notifier.close(key).catch(() => {});
      }
      storm.sync(ringing);
    } else {
      void storm.end();
      syncEach(ringing);
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
      await storm.end();
      for (const [key, timer] of timers) {
        clock.clearTimeout(timer);
        await notifier.close(key).catch(() => {});
      }
      timers.clear();
    },
  };
}
