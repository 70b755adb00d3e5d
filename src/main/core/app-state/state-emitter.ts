/**
 * Sends the app state to the tray and to every listener (the IPC event `app:state-changed`),
 * coalescing bursts of changes into one event every `EMIT_COALESCE_MS` at most.
 */
import type { AppState } from '../../../shared/domain.js';
import type { Clock, Logger, TimerHandle, TrayMenuItem, TrayView } from '../ports.js';
import { trayMenu } from './tray-view.js';

/** State-change events within this window are coalesced into one. */
export const EMIT_COALESCE_MS = 50;

/** The state's way out. */
export interface StateEmitter {
  /** Emits from now on (nothing is emitted before). */
  start(): void;
  stop(): void;
  /** Something changed: emit within `EMIT_COALESCE_MS`. */
  schedule(): void;
  /** Emits at once. */
  emitNow(): void;
  onStateChanged(listener: (state: AppState) => void): () => void;
  /** Lines another service shows in the tray menu above "Declare incident…" (replaces the last). */
  setTrayExtras(items: TrayMenuItem[]): void;
}

/** Builds the emitter over the state projection `state()`. */
export function createStateEmitter(deps: {
  clock: Clock;
  logger: Logger;
  tray?: TrayView;
  state(): AppState;
}): StateEmitter {
  const { clock, logger } = deps;
  const listeners = new Set<(state: AppState) => void>();
  let running = false;
  let timer: TimerHandle | undefined;
  /** Lines other services add to the tray menu (aftercare's incident clocks). */
  let extras: TrayMenuItem[] = [];

  function emitNow(): void {
    const state = deps.state();
    try {
      deps.tray?.update(state.tray.state, state.tray.tooltip, trayMenu(state, extras));
    } catch (error) {
      logger.error('tray update failed', { error: String(error) });
    }
    for (const listener of listeners) {
      try {
        listener(state);
      } catch (error) {
        logger.error('state listener failed', { error: String(error) });
      }
    }
  }

  function schedule(): void {
    if (!running || timer !== undefined) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      emitNow();
    }, EMIT_COALESCE_MS);
  }

  return {
    start: () => void (running = true),
    stop() {
      running = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
    schedule,
    emitNow,
    onStateChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setTrayExtras(items) {
      if (JSON.stringify(items) === JSON.stringify(extras)) return;
      extras = structuredClone(items);
      schedule();
    },
  };
}
