/**
 * The interfaces through which `core/` talks to the world. Electron adapters (`../electron/`),
 * plain-Node adapters (`../node/`) and test fakes (`test/fakes/`) implement them.
 * Nothing here imports `electron` or touches the file system.
 */
import type {
  AppState,
  RecoveredFile,
  Incident,
  Page,
  PageView,
  Person,
  Rotation,
  TrayState,
} from '../../shared/domain.js';
import type {
  CommandInput,
  CommandName,
  CommandOutput,
  SecretName,
  Settings,
} from '../../shared/contract.js';
import type { Playbook } from '../../shared/playbook.js';

import type { ConfigReader } from './config/config-reader.js';

/** Opaque timer handle. */
export type TimerHandle = { readonly __timer: unique symbol } | object;

/** Wall clock and timers; `FakeClock` in tests drives them by hand. */
export interface Clock {
  /** Milliseconds since the epoch, laptop time. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Structured logger. Implementations redact known secrets before anything is written. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A JSON document persisted atomically (write to temp, rename). */
export interface KeyValueStore<T> {
  /** The stored value, or `undefined` when nothing was stored yet. Throws on a corrupt file. */
  read(): T | undefined;
  write(value: T): void;
}

/** Opens the named store under the app's data directory (`tracker`, `outbox`, …). */
export type StoreFactory = <T>(name: string) => KeyValueStore<T>;

/** Secrets live only in main: Electron safeStorage, or a 0600 file in the Node host. */
export interface SecretStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
}

/** Settings persistence: electron-store in Electron, a JSON file in the Node host. */
export interface SettingsStore {
  /** Whatever is stored, not yet validated: the caller parses it with `Settings`. */
  readRaw(): unknown;
  write(settings: Settings): void;
}

/** One OS notification. `tag` identifies it: showing the same tag again replaces it. */
export interface NotificationRequest {
  tag: string;
  title: string;
  body: string;
  urgency: 'low' | 'normal' | 'critical';
  /** Action buttons; the id comes back through `onAction`. */
  actions: { id: string; label: string }[];
  /** Stays until dismissed (no expiry). */
  sticky: boolean;
  sound: boolean;
}

/** What the notification server can do; checked at start and at each shift start. */
export interface NotifierCapabilities {
  available: boolean;
  actions: boolean;
  /** Do Not Disturb / Focus, where the OS tells; `undefined` when it cannot tell. */
  doNotDisturb?: boolean;
  /** The system sound is muted, where the OS tells; `undefined` when it cannot tell. */
  soundMuted?: boolean;
  /** Why `available` or `actions` is false, in words for the user. */
  problem?: string;
  /** Further things that stop alerts reaching the user (e.g. no tray on this Linux session). */
  extraProblems?: string[];
  /**
   * What the OS blocks that the app cannot detect (macOS Focus, Windows Focus Assist), for the
   * "can I be reached" check; not alarming on its own, so never part of the tray or banner.
   */
  osLimits?: string[];
}

/** Native notifications (Electron, freedesktop over D-Bus, or a recording fake). */
export interface Notifier {
  show(request: NotificationRequest): Promise<void>;
  close(tag: string): Promise<void>;
  /** `actionId` is `default` for a click on the body. Returns an unsubscribe function. */
  onAction(listener: (tag: string, actionId: string) => void): () => void;
  capabilities(): Promise<NotifierCapabilities>;
}

/** One entry of the tray menu; `id` comes back through `TrayView.onMenu`. */
export type TrayMenuItem =
  | { kind: 'item'; id: string; label: string; enabled?: boolean }
  | { kind: 'label'; label: string }
  | { kind: 'separator' };

/** The tray icon and its menu. Absent in the Node host (the browser shows the same state). */
export interface TrayView {
  update(state: TrayState, tooltip: string, menu: TrayMenuItem[]): void;
  onMenu(listener: (id: string) => void): () => void;
}

/** The loud part: alert window with sound. Absent in the Node host (the page shows it). */
export interface AlertPresenter {
  /** Show (or update) the alert for the pages that ring now; an empty list hides it. */
  present(ringing: PageView[]): void;
}

/** Something a source answered, already classified for back-off and alarms. */
export type SourceErrorKind =
  | 'network' // could not connect, reset, DNS, abandoned after timeout
  | 'timeout'
  | 'unauthorized' // 401/403: stop retrying, raise the alarm
  | 'rate-limited' // 429: wait `retryAfterMs`
  | 'not-found' // 404
  | 'conflict' // 409 (e.g. page resolved before the acknowledgement)
  | 'server' // 5xx and other unexpected statuses
  | 'invalid-response'; // not JSON, or not the expected shape at all

/** Error thrown by every `PageSource` method. */
export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** The answer to one page-feed poll. */
export type PagePoll =
  | {
      changed: true;
      pages: Page[];
      cursor?: string;
      etag?: string;
      /** Items left out because their known fields had the wrong type (feed degraded). */
      invalid: string[];
      /** Platform clock minus laptop clock, from the `Date` header. */
      skewMs: number;
    }
  | { changed: false; skewMs: number };

/**
 * A source of rotations and pages: the Zephyr platform (remote or local) or PagerDuty. Nothing
 * source-specific leaks past this interface into the tracker, the ring or the UI.
 */
export interface PageSource {
  readonly id: string;
  readonly kind: 'zephyr' | 'pagerduty';
  readonly label: string;
  /** True for the embedded local platform: the app must say it is not a real pager. */
  readonly demo: boolean;
  /** Whether `pollPages` supports a long poll (`waitSeconds`). */
  readonly supportsLongPoll: boolean;
  me(signal: AbortSignal): Promise<Person>;
  rotations(
    signal: AbortSignal,
  ): Promise<{ rotations: Rotation[]; invalid: string[]; skewMs: number }>;
  pollPages(
    request: { cursor?: string; etag?: string; waitSeconds?: number },
    signal: AbortSignal,
  ): Promise<PagePoll>;
  acknowledge(pageId: string, idempotencyKey: string, signal: AbortSignal): Promise<Page>;
  /** A page to myself that never escalates past me ("Send test page", "Test my alerts"). */
  sendTestPage(signal: AbortSignal): Promise<Page>;
  /** Resolves a page (repeating it is harmless). Absent: the source cannot, and the UI says so. */
  resolvePage?(pageId: string, idempotencyKey: string, signal: AbortSignal): Promise<Page>;
  /** "Escalate now": the next step, or `to`. Absent: the source cannot, and the UI says so. */
  escalatePage?(
    pageId: string,
    to: EscalateTarget | undefined,
    idempotencyKey: string,
    signal: AbortSignal,
  ): Promise<Page>;
  /** Open incidents, where the source keeps them (the Zephyr platform does; PagerDuty's are pages). */
  incidents?(
    signal: AbortSignal,
  ): Promise<{ incidents: Incident[]; invalid: string[]; skewMs: number }>;
}

/** Who "Escalate now" pages instead of the chain's next step: a rotation or a person, by id. */
export type EscalateTarget = { rotation: string } | { person: string };

/** The playbook in force, and whether the configured file was rejected. */
export interface PlaybookHandle {
  current(): { playbook: Playbook; origin: string; error?: string };
  onChange(listener: () => void): () => void;
  /** Switches to another playbook file (`undefined`: the default) when the setting changes. */
  setFile?(file: string | undefined): void;
}

/** Typed handlers for some contract commands; the dispatcher validates before calling them. */
export type HandlersFor<N extends CommandName> = {
  [K in N]: (input: CommandInput<K>) => Promise<CommandOutput<K>>;
};

/** Handlers for every contract command: what the dispatcher needs. */
export type CommandHandlers = HandlersFor<CommandName>;

/** The commands the app service answers; other services (incidents…) answer the rest. */
export type AppCommandName = Extract<
  CommandName,
  | `app:${string}`
  | `pages:${string}`
  | `alerts:${string}`
  | `settings:${string}`
  | `playbook:${string}`
>;

/** What `createSources` is given: the effective settings and a way to read secrets. */
export interface SourceConfig {
  settings: Settings;
  secret(name: SecretName): string | undefined;
}

/** What a host (Electron or Node) gives the app service. */
export interface AppServiceDeps {
  /** Damaged files moved aside at start-up, listed in the app state (never their content). */
  recoveredFiles?: () => RecoveredFile[];
  clock: Clock;
  logger: Logger;
  stores: StoreFactory;
  settings: SettingsStore;
  secrets: SecretStore;
  /**
   * The one configuration reader, shared with the other services; built over `settings`,
   * `secrets` and `env` when absent.
   */
  config?: ConfigReader;
  /** Environment overrides (`ZEPHYR_*`), already read by the host. */
  env: Readonly<Record<string, string | undefined>>;
  playbook: PlaybookHandle;
  notifier: Notifier;
  tray?: TrayView;
  alerts?: AlertPresenter;
  /** Builds the sources from the effective configuration (starts the local platform if none). */
  createSources(config: SourceConfig): Promise<PageSource[]>;
  /** Opens an allow-listed https URL in the user's browser. */
  openExternal(url: string): Promise<boolean>;
  /**
   * Tray menu entries (and notification clicks with no alert to show) that the host handles
   * itself: `open` shows the main window, `quit` quits, `declare` opens the declare-incident form.
   */
  onTrayCommand?(id: 'open' | 'quit' | 'declare'): void;
  /**
   * Shows the main window at `route` (with `?page=<key>` when given). Electron only: the always-
   * on-top alert window asks for it; returns false where there is no separate main window.
   */
  showMain?(
    route: '/now' | '/incidents' | '/settings' | '/declare' | '/handoff',
    pageKey?: string,
  ): boolean;
}

/** The main-process services, the same under Electron and the Node host. */
export interface AppService {
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): AppState;
  onStateChanged(listener: (state: AppState) => void): () => void;
  readonly handlers: HandlersFor<AppCommandName>;
  /** The one acknowledge action every entry point uses (alert, notification, tray, shortcut). */
  acknowledge(key: string): Promise<'pending' | 'confirmed' | 'failed'>;
  /** Poll every feed at once (wake from sleep, network back). */
  pollNow(reason: 'wake' | 'online' | 'user'): void;
  /** Lines another service shows in the tray menu above "Declare incident…" (replaces the last). */
  setTrayExtras(items: TrayMenuItem[]): void;
  /**
   * The rotations last read from source `sourceId` (with their `service`), who I am there, and
   * that source's clock minus the laptop's; `undefined` while no such source runs.
   */
  sourceRotations(
    sourceId: string,
  ): { rotations: Rotation[]; me: Person | undefined; skewMs: number } | undefined;
}
