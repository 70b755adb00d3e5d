/**
 * Resolve, "Escalate now" and re-acknowledge from the app (issue 13, items 2 and 3).
 *
 * - Resolve goes straight to the source (`resolvePage`; repeats are harmless at both sources), and
 *   the source's pages are polled at once so the page leaves the open feed and stops everywhere.
 * - Escalate now is sent once, with one Idempotency-Key per press (a retry of the same press replays
 *   on the Zephyr platform; PagerDuty has no keys, so it is never retried behind the user's back).
 *   A picked rotation or person must be one the source named (`escalation-targets.ts`).
 * - Re-acknowledge sends the acknowledgement again through the acknowledge outbox (the platform
 *   treats a repeat as harmless) and restarts the ack-timeout timer.
 * A source without `resolvePage`/`escalatePage` answers `unavailable` with a sentence the UI shows.
 */
import { IpcError } from '../../../shared/contract.js';
import type { Page, PageStatus } from '../../../shared/domain.js';
import { toSourceError } from '../feeds/poller.js';
import type { Clock, EscalateTarget, Logger, PageSource } from '../ports.js';
import type { AckState } from './acknowledge.js';
import { findTarget, type EscalationTargets } from './escalation-targets.js';
import type { PageTracker, TrackedPage } from './page-tracker.js';

/** How long one resolve/escalate request may take before it is abandoned. */
export const PAGE_ACTION_TIMEOUT_MS = 15_000;

/** What the page actions need. */
export interface PageActionsDeps {
  clock: Clock;
  logger: Logger;
  tracker: Pick<PageTracker, 'get' | 'pages'>;
  source(sourceId: string): PageSource | undefined;
  pollPages(sourceId: string): void;
  /** Sends the acknowledgement of `key` again through the outbox. */
  reenqueueAck(key: string): AckState;
  /** The ack-timeout timer of `key` restarts now. */
  restartAckTimer(key: string): void;
  /** Whom "Escalate now" may page at `sourceId` instead of the next step. */
  targets(sourceId: string): EscalationTargets;
  newKey?(): string;
}

/** The actions, as the IPC handlers and the notification buttons call them. */
export interface PageActions {
  resolve(key: string): Promise<{ status: PageStatus }>;
  /** Whom "Escalate now" may page for `key` instead of the next step (the picker's lists). */
  targets(key: string): EscalationTargets;
  escalate(key: string, to?: EscalateTarget): Promise<{ status: PageStatus; targetName: string }>;
  reacknowledge(key: string): Promise<{ state: AckState }>;
}

/** Builds the page actions; see the module comment. */
export function createPageActions(deps: PageActionsDeps): PageActions {
  const { clock, logger } = deps;
  const newKey = deps.newKey ?? (() => globalThis.crypto.randomUUID());

  function openPage(key: string): { tracked: TrackedPage; source: PageSource } {
    const tracked = deps.tracker.pages().find((p) => p.key === key) ?? deps.tracker.get(key);
    if (!tracked) throw new IpcError('not-found', `No page "${key}" is known.`);
    if (tracked.page.status === 'resolved' || !deps.tracker.pages().includes(tracked)) {
      throw new IpcError('conflict', `"${tracked.page.title}" was already resolved.`);
    }
    const source = deps.source(tracked.sourceId);
    if (!source) throw new IpcError('unavailable', `${tracked.sourceId} is not connected.`);
    return { tracked, source };
  }

  async function send(
    what: string,
    tracked: TrackedPage,
    source: PageSource,
    run: (signal: AbortSignal) => Promise<Page>,
  ): Promise<Page> {
    const controller = new AbortController();
    const timer = clock.setTimeout(() => controller.abort(), PAGE_ACTION_TIMEOUT_MS);
    try {
      const page = await run(controller.signal);
      logger.info(`page ${what}`, { key: tracked.key });
      deps.pollPages(tracked.sourceId);
      return page;
    } catch (error) {
      const e = toSourceError(error);
      if (e.kind === 'conflict') throw new IpcError('conflict', `${source.label}: ${e.message}`);
      throw new IpcError('unavailable', `Could not ${what} through ${source.label}: ${e.message}`);
    } finally {
      clock.clearTimeout(timer);
    }
  }

  return {
    async resolve(key) {
      const { tracked, source } = openPage(key);
      const resolvePage = source.resolvePage?.bind(source);
      if (!resolvePage) {
        throw new IpcError('unavailable', `${source.label} cannot resolve pages from this app.`);
      }
      const id = newKey();
      const page = await send('resolve', tracked, source, (signal) =>
        resolvePage(tracked.page.id, id, signal),
      );
      return { status: page.status };
    },
    targets(key) {
      return deps.targets(openPage(key).tracked.sourceId);
    },
    async escalate(key, to) {
      const { tracked, source } = openPage(key);
      // Only a rotation or person the source named (the picker's lists) can be paged.
      if (to && !findTarget(deps.targets(tracked.sourceId), to)) {
        const what = 'rotation' in to ? `rotation "${to.rotation}"` : `person "${to.person}"`;
        throw new IpcError('not-found', `${source.label} has no ${what} to escalate to.`);
      }
      const escalatePage = source.escalatePage?.bind(source);
      if (!escalatePage) {
        throw new IpcError('unavailable', `${source.label} cannot escalate pages from this app.`);
      }
      const id = newKey();
      const page = await send('escalate', tracked, source, (signal) =>
        escalatePage(tracked.page.id, to, id, signal),
      );
      return { status: page.status, targetName: page.target.name };
    },
    async reacknowledge(key) {
      const { tracked } = openPage(key);
      if (tracked.page.status !== 'acknowledged') {
        throw new IpcError('conflict', `"${tracked.page.title}" is not acknowledged.`);
      }
      const state = deps.reenqueueAck(key);
      deps.restartAckTimer(key);
      return { state };
    },
  };
}
