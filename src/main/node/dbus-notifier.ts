/**
 * Native notifications on Linux desktops: the freedesktop Desktop Notifications protocol
 * (https://specifications.freedesktop.org/notification-spec/latest/) spoken over the D-Bus session
 * bus, for the plain-Node host.
 *
 * Why not `node-notifier`: unmaintained since 2023, its macOS helper is Intel-only, and on Linux it
 * shells out to `notify-send`, which gives no action buttons back to the caller — and an Acknowledge
 * button is the whole point here.
 * Why `@homebridge/dbus-native`: a maintained fork of `dbus-native`, pure JavaScript (no native
 * build, nothing to compile for Electron), and it reports reply errors instead of throwing them
 * out of its socket handler, so a misbehaving bus cannot take the process down.
 */
import { execFile } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import * as dbusNative from '@homebridge/dbus-native';
import type { Logger, NotificationRequest, Notifier, NotifierCapabilities } from '../core/ports.js';

/** What `capabilities()` says when there is no bus or nobody owns the Notifications name. */
export const NO_NOTIFICATION_SERVER =
  'No notification server is running: alerts will only show in the app window';
/** What `capabilities()` says when the server cannot show action buttons. */
export const NO_ACTION_BUTTONS = 'Your notification server cannot show an Acknowledge button';

/** Options for {@link DbusNotifier}. */
export interface DbusNotifierOptions {
  /** `app_name` sent with every notification (the server shows and filters by it). */
  appName: string;
  logger: Logger;
  /** D-Bus address; defaults to `DBUS_SESSION_BUS_ADDRESS`, then `$XDG_RUNTIME_DIR/bus`. */
  busAddress?: string;
  /** Absolute path of the icon shown with each notification. */
  iconPath?: string;
  /** The `.desktop` file name without its suffix, sent as the `desktop-entry` hint. */
  desktopEntry?: string;
  /** How long one bus call (or the connection handshake) may take before it counts as failed. */
  callTimeoutMs?: number;
}

const BUS_NAME = 'org.freedesktop.Notifications';
const OBJECT_PATH = '/org/freedesktop/Notifications';
const DBUS_ERROR_NO_SERVER = new Set([
  'org.freedesktop.DBus.Error.ServiceUnknown',
  'org.freedesktop.DBus.Error.NameHasNoOwner',
  'org.freedesktop.DBus.Error.NoReply',
  'org.freedesktop.DBus.Error.Spawn.ChildExited',
  'org.freedesktop.DBus.Error.Spawn.ExecFailed',
]);
const URGENCY_BYTE: Record<NotificationRequest['urgency'], number> = {
  low: 0,
  normal: 1,
  critical: 2,
};
const SIGNAL_MATCHES = [
  `type='signal',interface='${BUS_NAME}',member='ActionInvoked'`,
  `type='signal',interface='${BUS_NAME}',member='NotificationClosed'`,
  // The server restarting invalidates every id we hold (a stale replaces_id could replace
  // another application's notification).
  `type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${BUS_NAME}'`,
];

/** A D-Bus message as `@homebridge/dbus-native` reads and writes it (its typings omit this). */
interface DbusMessage {
  type?: number;
  destination?: string;
  path?: string;
  interface?: string;
  member?: string;
  signature?: string;
  body?: unknown[];
}

interface RawConnection extends EventEmitter {
  end(): void;
  stream: EventEmitter;
}

interface RawBus {
  connection: RawConnection;
  invoke(
    message: DbusMessage,
    callback: (error: { name?: string; message?: string } | null, ...values: unknown[]) => void,
  ): void;
}

/** The part of `@homebridge/dbus-native` used here; its bundled index.d.ts omits `sessionBus`. */
interface DbusNativeModule {
  sessionBus(options: { busAddress: string }): RawBus;
  messageType: { signal: number };
}

const dbus = dbusNative as unknown as DbusNativeModule;

/** A failed bus call, carrying the D-Bus error name when the bus or the server sent one. */
class DbusCallError extends Error {
  constructor(
    message: string,
    readonly dbusName?: string,
  ) {
    super(message);
    this.name = 'DbusCallError';
  }
}

/** One live connection; replaced by a fresh one after it drops. */
interface Session {
  readonly bus: RawBus;
  readonly address: string;
  alive: boolean;
  /** Rejecters of calls in flight, failed at once when the connection drops. */
  readonly inFlight: Set<(error: Error) => void>;
  /** Server capabilities, fetched once per connection (for `body-markup`). */
  serverCapabilities?: Promise<string[]>;
}

type SignalBody = unknown[];

/**
 * Freedesktop notifications over D-Bus. Promises:
 * - `show` with a tag already on screen replaces that notification (`replaces_id`), never stacks;
 * - `show`, `close` and `capabilities` never reject and never crash the process on a bus error:
 *   failures are logged and `capabilities()` explains them in words for the user;
 * - a dropped bus connection is re-opened on the next call;
 * - `onAction` receives `(tag, actionId)` for our own notifications only, `default` for a click
 *   on the body.
 */
export class DbusNotifier implements Notifier {
  readonly #options: DbusNotifierOptions;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  readonly #listeners = new Set<(tag: string, actionId: string) => void>();
  readonly #idByTag = new Map<string, number>();
  readonly #tagById = new Map<number, string>();
  #session: Session | undefined;
  // One operation at a time: two concurrent shows of one tag must not both see "no id yet".
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: DbusNotifierOptions) {
    this.#options = options;
    this.#log = options.logger;
    this.#timeoutMs = options.callTimeoutMs ?? 5_000;
  }

  /** Shows or replaces the notification for `request.tag`; never rejects (failures are logged). */
  show(request: NotificationRequest): Promise<void> {
    return this.#serial(async () => {
      try {
        const session = await this.#connect();
        const markup = (await this.#serverCapabilities(session)).includes('body-markup');
        const previousId = this.#idByTag.get(request.tag) ?? 0;
        const [id] = await this.#call(session, 'Notify', 'susssasa{sv}i', [
          this.#options.appName,
          previousId,
          this.#options.iconPath ?? '',
          request.title,
          markup ? escapeMarkup(request.body) : request.body,
          actionList(request.actions),
          this.#hints(request),
          request.sticky ? 0 : -1,
        ]);
        if (typeof id !== 'number') {
          throw new DbusCallError(`Notify answered ${JSON.stringify(id)} instead of an id`);
        }
        if (previousId !== 0 && previousId !== id) this.#tagById.delete(previousId);
        this.#idByTag.set(request.tag, id);
        this.#tagById.set(id, request.tag);
      } catch (error) {
        this.#log.warn('Desktop notification could not be shown', {
          tag: request.tag,
          error: describe(error),
        });
      }
    });
  }

  /** Closes the notification for `tag` if one is on screen; never rejects. */
  close(tag: string): Promise<void> {
    return this.#serial(async () => {
      const id = this.#idByTag.get(tag);
      if (id === undefined) return;
      this.#forget(id);
      try {
        const session = await this.#connect();
        await this.#call(session, 'CloseNotification', 'u', [id]);
      } catch (error) {
        this.#log.warn('Desktop notification could not be closed', { tag, error: describe(error) });
      }
    });
  }

  /** Subscribes to button presses and body clicks on our notifications. */
  onAction(listener: (tag: string, actionId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Asks the server what it can do (GetServerInformation, GetCapabilities) and whether Do Not
   * Disturb is on where the server tells (dunst's `paused`, KDE's `Inhibited`, GNOME's
   * `show-banners`). Never rejects: an unreachable bus or server gives `available: false`.
   */
  capabilities(): Promise<NotifierCapabilities> {
    return this.#serial(async (): Promise<NotifierCapabilities> => {
      let session: Session;
      try {
        session = await this.#connect();
      } catch (error) {
        this.#log.warn('No D-Bus session bus for notifications', { error: describe(error) });
        return { available: false, actions: false, problem: NO_NOTIFICATION_SERVER };
      }
      let server: { name: string; vendor: string; version: string };
      let capabilities: string[];
      try {
        const [name, vendor, version] = await this.#call(session, 'GetServerInformation');
        server = { name: String(name), vendor: String(vendor), version: String(version) };
        capabilities = await this.#serverCapabilities(session, true);
      } catch (error) {
        this.#log.warn('The notification server did not answer', { error: describe(error) });
        const noServer =
          error instanceof DbusCallError &&
          (error.dbusName === undefined || DBUS_ERROR_NO_SERVER.has(error.dbusName));
        return {
          available: false,
          actions: false,
          problem: noServer
            ? NO_NOTIFICATION_SERVER
            : `The notification server failed (${describe(error)}): alerts will only show in the app window`,
        };
      }
      const actions = capabilities.includes('actions');
      const doNotDisturb = await this.#doNotDisturb(session, server.name);
      const soundMuted = await soundMutedOnLinux();
      this.#log.info('Notification server', { ...server, capabilities, doNotDisturb, soundMuted });
      return {
        available: true,
        actions,
        ...(doNotDisturb === undefined ? {} : { doNotDisturb }),
        ...(soundMuted === undefined ? {} : { soundMuted }),
        ...(actions ? {} : { problem: NO_ACTION_BUTTONS }),
      };
    });
  }

  /** Disconnects from the bus; later calls connect again. Notifications on screen stay. */
  dispose(): Promise<void> {
    return this.#serial(async () => {
      const session = this.#session;
      this.#session = undefined;
      if (!session) return;
      session.alive = false;
      for (const reject of session.inFlight) reject(new DbusCallError('notifier disposed'));
      session.inFlight.clear();
      session.bus.connection.end();
    });
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #hints(request: NotificationRequest): [string, [string, unknown]][] {
    const hints: [string, [string, unknown]][] = [
      ['urgency', ['y', URGENCY_BYTE[request.urgency]]],
      ['desktop-entry', ['s', this.#options.desktopEntry ?? 'zephyr-oncall']],
    ];
    if (request.sound) hints.push(['sound-name', ['s', 'alarm-clock-elapsed']]);
    else hints.push(['suppress-sound', ['b', true]]);
    if (this.#options.iconPath) hints.push(['image-path', ['s', this.#options.iconPath]]);
    return hints;
  }

  async #connect(): Promise<Session> {
    if (this.#session?.alive) return this.#session;
    this.#session = undefined;
    this.#session = await this.#open();
    return this.#session;
  }

  async #open(): Promise<Session> {
    const address = this.#options.busAddress ?? sessionBusAddress();
    if (!address) {
      throw new DbusCallError('DBUS_SESSION_BUS_ADDRESS is not set and there is no user bus');
    }
    let bus: RawBus;
    try {
      bus = dbus.sessionBus({ busAddress: address });
    } catch (error) {
      throw new DbusCallError(`Cannot open D-Bus address ${address}: ${describe(error)}`);
    }
    const session: Session = { bus, address, alive: true, inFlight: new Set() };
    let established = false;
    const lost = (reason: string) => {
      if (!session.alive) return;
      session.alive = false;
      if (established) {
        this.#log.warn('D-Bus connection lost; reconnecting on next use', { address, reason });
      }
      for (const reject of session.inFlight)
        reject(new DbusCallError(`D-Bus at ${address}: ${reason}`));
      session.inFlight.clear();
    };
    // Listening for 'error' is what keeps dbus-native from throwing (and from console.warn).
    bus.connection.on('error', (error: unknown) => lost(describe(error)));
    bus.connection.on('end', () => lost('closed by the bus'));
    bus.connection.stream.on('close', () => lost('socket closed'));
    bus.connection.on('message', (message: DbusMessage) => this.#onMessage(message));

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new DbusCallError(`no answer from D-Bus at ${address}`));
      }, this.#timeoutMs);
      bus.connection.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      session.inFlight.add((error) => {
        clearTimeout(timer);
        reject(error);
      });
    }).catch((error: unknown) => {
      session.alive = false;
      bus.connection.end();
      throw error;
    });
    session.inFlight.clear();
    try {
      for (const rule of SIGNAL_MATCHES) {
        await this.#callBus(session, 'AddMatch', 's', [rule]);
      }
    } catch (error) {
      session.alive = false;
      bus.connection.end();
      throw error;
    }
    established = true;
    return session;
  }

  #serverCapabilities(session: Session, fresh = false): Promise<string[]> {
    if (fresh || !session.serverCapabilities) {
      const request = this.#call(session, 'GetCapabilities').then(([list]) =>
        Array.isArray(list) ? list.map(String) : [],
      );
      session.serverCapabilities = request;
      request.catch(() => {
        if (session.serverCapabilities === request) session.serverCapabilities = undefined;
      });
    }
    return session.serverCapabilities;
  }

  async #doNotDisturb(session: Session, serverName: string): Promise<boolean | undefined> {
    if (serverName === 'dunst') {
      // What `dunstctl is-paused` reads, asked directly: no dbus-send needed, no subprocess.
      return this.#booleanProperty(session, 'org.dunstproject.cmd0', 'paused');
    }
    if (serverName === 'gnome-shell') {
      const banners = await runQuietly(
        'gsettings',
        ['get', 'org.gnome.desktop.notifications', 'show-banners'],
        { ...process.env, DBUS_SESSION_BUS_ADDRESS: session.address },
      );
      if (banners === 'false') return true;
      if (banners === 'true') return false;
      return undefined;
    }
    // KDE Plasma (and others following it) expose Do Not Disturb as the `Inhibited` property.
    return this.#booleanProperty(session, BUS_NAME, 'Inhibited');
  }

  async #booleanProperty(
    session: Session,
    iface: string,
    name: string,
  ): Promise<boolean | undefined> {
    try {
      const [variant] = await this.#call(
        session,
        'Get',
        'ss',
        [iface, name],
        'org.freedesktop.DBus.Properties',
      );
      // dbus-native reads a variant as [signature tree, [value]].
      const value = Array.isArray(variant) && Array.isArray(variant[1]) ? variant[1][0] : undefined;
      return typeof value === 'boolean' ? value : undefined;
    } catch (error) {
      this.#log.debug('Do Not Disturb state unknown', {
        property: `${iface}.${name}`,
        error: describe(error),
      });
      return undefined;
    }
  }

  #onMessage(message: DbusMessage): void {
    if (message.type !== dbus.messageType.signal) return;
    const body: SignalBody = message.body ?? [];
    try {
      if (message.interface === BUS_NAME && message.member === 'ActionInvoked') {
        const [id, actionId] = body;
        const tag = typeof id === 'number' ? this.#tagById.get(id) : undefined;
        if (tag !== undefined && typeof actionId === 'string') this.#emit(tag, actionId);
      } else if (message.interface === BUS_NAME && message.member === 'NotificationClosed') {
        const [id] = body;
        if (typeof id === 'number') this.#forget(id);
      } else if (message.member === 'NameOwnerChanged' && body[0] === BUS_NAME) {
        this.#idByTag.clear();
        this.#tagById.clear();
      }
    } catch (error) {
      this.#log.error('Notification signal handling failed', { error: describe(error) });
    }
  }

  #emit(tag: string, actionId: string): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(tag, actionId);
      } catch (error) {
        this.#log.error('Notification action listener threw', {
          tag,
          actionId,
          error: describe(error),
        });
      }
    }
  }

  #forget(id: number): void {
    const tag = this.#tagById.get(id);
    this.#tagById.delete(id);
    if (tag !== undefined && this.#idByTag.get(tag) === id) this.#idByTag.delete(tag);
  }

  #call(
    session: Session,
    member: string,
    signature?: string,
    body?: unknown[],
    iface = BUS_NAME,
  ): Promise<unknown[]> {
    return this.#invoke(session, {
      destination: BUS_NAME,
      path: OBJECT_PATH,
      interface: iface,
      member,
      ...(signature ? { signature, body } : {}),
    });
  }

  #callBus(
    session: Session,
    member: string,
    signature: string,
    body: unknown[],
  ): Promise<unknown[]> {
    return this.#invoke(session, {
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member,
      signature,
      body,
    });
  }

  #invoke(session: Session, message: DbusMessage): Promise<unknown[]> {
    if (!session.alive) return Promise.reject(new DbusCallError('bus connection lost'));
    return new Promise<unknown[]>((resolve, reject) => {
      const settle = (error: Error | undefined, values: unknown[]) => {
        clearTimeout(timer);
        session.inFlight.delete(fail);
        if (error) reject(error);
        else resolve(values);
      };
      const fail = (error: Error) => settle(error, []);
      const timer = setTimeout(
        () =>
          fail(
            new DbusCallError(
              `${message.member} got no answer`,
              'org.freedesktop.DBus.Error.NoReply',
            ),
          ),
        this.#timeoutMs,
      );
      session.inFlight.add(fail);
      try {
        session.bus.invoke(message, (error, ...values) => {
          if (error) {
            settle(
              new DbusCallError(`${message.member}: ${error.message || error.name}`, error.name),
              [],
            );
          } else {
            settle(undefined, values);
          }
        });
      } catch (error) {
        // dbus-native marshals synchronously once connected: a bad body throws here.
        fail(new DbusCallError(`${message.member}: ${describe(error)}`));
      }
    });
  }
}

function actionList(actions: NotificationRequest['actions']): string[] {
  const list = actions.flatMap((action) => [action.id, action.label]);
  // The spec's "default" action is a click on the body; it is always offered.
  if (!actions.some((action) => action.id === 'default')) list.push('default', 'Open');
  return list;
}

function escapeMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function sessionBusAddress(): string | undefined {
  const fromEnv = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (fromEnv) return fromEnv;
  // systemd user sessions put the bus here without always exporting the variable.
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  if (runtimeDir && existsSync(`${runtimeDir}/bus`)) return `unix:path=${runtimeDir}/bus`;
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether the default audio output is muted, from PulseAudio or PipeWire's `pactl`
 * (`Mute: yes`); `undefined` when there is no `pactl` or no sound server to ask.
 */
export async function soundMutedOnLinux(
  run: typeof runQuietly = runQuietly,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean | undefined> {
  const answer = await run('pactl', ['get-sink-mute', '@DEFAULT_SINK@'], env);
  const match = answer === undefined ? null : /Mute:\s*(yes|no)/i.exec(answer);
  return match ? match[1]?.toLowerCase() === 'yes' : undefined;
}

/** stdout of a short command, trimmed, or `undefined` when it is missing, fails or hangs. */
function runQuietly(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile(command, args, { timeout: 2_000, encoding: 'utf8', env }, (error, stdout) => {
        resolve(error ? undefined : stdout.trim());
      });
    } catch {
      resolve(undefined);
    }
  });
}
