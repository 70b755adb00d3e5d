/**
 * The Electron composition root (built to `dist/main/electron-main.js`): makes the Electron
 * adapters, hands them to `composeApp`, opens the main window, the tray and the alert window, and
 * wires IPC and the app's lifecycle. Decisions about pages, feeds and alarms live in core.
 */
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  shell,
  Tray,
} from 'electron';
import ElectronStore from 'electron-store';
import { FileRecoveryLog } from './node/json-file-store.js';
import { composeApp, resolveDataDir, type ComposedApp } from './compose.js';
import { createPlainClock } from './core/clock.js';
import type { Logger, Notifier } from './core/ports.js';
import { createAlertPresenter } from './electron/alert-window.js';
import { startUpdates } from './electron/auto-updater.js';
import { launchCommand, setStartAtLogin } from './electron/autostart.js';
import { createLaunchNonce, DEEP_LINK_SCHEME } from './electron/deep-link.js';
import { createDeepLinkRouter, type DeepLinkRouter } from './electron/deep-link-router.js';
import { createElectronNotifier } from './electron/electron-notifier.js';
import type { BrowserWindowLike } from './electron/electron-types.js';
import { createDialogSaveFile } from './electron/save-dialog.js';
import { forwardEvents, registerIpc } from './electron/ipc.js';
import {
  acquireSingleInstance,
  applyLaunchAtLogin,
  installCrashRelaunch,
  installQuitConfirmation,
  installWakeTriggers,
  registerAckShortcut,
  watchOnline,
} from './electron/lifecycle.js';
import { SafeStorageSecretStore } from './electron/safe-storage-secrets.js';
import {
  appUrl,
  createSecureWindow,
  registerAppScheme,
  serveRenderer,
  type SecureWindowDeps,
} from './electron/secure-window.js';
import {
  NO_TRAY_PROBLEM,
  osLimits,
  SHOW_WINDOW_SHORTCUT,
  statusNotifierHostPresent,
  withReachability,
} from './electron/reachability.js';
import { createElectronSettingsStore } from './electron/settings-store.js';
import { createElectronTray } from './electron/tray.js';
import { pageToastXml } from './electron/windows-toast.js';
import { installWebContentsGuard } from './electron/web-contents-guard.js';
import { DbusNotifier } from './node/dbus-notifier.js';
import { createLogger } from './node/logger.js';

/** The app id: Windows toasts, the installer and macOS bundle all use it. */
const APP_ID = 'com.zephyr.oncall';
const PRODUCT_NAME = 'Zephyr On-Call';

// This file is the entry chunk in dist/main, so dist/ is one level up and the app root two.
const distDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const paths = {
  preload: join(distDir, 'preload', 'preload.cjs'),
  renderer: join(distDir, 'renderer'),
  assets: join(distDir, '..', 'assets'),
};

/** This launch's secret for the Acknowledge button of Windows toasts (see `deep-link.ts`). */
const LAUNCH_NONCE = createLaunchNonce((size) => randomBytes(size));

function chooseNotifier(logger: Logger): Notifier {
  if (process.platform === 'linux') {
    return new DbusNotifier({
      appName: PRODUCT_NAME,
      logger,
      iconPath: join(paths.assets, 'icons', 'icon-256.png'),
    });
  }
  return createElectronNotifier({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    platform: process.platform,
    dock: app.dock,
    logger,
    toastXml: (request) => pageToastXml(request, LAUNCH_NONCE),
  });
}

/** Windows toast activator CLSID: fixed, so toasts from an earlier run still reach the app. */
const TOAST_ACTIVATOR_CLSID = '{6A1E3F2C-5B7D-4C8E-9F10-2D3C4B5A6E7F}';

/** Registers the `zephyr://` scheme and returns the router that acts on links. */
function registerDeepLinks(): DeepLinkRouter {
  // In a development run Electron needs the script to pass to itself.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  const links = createDeepLinkRouter(LAUNCH_NONCE);
  // macOS delivers links as `open-url`, also the one that launched the app (before ready).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.handleUrl(url);
  });
  return links;
}

/** Linux: true when no tray host is on the session bus (the icon would silently never show). */
async function trayHostMissing(logger: Logger): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  const missing = (await statusNotifierHostPresent()) === false;
  if (missing) logger.warn('no StatusNotifierItem host on the session bus: no tray icon');
  return missing;
}

/** Applies the "Launch at login" setting: login items, or the XDG autostart entry on Linux. */
function loginItemApplier(
  env: Record<string, string | undefined>,
  readRaw: () => unknown,
  logger: Logger,
): () => void {
  const loginItem = {
    platform: process.platform,
    app,
    env,
    home: homedir(),
    entry: {
      command: launchCommand(env, process.execPath),
      name: PRODUCT_NAME,
      comment: 'The tray app that rings when you are paged',
      icon: join(paths.assets, 'icons', 'icon-256.png'),
    },
  };
  return () => {
    applyLaunchAtLogin(app, readRaw, logger, (on) => void setStartAtLogin(loginItem, on));
  };
}

/** What every stage of start-up shares; `composed` and `mainWindow` are filled in as it goes. */
interface Launch {
  env: Record<string, string | undefined>;
  dataDir: string;
  logger: Logger;
  links: DeepLinkRouter;
  live: { composed?: ComposedApp; mainWindow?: BrowserWindowLike };
  flags: { quitting: boolean; updating: boolean };
  focusMain(): void;
}

/**
 * Before the app is ready: the app scheme, deep links, Windows' toast identity, the data
 * directory, the logger and the web-contents guard; `undefined` when another instance runs.
 */
function prepare(): Launch | undefined {
  const env: Record<string, string | undefined> = { ...process.env };
  registerAppScheme(protocol);
  const links = registerDeepLinks();
  if (process.platform === 'win32') {
    app.setAppUserModelId(APP_ID);
    // Electron registers it with the app's shortcut; Windows then routes a toast's Acknowledge
    // button back to the app, even for a toast that outlived the process that showed it.
    app.setToastActivatorCLSID(TOAST_ACTIVATOR_CLSID);
  }
  const dataDir = resolveDataDir(env, app.getPath('userData'));
  // Chromium's own data and the single-instance lock follow the data directory.
  app.setPath('userData', dataDir);

  // Filled in as start-up proceeds; closures made earlier read them late.
  const live: Launch['live'] = {};
  const logger = createLogger({
    file: join(dataDir, 'logs', 'main.log'),
    level: env.ZEPHYR_LOG_LEVEL === 'debug' ? 'debug' : 'info',
    secrets: () => live.composed?.secrets() ?? [],
  });
  installCrashRelaunch(process, app, logger);
  // Every webContents, including windows added later, gets the same rules; no DevTools when packaged.
  installWebContentsGuard(app, { shell, logger });

  const focusMain = () => {
    const window = live.mainWindow;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  if (
    !acquireSingleInstance(app, (argv) => {
      if (!links.handleArgv(argv)) focusMain();
    })
  ) {
    app.quit();
    return undefined;
  }
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('activate', focusMain);
  const flags = { quitting: false, updating: false };
  return { env, dataDir, logger, links, live, flags, focusMain };
}

/** The Electron adapters, handed to `composeApp`; IPC goes in before any window can call. */
async function composeElectron(launch: Launch) {
  const { env, dataDir, logger, live, focusMain } = launch;
  const settings = createElectronSettingsStore((options) => new ElectronStore(options), dataDir);
  const applyLogin = loginItemApplier(env, () => settings.readRaw(), logger);
  applyLogin();
  const recovery = new FileRecoveryLog();
  const secrets = new SafeStorageSecretStore(
    safeStorage,
    dataDir,
    logger,
    process.platform,
    recovery.record,
  );
  const noTray = await trayHostMissing(logger);
  const notifier = withReachability(chooseNotifier(logger), {
    problems: () => (noTray ? [NO_TRAY_PROBLEM] : []),
    osLimits: osLimits(process.platform),
  });
  const windowIcon = join(paths.assets, 'icons', 'icon-256.png');
  const windowDeps: SecureWindowDeps = {
    createWindow: (options) => new BrowserWindow(options),
    shell,
    logger,
    preloadPath: paths.preload,
  };
  const tray = createElectronTray({
    createTray: (image) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    assetsDir: paths.assets,
    platform: process.platform,
    onClick: focusMain,
  });
  const alerts = createAlertPresenter({ ...windowDeps, iconPath: windowIcon });
  const windows = () =>
    [live.mainWindow, alerts.window()].filter((w): w is BrowserWindowLike => w !== undefined);

  const composing = composeApp({
    dataDir,
    env,
    logger,
    notifier,
    tray,
    alerts,
    settings,
    secrets,
    recovery,
    openExternal: async (url) => {
      await shell.openExternal(url);
      return true;
    },
    showMain: (route, pageKey) => {
      focusMain();
      const url = appUrl(route) + (pageKey ? `?page=${encodeURIComponent(pageKey)}` : '');
      live.mainWindow?.loadURL(url).catch((error: unknown) => {
        logger.error('could not open the main window', { route, error: String(error) });
      });
      return live.mainWindow !== undefined;
    },
    saveFile: createDialogSaveFile({ dialog, downloads: () => app.getPath('downloads') }),
    onTrayCommand: (id) => {
      if (id === 'quit') {
        app.quit();
        return;
      }
      focusMain();
      if (id === 'declare') {
        live.mainWindow?.loadURL(appUrl('/declare')).catch((error: unknown) => {
          logger.error('could not open the declare-incident wizard', { error: String(error) });
        });
      }
    },
  });
  // Handlers go in before any window can call; they wait for the app if it is still composing.
  registerIpc({
    ipcMain,
    dispatch: async (name, payload) => {
      const result = await (await composing).dispatch(name, payload);
      // The Settings toggle takes effect at once (login items or the XDG autostart entry).
      if (name === 'settings:update') applyLogin();
      return result;
    },
    windows,
    logger,
  });
  return { composing, tray, alerts, windows, windowDeps, windowIcon, noTray };
}

/** The main window; closing it hides it (the tray keeps the pager running). */
function openMainWindow(
  launch: Launch,
  parts: { windowDeps: SecureWindowDeps; windowIcon: string; noTray: boolean },
): BrowserWindowLike {
  const { noTray } = parts;
  const mainWindow = createSecureWindow(
    parts.windowDeps,
    {
      width: 1000,
      height: 720,
      minWidth: 640,
      minHeight: 480,
      title: PRODUCT_NAME,
      // Started at login: stay in the tray (unless there is no tray to stay in).
      show: noTray || !process.argv.includes('--hidden'),
      icon: parts.windowIcon,
      autoHideMenuBar: true,
    },
    '/now',
  );
  launch.live.mainWindow = mainWindow;
  mainWindow.on('close', (event) => {
    if (!launch.flags.quitting) {
      event.preventDefault();
      // Without a tray a hidden window could not be found again: keep it in the task bar.
      if (noTray) mainWindow.minimize();
      else mainWindow.hide();
    }
  });
  return mainWindow;
}

type ElectronParts = Awaited<ReturnType<typeof composeElectron>>;

/** Quit confirmation, wake and network triggers, shortcuts, updates and the orderly shutdown. */
async function runLifecycle(launch: Launch, parts: ElectronParts, composed: ComposedApp) {
  const { env, logger, flags, focusMain, live } = launch;
  const { alerts, tray, noTray } = parts;
  const service = composed.app;
  forwardEvents({ subscribe: composed.subscribe, windows: parts.windows });
  installQuitConfirmation(app, {
    dialog,
    // The user chose to restart for an update (nothing ringing, no incident): no second question.
    isOnCall: () => !flags.updating && service.state().onCall,
    onQuitting: () => {
      flags.quitting = true;
      alerts.allowClose();
    },
    logger,
  });
  installWakeTriggers(powerMonitor, (reason) => service.pollNow(reason));
  const stopOnlineWatch = watchOnline({
    isOnline: () => net.isOnline(),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    pollNow: (reason) => service.pollNow(reason),
  });
  registerAckShortcut(globalShortcut, service, logger);
  if (noTray && !globalShortcut.register(SHOW_WINDOW_SHORTCUT, focusMain)) {
    logger.warn('show-window shortcut unavailable', { accelerator: SHOW_WINDOW_SHORTCUT });
  }
  const updates = await startUpdates({
    platform: process.platform,
    env,
    isPackaged: app.isPackaged === true,
    resourcesPath: process.resourcesPath,
    logger,
    clock: createPlainClock(),
    loadUpdater: async () => (await import('electron-updater')).autoUpdater,
    tray,
    state: () => service.state(),
    onStateChange: (listener) => composed.subscribe('app:state-changed', listener),
    beforeInstall: () => {
      flags.updating = true;
      flags.quitting = true;
      alerts.allowClose();
    },
  });

  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    stopOnlineWatch();
    updates.stop();
    globalShortcut.unregisterAll();
    composed
      .close()
      .catch((error: unknown) => logger.error('shutdown failed', { error: String(error) }))
      .finally(() => {
        shutDown = true;
        tray.destroy();
        logger.info('stopped');
        app.exit(0);
      });
  });
  return (hash: string) => {
    focusMain();
    live.mainWindow?.loadURL(`${appUrl('/now').split('#')[0]}${hash}`).catch((error: unknown) => {
      logger.error('could not open a deep link', { hash, error: String(error) });
    });
  };
}

async function main(): Promise<void> {
  const launch = prepare();
  if (!launch) return;
  const { logger, links, live } = launch;
  await app.whenReady();
  serveRenderer(protocol, paths.renderer);
  logger.info('starting', { dataDir: launch.dataDir, version: app.getVersion() });

  const parts = await composeElectron(launch);
  openMainWindow(launch, parts);
  const composed = await parts.composing;
  live.composed = composed;
  const openHash = await runLifecycle(launch, parts, composed);

  const service = composed.app;
  await service.start();
  // Links: the one this process was started with (Windows, Linux), then any that waited.
  links.handleArgv(process.argv);
  links.ready({
    state: () => service.state(),
    acknowledge: (key) => service.acknowledge(key),
    open: openHash,
    logger,
  });
  // Declarations the last run stopped in the middle of go on where they stopped.
  void composed.declarations.resumePending();
  logger.info('started');
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`Zephyr On-Call failed to start: ${message}\n`);
  dialog.showErrorBox('Zephyr On-Call could not start', message);
  app.exit(1);
});
