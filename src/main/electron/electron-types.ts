/**
 * The slices of Electron's API the adapters in this folder use, as structural types. Adapters
 * receive these objects (or factories making them) by injection: `host-electron.ts` passes the
 * real Electron objects, tests pass the hand-written fake in `test/fakes/electron/`. Nothing here
 * imports `electron` at runtime.
 */

/** An Electron event whose default action can be prevented. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** A frame (`WebFrameMain`): what the IPC layer checks before trusting a message. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

/** A browser session: permission handlers. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler:
      | ((
          webContents: unknown,
          permission: string,
          callback: (permissionGranted: boolean) => void,
        ) => void)
      | null,
  ): void;
  setPermissionCheckHandler(
    handler: ((webContents: unknown, permission: string) => boolean) | null,
  ): void;
}

/** A window's contents. */
export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  readonly session: SessionLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/** The secure web preferences every window of ours gets (see `secure-window.ts`). */
export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  webviewTag: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  spellcheck: false;
  /** The alert must sound at 3 a.m. without anyone having clicked the page first. */
  autoplayPolicy: 'no-user-gesture-required';
  /** Timers and the alarm keep running while the window is hidden or covered. */
  backgroundThrottling: false;
  preload: string;
}

/** Options our windows are created with (a subset of `BrowserWindowConstructorOptions`). */
export interface WindowOptions {
  width: number;
  height: number;
  minWidth?: number;
  minHeight?: number;
  title: string;
  show: boolean;
  icon?: string;
  backgroundColor?: string;
  alwaysOnTop?: boolean;
  skipTaskbar?: boolean;
  minimizable?: boolean;
  fullscreenable?: boolean;
  resizable?: boolean;
  autoHideMenuBar?: boolean;
  webPreferences: SecureWebPreferences;
}

/** A window (`BrowserWindow`). */
export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  minimize(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  setAlwaysOnTop(
    flag: boolean,
    level?:
      | 'normal'
      | 'floating'
      | 'torn-off-menu'
      | 'modal-panel'
      | 'main-menu'
      | 'status'
      | 'pop-up-menu'
      | 'screen-saver',
  ): void;
  setVisibleOnAllWorkspaces(visible: boolean, options?: { visibleOnFullScreen?: boolean }): void;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

/** Makes a window; the host passes `(o) => new BrowserWindow(o)`. */
export type CreateWindow = (options: WindowOptions) => BrowserWindowLike;

/** `shell`: only `openExternal` is used, and only for allow-listed links. */
export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** A request a `protocol.handle` handler receives (the fetch API `Request`). */
export interface ProtocolRequestLike {
  readonly url: string;
  readonly method: string;
}

/** `protocol`: the `app://` scheme that serves the renderer with its CSP. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(
    schemes: {
      scheme: string;
      privileges?: {
        standard?: boolean;
        secure?: boolean;
        supportFetchAPI?: boolean;
        corsEnabled?: boolean;
        stream?: boolean;
      };
    }[],
  ): void;
  handle(
    scheme: string,
    handler: (request: ProtocolRequestLike) => Response | Promise<Response>,
  ): void;
}

/** One menu template entry (a subset of `MenuItemConstructorOptions`). */
export interface MenuTemplateItem {
  type?: 'normal' | 'separator';
  label?: string;
  enabled?: boolean;
  click?: () => void;
}

/** A built menu, opaque to us. */
export type MenuLike = object;

/** `Tray`. Images are given as file paths, so `…Template.png` files act as macOS templates. */
export interface TrayLike {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** Options of one native notification (a subset of `NotificationConstructorOptions`). */
export interface NotificationOptions {
  title: string;
  body: string;
  silent: boolean;
  urgency?: 'low' | 'normal' | 'critical';
  timeoutType?: 'default' | 'never';
  actions?: { type: 'button'; text: string }[];
  closeButtonText?: string;
  sound?: string;
  id?: string;
  /** Windows only: a full toast description replacing every option above. */
  toastXml?: string;
}

/** A native notification (`Notification`). */
export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'action', listener: (details: { actionIndex: number }) => void): unknown;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}
