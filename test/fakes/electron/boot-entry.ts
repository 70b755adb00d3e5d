/**
 * The fake `electron` module as the boot test loads it (`test/boot/electron-loader.mjs` maps the
 * specifier `electron` here). It makes one `createFakeElectron` instance, turns the app ready once
 * the entry module has run its synchronous start, and talks to the test over the child-process IPC
 * channel: `{type: 'report'}` answers what was recorded, `{type: 'invoke', window, name, input}`
 * sends a command from that window's top frame as its renderer would, `{type: 'quit'}` runs
 * Electron's quit flow.
 */
import { createFakeElectron, type FakeElectron } from './fake-electron.js';

/** What the boot test receives. */
export interface BootReport {
  windows: {
    options: Record<string, unknown>;
    loadedUrls: string[];
    visible: boolean;
    destroyed: boolean;
    alwaysOnTop: unknown;
  }[];
  pages: { url: string; status: number; contentType: string | null; csp: string | null }[];
  trays: {
    images: string[];
    toolTip: string | undefined;
    menu: (string | undefined)[];
    destroyed: boolean;
  }[];
  ipcHandlers: string[];
  privilegedSchemes: string[];
  protocolHandlers: string[];
  loginItemSettings: Record<string, unknown>[];
  protocolClients: string[];
  userData: string;
  relaunched: number;
  exits: number[];
  dialogs: Record<string, unknown>[];
  errorBoxes: { title: string; content: string }[];
  shortcuts: string[];
  notifications: number;
}

async function buildReport(fake: FakeElectron): Promise<BootReport> {
  const { record } = fake;
  const pages: BootReport['pages'] = [];
  for (const url of new Set(record.windows.flatMap((w) => w.loadedUrls))) {
    try {
      const response = await fake.protocol.fetch(url);
      pages.push({
        url,
        status: response.status,
        contentType: response.headers.get('content-type'),
        csp: response.headers.get('content-security-policy'),
      });
    } catch (error) {
      pages.push({ url, status: 0, contentType: String(error), csp: null });
    }
  }
  return {
    windows: record.windows.map((w) => ({
      options: w.options,
      loadedUrls: w.loadedUrls,
      visible: w.visible,
      destroyed: w.destroyed,
      alwaysOnTop: w.alwaysOnTop,
    })),
    pages,
    trays: record.trays.map((t) => ({
      images: t.images,
      toolTip: t.toolTip,
      menu: t.menu?.items.map((i) => i.label ?? i.type) ?? [],
      destroyed: t.destroyed,
    })),
    ipcHandlers: [...fake.ipcMain.handlers.keys()],
    privilegedSchemes: record.privilegedSchemes.map((s) => s.scheme),
    protocolHandlers: [...record.protocolHandlers.keys()],
    loginItemSettings: record.loginItemSettings,
    protocolClients: record.protocolClients.map((c) => c.scheme),
    userData: record.paths.get('userData') ?? '',
    relaunched: record.relaunched,
    exits: record.exits,
    dialogs: record.dialogs,
    errorBoxes: record.errorBoxes,
    shortcuts: [...record.shortcuts.keys()],
    notifications: record.notifications.length,
  };
}

const fake = createFakeElectron({
  platform: 'linux',
  userData: process.env.ZEPHYR_FAKE_USER_DATA ?? '/tmp/fake-electron-user-data',
  onExit: (code) => {
    // Let pending IPC messages (the last report) flush before the process goes.
    setImmediate(() => process.exit(code));
  },
});

// Electron turns ready after the entry module's synchronous part has run.
setImmediate(() => fake.app.markReady());

interface TestMessage {
  type?: string;
  window?: number;
  name?: string;
  input?: unknown;
}

process.on('message', (message: TestMessage) => {
  if (message.type === 'invoke') {
    const window = fake.allWindows[message.window ?? 0];
    const frame = window ? window.webContents.mainFrame : null;
    fake.ipcMain.invokeFrom(frame, message.name ?? '', message.input).then(
      (result) => process.send?.({ type: 'invoked', result }),
      (error: unknown) => process.send?.({ type: 'invoked', error: String(error) }),
    );
  } else if (message.type === 'report') {
    buildReport(fake).then(
      (report) => process.send?.({ type: 'report', report }),
      (error: unknown) => process.send?.({ type: 'error', error: String(error) }),
    );
  } else if (message.type === 'quit') {
    fake.app.quit();
  }
});

export const {
  app,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  Tray,
  Menu,
  nativeImage,
  Notification,
  shell,
  session,
  protocol,
  safeStorage,
  powerMonitor,
  globalShortcut,
  dialog,
  net,
  screen,
} = fake;

// electron-store does `import electron from 'electron'`, so the stand-in needs Electron's default export.
// eslint-disable-next-line no-restricted-syntax
export default fake.electron;
