/**
 * During and after an incident: the aftercare service answers the console's commands from a
 * handler table whose rows live in their own modules: the console (`console.ts`), status updates
 * (`status-updates.ts`), resolution and the announcement (`resolution.ts`), the customer email
 * (`customer-email.ts`) and the post-mortem (`post-mortem.ts`, `action-items.ts`). Reminders and
 * tray lines come from `reminders.ts`; the hourly unshipped-items check from `unshipped-watch.ts`. This file wires them over one shared context
 * (`context.ts`) and publishes the console after every change.
 */
import type { CommandName } from '../../../shared/contract.js';
import type { ConsoleView } from '../../../shared/aftercare/views.js';
import type { HandlersFor } from '../ports.js';
import { AftercareStore } from './aftercare-store.js';
import { createConsole } from './console.js';
import { createContext, type AftercareDeps } from './context.js';
import { customerEmailHandlers } from './customer-email.js';
import { createChangeFollowUps } from './change-follow-ups.js';
import { changeHandlers } from './incident-changes.js';
import { createPageResolver } from './page-resolution.js';
import { postMortemHandlers } from './post-mortem.js';
import { createReminders, trayItems } from './reminders.js';
import { resolutionHandlers } from './resolution.js';
import { createStatusUpdates } from './status-updates.js';
import { createUnshippedWatch } from './unshipped-watch.js';

export type { AftercareDeps, AftercareIntegrations } from './context.js';

/** The commands this service answers. */
export type AftercareCommandName = Extract<
  CommandName,
  `incidents:${string}` | `updates:${string}` | `emails:${string}` | `postmortems:${string}`
>;

/** The aftercare service. */
export interface AftercareService {
  readonly handlers: HandlersFor<AftercareCommandName>;
  /** Loads the feed's incidents, arms the reminder timer and sends reminders already due. */
  start(): void;
  stop(): void;
  /** Re-reads the app state (call on every app state change). */
  refresh(): void;
  view(): ConsoleView;
  /** Every console change (the `incidents:changed` event). */
  onChanged(listener: (view: ConsoleView) => void): () => void;
}

/** Creates the service; call `start()` next. */
export function createAftercareService(deps: AftercareDeps): AftercareService {
  const { logger } = deps;
  const listeners = new Set<(view: ConsoleView) => void>();
  let started = false;
  let lastViewJson = '';

  const ctx = createContext(deps, new AftercareStore(deps.store, logger), changed);
  const incidents = createConsole(ctx);
  const reminders = createReminders(ctx, incidents, publish);
  const updates = createStatusUpdates(ctx);
  const pages = createPageResolver(ctx);
  const unshipped = createUnshippedWatch(ctx, changed);
  const followUps = createChangeFollowUps(ctx);

  function publish(): void {
    const v = incidents.view();
    const json = JSON.stringify(v);
    deps.onTrayItems?.(trayItems(v, deps.clock.now()));
    if (json === lastViewJson) return;
    lastViewJson = json;
    for (const l of listeners) {
      try {
        l(v);
      } catch (error) {
        logger.error('aftercare listener failed', { error: String(error) });
      }
    }
  }

  function changed(): void {
    reminders.run();
    publish();
  }

  const handlers: HandlersFor<AftercareCommandName> = {
    ...incidents.handlers,
    ...updates.handlers,
    ...resolutionHandlers(ctx, updates, pages),
    ...changeHandlers(ctx, followUps),
    ...customerEmailHandlers(ctx),
    ...postMortemHandlers(ctx, unshipped.check),
  };

  return {
    handlers,
    start() {
      if (started) return;
      started = true;
      reminders.start();
      // Follow-ups of a severity change the app stopped in: failed, so Retry can finish them.
      followUps.markInterrupted();
      incidents.syncFromFeed();
      changed();
      pages.retryPending();
      // Ticket states from Linear and the unshipped-items escalation (once per pattern): now and
      // hourly on the clock.
      unshipped.start();
    },
    stop() {
      started = false;
      reminders.stop();
      pages.stop();
      unshipped.stop();
    },
    refresh() {
      if (!started) return;
      try {
        incidents.syncFromFeed();
      } catch (error) {
        logger.error('aftercare: could not save the incidents seen', { error: String(error) });
      }
      changed();
    },
    view: () => incidents.view(),
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
