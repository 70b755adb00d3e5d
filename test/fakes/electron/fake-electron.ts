/**
 * The one hand-written fake of the `electron` module. `createFakeElectron()` returns a fresh,
 * recording instance for a unit test (adapters receive its objects by injection); `boot-entry.ts`
 * turns one instance into a stand-in `electron` module for the boot test. It mimics what the
 * adapters rely on (preventable events, one handler per IPC channel, protocol only after ready,
 * quit flows) and records everything else for assertions.
 */
import { EventEmitter } from 'node:events';

/** A preventable Electron event. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** A `WebFrameMain`. */
export class FakeFrame {
  constructor(
    public url: string,
    readonly processId: number,
    readonly routingId: number,
    readonly parent: FakeFrame | null = null,
  ) {}
  /** A child frame (an iframe) of this frame. */
  child(url: string, routingId: number): FakeFrame {
    return new FakeFrame(url, this.processId, routingId, this);
  }
}

/** A session with permission handlers. */
export class FakeSession {
  permissionRequestHandler:
    | ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void)
    | null = null;
  permissionCheckHandler: ((webContents: unknown, permission: string) => boolean) | null = null;
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  /** What a page asking for `permission` would get (Chromium grants when no handler is set). */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(undefined, permission, resolve));
  }
  checkPermission(permission: string): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(undefined, permission) : true;
  }
}

let nextId = 1;

/** A window's `webContents`. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  constructor(readonly session: FakeSession) {
    super();
    this.mainFrame = new FakeFrame('about:blank', 1000 + this.id, 1);
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** What `window.open(url)` in the page would get: `allow` when no handler is set. */
  openWindow(url: string): string {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow';
  }
  /** Simulates the page navigating: returns true when the navigation went ahead. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new FakeEvent();
    this.emit(kind, event, url);
    if (!event.defaultPrevented) this.mainFrame.url = url;
    return !event.defaultPrevented;
  }
  devToolsOpen = false;
  /** Simulates the user opening DevTools (F12); `closeDevTools` may close them again. */
  openDevTools(): void {
    this.devToolsOpen = true;
    this.emit('devtools-opened');
  }
  closeDevTools(): void {
    this.devToolsOpen = false;
  }
  /** Simulates a `<webview>` being attached: returns true when it was allowed. */
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
}

/** Recorded state of one `BrowserWindow`. */
export interface WindowRecord {
  options: Record<string, unknown>;
  loadedUrls: string[];
  visible: boolean;
  focused: number;
  destroyed: boolean;
  alwaysOnTop: { flag: boolean; level: string | undefined } | undefined;
  visibleOnAllWorkspaces: { visible: boolean; options: unknown } | undefined;
}

/** A `Tray`. */
export interface TrayRecord {
  images: string[];
  toolTip: string | undefined;
  menu: FakeMenu | null;
  destroyed: boolean;
}

/** A built menu: the template as given. */
export class FakeMenu {
  constructor(
    readonly items: { label?: string; type?: string; enabled?: boolean; click?: () => void }[],
  ) {}
  /** Clicks the item with this label; throws when there is none or it is disabled. */
  click(label: string): void {
    const item = this.items.find((i) => i.label === label);
    if (!item) throw new Error(`no menu item "${label}"`);
    if (item.enabled === false) throw new Error(`menu item "${label}" is disabled`);
    item.click?.();
  }
}

/** What an `ipcMain.handle` listener gets as its event. */
export interface FakeInvokeEvent {
  senderFrame: FakeFrame | null;
  sender: { id: number };
}

/** Options of `createFakeElectron`. */
export interface FakeElectronOptions {
  platform?: NodeJS.Platform;
  userData?: string;
  /** What `safeStorage.isEncryptionAvailable()` answers. */
  encryptionAvailable?: boolean;
  storageBackend?: string;
  notificationsSupported?: boolean;
  /** False when another instance holds the single-instance lock. */
  singleInstance?: boolean;
  /** The button `dialog.showMessageBox` answers with. */
  dialogResponse?: number;
  /** Accelerators another app already owns. */
  takenShortcuts?: string[];
  /** Called by `app.exit` (after recording); the boot entry exits the process here. */
  onExit?: (code: number) => void;
  /** What `app.isPackaged` answers (default false, as under `npm start`). */
  packaged?: boolean;
}

/** Builds a fresh fake `electron` with its own recordings. */
export function createFakeElectron(options: FakeElectronOptions = {}) {
  const platform = options.platform ?? 'linux';
  const record = {
    windows: [] as WindowRecord[],
    trays: [] as TrayRecord[],
    notifications: [] as FakeNotificationInstance[],
    privilegedSchemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
    protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
    opened: [] as string[],
    dialogs: [] as Record<string, unknown>[],
    errorBoxes: [] as { title: string; content: string }[],
    loginItemSettings: [] as Record<string, unknown>[],
    protocolClients: [] as { scheme: string; path?: string; args?: string[] }[],
    appUserModelId: undefined as string | undefined,
    relaunched: 0,
    exits: [] as number[],
    shortcuts: new Map<string, () => void>(),
    paths: new Map<string, string>([
      ['userData', options.userData ?? '/tmp/fake-electron-user-data'],
      ['home', '/tmp'],
      ['temp', '/tmp'],
      ['downloads', '/tmp'],
      ['logs', '/tmp/fake-electron-logs'],
    ]),
  };
  const allWindows: FakeBrowserWindowInstance[] = [];
  const defaultSession = new FakeSession();

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents: FakeWebContents;
    readonly record: WindowRecord;
    private minimized = false;
    constructor(windowOptions: Record<string, unknown> = {}) {
      super();
      if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
      this.webContents = new FakeWebContents(defaultSession);
      appEmitter.emit('web-contents-created', new FakeEvent(), this.webContents);
      this.record = {
        options: windowOptions,
        loadedUrls: [],
        visible: windowOptions.show !== false,
        focused: 0,
        destroyed: false,
        alwaysOnTop: undefined,
        visibleOnAllWorkspaces: undefined,
      };
      record.windows.push(this.record);
      allWindows.push(this);
    }
    static getAllWindows(): FakeBrowserWindowInstance[] {
      return allWindows.filter((w) => !w.isDestroyed());
    }
    loadURL(url: string): Promise<void> {
      this.record.loadedUrls.push(url);
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    show(): void {
      this.record.visible = true;
    }
    hide(): void {
      this.record.visible = false;
    }
    focus(): void {
      this.record.focused++;
    }
    restore(): void {
      this.minimized = false;
    }
    minimize(): void {
      this.minimized = true;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isVisible(): boolean {
      return this.record.visible;
    }
    isDestroyed(): boolean {
      return this.record.destroyed;
    }
    setAlwaysOnTop(flag: boolean, level?: string): void {
      this.record.alwaysOnTop = { flag, level };
    }
    setVisibleOnAllWorkspaces(visible: boolean, opts?: unknown): void {
      this.record.visibleOnAllWorkspaces = { visible, options: opts };
    }
    /** Like the user closing it: returns true when the window really closed. */
    close(): boolean {
      if (this.record.destroyed) return true;
      const event = new FakeEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return false;
      this.destroy();
      return true;
    }
    destroy(): void {
      if (this.record.destroyed) return;
      this.record.destroyed = true;
      this.record.visible = false;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
  }
  type FakeBrowserWindowInstance = FakeBrowserWindow;

  class FakeTray extends EventEmitter {
    readonly record: TrayRecord;
    constructor(image: string) {
      super();
      if (!app.isReady()) throw new Error('Cannot create Tray before app is ready');
      this.record = { images: [image], toolTip: undefined, menu: null, destroyed: false };
      record.trays.push(this.record);
    }
    setImage(image: string): void {
      this.record.images.push(image);
    }
    setToolTip(toolTip: string): void {
      this.record.toolTip = toolTip;
    }
    setContextMenu(menu: FakeMenu | null): void {
      this.record.menu = menu;
    }
    destroy(): void {
      this.record.destroyed = true;
    }
  }

  class FakeNotification extends EventEmitter {
    shown = 0;
    closed = false;
    constructor(readonly options: Record<string, unknown> = {}) {
      super();
      record.notifications.push(this);
    }
    static isSupported(): boolean {
      return options.notificationsSupported ?? true;
    }
    show(): void {
      this.shown++;
    }
    close(): void {
      if (this.closed) return;
      this.closed = true;
      this.emit('close', new FakeEvent());
    }
    /** The user pressing action button `index`. */
    pressAction(index: number): void {
      this.emit(
        'action',
        Object.assign(new FakeEvent(), { actionIndex: index, selectionIndex: -1 }),
        index,
      );
    }
    click(): void {
      this.emit('click', new FakeEvent());
    }
  }
  type FakeNotificationInstance = FakeNotification;

  const ipcHandlers = new Map<string, (event: FakeInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain = Object.assign(new EventEmitter(), {
    handlers: ipcHandlers,
    handle(
      channel: string,
      listener: (event: FakeInvokeEvent, ...args: unknown[]) => unknown,
    ): void {
      if (ipcHandlers.has(channel)) {
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      }
      ipcHandlers.set(channel, listener);
    },
    removeHandler(channel: string): void {
      ipcHandlers.delete(channel);
    },
    /** A renderer's `ipcRenderer.invoke` arriving from `senderFrame`. */
    async invokeFrom(
      senderFrame: FakeFrame | null,
      channel: string,
      ...args: unknown[]
    ): Promise<unknown> {
      const handler = ipcHandlers.get(channel);
      if (!handler) {
        throw new Error(
          `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
        );
      }
      return handler({ senderFrame, sender: { id: 0 } }, ...args);
    },
  });

  const rendererListeners = new EventEmitter();
  const ipcRenderer = {
    /** The frame the fake renderer sends from; tests point it at a window's main frame. */
    senderFrame: null as FakeFrame | null,
    invoked: [] as { channel: string; args: unknown[] }[],
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      ipcRenderer.invoked.push({ channel, args });
      return ipcMain.invokeFrom(ipcRenderer.senderFrame, channel, ...args);
    },
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      rendererListeners.on(channel, listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      rendererListeners.removeListener(channel, listener);
      return ipcRenderer;
    },
    listenerCount(channel: string): number {
      return rendererListeners.listenerCount(channel);
    },
    /** Main sending `channel` to this renderer. */
    deliver(channel: string, ...args: unknown[]): void {
      rendererListeners.emit(channel, { sender: ipcRenderer }, ...args);
    },
  };

  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposed,
    exposeInMainWorld(apiKey: string, api: unknown): void {
      if (exposed.has(apiKey))
        throw new Error(`Cannot bind an API on top of an existing property "${apiKey}"`);
      exposed.set(apiKey, api);
    },
  };

  const protocol = {
    registerSchemesAsPrivileged(
      schemes: { scheme: string; privileges?: Record<string, boolean> }[],
    ): void {
      if (app.isReady()) {
        throw new Error('protocol.registerSchemesAsPrivileged must be called before app is ready');
      }
      record.privilegedSchemes.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
      if (!app.isReady()) throw new Error('protocol.handle can only be used after app is ready');
      if (record.protocolHandlers.has(scheme))
        throw new Error(`scheme "${scheme}" is already handled`);
      record.protocolHandlers.set(scheme, handler);
    },
    /** Fetches `url` through the registered handler, as a page load would. */
    async fetch(url: string, method = 'GET'): Promise<Response> {
      const scheme = new URL(url).protocol.replace(/:$/, '');
      const handler = record.protocolHandlers.get(scheme);
      if (!handler) throw new Error(`no protocol handler for "${scheme}"`);
      return handler(new Request(url, { method }));
    },
  };

  let ready = false;
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const appEmitter = new EventEmitter();
  const app = Object.assign(appEmitter, {
    dock:
      platform === 'darwin'
        ? {
            bounces: [] as string[],
            cancelled: [] as number[],
            bounce(type: 'critical' | 'informational' = 'informational'): number {
              app.dock!.bounces.push(type);
              return app.dock!.bounces.length;
            },
            cancelBounce(id: number): void {
              app.dock!.cancelled.push(id);
            },
          }
        : undefined,
    isReady: () => ready,
    whenReady: () => readyPromise,
    /** Unpackaged unless the test says otherwise (updates stay off, DevTools allowed). */
    isPackaged: options.packaged ?? false,
    /** A `webContents` made by something other than our code (a future window, a devtools host). */
    createWebContents(): FakeWebContents {
      const contents = new FakeWebContents(defaultSession);
      appEmitter.emit('web-contents-created', new FakeEvent(), contents);
      return contents;
    },
    /** Makes the app ready, as Electron does after start-up. */
    markReady(): void {
      if (ready) return;
      ready = true;
      appEmitter.emit('ready', new FakeEvent(), {});
      resolveReady();
    },
    getPath(name: string): string {
      const path = record.paths.get(name);
      if (!path) throw new Error(`Failed to get '${name}' path`);
      return path;
    },
    setPath(name: string, path: string): void {
      record.paths.set(name, path);
    },
    getVersion: () => '0.1.0',
    getName: () => 'zephyr-oncall',
    getAppPath: () => process.cwd(),
    setAppUserModelId(id: string): void {
      record.appUserModelId = id;
    },
    requestSingleInstanceLock: () => options.singleInstance ?? true,
    setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean {
      record.protocolClients.push({ scheme, path, args });
      return true;
    },
    setLoginItemSettings(settings: Record<string, unknown>): void {
      record.loginItemSettings.push(settings);
    },
    relaunch(): void {
      record.relaunched++;
    },
    exit(code = 0): void {
      record.exits.push(code);
      options.onExit?.(code);
    },
    /** Electron's quit: before-quit, close every window, will-quit, quit, exit(0). */
    quit(): void {
      const before = new FakeEvent();
      appEmitter.emit('before-quit', before);
      if (before.defaultPrevented) return;
      for (const window of FakeBrowserWindow.getAllWindows()) {
        if (!window.close()) return;
      }
      const will = new FakeEvent();
      appEmitter.emit('will-quit', will);
      if (will.defaultPrevented) return;
      appEmitter.emit('quit', new FakeEvent(), 0);
      app.exit(0);
    },
  });

  let encryptionAvailable = options.encryptionAvailable ?? true;
  const safeStorage = {
    setEncryptionAvailable(value: boolean): void {
      encryptionAvailable = value;
    },
    isEncryptionAvailable: () => encryptionAvailable,
    getSelectedStorageBackend: () => options.storageBackend ?? 'gnome_libsecret',
    encryptString(plainText: string): Buffer {
      if (!encryptionAvailable) throw new Error('Encryption is not available.');
      // Reversible but not plain: enough to show the stored bytes are not the secret.
      return Buffer.from(`fake-enc:${Buffer.from(plainText, 'utf8').toString('hex')}`, 'utf8');
    },
    decryptString(encrypted: Buffer): string {
      const text = encrypted.toString('utf8');
      if (!text.startsWith('fake-enc:')) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(text.slice('fake-enc:'.length), 'hex').toString('utf8');
    },
  };

  const globalShortcut = {
    register(accelerator: string, callback: () => void): boolean {
      if (options.takenShortcuts?.includes(accelerator)) return false;
      record.shortcuts.set(accelerator, callback);
      return true;
    },
    unregister(accelerator: string): void {
      record.shortcuts.delete(accelerator);
    },
    unregisterAll(): void {
      record.shortcuts.clear();
    },
    isRegistered: (accelerator: string) => record.shortcuts.has(accelerator),
    /** The user pressing the accelerator. */
    press(accelerator: string): void {
      const callback = record.shortcuts.get(accelerator);
      if (!callback) throw new Error(`shortcut ${accelerator} is not registered`);
      callback();
    },
  };

  let online = true;
  const net = {
    isOnline: () => online,
    get online() {
      return online;
    },
    setOnline(value: boolean): void {
      online = value;
    },
  };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    ipcRenderer,
    contextBridge,
    Tray: FakeTray,
    Menu: {
      buildFromTemplate: (template: ConstructorParameters<typeof FakeMenu>[0]) =>
        new FakeMenu(template),
      setApplicationMenu: (): void => undefined,
    },
    nativeImage: {
      createFromPath: (path: string) => ({ path, isEmpty: () => false }),
      createEmpty: () => ({ path: '', isEmpty: () => true }),
    },
    Notification: FakeNotification,
    shell: {
      openExternal(url: string): Promise<void> {
        record.opened.push(url);
        return Promise.resolve();
      },
      openPath: (): Promise<string> => Promise.resolve(''),
    },
    session: { defaultSession },
    protocol,
    safeStorage,
    powerMonitor: new EventEmitter(),
    globalShortcut,
    dialog: {
      showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
        const opts = args[args.length - 1] as Record<string, unknown>;
        record.dialogs.push(opts);
        return Promise.resolve({ response: options.dialogResponse ?? 0, checkboxChecked: false });
      },
      showErrorBox(title: string, content: string): void {
        record.errorBoxes.push({ title, content });
      },
    },
    net,
    screen: {
      getPrimaryDisplay: () => ({ workAreaSize: { width: 1920, height: 1080 }, scaleFactor: 1 }),
    },
  };
  return { ...electron, electron, record, allWindows };
}

/** One fake electron instance, as `createFakeElectron` returns it. */
export type FakeElectron = ReturnType<typeof createFakeElectron>;
/** A fake `BrowserWindow` instance. */
export type FakeBrowserWindow = InstanceType<FakeElectron['BrowserWindow']>;
/** A fake `Notification` instance. */
export type FakeNotification = InstanceType<FakeElectron['Notification']>;
