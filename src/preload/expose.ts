/**
 * The preload's whole API, written against injected `ipcRenderer`/`contextBridge` so tests can
 * drive it with the fake electron module. `window.zephyr` gets exactly two functions, `invoke` and
 * `on`, which accept only the contract's names; raw `ipcRenderer` is never exposed.
 */
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  type CommandName,
  type EventName,
  type IpcResult,
  type ZephyrApi,
} from '../shared/contract.js';

/** `ipcRenderer`, as far as the preload uses it. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** `contextBridge`, as far as the preload uses it. */
export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

/** The global the renderer finds the API under: `window.zephyr`. */
export const API_KEY = 'zephyr';

const commandNames: ReadonlySet<string> = new Set(COMMAND_NAMES);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

/** The commands `invoke` lets through (exactly the contract's). */
export function allowedCommands(): string[] {
  return [...commandNames];
}

/** The events `on` lets through (exactly the contract's). */
export function allowedEvents(): string[] {
  return [...eventNames];
}

/**
 * Builds the API over `ipcRenderer`. `invoke` answers an `unknown-channel` error for a name
 * outside the contract without sending anything, and turns a transport failure into an
 * `unavailable` error, so it never rejects; `on` throws for a name outside the contract.
 */
export function createZephyrApi(ipcRenderer: IpcRendererLike): ZephyrApi {
  const api: ZephyrApi = {
    async invoke(name, input) {
      if (typeof name !== 'string' || !commandNames.has(name)) {
        return {
          ok: false,
          error: { code: 'unknown-channel', message: `Unknown command "${String(name)}".` },
        };
      }
      try {
        return (await ipcRenderer.invoke(name as CommandName, input)) as IpcResult<never>;
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'unavailable',
            message: `"${name}" could not reach the app: ${error instanceof Error ? error.message : String(error)}`,
          },
        };
      }
    },
    on(name, listener) {
      if (typeof name !== 'string' || !eventNames.has(name)) {
        throw new Error(`Unknown event "${String(name)}".`);
      }
      if (typeof listener !== 'function')
        throw new Error(`A listener for "${name}" must be a function.`);
      const wrapped = (_event: unknown, payload: unknown) => {
        listener(payload as never);
      };
      ipcRenderer.on(name as EventName, wrapped);
      return () => {
        ipcRenderer.removeListener(name, wrapped);
      };
    },
  };
  return Object.freeze(api);
}

/** Exposes `createZephyrApi(ipcRenderer)` as `window.zephyr`. */
export function exposeZephyrApi(
  contextBridge: ContextBridgeLike,
  ipcRenderer: IpcRendererLike,
): void {
  contextBridge.exposeInMainWorld(API_KEY, createZephyrApi(ipcRenderer));
}
