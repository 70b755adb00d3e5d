/**
 * The renderer's only door to main. Under Electron the preload exposes `window.zephyr`; in a plain
 * browser (the Node host) this file speaks the WebSocket bridge instead. Either way the rest of
 * the renderer sees one `ZephyrClient`: the contract's `invoke`/`on`, every answer and event parsed
 * with the contract's zod schemas, plus the connection status so a lost link is never silent.
 */
import { createContext, createElement, useContext, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import {
  commands,
  describeZodError,
  events,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventName,
  type EventPayload,
  type IpcResult,
  type ZephyrApi,
} from '../../shared/contract.js';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  BridgeMessage,
  bridgeTokenProtocol,
} from '../../shared/bridge-protocol.js';

/** Where the client is in talking to main. `open` is the only state in which commands can run. */
export interface ConnectionStatus {
  state: 'connecting' | 'open' | 'closed';
  /** Why the link is down, in words meant for the user. */
  reason?: string;
  /** Epoch ms of the next reconnect attempt while `closed`. */
  retryAt?: number;
  /** Consecutive failed attempts since the link was last open. */
  attempts: number;
}

/** The contract's API plus what the UI needs to tell the user the link is healthy. */
export interface ZephyrClient extends ZephyrApi {
  /** `preload` under Electron, `bridge` in a browser served by the Node host. */
  readonly transport: 'preload' | 'bridge';
  connection(): ConnectionStatus;
  /** Calls `listener` on every connection change; returns the unsubscribe function. */
  onConnection(listener: () => void): () => void;
  /** Problems that are not the answer to one command (a malformed event, a bad message). */
  onProblem(listener: (message: string) => void): () => void;
  /** Reconnects immediately instead of waiting for the back-off (bridge only). */
  retryNow(): void;
  close(): void;
}

/** Options for the bridge transport; defaults read the browser's location. */
export interface BridgeOptions {
  url: string;
  token: string | undefined;
  /** Back-off before reconnect attempt `n` (0-based); defaults to 0.5 s doubling up to 10 s. */
  backoffMs?: (attempt: number) => number;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
  /** Whether the host's web server answers at all (default: `fetch` of `/`). */
  hostAnswers?: (url: string) => Promise<boolean>;
}

const unavailable = (message: string): IpcResult<never> => ({
  ok: false,
  error: { code: 'unavailable', message },
});

function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** Checks an answer against the command's output schema; a mismatch becomes an error result. */
function parseResult<N extends CommandName>(name: N, raw: unknown): IpcResult<CommandOutput<N>> {
  if (typeof raw !== 'object' || raw === null || !('ok' in raw)) {
    return {
      ok: false,
      error: {
        code: 'handler-failed',
        message: `The Zephyr service sent an unreadable answer to "${name}".`,
      },
    };
  }
  const result = raw as IpcResult<unknown>;
  if (!result.ok) {
    const message =
      typeof result.error?.message === 'string' ? result.error.message : `"${name}" failed.`;
    return { ok: false, error: { code: result.error?.code ?? 'handler-failed', message } };
  }
  const parsed = commands[name].output.safeParse(result.value);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-payload',
        message: `The Zephyr service sent an unexpected answer to "${name}": ${describeZodError(parsed.error)}`,
      },
    };
  }
  return { ok: true, value: parsed.data as CommandOutput<N> };
}

function parseEvent<N extends EventName>(
  name: N,
  payload: unknown,
): { ok: true; value: EventPayload<N> } | { ok: false; message: string } {
  const parsed = events[name].safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      message: `The Zephyr service sent a malformed "${name}" event: ${describeZodError(parsed.error)}`,
    };
  }
  return { ok: true, value: parsed.data as EventPayload<N> };
}

type Listener = () => void;

class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

function looksLikeApi(value: unknown): value is ZephyrApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ZephyrApi).invoke === 'function' &&
    typeof (value as ZephyrApi).on === 'function'
  );
}

/** Wraps the preload's `window.zephyr`, parsing what it returns just like the bridge does. */
export function createPreloadClient(api: ZephyrApi): ZephyrClient {
  const problems = new Emitter<string>();
  const status: ConnectionStatus = { state: 'open', attempts: 0 };
  return {
    transport: 'preload',
    async invoke(name, input) {
      try {
        const raw: unknown = await api.invoke(name, input);
        return parseResult(name, raw);
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'handler-failed',
            message: `"${name}" failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        };
      }
    },
    on(name, listener) {
      return api.on(name, (payload: unknown) => {
        const parsed = parseEvent(name, payload);
        if (parsed.ok) listener(parsed.value);
        else problems.emit(parsed.message);
      });
    },
    connection: () => status,
    onConnection: () => () => undefined,
    onProblem: (listener) => problems.add(listener),
    retryNow: () => undefined,
    close: () => undefined,
  };
}

const defaultBackoff = (attempt: number): number => Math.min(10_000, 500 * 2 ** attempt);

/** What the bridge client says when the host refuses the tab's token. */
export const WRONG_TOKEN_REASON =
  "This link's access token is not valid for this Zephyr host; open the URL the host printed.";

const NO_TOKEN_REASON =
  'This page was opened without its access token. Open Zephyr again from the link the Zephyr host printed.';

/**
 * Asks the host's web server whether it is up (any HTTP answer). A socket that never opened while
 * the server answers means the handshake was refused: the token is not this host's.
 */
async function hostAnswers(url: string): Promise<boolean> {
  try {
    const http = url.replace(/^ws/, 'http');
    const res = await fetch(new URL('/', http), { method: 'GET', cache: 'no-store' });
    return res.status < 500;
  } catch {
    return false;
  }
}

/** One WebSocket to main, reconnecting with back-off; see `createBridgeClient`. */
class BridgeTransport {
  readonly connectionListeners = new Emitter<void>();
  readonly problems = new Emitter<string>();
  readonly eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly pending = new Map<
    number,
    { name: CommandName; resolve: (r: IpcResult<unknown>) => void }
  >();
  status: ConnectionStatus = { state: 'connecting', attempts: 0 };
  private socket: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private closed = false;
  /** Set once the host refused the token: no point retrying on our own. */
  private refused = false;
  /** Set once a socket opened: a token that worked once is not called wrong on a later drop. */
  private everOpened = false;

  constructor(private readonly options: BridgeOptions) {}

  private setStatus(next: ConnectionStatus): void {
    this.status = next;
    this.connectionListeners.emit();
  }

  private failPending(message: string): void {
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.resolve(
        unavailable(`${message} "${entry.name}" may or may not have run; check and try again.`),
      );
    }
  }

  private scheduleReconnect(reason: string): void {
    if (this.closed) return;
    const attempts = this.status.attempts + 1;
    const delay = (this.options.backoffMs ?? defaultBackoff)(attempts - 1);
    this.setStatus({ state: 'closed', reason, attempts, retryAt: Date.now() + delay });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private onMessage(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      this.problems.emit('The Zephyr service sent a message that is not JSON.');
      return;
    }
    const message = BridgeMessage.safeParse(json);
    if (!message.success) {
      this.problems.emit(
        `The Zephyr service sent a malformed message: ${describeZodError(message.error)}`,
      );
      return;
    }
    if (message.data.type === 'result') {
      const entry = this.pending.get(message.data.id);
      if (!entry) return;
      this.pending.delete(message.data.id);
      entry.resolve(parseResult(entry.name, message.data.result));
      return;
    }
    const { name, payload } = message.data;
    if (!isEventName(name)) return;
    const parsed = parseEvent(name, payload);
    if (!parsed.ok) {
      this.problems.emit(parsed.message);
      return;
    }
    for (const listener of [...(this.eventListeners.get(name) ?? [])]) listener(parsed.value);
  }

  /** A socket that closed: reconnect later, or say the token is wrong when it never opened. */
  private onClose(event: CloseEvent, opened: boolean): void {
    const reason =
      event.code === 1000 || event.code === 1001
        ? 'The Zephyr service closed the connection.'
        : `The connection dropped (code ${event.code}${event.reason ? `: ${event.reason}` : ''}).`;
    this.failPending('Lost connection to the Zephyr service before it answered:');
    if (opened || this.everOpened) {
      this.scheduleReconnect(reason);
      return;
    }
    void (this.options.hostAnswers ?? hostAnswers)(this.options.url).then((up) => {
      if (this.closed || this.socket) return;
      if (!up) {
        this.scheduleReconnect(reason);
        return;
      }
      this.refused = true;
      this.setStatus({
        state: 'closed',
        reason: WRONG_TOKEN_REASON,
        attempts: this.status.attempts + 1,
      });
    });
  }

  connect(): void {
    if (this.closed) return;
    if (!this.options.token) {
      this.setStatus({ state: 'closed', attempts: this.status.attempts, reason: NO_TOKEN_REASON });
      return;
    }
    this.setStatus({ ...this.status, state: 'connecting', retryAt: undefined });
    let ws: WebSocket;
    try {
      const create =
        this.options.createSocket ??
        ((url: string, protocols: string[]) => new WebSocket(url, protocols));
      ws = create(this.options.url, [BRIDGE_PROTOCOL, bridgeTokenProtocol(this.options.token)]);
    } catch (error) {
      this.scheduleReconnect(error instanceof Error ? error.message : String(error));
      return;
    }
    this.socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      if (this.socket !== ws) return;
      opened = true;
      this.everOpened = true;
      this.refused = false;
      this.setStatus({ state: 'open', attempts: 0 });
    });
    ws.addEventListener('message', (event) => {
      if (this.socket === ws) this.onMessage(event.data);
    });
    ws.addEventListener('close', (event) => {
      if (this.socket !== ws) return;
      this.socket = undefined;
      this.onClose(event, opened);
    });
  }

  invoke(name: CommandName, input: unknown): Promise<IpcResult<unknown>> {
    const ws = this.socket;
    if (!ws || this.status.state !== 'open' || ws.readyState !== WebSocket.OPEN) {
      return Promise.resolve(
        unavailable(
          this.refused
            ? WRONG_TOKEN_REASON
            : `Not connected to the Zephyr service, so "${name}" did not run. Try again once the connection is back.`,
        ),
      );
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { name, resolve });
      ws.send(JSON.stringify({ type: 'invoke', id, name, input }));
    });
  }

  retryNow(): void {
    if (this.status.state !== 'closed' || this.closed) return;
    clearTimeout(this.timer);
    this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = undefined;
  }
}

/** Speaks `shared/bridge-protocol.ts` over one WebSocket, reconnecting with back-off forever. */
export function createBridgeClient(options: BridgeOptions): ZephyrClient {
  const transport = new BridgeTransport(options);
  transport.connect();
  return {
    transport: 'bridge',
    invoke<N extends CommandName>(
      name: N,
      input: CommandInput<N>,
    ): Promise<IpcResult<CommandOutput<N>>> {
      if (!isCommandName(name)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unknown-channel', message: `Unknown command "${String(name)}".` },
        });
      }
      return transport.invoke(name, input) as Promise<IpcResult<CommandOutput<N>>>;
    },
    on(name, listener) {
      const set = transport.eventListeners.get(name) ?? new Set();
      transport.eventListeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    connection: () => transport.status,
    onConnection: (listener) => transport.connectionListeners.add(listener),
    onProblem: (listener) => transport.problems.add(listener),
    retryNow: () => transport.retryNow(),
    close: () => transport.close(),
  };
}

const TOKEN_IN_HASH = /(^#|[?&])token=([^&]*)/;

/**
 * Takes the bridge token out of `#token=…` (alone or after a route, `#/now?token=…`) and removes it
 * from the visible address, keeping the route. Returns undefined when the hash has no token.
 */
export function takeTokenFromLocation(loc: Location, history: History): string | undefined {
  const match = TOKEN_IN_HASH.exec(loc.hash);
  if (!match) return undefined;
  const token = decodeURIComponent(match[2] ?? '');
  let rest = loc.hash.replace(TOKEN_IN_HASH, (_all, lead: string) => (lead === '#' ? '#' : ''));
  if (rest === '#' || rest === '') rest = '#/now';
  history.replaceState(history.state, '', `${loc.pathname}${loc.search}${rest}`);
  return token || undefined;
}

const TOKEN_KEY = 'zephyr.bridgeToken';

/**
 * The bridge token for this tab: a token in the address wins and is kept in `sessionStorage` (then
 * stripped from the address), so reloading the tab (F5) reconnects with it.
 */
function rememberedToken(win: Window): string | undefined {
  const fromHash = takeTokenFromLocation(win.location, win.history);
  try {
    if (fromHash) win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    return fromHash ?? win.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    // Storage refused (a privacy mode): the token works until the tab is reloaded.
    return fromHash;
  }
}

/** Picks the transport: the preload's `window.zephyr` when present, else the WebSocket bridge. */
export function createZephyrClient(win: Window = window): ZephyrClient {
  const exposed: unknown = (win as unknown as { zephyr?: unknown }).zephyr;
  if (looksLikeApi(exposed)) return createPreloadClient(exposed);
  const token = rememberedToken(win);
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  return createBridgeClient({ url: `${scheme}://${win.location.host}${BRIDGE_PATH}`, token });
}

const ClientContext = createContext<ZephyrClient | null>(null);

/** Makes `client` available to the hooks below. */
export function ZephyrProvider(props: { client: ZephyrClient; children: ReactNode }): ReactNode {
  return createElement(ClientContext.Provider, { value: props.client }, props.children);
}

/** The client given to `ZephyrProvider`. */
export function useZephyr(): ZephyrClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useZephyr() used outside <ZephyrProvider>.');
  return client;
}

/** The live connection status; re-renders on every change. */
export function useConnection(): ConnectionStatus {
  const client = useZephyr();
  return useSyncExternalStore(
    (listener: Listener) => client.onConnection(listener),
    () => client.connection(),
  );
}
