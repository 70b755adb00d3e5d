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

/** Speaks `shared/bridge-protocol.ts` over one WebSocket, reconnecting with back-off forever. */
export function createBridgeClient(options: BridgeOptions): ZephyrClient {
  const backoff = options.backoffMs ?? defaultBackoff;
  const createSocket =
    options.createSocket ?? ((url: string, protocols: string[]) => new WebSocket(url, protocols));
  const connectionListeners = new Emitter<void>();
  const problems = new Emitter<string>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<
    number,
    { name: CommandName; resolve: (r: IpcResult<unknown>) => void }
  >();
  let status: ConnectionStatus = { state: 'connecting', attempts: 0 };
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  let closed = false;

  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    connectionListeners.emit();
  };

  const failPending = (message: string): void => {
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.resolve(
        unavailable(`${message} "${entry.name}" may or may not have run; check and try again.`),
      );
    }
  };

  const scheduleReconnect = (reason: string): void => {
    if (closed) return;
    const attempts = status.attempts + 1;
    const delay = backoff(attempts - 1);
    setStatus({ state: 'closed', reason, attempts, retryAt: Date.now() + delay });
    clearTimeout(timer);
    timer = setTimeout(connect, delay);
  };

  const onMessage = (data: unknown): void => {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      problems.emit('The Zephyr service sent a message that is not JSON.');
      return;
    }
    const message = BridgeMessage.safeParse(json);
    if (!message.success) {
      problems.emit(
        `The Zephyr service sent a malformed message: ${describeZodError(message.error)}`,
      );
      return;
    }
    if (message.data.type === 'result') {
      const entry = pending.get(message.data.id);
      if (!entry) return;
      pending.delete(message.data.id);
      entry.resolve(parseResult(entry.name, message.data.result));
      return;
    }
    const { name, payload } = message.data;
    if (!isEventName(name)) return;
    const parsed = parseEvent(name, payload);
    if (!parsed.ok) {
      problems.emit(parsed.message);
      return;
    }
    for (const listener of [...(eventListeners.get(name) ?? [])]) listener(parsed.value);
  };

  function connect(): void {
    if (closed) return;
    if (!options.token) {
      setStatus({
        state: 'closed',
        attempts: status.attempts,
        reason:
          'This page was opened without its access token. Open Zephyr again from the link the Zephyr host printed.',
      });
      return;
    }
    setStatus({ ...status, state: 'connecting', retryAt: undefined });
    let ws: WebSocket;
    try {
      ws = createSocket(options.url, [BRIDGE_PROTOCOL, bridgeTokenProtocol(options.token)]);
    } catch (error) {
      scheduleReconnect(error instanceof Error ? error.message : String(error));
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      setStatus({ state: 'open', attempts: 0 });
    });
    ws.addEventListener('message', (event) => {
      if (socket === ws) onMessage(event.data);
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      socket = undefined;
      const reason =
        event.code === 1000 || event.code === 1001
          ? 'The Zephyr service closed the connection.'
          : `The connection dropped (code ${event.code}${event.reason ? `: ${event.reason}` : ''}).`;
      failPending('Lost connection to the Zephyr service before it answered:');
      scheduleReconnect(reason);
    });
  }

  connect();

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
      const ws = socket;
      if (!ws || status.state !== 'open' || ws.readyState !== WebSocket.OPEN) {
        return Promise.resolve(
          unavailable(
            `Not connected to the Zephyr service, so "${name}" did not run. Try again once the connection is back.`,
          ),
        );
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { name, resolve: resolve as (r: IpcResult<unknown>) => void });
        ws.send(JSON.stringify({ type: 'invoke', id, name, input }));
      });
    },
    on(name, listener) {
      const set = eventListeners.get(name) ?? new Set();
      eventListeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    connection: () => status,
    onConnection: (listener) => connectionListeners.add(listener),
    onProblem: (listener) => problems.add(listener),
    retryNow() {
      if (status.state !== 'closed' || closed) return;
      clearTimeout(timer);
      connect();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close(1000);
      socket = undefined;
    },
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

/** Picks the transport: the preload's `window.zephyr` when present, else the WebSocket bridge. */
export function createZephyrClient(win: Window = window): ZephyrClient {
  const exposed: unknown = (win as unknown as { zephyr?: unknown }).zephyr;
  if (looksLikeApi(exposed)) return createPreloadClient(exposed);
  const token = takeTokenFromLocation(win.location, win.history);
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
