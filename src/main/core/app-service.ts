/**
 * The main process's page service, the same under Electron and the Node host: a small composition
 * of the modules that do the work. The page path runs
 * `feeds/zephyr-client` (a `PageSource`) → `feeds/poller` → `feeds/source-runtime` →
 * `paging/page-tracker` → `paging/ringer` → notifier and alert, and back through
 * `paging/acknowledge` (and its outbox); `feeds/feed-health` watches each source,
 * `on-call/shifts` and `on-call/reachability` say whether I am on call and can be reached, and
 * `app-state/` projects all of it into the app state and the tray. The IPC commands are in
 * `app-handlers.ts`; configuration comes from the one `config/config-reader`.
 *
 * Tray commands the host handles itself (`open`, `quit`, `declare`) go to
 * `AppServiceDeps.onTrayCommand`; a click on a ring notification's body brings the alert forward
 * (`alerts.present`), or asks the host to `open` when there is no alert presenter.
 */
import type { AppState } from '../../shared/domain.js';
import { createAppHandlers } from './app-handlers.js';
import { computeState, pageViews, type SourceSnapshot } from './app-state/state-projection.js';
import { TRAY_IDS, trayMenu } from './app-state/tray-view.js';
import { createConfigReader } from './config/config-reader.js';
import type { EffectiveConfig } from './config/resolve-config.js';
import { FEED_ALARM_TITLE } from './feeds/feed-health.js';
import {
  startSourceRuntime,
  stopSourceRuntime,
  type SourceRuntime,
} from './feeds/source-runtime.js';
import { myShifts, createOnCallWatch } from './on-call/shifts.js';
import { createReachability } from './on-call/reachability.js';
import { createAcknowledger } from './paging/acknowledge.js';
import { PageTracker, type TrackerSnapshot } from './paging/page-tracker.js';
import { createRinger } from './paging/ringer.js';
import type { OutboxSnapshot } from './paging/outbox.js';
import type { AppService, AppServiceDeps, PageSource, TimerHandle, TrayMenuItem } from './ports.js';

export { RING_RESEND_MS } from './paging/ringer.js';
export {
  ROTATIONS_INTERVAL_MS,
  INCIDENTS_INTERVAL_MS,
  ME_INTERVAL_MS,
} from './feeds/source-runtime.js';
export { REACHABILITY_TAG } from './on-call/reachability.js';
export { DEMO_TOOLTIP, TRAY_IDS } from './app-state/tray-view.js';

/** State-change events within this window are coalesced into one. */
export const EMIT_COALESCE_MS = 50;

/** The sources' fields that, changed, mean reconnecting. */
function sourcesSignature(c: EffectiveConfig): string {
  return JSON.stringify([
    c.settings.platformUrl,
    c.secret('platformToken'),
    c.settings.pagerdutyApiUrl,
    c.secret('pagerdutyToken'),
  ]);
}

/** Builds the app service over a host's adapters. Nothing runs until `start()`. */
export function createAppService(deps: AppServiceDeps): AppService {
  const { clock, logger, notifier } = deps;
  const config = deps.config ?? createConfigReader(deps);
  let runtimes: SourceRuntime[] = [];
  let sourcesError: string | undefined;
  let started = false;
  let emitTimer: TimerHandle | undefined;
  /** Lines other services add to the tray menu (aftercare's incident clocks). */
  let trayExtras: TrayMenuItem[] = [];
  /** The last settings change's consequences (a reconnect), for the handlers to wait on. */
  let applying: Promise<void> = Promise.resolve();
  const listeners = new Set<(state: AppState) => void>();
  const unsubscribes: (() => void)[] = [];

  const runtimeOf = (id: string) => runtimes.find((r) => r.source.id === id);
  const tracker = new PageTracker({
    store: deps.stores<TrackerSnapshot>('tracker'),
    clock,
    logger,
  });
  const acks = createAcknowledger({
    clock,
    logger,
    tracker,
    store: deps.stores<OutboxSnapshot>('outbox'),
    source: runtimeOf,
    pollPages: (id) => runtimeOf(id)?.pagesPoller?.pollNow(),
    onChange: () => {
      ringer.sync();
      scheduleEmit();
    },
  });
  const reachability = createReachability({ notifier, logger, onChange: scheduleEmit });
  const onCall = createOnCallWatch({
    clock,
    logger,
    shifts: () => myShifts(snapshots()),
    running: () => started,
    onShiftChange: (now) => {
      for (const rt of runtimes) rt.health.evaluate();
      if (now) void reachability.check();
    },
    onShiftStartWhileOnCall: () => void reachability.check(),
    onChange: scheduleEmit,
  });
  const ringer = createRinger({
    clock,
    logger,
    notifier,
    tracker,
    ...(deps.alerts ? { alerts: deps.alerts } : {}),
    source: (id) => {
      const rt = runtimeOf(id);
      return rt && { label: rt.source.label, demo: rt.source.demo, skewMs: rt.skewMs };
    },
    ringingViews: () =>
      pageViews(
        tracker.pages().filter((p) => p.ringing),
        (key) => acks.outbox.get(key),
        snapshots(),
      ),
  });

  config.onChange((now, before) => {
    // The playbook file: ZEPHYR_PLAYBOOK, else the setting (read again whenever settings change).
    deps.playbook.setFile?.(now.settings.playbookPath || undefined);
    applying = applySettingsChange(before, now);
  });

  async function applySettingsChange(before: EffectiveConfig, now: EffectiveConfig): Promise<void> {
    if (started && sourcesSignature(before) !== sourcesSignature(now)) {
      logger.info('platform settings changed; reconnecting');
      await startSources();
    }
    for (const rt of runtimes) rt.health.evaluate();
    scheduleEmit();
  }

  function snapshots(): SourceSnapshot[] {
    return runtimes.map((rt) => ({
      id: rt.source.id,
      kind: rt.source.kind,
      label: rt.source.label,
      demo: rt.source.demo,
      health: rt.health.view(),
      trayDown: rt.health.trayDown,
      me: tracker.me(rt.source.id),
      rotations: rt.rotations,
      incidents: rt.incidents,
      skewMs: rt.skewMs,
    }));
  }

  function startRuntime(source: PageSource): SourceRuntime {
    return startSourceRuntime(source, {
      clock,
      logger,
      notifier,
      alarmAfterMs: () => config.current().settings.feedAlarmSeconds * 1000,
      pollIntervalMs: () => config.current().settings.pollIntervalSeconds * 1000,
      onCall: () => onCall.onCall(),
      meKnown: (id) => tracker.me(id) !== undefined,
      applyPages: (rt, pages) => tracker.applyFeed(rt.source.id, pages),
      knowMe: (rt, person) => tracker.setMe(rt.source.id, person),
      onFeed: (_rt, feed) => {
        if (feed === 'pages' || feed === 'me') ringer.sync();
        if (feed === 'me' || feed === 'rotations') onCall.recompute();
        else scheduleEmit();
      },
      onChange: scheduleEmit,
    });
  }

  function stopRuntimes(): void {
    for (const rt of runtimes) stopSourceRuntime(rt);
    runtimes = [];
  }

  async function startSources(): Promise<void> {
    stopRuntimes();
    sourcesError = undefined;
    let sources: PageSource[];
    try {
      const { settings, secret } = config.current();
      sources = await deps.createSources({ settings, secret });
    } catch (error) {
      sourcesError = error instanceof Error ? error.message : String(error);
      logger.error('could not set up the platform connection', { error: sourcesError });
      void notifier
        .show({
          tag: 'feed-alarm:setup',
          title: FEED_ALARM_TITLE,
          body: `The platform connection could not be set up: ${sourcesError}`,
          urgency: 'critical',
          actions: [{ id: 'open', label: 'Open' }],
          sticky: true,
          sound: true,
        })
        .catch(() => {});
      scheduleEmit();
      return;
    }
    void notifier.close('feed-alarm:setup').catch(() => {});
    if (!started) return;
    runtimes = sources.map(startRuntime);
    acks.outbox.retryNow();
    scheduleEmit();
  }

  function state(): AppState {
    const playbook = deps.playbook.current();
    return computeState({
      now: clock.now(),
      sources: snapshots(),
      sourcesError,
      pages: tracker.pages(),
      ackOf: (key) => acks.outbox.get(key),
      reachability: reachability.current(),
      playbook: {
        origin: playbook.origin,
        ...(playbook.error !== undefined ? { error: playbook.error } : {}),
      },
      firstRunDone: config.current().settings.firstRunDone,
    });
  }

  function scheduleEmit(): void {
    if (!started || emitTimer !== undefined) return;
    emitTimer = clock.setTimeout(() => {
      emitTimer = undefined;
      emitNow();
    }, EMIT_COALESCE_MS);
  }

  function emitNow(): void {
    const current = state();
    try {
      deps.tray?.update(current.tray.state, current.tray.tooltip, trayMenu(current, trayExtras));
    } catch (error) {
      logger.error('tray update failed', { error: String(error) });
    }
    for (const listener of listeners) {
      try {
        listener(current);
      } catch (error) {
        logger.error('state listener failed', { error: String(error) });
      }
    }
  }

  const handlers = createAppHandlers({
    deps,
    config,
    state,
    acknowledge: (key) => acks.acknowledge(key),
    firstSource: () => runtimes[0],
    sourcesError: () => sourcesError,
    checkReachability: async () => {
      await reachability.check();
      return reachability.current().problems;
    },
    settled: () => applying,
  });

  function onNotificationAction(tag: string, actionId: string): void {
    if (actionId === 'acknowledge') {
      acks
        .acknowledge(tag)
        .catch((error: unknown) =>
          logger.warn('acknowledge from notification failed', { key: tag, error: String(error) }),
        );
      return;
    }
    const ringing = tracker.get(tag)?.ringing === true;
    if (actionId === 'default' && ringing && deps.alerts) {
      ringer.present();
      return;
    }
    if (actionId === 'default' || actionId === 'open') deps.onTrayCommand?.('open');
  }

  function onTrayMenu(id: string): void {
    if (id.startsWith('ack:')) {
      acks
        .acknowledge(id.slice(4))
        .catch((error: unknown) =>
          logger.warn('acknowledge from tray failed', { error: String(error) }),
        );
    } else if (id === TRAY_IDS.sendTest) {
      handlers['pages:send-test']({}).catch((error: unknown) =>
        logger.warn('test page from tray failed', { error: String(error) }),
      );
    } else if (id === 'open' || id === 'quit' || id === 'declare') {
      deps.onTrayCommand?.(id);
    }
  }

  return {
    handlers,
    acknowledge: (key) => acks.acknowledge(key),
    async start() {
      if (started) return;
      config.reload();
      started = true;
      unsubscribes.push(notifier.onAction(onNotificationAction));
      if (deps.tray) unsubscribes.push(deps.tray.onMenu(onTrayMenu));
      unsubscribes.push(deps.playbook.onChange(scheduleEmit));
      // Pages that were ringing when the app stopped ring again at once, before any poll; a
      // crash between the two writes of an acknowledgement is repaired first.
      acks.start();
      ringer.sync();
      await startSources();
      await reachability.check();
      emitNow();
    },
    async stop() {
      if (!started) return;
      started = false;
      stopRuntimes();
      acks.stop();
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
      await ringer.stop();
      if (emitTimer !== undefined) clock.clearTimeout(emitTimer);
      emitTimer = undefined;
      onCall.stop();
    },
    state,
    sourceRotations(sourceId) {
      const rt = runtimeOf(sourceId);
      if (!rt) return undefined;
      return {
        rotations: structuredClone(rt.rotations),
        me: tracker.me(sourceId),
        skewMs: rt.skewMs,
      };
    },
    onStateChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setTrayExtras(items) {
      if (JSON.stringify(items) === JSON.stringify(trayExtras)) return;
      trayExtras = structuredClone(items);
      scheduleEmit();
    },
    pollNow(reason) {
      logger.info('polling now', { reason });
      for (const rt of runtimes) {
        for (const poller of rt.pollers) poller.pollNow({ restart: reason !== 'user' });
      }
      acks.outbox.retryNow();
    },
  };
}
