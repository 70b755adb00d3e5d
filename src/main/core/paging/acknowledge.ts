/**
 * The one acknowledge action every entry point uses (notification button, alert, tray, global
 * shortcut), and what the outbox's answers mean for the tracker and the feed's health.
 *
 * Crash safety: the outbox entry is written before the tracker's "acknowledging" mark, so a kill
 * between the two writes leaves an acknowledgement that is still sent (and a page that rings until
 * it is), never a page silenced with nothing sent. On start, `reconcile()` repairs either half
 * missing: a mark without a pending outbox entry (killed before the entry, or an unreadable
 * `outbox.json`) rings again; a pending entry without its mark is marked.
 */
import { IpcError } from '../../../shared/contract.js';
import type { Clock, KeyValueStore, Logger, PageSource } from '../ports.js';
import type { FeedHealth } from '../feeds/feed-health.js';
import { ACK_TOO_LATE, AckOutbox, type OutboxEvent, type OutboxSnapshot } from './outbox.js';
import type { PageTracker } from './page-tracker.js';

/** Where an acknowledgement stands, as `pages:acknowledge` answers. */
export type AckState = 'pending' | 'confirmed' | 'failed';

/** What acknowledging needs. */
export interface AcknowledgeDeps {
  clock: Clock;
  logger: Logger;
  tracker: PageTracker;
  store: KeyValueStore<OutboxSnapshot>;
  /** The running source `sourceId`, to send through and to report its health. */
  source(sourceId: string): { source: PageSource; health: FeedHealth } | undefined;
  /** A confirmed acknowledgement: poll that source's pages now. */
  pollPages(sourceId: string): void;
  /** Ringing or the state changed. */
  onChange(): void;
}

/** The acknowledge path: the outbox and the tracker kept in step. */
export interface Acknowledger {
  readonly outbox: AckOutbox;
  acknowledge(key: string): Promise<AckState>;
  /** Sends the acknowledgement of an acknowledged page again (repeats are harmless). */
  reacknowledge(key: string): AckState;
  /** Repairs a crash between the two writes (see the module comment), then starts sending. */
  start(): void;
  stop(): void;
}

/** Builds the acknowledge path over its own outbox. */
export function createAcknowledger(deps: AcknowledgeDeps): Acknowledger {
  const { tracker, logger } = deps;

  function onOutboxEvent(event: OutboxEvent): void {
    const { entry } = event;
    const rt = deps.source(entry.sourceId);
    if (event.kind === 'confirmed') {
      tracker.ackConfirmed(entry.key, event.page);
      rt?.health.recordSuccess('acknowledge');
    }
    if (event.kind === 'gone') tracker.ackEnded(entry.key);
    if (event.kind === 'unauthorized') {
      tracker.ackFailed(entry.key);
      rt?.health.recordFailure('acknowledge', event.error);
    }
    if (event.kind === 'confirmed') deps.pollPages(entry.sourceId);
    deps.onChange();
  }

  const outbox = new AckOutbox({
    store: deps.store,
    clock: deps.clock,
    logger,
    source: (id) => deps.source(id)?.source,
    onEvent: onOutboxEvent,
  });

  /** Brings the tracker's marks in line with the outbox after a restart. */
  function reconcile(): void {
    for (const key of tracker.acknowledgingKeys()) {
      const entry = outbox.get(key);
      if (entry?.state === 'pending' || entry?.state === 'confirmed') continue;
      if (entry?.state === 'failed' && entry.message === ACK_TOO_LATE) {
        tracker.ackEnded(key);
        continue;
      }
      logger.warn('an acknowledgement was never written down; the page rings again', { key });
      tracker.ackFailed(key);
    }
    for (const p of tracker.pages()) {
      if (p.ringing && outbox.get(p.key)?.state === 'pending') tracker.markAcknowledging(p.key);
    }
  }

  async function acknowledge(key: string): Promise<AckState> {
    const tracked = tracker.get(key);
    if (!tracked) {
      throw new IpcError(
        'not-found',
        `No page "${key}" is known; it may have been resolved already.`,
      );
    }
    const existing = outbox.get(key);
    if (existing?.state === 'pending') return 'pending';
    if (existing?.state === 'confirmed' && !tracked.ringing) return 'confirmed';
    const open = tracker.pages().some((p) => p.key === key);
    if (!open || tracked.page.status === 'resolved') {
      throw new IpcError('conflict', `"${tracked.page.title}" was already resolved.`);
    }
    // The outbox entry first: killed before the mark, the acknowledgement is still sent.
    outbox.enqueue(key, tracked.sourceId, tracked.page.id);
    tracker.markAcknowledging(key);
    logger.info('acknowledging', { key });
    deps.onChange();
    return 'pending';
  }

  function reacknowledge(key: string): AckState {
    const tracked = tracker.get(key);
    if (!tracked) throw new IpcError('not-found', `No page "${key}" is known.`);
    if (outbox.get(key)?.state === 'pending') return 'pending';
    outbox.enqueue(key, tracked.sourceId, tracked.page.id);
    logger.info('re-acknowledging', { key });
    deps.onChange();
    return 'pending';
  }

  return {
    outbox,
    acknowledge,
    reacknowledge,
    start() {
      reconcile();
      outbox.start();
    },
    stop: () => outbox.stop(),
  };
}
