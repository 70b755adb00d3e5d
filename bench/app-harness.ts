/**
 * The app as the hosts build it (`createAppService` over `ZephyrSource`, real file stores and the
 * real clock), with benchmark adapters: a notifier that timestamps each `show()`, a source wrapper
 * that can turn long poll off and reports each confirmed acknowledgement, and in-memory settings.
 */
import { join } from 'node:path';
import type { SecretName, Settings } from '../src/shared/contract.js';
import type { Page, Person, Rotation } from '../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../src/shared/playbook.js';
import { createAppService } from '../src/main/core/app-service.js';
import { createPlainClock } from '../src/main/core/clock.js';
import type {
  AppService,
  Clock,
  Logger,
  NotificationRequest,
  Notifier,
  NotifierCapabilities,
  PagePoll,
  PageSource,
  PlaybookHandle,
  SecretStore,
  SettingsStore,
  StoreFactory,
} from '../src/main/core/ports.js';
import { ZephyrSource } from '../src/main/core/feeds/zephyr-client.js';
import { jsonStoreFactory } from '../src/main/node/json-file-store.js';

/** A logger that drops debug/info and counts warnings and errors (kept for the report). */
export class CountingLogger implements Logger {
  warnings = 0;
  errors = 0;
  readonly lastProblems: string[] = [];

  debug(): void {}
  info(): void {}
  warn(message: string, fields?: Record<string, unknown>): void {
    this.warnings += 1;
    this.keep(message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.errors += 1;
    this.keep(message, fields);
  }

  private keep(message: string, fields?: Record<string, unknown>): void {
    this.lastProblems.push(`${message} ${fields ? JSON.stringify(fields) : ''}`.trim());
    if (this.lastProblems.length > 5) this.lastProblems.shift();
  }
}

/**
 * A notifier that records the `Date.now()` of the first `show()` of each tag, and resolves the
 * waiter of that tag if any. Other shows (resends with the same tag) are only counted.
 */
export class TimestampingNotifier implements Notifier {
  readonly firstShownAt = new Map<string, number>();
  shows = 0;
  private readonly waiters = new Map<string, () => void>();

  async show(request: NotificationRequest): Promise<void> {
    const at = Date.now();
    this.shows += 1;
    if (!this.firstShownAt.has(request.tag)) {
      this.firstShownAt.set(request.tag, at);
      this.waiters.get(request.tag)?.();
      this.waiters.delete(request.tag);
    }
  }

  async close(): Promise<void> {}

  onAction(): () => void {
    return () => {};
  }

  async capabilities(): Promise<NotifierCapabilities> {
    return { available: true, actions: true, doNotDisturb: false };
  }

  /** Tags shown that are not page keys of `sourceId` (feed alarms and such). */
  otherTags(sourceId: string): string[] {
    return [...this.firstShownAt.keys()].filter((t) => !t.startsWith(`${sourceId}:`));
  }
}

/**
 * A `PageSource` delegating to another, with long poll switchable off (the app then polls every
 * `pollIntervalSeconds`) and a hook called when an acknowledgement comes back confirmed.
 */
export class BenchSource implements PageSource {
  readonly id: string;
  readonly kind: PageSource['kind'];
  readonly label: string;
  readonly demo: boolean;
  pollsAnswered = 0;
  onAcknowledged: ((pageId: string, page: Page) => void) | undefined;

  constructor(
    private readonly inner: PageSource,
    readonly supportsLongPoll: boolean,
  ) {
    this.id = inner.id;
    this.kind = inner.kind;
    this.label = inner.label;
    this.demo = inner.demo;
  }

  me(signal: AbortSignal): Promise<Person> {
    return this.inner.me(signal);
  }

  rotations(
    signal: AbortSignal,
  ): Promise<{ rotations: Rotation[]; invalid: string[]; skewMs: number }> {
    return this.inner.rotations(signal);
  }

  async pollPages(
    request: { cursor?: string; etag?: string; waitSeconds?: number },
    signal: AbortSignal,
  ): Promise<PagePoll> {
    const answer = await this.inner.pollPages(request, signal);
    this.pollsAnswered += 1;
    return answer;
  }

  async acknowledge(pageId: string, idempotencyKey: string, signal: AbortSignal): Promise<Page> {
    const page = await this.inner.acknowledge(pageId, idempotencyKey, signal);
    this.onAcknowledged?.(pageId, page);
    return page;
  }

  sendTestPage(signal: AbortSignal): Promise<Page> {
    return this.inner.sendTestPage(signal);
  }
}

/** Settings kept in memory (no file), parsed by the app like a settings file. */
export function memorySettings(initial: Partial<Settings>): SettingsStore {
  let raw: unknown = { ...initial };
  return {
    readRaw: () => raw,
    write: (settings) => {
      raw = settings;
    },
  };
}

/** Secrets kept in memory. */
export function memorySecrets(initial: Partial<Record<SecretName, string>>): SecretStore {
  const map = new Map<SecretName, string>(
    Object.entries(initial) as [SecretName, string | undefined][] as [SecretName, string][],
  );
  return {
    get: (name) => map.get(name),
    set: (name, value) => void map.set(name, value),
    delete: (name) => void map.delete(name),
  };
}

/** The company playbook, never changing. */
export const fixedPlaybook: PlaybookHandle = {
  current: () => ({ playbook: DEFAULT_PLAYBOOK, origin: 'default' }),
  onChange: () => () => {},
};

/** A started app over one source, with its benchmark adapters. */
export interface BenchApp {
  app: AppService;
  notifier: TimestampingNotifier;
  source: BenchSource;
  logger: CountingLogger;
  stop(): Promise<void>;
}

/**
 * Builds and starts the app against the platform at `url`: settings and token as a user would
 * set them, stores as JSON files under `dataDir` (as the hosts do), the real clock.
 */
export async function startBenchApp(options: {
  url: string;
  token: string;
  longPoll: boolean;
  dataDir: string;
  pollIntervalSeconds?: number;
}): Promise<BenchApp> {
  const clock: Clock = createPlainClock();
  const logger = new CountingLogger();
  const notifier = new TimestampingNotifier();
  const stores: StoreFactory = jsonStoreFactory(join(options.dataDir, 'state'));
  let source: BenchSource | undefined;
  const app = createAppService({
    clock,
    logger,
    stores,
    settings: memorySettings({
      platformUrl: options.url,
      pollIntervalSeconds: options.pollIntervalSeconds ?? 5,
      firstRunDone: true,
    }),
    secrets: memorySecrets({ platformToken: options.token }),
    env: {},
    playbook: fixedPlaybook,
    notifier,
    createSources: async (config) => {
      source = new BenchSource(
        new ZephyrSource({
          id: 'zephyr',
          label: 'Local platform (bench)',
          baseUrl: config.settings.platformUrl,
          token: config.secret('platformToken') ?? '',
          demo: false,
          clock,
          logger,
        }),
        options.longPoll,
      );
      return [source];
    },
    openExternal: async () => false,
  });
  await app.start();
  if (!source) throw new Error(`the app built no source: ${logger.lastProblems.join('; ')}`);
  return { app, notifier, source, logger, stop: () => app.stop() };
}
