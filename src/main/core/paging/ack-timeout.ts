/**
 * Acknowledgement timeout (issue 13, item 2): a page of mine that is acknowledged but still open
 * after the playbook's `pager.ackTimeoutMinutes` rings again softly, through the same notifier as
 * a page: "Still working on 'Checkout p99'? Re-acknowledge or resolve." Re-acknowledging restarts
 * the timer from that moment; resolving ends the page (it leaves the open feed). `null` or 0 in
 * the playbook turns it off. One timer per page, driven by the injected clock; due times are kept
 * in the source's time (its skew applied at each sync), so they follow the source's clock.
 */
import type { Page, Person } from '../../../shared/domain.js';
import type { Clock, Logger, NotificationRequest, Notifier, TimerHandle } from '../ports.js';
import type { TrackedPage } from './page-tracker.js';

/** Tag prefix of the soft reminder; the page key follows. */
export const ACK_TIMEOUT_TAG = 'ack-timeout:';

/** The soft reminder for `page`, tagged with its key. */
export function ackTimeoutNotification(key: string, page: Page): NotificationRequest {
  return {
    tag: ACK_TIMEOUT_TAG + key,
    title: `Still working on '${page.title}'?`,
    body: 'Re-acknowledge or resolve.',
    urgency: 'normal',
    actions: [
      { id: 'reacknowledge', label: 'Re-acknowledge' },
      { id: 'resolve', label: 'Resolve' },
    ],
    sticky: true,
    sound: true,
  };
}

/**
 * When the reminder of `page` is due, in the source's time (`acknowledgedAt` is the source's), or
 * `undefined` when none is: off, not acknowledged, or not acknowledged by me. `since` (source
 * time) overrides the acknowledgement time (a re-acknowledgement).
 */
export function ackTimeoutDueAt(
  page: Page,
  me: Person | undefined,
  minutes: number | null,
  since?: number,
): number | undefined {
  if (!minutes || page.status !== 'acknowledged') return undefined;
  if (!me || page.acknowledgedBy?.id !== me.id) return undefined;
  const start = since ?? Date.parse(page.acknowledgedAt ?? page.updatedAt);
  return Number.isNaN(start) ? undefined : start + minutes * 60_000;
}

/** What the timeout needs. */
export interface AckTimeoutDeps {
  clock: Clock;
  logger: Logger;
  notifier: Pick<Notifier, 'show' | 'close'>;
  /** Open pages of every source. */
  pages(): readonly TrackedPage[];
  me(sourceId: string): Person | undefined;
  /** The playbook's `pager.ackTimeoutMinutes`. */
  minutes(): number | null;
  /** The source's clock minus the laptop's (0 when unknown); due times follow the source's. */
  skewMs?(sourceId: string): number;
}

/** The per-page reminder timers. */
export interface AckTimeout {
  /** Arms, re-arms or clears timers to match the open pages and the playbook. */
  sync(): void;
  /** I re-acknowledged `key`: its timer restarts now and the reminder closes. */
  restart(key: string): void;
  /** Keys whose reminder is showing. */
  reminding(): string[];
  stop(): void;
}

/** Builds the timeout; nothing is armed before the first `sync()`. */
export function createAckTimeout(deps: AckTimeoutDeps): AckTimeout {
  const { clock, logger, notifier } = deps;
  const skewOf = (sourceId: string): number => deps.skewMs?.(sourceId) ?? 0;
  const armed = new Map<string, { due: number; timer: TimerHandle }>();
  /** Re-acknowledgement times, in the source's time, so a moved source clock moves them too. */
  const restartedAt = new Map<string, number>();
  const showing = new Set<string>();

  function closeReminder(key: string): void {
    if (!showing.delete(key)) return;
    void notifier.close(ACK_TIMEOUT_TAG + key).catch(() => {});
  }

  function disarm(key: string): void {
    const a = armed.get(key);
    if (a) clock.clearTimeout(a.timer);
    armed.delete(key);
  }

  function fire(key: string): void {
    armed.delete(key);
    const p = deps.pages().find((x) => x.key === key);
    if (!p || p.page.status !== 'acknowledged') return;
    logger.info('acknowledged page still open: reminding', { key });
    showing.add(key);
    void notifier.show(ackTimeoutNotification(key, p.page)).catch((error: unknown) => {
      logger.error('ack timeout notification failed', { key, error: String(error) });
    });
  }

  function sync(): void {
    const minutes = deps.minutes();
    const wanted = new Map<string, number>();
    for (const p of deps.pages()) {
      const due = ackTimeoutDueAt(p.page, deps.me(p.sourceId), minutes, restartedAt.get(p.key));
      // Laptop time of the source's due time: the timers run on the laptop's clock.
      if (due !== undefined) wanted.set(p.key, due - skewOf(p.sourceId));
    }
    for (const key of [...armed.keys()]) if (!wanted.has(key)) disarm(key);
    for (const key of [...showing]) if (!wanted.has(key)) closeReminder(key);
    for (const key of [...restartedAt.keys()]) if (!wanted.has(key)) restartedAt.delete(key);
    for (const [key, due] of wanted) {
      if (showing.has(key) || armed.get(key)?.due === due) continue;
      disarm(key);
      armed.set(key, { due, timer: clock.setTimeout(() => fire(key), due - clock.now()) });
    }
  }

  return {
    sync,
    restart(key) {
      const sourceId = deps.pages().find((p) => p.key === key)?.sourceId;
      restartedAt.set(key, clock.now() + (sourceId !== undefined ? skewOf(sourceId) : 0));
      closeReminder(key);
      disarm(key);
      sync();
    },
    reminding: () => [...showing],
    stop() {
      for (const key of [...armed.keys()]) disarm(key);
    },
  };
}
