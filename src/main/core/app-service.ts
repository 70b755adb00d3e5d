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
import { createAppHandlers, createEntryPoints } from './app-handlers.js';
import { createStateEmitter } from './app-state/state-emitter.js';
import { computeState, pageViews } from './app-state/state-projection.js';
import { createConfigReader } from './config/config-reader.js';
import type { EffectiveConfig } from './config/resolve-config.js';
import { snapshotOf, startSourceRuntime, type SourceRuntime } from './feeds/source-runtime.js';
import { createSourceSet } from './feeds/source-set.js';
import { createReachability } from './on-call/reachability.js';
import { createOnCallWatch, myShifts } from './on-call/shifts.js';
import { createAcknowledger } from './paging/acknowledge.js';
import type { OutboxSnapshot } from './paging/outbox.js';
import { PageTracker, type TrackerSnapshot } from './paging/page-tracker.js';
import { createRinger } from './paging/ringer.js';
import type { AppService, AppServiceDeps, PageSource } from './ports.js';

export { RING_RESEND_MS } from './paging/ringer.js';
export {
  ROTATIONS_INTERVAL_MS,
  INCIDENTS_INTERVAL_MS,
  ME_INTERVAL_MS,
} from './feeds/source-runtime.js';
export { REACHABILITY_TAG } from './on-call/reachability.js';
export { DEMO_TOOLTIP, TRAY_IDS } from './app-state/tray-view.js';
export { EMIT_COALESCE_MS } from './app-state/state-emitter.js';

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
  let started = false;
  /** The last settings change's consequences (a reconnect), for the handlers to wait on. */
  let applying: Promise<void> = Promise.resolve();

  const tracker = new PageTracker({
    store: deps.stores<TrackerSnapshot>('tracker'),
    clock,
    logger,
  });
  const emitter = createStateEmitter({ clock, logger, tray: deps.tray, state });
  const sources = createSourceSet({
    logger,
    notifier,
    createSources: deps.createSources,
    startRuntime,
    running: () => started,
    onStarted: () => acks.outbox.retryNow(),
    onChange: emitter.schedule,
  });
  const snapshots = () => sources.all().map((rt) => snapshotOf(rt, tracker.me(rt.source.id)));
  const acks = createAcknowledger({
    clock,
    logger,
    tracker,
    store: deps.stores<OutboxSnapshot>('outbox'),
    source: sources.get,
    pollPages: (id) => sources.get(id)?.pagesPoller?.pollNow(),
    onChange: () => {
      ringer.sync();
      emitter.schedule();
    },
  });
  const reachability = createReachability({ notifier, logger, onChange: emitter.schedule });
  const onCall = createOnCallWatch({
    clock,
    logger,
    shifts: () => myShifts(snapshots()),
    running: () => started,
    onShiftChange: (now) => {
      for (const rt of sources.all()) rt.health.evaluate();
      if (now) void reachability.check();
    },
    onShiftStartWhileOnCall: () => void reachability.check(),
    onChange: emitter.schedule,
  });
  const ringer = createRinger({
    clock,
    logger,
    notifier,
    tracker,
    ...(deps.alerts ? { alerts: deps.alerts } : {}),
    source: (id) => {
      const rt = sources.get(id);
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
    applying = (async () => {
      if (started && sourcesSignature(before) !== sourcesSignature(now)) {
        logger.info('platform settings changed; reconnecting');
        await sources.restart(now);
      }
      for (const rt of sources.all()) rt.health.evaluate();
      emitter.schedule();
    })();
  });

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
        else emitter.schedule();
      },
      onChange: emitter.schedule,
    });
  }

  function state(): AppState {
    const { origin, error } = deps.playbook.current();
    return computeState({
      now: clock.now(),
      sources: snapshots(),
      sourcesError: sources.error(),
      pages: tracker.pages(),
      ackOf: (key) => acks.outbox.get(key),
      reachability: reachability.current(),
      playbook: { origin, ...(error !== undefined ? { error } : {}) },
      firstRunDone: config.current().settings.firstRunDone,
    });
  }

  const handlers = createAppHandlers({
    deps,
    config,
    state,
    acknowledge: acks.acknowledge,
    firstSource: () => sources.all()[0],
    sourcesError: sources.error,
    checkReachability: async () => {
      await reachability.check();
      return reachability.current().problems;
    },
    settled: () => applying,
  });
  const entryPoints = createEntryPoints({
    logger,
    acknowledge: acks.acknowledge,
    ringing: (key) => tracker.get(key)?.ringing === true,
    ...(deps.alerts ? { presentAlert: ringer.present } : {}),
    sendTestPage: () => handlers['pages:send-test']({}),
    ...(deps.onTrayCommand ? { onTrayCommand: deps.onTrayCommand } : {}),
  });
  const unsubscribes: (() => void)[] = [];

  return {
    handlers,
    acknowledge: acks.acknowledge,
    async start() {
      if (started) return;
      config.reload();
      started = true;
      emitter.start();
      unsubscribes.push(notifier.onAction(entryPoints.onNotificationAction));
      if (deps.tray) unsubscribes.push(deps.tray.onMenu(entryPoints.onTrayMenu));
      unsubscribes.push(deps.playbook.onChange(emitter.schedule));
      // A crash between an acknowledgement's two writes is repaired first; then pages that were
      // ringing when the app stopped ring again at once, before any poll.
      acks.start();
      ringer.sync();
      await sources.restart(config.current());
      await reachability.check();
      emitter.emitNow();
    },
    async stop() {
      if (!started) return;
      started = false;
      sources.stop();
      acks.stop();
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
      await ringer.stop();
      emitter.stop();
      onCall.stop();
    },
    state,
    sourceRotations(sourceId) {
      const rt = sources.get(sourceId);
      if (!rt) return undefined;
      const rotations = structuredClone(rt.rotations);
      return { rotations, me: tracker.me(sourceId), skewMs: rt.skewMs };
    },
    onStateChanged: emitter.onStateChanged,
    setTrayExtras: emitter.setTrayExtras,
    pollNow(reason) {
      logger.info('polling now', { reason });
      for (const rt of sources.all()) {
        for (const poller of rt.pollers) poller.pollNow({ restart: reason !== 'user' });
      }
      acks.outbox.retryNow();
    },
  };
}
