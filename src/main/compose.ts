/**
 * What both composition roots share: given a host's adapters (Electron or plain Node), build the
 * app service, its sources (the configured platform, or the embedded local platform when none is
 * configured) and the IPC dispatcher. No Electron import here.
 */
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
  SecretStore,
  SourceConfig,
  SettingsStore,
  TrayView,
} from './core/ports.js';
import { createPlainClock } from './core/clock.js';
import { ZephyrSource } from './core/zephyr-client.js';
import { PagerDutySource } from './core/pagerduty/pagerduty-source.js';
import { createPagerDutySettingsService } from './core/pagerduty/pagerduty-settings-service.js';
import { resolveConfig } from './core/config.js';
import {
  isAllowedExternalUrl,
  vendorApiUrlProblem,
  vendorApiUrlProblems,
} from './core/url-policy.js';
import { IpcError, SecretName, type IpcResult } from '../shared/contract.js';
import { redact } from './node/logger.js';
import { createDeclareService, type DeclareService } from './core/incidents/declare-service.js';
import { createAftercareService } from './core/aftercare/aftercare-service.js';
import { AFTERCARE_STORE } from './core/aftercare/aftercare-store.js';
import { saveToFolder, type SaveFile } from './core/aftercare/export-file.js';
import * as aftercareWiring from './core/aftercare/wiring.js';
import { startLocalPlatform, type LocalPlatform } from './local-platform/index.js';
import {
  FileRecoveryLog,
  isObject,
  jsonStoreFactory,
  JsonFileStore,
} from './node/json-file-store.js';
import { createPlaybookHandle, playbookPathProblem } from './node/playbook-file.js';

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

/** The raw settings file, or `undefined` when it cannot be read (the defaults apply then). */
function safeRaw(adapters: Pick<HostAdapters, 'settings'>): unknown {
  try {
    return adapters.settings.readRaw();
  } catch {
    return undefined;
  }
}

/** The environment variables that may point a vendor API elsewhere (deployment tooling). */
const VENDOR_URL_ENV = {
  slackApiUrl: 'ZEPHYR_SLACK_API_URL',
  statuspageApiUrl: 'ZEPHYR_STATUSPAGE_API_URL',
  linearApiUrl: 'ZEPHYR_LINEAR_API_URL',
  pagerdutyApiUrl: 'ZEPHYR_PAGERDUTY_API_URL',
} as const;

/** Commands whose whole answer carries vendor text (connection tests). */
const VENDOR_TEXT_COMMANDS = new Set(['sources:test', 'integrations:test']);

function redactResult(result: IpcResult<unknown>, secrets: readonly string[]): IpcResult<unknown> {
  if (!result.ok) {
    return {
      ok: false,
      error: { ...result.error, message: redact(result.error.message, secrets) },
    };
  }
  return { ok: true, value: JSON.parse(redact(JSON.stringify(result.value), secrets)) as unknown };
}

/** Builds the app service and dispatcher over a host's adapters. Call `app.start()` next. */
export async function composeApp(adapters: HostAdapters): Promise<ComposedApp> {
  const { dataDir, env, logger } = adapters;
  const recovery = adapters.recovery ?? new FileRecoveryLog();
  const stores = jsonStoreFactory(join(dataDir, 'state'), (recovered) => {
    recovery.record(recovered);
    logger.error('a damaged file was moved aside; starting without it', { ...recovered });
  });
  const clock = adapters.clock ?? createPlainClock();
  const playbook = createPlaybookHandle({
    file: env.ZEPHYR_PLAYBOOK || undefined,
    logger,
  });
  let local: LocalPlatform | undefined;
  const tokensInPlay = new Set<string>();

  const createSources = async ({ settings, secret }: SourceConfig): Promise<PageSource[]> => {
    const sources: PageSource[] = [];
    const platformToken = secret('platformToken');
    const pagerdutyToken = secret('pagerdutyToken');
    for (const t of [platformToken, pagerdutyToken]) if (t) tokensInPlay.add(t);
    if (settings.platformUrl) {
      if (local) {
        await local.close();
        local = undefined;
      }
      sources.push(
        new ZephyrSource({
          id: 'zephyr',
          label: 'Zephyr platform',
          baseUrl: settings.platformUrl,
          token: platformToken ?? '',
          demo: false,
          clock,
          logger,
        }),
      );
    } else if (!pagerdutyToken) {
      // Nothing configured: the embedded demo platform, so a newcomer sees the app work at once.
      if (!local) {
        const token = localPlatformToken(dataDir, recovery);
        tokensInPlay.add(token);
        local = await startLocalPlatform({
          dataDir: join(dataDir, 'local-platform'),
          port: 0,
          token,
          playbook: playbook.current().playbook,
          logger,
          onRecovered: recovery.record,
        });
        logger.info('embedded demo platform started', { url: local.url });
      }
      sources.push(
        new ZephyrSource({
          id: 'zephyr',
          label: 'Demo platform',
          baseUrl: local.url,
          token: local.token,
          demo: true,
          clock,
          logger,
        }),
      );
    } else if (local) {
      await local.close();
      local = undefined;
    }
    if (pagerdutyToken) {
      sources.push(
        new PagerDutySource({
          token: pagerdutyToken,
          ...(settings.pagerdutyApiUrl ? { apiUrl: settings.pagerdutyApiUrl } : {}),
          clock,
          logger,
        }),
      );
    }
    return sources;
  };

  const app = createAppService({
    clock,
    logger,
    stores,
    recoveredFiles: () => [...recovery.files],
    settings: adapters.settings,
    secrets: adapters.secrets,
    env,
    playbook,
    notifier: adapters.notifier,
    tray: adapters.tray,
    alerts: adapters.alerts,
    createSources,
    openExternal: async (url) => {
      const runbookHost = new URL(playbook.current().playbook.runbookUrl).hostname;
      if (!isAllowedExternalUrl(url, [runbookHost])) {
        logger.warn('refused to open a link outside the allow-list', { url });
        return false;
      }
      return adapters.openExternal(url);
    },
    onTrayCommand: adapters.onTrayCommand,
    showMain: adapters.showMain,
  });

  const pagerduty = createPagerDutySettingsService({
    current: () => {
      let raw: unknown;
      try {
        raw = adapters.settings.readRaw();
      } catch {
        // An unreadable settings file: the defaults, as the app service does.
      }
      const config = resolveConfig({ raw, env, secrets: adapters.secrets });
      return { token: config.secret('pagerdutyToken'), apiUrl: config.settings.pagerdutyApiUrl };
    },
    clock,
    logger,
  });
  const declarations = createDeclareService({
    clock,
    logger,
    store: stores<unknown[]>('declarations'),
    playbook: () => playbook.current().playbook,
    config: () => resolveConfig({ raw: safeRaw(adapters), env, secrets: adapters.secrets }),
    platform: () => {
      const config = resolveConfig({ raw: safeRaw(adapters), env, secrets: adapters.secrets });
      if (config.settings.platformUrl) {
        const token = config.secret('platformToken');
        return token ? { url: config.settings.platformUrl, token } : undefined;
      }
      return local ? { url: local.url, token: local.token } : undefined;
    },
    rotations: () => app.sourceRotations('zephyr'),
    onChanged: (declaration) => events.emit('declarations:changed', { declaration }),
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
      platform: aftercareWiring.platformUpdatesFor(
        resolveConfig({ raw: safeRaw(adapters), env, secrets: adapters.secrets }),
        local,
      ),
    }),
    declarationFor: (id) =>
      aftercareWiring.targetsOfDeclaration(declarations.findDeclarationByIncident(id)),
    readTemplate: aftercareWiring.templateReader(
      () => playbook.current().playbook,
      env.ZEPHYR_PLAYBOOK || undefined,
    ),
    openMailto: aftercareWiring.mailtoOpener(adapters.openExternal),
    saveFile: adapters.saveFile ?? saveToFolder(join(dataDir, 'exports')),
    onTrayItems: (items) => app.setTrayExtras(items),
    refreshFeeds: () => app.pollNow('user'),
  });
  const handlers: CommandHandlers = {
    ...declarations.handlers,
    ...aftercare.handlers,
    'sources:test': async (input) => {
      // A token typed into a form but not saved yet must be redacted from logs all the same.
      if (input.token) tokensInPlay.add(input.token);
      // The renderer may pick PagerDuty's US or EU host, or the configured one; never its own.
      const configured = resolveConfig({ raw: safeRaw(adapters), env, secrets: adapters.secrets })
        .settings.pagerdutyApiUrl;
      const trim = (url: string) => url.trim().replace(/\/+$/, '');
      const problem =
        input.apiUrl === undefined || (configured !== '' && trim(input.apiUrl) === trim(configured))
          ? undefined
          : vendorApiUrlProblem('pagerdutyApiUrl', input.apiUrl);
      if (problem) return { ok: false, problem: 'bad-url', message: problem };
      return pagerduty.handlers['sources:test'](input);
    },
    ...app.handlers,
    'settings:update': (input) => {
      // Saving the host the environment already sets is a no-op, not a request for another host.
      const patch = { ...input.patch };
      for (const [key, envName] of Object.entries(VENDOR_URL_ENV)) {
        const value = patch[key as keyof typeof VENDOR_URL_ENV];
        const fromEnv = env[envName];
        if (
          fromEnv &&
          typeof value === 'string' &&
          value.replace(/\/+$/, '') === fromEnv.replace(/\/+$/, '')
        ) {
          delete patch[key as keyof typeof VENDOR_URL_ENV];
        }
      }
      input = { patch };
      const problems = vendorApiUrlProblems(input.patch);
      const playbookPath = input.patch.playbookPath?.trim();
      const badPlaybook = playbookPath ? playbookPathProblem(playbookPath) : undefined;
      if (badPlaybook) problems.push(badPlaybook);
      if (problems.length > 0) throw new IpcError('invalid-payload', problems.join(' '));
      return app.handlers['settings:update'](input);
    },
  };
  const dispatchRaw = createDispatcher(handlers, logger);
  /** Vendor text reaching the UI (errors, connection tests) is redacted like the log. */
  const dispatch: Dispatch = async (name, payload) => {
    const result = await dispatchRaw(name, payload);
    if (result.ok && !VENDOR_TEXT_COMMANDS.has(name)) return result;
    const config = resolveConfig({ raw: safeRaw(adapters), env, secrets: adapters.secrets });
    const stored = SecretName.options.map((n) => config.secret(n) ?? '');
    return redactResult(result, [...tokensInPlay, ...stored]);
  };
  const events = createEventBus();
  app.onStateChanged((state) => events.emit('app:state-changed', state));
  app.onStateChanged(() => {
    aftercare.start();
    aftercare.refresh();
  });
  aftercare.onChanged((view) => events.emit('incidents:changed', view));

  return {
    app,
    dispatch,
    subscribe: events.subscribe,
    localPlatform: () => local,
    secrets: () => [...tokensInPlay],
    declarations,
    async close() {
      aftercare.stop();
      await app.stop();
      playbook.dispose();
      await local?.close();
      local = undefined;
    },
  };
}
