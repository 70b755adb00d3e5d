/**
 * The app-wide guard: every `webContents` Electron creates (our windows, and any future window,
 * devtools host or webview) gets the same rules as `hardenWebContents`: `window.open` denied,
 * navigation away from the app blocked, `<webview>` refused. In packaged builds DevTools are
 * closed as soon as they open.
 */
import type { WebContentsLike } from './electron-types.js';
import { hardenWebContents, type HardenDeps } from './secure-window.js';

/** A `webContents` as the guard sees it. */
export type GuardedWebContentsLike = WebContentsLike & {
  on(event: 'devtools-opened', listener: () => void): unknown;
  closeDevTools(): void;
};

/** The part of Electron's `app` the guard needs. */
export interface GuardAppLike {
  readonly isPackaged: boolean;
  on(
    event: 'web-contents-created',
    listener: (event: unknown, contents: GuardedWebContentsLike) => void,
  ): unknown;
}

/** Installs the guard; call once, before the first window. */
export function installWebContentsGuard(app: GuardAppLike, deps: HardenDeps): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, deps);
    if (app.isPackaged) {
      contents.on('devtools-opened', () => {
        deps.logger.warn('DevTools are closed in packaged builds');
        contents.closeDevTools();
      });
    }
  });
}
