/**
 * Electron IPC for the contract: one `ipcMain.handle` per contract command (nothing else), each
 * checking the sender frame before the dispatcher parses the payload and runs the handler; and
 * the contract's events pushed to every window of ours.
 */
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  type EventName,
  type EventPayload,
  type IpcResult,
} from '../../shared/contract.js';
import type { Dispatch } from '../core/ipc-dispatcher.js';
import type { Logger } from '../core/ports.js';
import type { BrowserWindowLike, FrameLike } from './electron-types.js';
import { isAppUrl } from './secure-window.js';

/** What an `ipcMain.handle` listener receives as its event (a subset of `IpcMainInvokeEvent`). */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** `ipcMain`, as far as the contract needs it. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/**
 * True when `frame` is the top frame of one of `windows` and shows the app's own origin. Anything
 * else (an iframe, a page navigated elsewhere, a window we did not make) is untrusted.
 */
export function isTrustedSender(
  frame: FrameLike | null,
  windows: readonly BrowserWindowLike[],
): boolean {
  if (!frame || frame.parent !== null || !isAppUrl(frame.url)) return false;
  return windows.some((window) => {
    if (window.isDestroyed()) return false;
    const top = window.webContents.mainFrame;
    return top.processId === frame.processId && top.routingId === frame.routingId;
  });
}

/** What `registerIpc` needs. */
export interface IpcDeps {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  /** The windows whose top frames may call; asked at every call. */
  windows: () => readonly BrowserWindowLike[];
  logger: Logger;
}

/**
 * Registers a handler for exactly the contract's commands. A call from an untrusted sender is
 * answered `untrusted-sender` without reaching the dispatcher; everything else goes through the
 * dispatcher, which refuses malformed payloads. Returns a function removing the handlers.
 */
export function registerIpc(deps: IpcDeps): () => void {
  for (const name of COMMAND_NAMES) {
    deps.ipcMain.handle(name, async (event, payload): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event.senderFrame, deps.windows())) {
        deps.logger.warn('refused IPC from an untrusted sender', {
          command: name,
          url: event.senderFrame?.url ?? null,
        });
        return {
          ok: false,
          error: {
            code: 'untrusted-sender',
            message: `"${name}" refused: the sender is not the top frame of a Zephyr window.`,
          },
        };
      }
      return deps.dispatch(name, payload);
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) deps.ipcMain.removeHandler(name);
  };
}

/** What `forwardEvents` needs: a subscription to each contract event and the windows to tell. */
export interface ForwardDeps {
  subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
  windows: () => readonly BrowserWindowLike[];
}

/** Sends every contract event to every live window on its channel. Returns the unsubscribe function. */
export function forwardEvents(deps: ForwardDeps): () => void {
  const unsubscribes = EVENT_NAMES.map((name) =>
    deps.subscribe(name, (payload) => {
      for (const window of deps.windows()) {
        if (window.isDestroyed() || window.webContents.isDestroyed()) continue;
        window.webContents.send(name, payload);
      }
    }),
  );
  return () => unsubscribes.forEach((u) => u());
}
