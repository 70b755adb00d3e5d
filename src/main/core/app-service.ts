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
import { computeState, pageViews, type SourceSnapshot } from './app-state/state-projection.js';
import { createConfigReader, type ConfigReader } from './config/config-reader.js';
import type { EffectiveConfig } from './config/resolve-config.js';
import {
  snapshotOf,
  startSourceRuntime,
  type SourceRuntime,
  type SourceRuntimeDeps,
} from './feeds/source-runtime.js';
import { createSourceSet, type SourceSet } from './feeds/source-set.js';
import { createPagerExtras, type PagerExtras } from './pager-extras.js';
import { SEND_TEST_ACTION } from './on-call/readiness.js';
import { TRAY_IDS } from './app-state/tray-view.js';
import { createReachability, type Reachability } from './on-call/reachability.js';
import { createOnCallWatch, myShifts, type OnCallWatch } from './on-call/shifts.js';
import { createAcknowledger, type Acknowledger } from './paging/acknowledge.js';
import type { OutboxSnapshot } from './paging/outbox.js';
import { PageTracker } from './paging/page-tracker.js';
import { createRinger, type Ringer } from './paging/ringer.js';
import type { AppService, AppServiceDeps, PageSource } from './ports.js';

export { RING_RESEND_MS } from './paging/ringer.js';
export { ROTATIONS_INTERVAL_MS, ME_INTERVAL_MS } from './feeds/source-runtime.js';
export { DEMO_TOOLTIP } from './app-state/tray-view.js';

/** The sources' fields that, changed, mean reconnecting. */
function sourcesSignature(c: EffectiveConfig): string {
  return JSON.stringify([
    c.settings.platformUrl,
    c.secret('platformToken'),
    c.settings.pagerdutyApiUrl,
    c.secret('pagerdutyToken'),
  ]);
}

/** The feed timings the settings decide, read at each use. */
function feedSettings(
  config: ConfigReader,
): Pick<SourceRuntimeDeps, 'alarmAfterMs' | 'pollIntervalMs'> {
  return {
    alarmAfterMs: () => config.current().settings.feedAlarmSeconds * 1000,
    pollIntervalMs: () => config.current().settings.pollIntervalSeconds * 1000,
  };
}

/**
 * Follows configuration changes: the playbook file, a reconnect when the platform settings
 * changed, the feed alarms re-evaluated. Returns what settles once the last change is applied.
 */
function followConfig(
  config: ConfigReader,
  deps: AppServiceDeps,
  running: () => boolean,
  sources: SourceSet,
  schedule: () => void,
): () => Promise<void> {
  let applying: Promise<void> = Promise.resolve();
  config.onChange((now, before) => {
    // The playbook file: ZEPHYR_PLAYBOOK, else the setting (read again whenever settings change).
    deps.playbook.setFile?.(now.settings.playbookPath || undefined);
    applying = (async () => {
      if (running() && sourcesSignature(before) !== sourcesSignature(now)) {
        deps.logger.info('platform settings changed; reconnecting');
        await sources.restart(now);
      }
      for (const rt of sources.all()) rt.health.evaluate();
      schedule();
    })();
  });
  return () => applying;
}

/**
 * What to do about a refused token: change the environment variable when the token comes from
 * there (Settings cannot override it), else set a new one in Settings.
 */
function tokenAdvice(config: ConfigReader, source: PageSource): string {
  const name = source.kind === 'pagerduty' ? 'pagerdutyToken' : 'platformToken';
  const { secrets, envNames } = config.current().view;
  if (secrets[name]?.managed !== true) return 'set a new one in Settings';
  return `the token comes from the environment: change ${envNames[name] ?? name} where Zephyr is started (Settings cannot override it)`;
}

/** Keeps "am I on call" current; a shift start re-evaluates the feed alarms and reachability. */
function watchOnCall(
  deps: AppServiceDeps,
  sources: SourceSet,
  snapshots: () => SourceSnapshot[],
  reachability: Reachability,
  running: () => boolean,
  /** Shifts or on-call were recomputed. */
  onChange: () => void,
): OnCallWatch {
  return createOnCallWatch({
    clock: deps.clock,
    logger: deps.logger,
    shifts: () => myShifts(snapshots()),
    running,
    onShiftChange: (now) => {
      for (const rt of sources.all()) rt.health.evaluate();
      if (now) void reachability.check();
    },
    onShiftStartWhileOnCall: () => void reachability.check(),
    onChange,
  });
}

/** The acknowledge path and the ringer over the tracker and the running sources. */
function createPaging(
  deps: AppServiceDeps & { config: ConfigReader },
  tracker: PageTracker,
  sources: SourceSet,
  snapshots: () => SourceSnapshot[],
  { schedule }: { schedule: () => void },
): { acks: Acknowledger; ringer: Ringer } {
  const { clock, logger, notifier } = deps;
  const acks = createAcknowledger({
    clock,
    logger,
    tracker,
    store: deps.stores<OutboxSnapshot>('outbox'),
    source: sources.get,
    pollPages: (id) => sources.get(id)?.pagesPoller?.pollNow(),
    onChange: () => {
      ringer.sync();
      schedule();
    },
  });
  const ringer = createRinger({
    clock,
    logger,
    notifier,
    tracker,
    resendMs: () => deps.config.current().settings.ringResendSeconds * 1000,
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
  return { acks, ringer };
}

/** The host's notifier, tray and playbook listeners; each entry unsubscribes one. */
function listen(
  deps: AppServiceDeps,
  extras: PagerExtras,
  entryPoints: ReturnType<typeof createEntryPoints>,
  schedule: () => void,
): (() => void)[] {
  return [
    deps.notifier.onAction((tag, action) => {
      // The readiness notification's "Send test page" is the tray's "Send test page".
      if (action === SEND_TEST_ACTION) entryPoints.onTrayMenu(TRAY_IDS.sendTest);
      else if (!extras.onNotificationAction(tag, action)) {
        entryPoints.onNotificationAction(tag, action);
      }
    }),
    ...(deps.tray ? [deps.tray.onMenu(entryPoints.onTrayMenu)] : []),
    deps.playbook.onChange(schedule),
    deps.playbook.onChange(() => extras.syncShifts()),
  ];
}

/** Reachability over the notifier, with the alert volume at 0 % counted as muted. */
function watchReachability(
  deps: AppServiceDeps,
  config: ConfigReader,
  onChange: () => void,
): Reachability {
  return createReachability({
    notifier: deps.notifier,
    logger: deps.logger,
    onChange,
    muted: () => config.current().settings.alertVolume === 0,
  });
}

/** Checks again; answers the problems and what the OS will block whatever the app does. */
async function checkAll(reachability: Reachability): Promise<string[]> {
  await reachability.check();
  return [...reachability.current().problems, ...reachability.osLimits()];
}

/** A source's rotations (a copy), who I am there and its clock skew. */
function rotationsOf(sources: SourceSet, tracker: PageTracker, sourceId: string) {
  const rt = sources.get(sourceId);
  if (!rt) return undefined;
  const rotations = structuredClone(rt.rotations);
  return { rotations, me: tracker.me(sourceId), skewMs: rt.skewMs };
}

/** The app state from the service's parts, with the pager extras' notices and marks. */
function projectState(
  deps: AppServiceDeps,
  config: ConfigReader,
  parts: {
    snapshots: () => SourceSnapshot[];
    sources: SourceSet;
    tracker: PageTracker;
    acks: Acknowledger;
    reachability: Reachability;
    extras: PagerExtras;
  },
): AppState {
  const { origin, error } = deps.playbook.current();
  const computed = computeState({
    now: deps.clock.now(),
    sources: parts.snapshots(),
    sourcesError: parts.sources.error(),
    pages: parts.tracker.pages(),
    ackOf: (key) => parts.acks.outbox.get(key),
    reachability: parts.reachability.current(),
    playbook: { origin, ...(error !== undefined ? { error } : {}) },
    firstRunDone: config.current().settings.firstRunDone,
    recoveredFiles: deps.recoveredFiles?.() ?? [],
  });
  return parts.extras.decorate(computed);
}

/** Builds the app service over a host's adapters. Nothing runs until `start()`. */
export function createAppService(deps: AppServiceDeps): AppService {
  const { clock, logger, notifier } = deps;
  const config = deps.config ?? createConfigReader(deps);
  let started = false;

  const tracker = new PageTracker({ store: deps.stores('tracker'), clock, logger });
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
  const reachability = watchReachability(deps, config, emitter.schedule);
  const onCall = watchOnCall(deps, sources, snapshots, reachability, () => started, syncExtras);
  const { acks, ringer } = createPaging({ ...deps, config }, tracker, sources, snapshots, {
    schedule: syncExtras,
  });
  const extras = createPagerExtras({
    deps,
    config,
    tracker,
    acks,
    sources,
    snapshots,
    onCall,
    onChange: () => emitter.schedule(),
  });
  const settled = followConfig(config, deps, () => started, sources, emitter.schedule);

  /** Pages, acknowledgements or shifts changed: the extras follow, then the state. */
  function syncExtras(): void {
    extras.syncShifts();
    emitter.schedule();
  }

  function startRuntime(source: PageSource): SourceRuntime {
    return startSourceRuntime(source, {
      clock,
      logger,
      notifier,
      ...feedSettings(config),
      onCall: () => onCall.onCall(),
      meKnown: (id) => tracker.me(id) !== undefined,
      applyPages: (rt, pages) => tracker.applyFeed(rt.source.id, pages),
      knowMe: (rt, person) => tracker.setMe(rt.source.id, person),
      onFeed: (_rt, feed) => {
        if (feed === 'pages' || feed === 'me') ringer.sync();
        if (feed === 'pages') extras.syncPages();
        if (feed === 'me' || feed === 'rotations') onCall.recompute();
        else emitter.schedule();
      },
      onChange: emitter.schedule,
      // Shift boundaries and reminders are set in platform time: re-arm them on the new skew.
      onClockMoved: () => onCall.recompute(),
      tokenAdvice: (source) => tokenAdvice(config, source),
    });
  }

  function state(): AppState {
    return projectState(deps, config, { snapshots, sources, tracker, acks, reachability, extras });
  }

  const handlers = createAppHandlers({
    deps,
    config,
    state,
    acknowledge: acks.acknowledge,
    firstSource: () => sources.all()[0],
    sourcesError: sources.error,
    checkReachability: () => checkAll(reachability),
    settled,
    more: extras.handlers,
  });
  const entryPoints = createEntryPoints({
    deps,
    acknowledge: acks.acknowledge,
    ringing: (key) => tracker.get(key)?.ringing === true,
    presentAlert: ringer.present,
    sendTestPage: () => handlers['pages:send-test']({}),
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
      unsubscribes.push(...listen(deps, extras, entryPoints, emitter.schedule));
      // A crash between an acknowledgement's two writes is repaired first; then pages that were
      // ringing when the app stopped ring again at once, before any poll.
      acks.start();
      ringer.sync();
      await sources.restart(config.current());
      await reachability.check();
      extras.syncShifts();
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
      extras.stop();
    },
    state,
    sourceRotations: (sourceId) => rotationsOf(sources, tracker, sourceId),
    onStateChanged: emitter.onStateChanged,
    setTrayExtras: emitter.setTrayExtras,
    pollNow(reason) {
      logger.info('polling now', { reason });
      sources.pollNow({ restart: reason !== 'user' });
      acks.outbox.retryNow();
    },
  };
}
