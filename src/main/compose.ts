/**
 * What both composition roots share: given a host's adapters (Electron or plain Node), build the
 * app service, its sources (the configured platform, or the embedded local platform when none is
 * configured) and the IPC dispatcher. No Electron import here.
 */
import type { Playbook } from '../shared/playbook.js';
import { randomBytes } from 'node:crypto';
import type { EventName, EventPayload } from '../shared/contract.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createAppService } from './core/app-service.js';
import { createDispatcher, type Dispatch } from './core/ipc-dispatcher.js';
import type {
  AlertPresenter,
  AppService,
  AppServiceDeps,
  Clock,
  CommandHandlers,
  Logger,
  Notifier,
  PageSource,
  PlaybookHandle,
  SecretStore,
  SourceConfig,
  SettingsStore,
  StoreFactory,
  TrayView,
} from './core/ports.js';
import { createPlainClock } from './core/clock.js';
import { ZephyrSource } from './core/feeds/zephyr-client.js';
import { PagerDutySource } from './core/pagerduty/pagerduty-source.js';
import { createPagerDutySettingsService } from './core/pagerduty/pagerduty-settings-service.js';
import { createConfigReader, type ConfigReader } from './core/config/config-reader.js';
import { isAllowedExternalUrl } from './core/url-policy.js';
import { createDeclareService, type DeclareService } from './core/incidents/declare-service.js';
import { DECLARATIONS_STORE } from './core/incidents/declare.js';
import {
  createAftercareService,
  type AftercareService,
} from './core/aftercare/aftercare-service.js';
import { AFTERCARE_STORE } from './core/aftercare/aftercare-store.js';
import { TIMELINE_STORE } from './core/aftercare/timeline-store.js';
import type { SaveFile } from './core/aftercare/export-file.js';
import * as aftercareWiring from './core/aftercare/wiring.js';
import { createHandoffService, type HandoffService } from './core/on-call/handoff-service.js';
import { SHIFT_LOG_STORE, type ShiftLogSnapshot } from './core/on-call/shift-log.js';
import { startLocalPlatform, type LocalPlatform } from './local-platform/index.js';
import {
  FileRecoveryLog,
  isObject,
  jsonStoreFactory,
  JsonFileStore,
} from './node/json-file-store.js';
import {
  guardedPlatformTest,
  guardedSettingsUpdate,
  guardedSourcesTest,
  redactingDispatch,
} from './renderer-guards.js';
import { createPlatformCheck } from './core/feeds/platform-check.js';
import { managedBy } from './core/config/resolve-config.js';
import { createPlaybookHandle } from './node/playbook-file.js';
import { saveToFolder } from './node/export-folder.js';
import { coverageNotifier } from './core/on-call/coverage.js';
import { createGitPublisher } from './node/git-publisher.js';
import { readTextFile } from './node/text-file.js';

/** The adapters a host provides. */
export interface HostAdapters {
  dataDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  notifier: Notifier;
  tray?: TrayView;
  alerts?: AlertPresenter;
  settings: SettingsStore;
  secrets: SecretStore;
  openExternal(url: string): Promise<boolean>;
  clock?: Clock;
  /** Tray menu entries the host handles itself. */
  onTrayCommand?(id: 'open' | 'quit' | 'declare'): void;
  /** See `AppServiceDeps.showMain`. */
  showMain?: AppServiceDeps['showMain'];
  /** Saves an export (`.eml`, post-mortem); default: `<dataDir>/exports/`. */
  saveFile?: SaveFile;
  /** Where the host's own stores (settings, secrets) report damaged files they moved aside. */
  recovery?: FileRecoveryLog;
}

/** The composed main-process services. */
export interface ComposedApp {
  app: AppService;
  dispatch: Dispatch;
  /** The embedded platform, while no platform URL is configured. */
  localPlatform(): LocalPlatform | undefined;
  /** Subscribes to one contract event, whichever service emits it. */
  subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
  /** Every secret in play, for log redaction. */
  secrets(): string[];
  /** Declare an incident: call `declarations.resumePending()` once after `app.start()`. */
  declarations: DeclareService;
  close(): Promise<void>;
}

/** A typed fan-out of contract events from the services to the transports. */
export function createEventBus(): {
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void;
  subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
} {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  return {
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) (l as (p: typeof payload) => void)(payload);
    },
    subscribe(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}

/**
 * The data directory: `ZEPHYR_DATA_DIR` when set, else the host's default (Electron's userData,
 * or `$XDG_CONFIG_HOME/zephyr-oncall` for the Node host).
 */
export function resolveDataDir(
  env: Record<string, string | undefined>,
  hostDefault?: string,
): string {
  if (env.ZEPHYR_DATA_DIR) return env.ZEPHYR_DATA_DIR;
  if (hostDefault) return hostDefault;
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'zephyr-oncall');
}

/** The local platform's token for this data directory: made once, kept in a 0600 file. */
function localPlatformToken(dataDir: string, recovery: FileRecoveryLog): string {
  const store = new JsonFileStore<{ token: string }>(
    join(dataDir, 'local-platform', 'app-token.json'),
    {
      shape: (v) =>
        isObject(v) ??
        (typeof (v as { token?: unknown }).token === 'string' &&
        (v as { token: string }).token.length > 0
          ? undefined
          : 'expected a "token" string'),
      onRecovered: recovery.record,
    },
  );
  const existing = store.read()?.token;
  if (existing) return existing;
  const token = randomBytes(24).toString('base64url');
  store.write({ token });
  return token;
}

/** What the source factory needs. */
interface SourceFactoryDeps {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  playbook: PlaybookHandle;
  /** Every token in play, for log redaction. */
  tokensInPlay: Set<string>;
  /** Where damaged files moved aside are reported. */
  recovery: FileRecoveryLog;
}

/**
 * Builds the sources from a configuration: the configured platform, else (with no PagerDuty
 * either) the embedded demo platform, started on first use and closed when no longer needed; and
 * PagerDuty when it has a token. `local()` is the embedded platform while it runs.
 */
function createSourceFactory(deps: SourceFactoryDeps): {
  createSources(config: SourceConfig): Promise<PageSource[]>;
  local(): LocalPlatform | undefined;
  pagerduty(): PagerDutySource | undefined;
  close(): Promise<void>;
} {
  const { dataDir, clock, logger, tokensInPlay } = deps;
  let local: LocalPlatform | undefined;
  /** The PagerDuty source in use (polls, and declarations page through it). */
  let pagerdutySource: PagerDutySource | undefined;
  const closeLocal = async () => {
    await local?.close();
    local = undefined;
  };
  const zephyr = (label: string, baseUrl: string, token: string, demo: boolean) =>
    new ZephyrSource({ id: 'zephyr', label, baseUrl, token, demo, clock, logger });

  async function createSources({ settings, secret }: SourceConfig): Promise<PageSource[]> {
    const sources: PageSource[] = [];
    const platformToken = secret('platformToken');
    const pagerdutyToken = secret('pagerdutyToken');
    for (const t of [platformToken, pagerdutyToken]) if (t) tokensInPlay.add(t);
    if (settings.platformUrl) {
      await closeLocal();
      sources.push(zephyr('Zephyr platform', settings.platformUrl, platformToken ?? '', false));
    } else if (!pagerdutyToken) {
      // Nothing configured: the embedded demo platform, so a newcomer sees the app work at once.
      if (!local) {
        const token = localPlatformToken(dataDir, deps.recovery);
        tokensInPlay.add(token);
        local = await startLocalPlatform({
          dataDir: join(dataDir, 'local-platform'),
          port: 0,
          token,
          playbook: deps.playbook.current().playbook,
          logger,
          onRecovered: deps.recovery.record,
        });
        logger.info('embedded demo platform started', { url: local.url });
      }
      sources.push(zephyr('Demo platform', local.url, local.token, true));
    } else {
      await closeLocal();
    }
    pagerdutySource = undefined;
    if (pagerdutyToken) {
      pagerdutySource = new PagerDutySource({
        token: pagerdutyToken,
        ...(settings.pagerdutyApiUrl ? { apiUrl: settings.pagerdutyApiUrl } : {}),
        clock,
        logger,
      });
      sources.push(pagerdutySource);
    }
    return sources;
  }

  return { createSources, local: () => local, pagerduty: () => pagerdutySource, close: closeLocal };
}

/** Opens `https:` links on the allow-list (and the playbook's runbook host) only. */
function allowListedOpener(
  playbook: PlaybookHandle,
  logger: Logger,
  open: (url: string) => Promise<boolean>,
): (url: string) => Promise<boolean> {
  return async (url) => {
    const runbookHost = new URL(playbook.current().playbook.runbookUrl).hostname;
    if (!isAllowedExternalUrl(url, [runbookHost])) {
      logger.warn('refused to open a link outside the allow-list', { url });
      return false;
    }
    return open(url);
  };
}

/** The state stores: a damaged file is moved aside, recorded for the UI and logged. */
function recoveringStores(dir: string, recovery: FileRecoveryLog, logger: Logger) {
  return jsonStoreFactory(dir, (recovered) => {
    recovery.record(recovered);
    logger.error('a damaged file was moved aside; starting without it', { ...recovered });
  });
}

/** The PagerDuty settings service (`sources:test`) over the one configuration reader. */
function pagerDutySettings(config: ConfigReader, clock: Clock, logger: Logger) {
  return createPagerDutySettingsService({
    current: () => {
      const { settings, secret } = config.current();
      return { token: secret('pagerdutyToken'), apiUrl: settings.pagerdutyApiUrl };
    },
    clock,
    logger,
  });
}

/** "Test before saving" for the platform (`platform:test`) over the one configuration reader. */
function platformTest(
  config: ConfigReader,
  env: Record<string, string | undefined>,
  deps: { clock: Clock; logger: Logger },
  tokensInPlay: Set<string>,
): CommandHandlers['platform:test'] {
  const check = createPlatformCheck({
    current: () => ({
      token: config.current().secret('platformToken'),
      tokenEnvName: managedBy('platformToken', env),
    }),
    ...deps,
  });
  return guardedPlatformTest(check['platform:test'], tokensInPlay);
}

/** The hand-off brief and calendar export over the other services (see `core/on-call/`). */
function wireHandoff(
  adapters: HostAdapters,
  deps: {
    clock: Clock;
    stores: StoreFactory;
    playbook: PlaybookHandle;
    app: AppService;
    aftercare: AftercareService;
    declarations: DeclareService;
  },
): HandoffService {
  const { app } = deps;
  const handoff = createHandoffService({
    clock: deps.clock,
    logger: adapters.logger,
    store: deps.stores<ShiftLogSnapshot>(SHIFT_LOG_STORE),
    notifier: adapters.notifier,
    playbook: () => deps.playbook.current().playbook,
    appState: () => app.state(),
    rotations: () =>
      app.state().sources.flatMap((s) => {
        const r = app.sourceRotations(s.id);
        return r ? [r] : [];
      }),
    incidents: () => deps.aftercare.view().incidents,
    slack: () => deps.declarations.integrations().slack,
    saveFile: adapters.saveFile ?? saveToFolder(join(adapters.dataDir, 'exports')),
    localTimeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    openHandoff: () => {
      if (!adapters.showMain?.('/handoff')) adapters.onTrayCommand?.('open');
    },
  });
  adapters.notifier.onAction(handoff.onNotificationAction);
  adapters.tray?.onMenu(handoff.onTrayMenu);
  app.onStateChanged(() => handoff.refresh());
  return handoff;
}

/** The aftercare pieces over the platform repo checkout: team templates, git publishing. */
function platformRepoDeps(
  config: { current(): { settings: { platformRepoPath: string } } },
  handle: { current(): { playbook: Playbook } },
  env: Record<string, string | undefined>,
) {
  const settings = () => config.current().settings;
  return {
    readTemplate: aftercareWiring.templateReader(
      () => handle.current().playbook,
      () => aftercareWiring.templateRoots(settings(), env['ZEPHYR_PLAYBOOK']),
      readTextFile,
    ),
    git: createGitPublisher(),
    platformRepoPath: () => settings().platformRepoPath,
  };
}

/** Builds the app service and dispatcher over a host's adapters. Call `app.start()` next. */
export async function composeApp(adapters: HostAdapters): Promise<ComposedApp> {
  const { dataDir, env, logger } = adapters;
  const clock = adapters.clock ?? createPlainClock();
  const recovery = adapters.recovery ?? new FileRecoveryLog();
  const stores = recoveringStores(join(dataDir, 'state'), recovery, logger);
  const events = createEventBus();
  const playbook = createPlaybookHandle({ file: env.ZEPHYR_PLAYBOOK || undefined, logger });
  // The one reader of settings, secrets and environment: every service below asks it.
  const config = createConfigReader({
    settings: adapters.settings,
    secrets: adapters.secrets,
    env,
    logger,
  });
  const tokensInPlay = new Set<string>();
  const sources = createSourceFactory({
    dataDir,
    clock,
    logger,
    playbook,
    tokensInPlay,
    recovery,
  });

  const app = createAppService({
    clock,
    logger,
    stores,
    recoveredFiles: () => [...recovery.files],
    settings: adapters.settings,
    secrets: adapters.secrets,
    env,
    config,
    playbook,
    notifier: adapters.notifier,
    tray: adapters.tray,
    alerts: adapters.alerts,
    createSources: sources.createSources,
    openExternal: allowListedOpener(playbook, logger, adapters.openExternal),
    onTrayCommand: adapters.onTrayCommand,
    showMain: adapters.showMain,
  });

  const pagerduty = pagerDutySettings(config, clock, logger);
  const declarations = createDeclareService({
    clock,
    logger,
    store: stores<unknown[]>(DECLARATIONS_STORE),
    playbook: () => playbook.current().playbook,
    config: () => config.current(),
    platform: () => {
      const { settings, secret } = config.current();
      if (settings.platformUrl) {
        const token = secret('platformToken');
        return token ? { url: settings.platformUrl, token } : undefined;
      }
      const local = sources.local();
      return local ? { url: local.url, token: local.token } : undefined;
    },
    rotations: () => app.sourceRotations('zephyr'),
    pagerduty: () => sources.pagerduty(),
    onChanged: (declaration) => events.emit('declarations:changed', { declaration }),
    refreshFeeds: () => app.pollNow('user'),
    onSecret: (secret) => tokensInPlay.add(secret),
  });
  const aftercare = createAftercareService({
    clock,
    logger,
    store: stores<unknown>(AFTERCARE_STORE),
    playbook: () => playbook.current().playbook,
    notifier: adapters.notifier,
    appState: () => app.state(),
    integrations: () => ({
      ...declarations.integrations(),
      ...aftercareWiring.platformClientsFor(config.current(), sources.local()),
    }),
    declarationFor: (id) =>
      aftercareWiring.targetsOfDeclaration(declarations.findDeclarationByIncident(id)),
    declaration: (id) => declarations.findDeclarationByIncident(id),
    rotations: () => app.sourceRotations('zephyr'),
    timelineStore: stores<unknown>(TIMELINE_STORE),
    ...platformRepoDeps(config, playbook, env),
    openMailto: aftercareWiring.mailtoOpener(adapters.openExternal),
    saveFile: adapters.saveFile ?? saveToFolder(join(dataDir, 'exports')),
    onTrayItems: (items) => app.setTrayExtras(items),
    refreshFeeds: () => app.pollNow('user'),
  });
  const handoff = wireHandoff(adapters, { clock, stores, playbook, app, aftercare, declarations });
  const handlers: CommandHandlers = {
    ...declarations.handlers,
    ...handoff.handlers,
    ...aftercare.handlers,
    'sources:test': guardedSourcesTest(pagerduty.handlers['sources:test'], config, tokensInPlay),
    'platform:test': platformTest(config, env, { clock, logger }, tokensInPlay),
    ...app.handlers,
    'settings:update': guardedSettingsUpdate(app.handlers['settings:update'], env),
  };
  app.onStateChanged((state) => events.emit('app:state-changed', state));
  // Aftercare starts with the first app state (it reads the incidents from it), then follows it.
  const startAftercare = app.onStateChanged(() => {
    startAftercare();
    aftercare.start();
  });
  app.onStateChanged(() => aftercare.refresh());
  app.onStateChanged(coverageNotifier(stores<unknown>('coverage-notified'), adapters.notifier));
  aftercare.onChanged((view) => events.emit('incidents:changed', view));

  return {
    app,
    dispatch: redactingDispatch(createDispatcher(handlers, logger), config, tokensInPlay),
    subscribe: events.subscribe,
    localPlatform: sources.local,
    secrets: () => [...tokensInPlay],
    declarations,
    async close() {
      aftercare.stop();
      handoff.stop();
      await app.stop();
      playbook.dispose();
      await sources.close();
    },
  };
}
