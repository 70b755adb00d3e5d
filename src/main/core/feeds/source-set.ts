/**
 * The running sources: built from the configuration (`AppServiceDeps.createSources`), each given
 * its runtime, and rebuilt when the platform settings change. When the sources cannot be set up,
 * it says why (`error()`) and raises a critical notification until they can.
 */
import type { SourceConfig, Logger, Notifier, PageSource } from '../ports.js';
import { FEED_ALARM_TITLE } from './feed-health.js';
import { stopSourceRuntime, type SourceRuntime } from './source-runtime.js';

/** Tag of the "the platform connection could not be set up" notification. */
export const SETUP_ALARM_TAG = 'feed-alarm:setup';

/** The running sources. */
export interface SourceSet {
  all(): SourceRuntime[];
  get(sourceId: string): SourceRuntime | undefined;
  /** Why the sources could not be set up, if they could not. */
  error(): string | undefined;
  /** Stops the running sources and starts them afresh from `config`. */
  restart(config: SourceConfig): Promise<void>;
  /** Polls every feed of every source now (`restart`: abandon a request in flight). */
  pollNow(options: { restart: boolean }): void;
  stop(): void;
}

/** Builds the set; nothing runs until `restart()`. */
export function createSourceSet(deps: {
  logger: Logger;
  notifier: Notifier;
  createSources(config: SourceConfig): Promise<PageSource[]>;
  startRuntime(source: PageSource): SourceRuntime;
  /** Whether the app still runs once the sources are built (it may have stopped meanwhile). */
  running(): boolean;
  /** The sources started (or failed to). */
  onStarted(): void;
  onChange(): void;
}): SourceSet {
  const { logger, notifier } = deps;
  let runtimes: SourceRuntime[] = [];
  let error: string | undefined;

  function stop(): void {
    for (const rt of runtimes) stopSourceRuntime(rt);
    runtimes = [];
  }

  async function restart(config: SourceConfig): Promise<void> {
    stop();
    error = undefined;
    let sources: PageSource[];
    try {
      sources = await deps.createSources({ settings: config.settings, secret: config.secret });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      logger.error('could not set up the platform connection', { error });
      void notifier
        .show({
          tag: SETUP_ALARM_TAG,
          title: FEED_ALARM_TITLE,
          body: `The platform connection could not be set up: ${error}`,
          urgency: 'critical',
          actions: [{ id: 'open', label: 'Open' }],
          sticky: true,
          sound: true,
        })
        .catch(() => {});
      deps.onChange();
      return;
    }
    void notifier.close(SETUP_ALARM_TAG).catch(() => {});
    if (!deps.running()) return;
    runtimes = sources.map(deps.startRuntime);
    deps.onStarted();
    deps.onChange();
  }

  return {
    all: () => runtimes,
    get: (id) => runtimes.find((r) => r.source.id === id),
    error: () => error,
    restart,
    pollNow(options) {
      for (const rt of runtimes) for (const poller of rt.pollers) poller.pollNow(options);
    },
    stop,
  };
}
