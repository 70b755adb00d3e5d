/**
 * The app's life around the service: one instance, start at login, relaunch after a main-process
 * crash, confirm before quitting while on call, poll at once after sleep or when the network
 * returns, and a global shortcut that acknowledges the newest ringing page.
 */
import { Settings } from '../../shared/contract.js';
import type { AppState } from '../../shared/domain.js';
import type { AppService, Logger } from '../core/ports.js';
import type { PreventableEvent } from './electron-types.js';

/** The parts of Electron's `app` the lifecycle uses. */
export interface LifecycleAppLike {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv?: string[]) => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean }): void;
  relaunch(): void;
  exit(exitCode?: number): void;
  quit(): void;
}

/**
 * Takes the single-instance lock. Returns false when another instance holds it (the caller quits);
 * otherwise a second launch calls `focusMain` in this instance with the second launch's command
 * line (where Windows and Linux put a `zephyr://` link).
 */
export function acquireSingleInstance(
  app: LifecycleAppLike,
  focusMain: (argv: readonly string[]) => void,
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv) => focusMain(Array.isArray(argv) ? argv : []));
  return true;
}

/**
 * Applies `launchAtLogin` from the stored settings (default on). Unreadable settings keep the
 * default, so a broken file never stops the pager from starting at login. `apply` records the
 * choice (login items by default; the host passes `setStartAtLogin`, which writes the XDG
 * autostart entry on Linux).
 */
export function applyLaunchAtLogin(
  app: LifecycleAppLike,
  readRaw: () => unknown,
  logger: Logger,
  apply: (openAtLogin: boolean) => void = (openAtLogin) =>
    app.setLoginItemSettings({ openAtLogin, openAsHidden: true }),
): boolean {
  let openAtLogin = true;
  try {
    const parsed = Settings.safeParse(readRaw());
    if (parsed.success) openAtLogin = parsed.data.launchAtLogin;
  } catch (error) {
    logger.warn('settings unreadable; launching at login by default', { error: String(error) });
  }
  try {
    apply(openAtLogin);
  } catch (error) {
    logger.error('could not set start at login', { openAtLogin, error: String(error) });
  }
  return openAtLogin;
}

/** `process`, as far as crash handling needs it. */
export interface CrashSource {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

/** How long after start a crash counts as a start-up crash, which is not relaunched. */
export const STARTUP_CRASH_WINDOW_MS = 15_000;

/**
 * A main-process crash must not leave the user silently unpaged: log it, relaunch, exit non-zero.
 * A crash within `STARTUP_CRASH_WINDOW_MS` of start is not relaunched, so a broken install cannot
 * spin in a relaunch loop; it exits non-zero with the error logged.
 */
export function installCrashRelaunch(
  proc: CrashSource,
  app: LifecycleAppLike,
  logger: Logger,
  uptimeMs: () => number = () => process.uptime() * 1000,
): void {
  proc.on('uncaughtException', (error) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (uptimeMs() < STARTUP_CRASH_WINDOW_MS) {
      logger.error('main process crashed while starting; not relaunching', { error: detail });
    } else {
      logger.error('main process crashed; relaunching', { error: detail });
      app.relaunch();
    }
    app.exit(1);
  });
}

/** `dialog.showMessageBox`, as far as the quit confirmation needs it. */
export interface DialogLike {
  showMessageBox(options: {
    type: 'warning';
    title: string;
    message: string;
    detail: string;
    buttons: string[];
    defaultId: number;
    cancelId: number;
  }): Promise<{ response: number }>;
}

/** What `installQuitConfirmation` needs besides `app`. */
export interface QuitConfirmationDeps {
  dialog: DialogLike;
  isOnCall: () => boolean;
  /** Called once a quit goes ahead (not cancelled), before windows close. */
  onQuitting: () => void;
  logger: Logger;
}

/**
 * Asks before quitting while on call (quitting means pages no longer ring here). Returns the
 * function the host calls to quit without asking again.
 */
export function installQuitConfirmation(
  app: LifecycleAppLike,
  deps: QuitConfirmationDeps,
): () => void {
  const { dialog, isOnCall, logger } = deps;
  let confirmed = false;
  let asking = false;
  app.on('before-quit', (event) => {
    if (confirmed || !isOnCall()) {
      deps.onQuitting();
      return;
    }
    event.preventDefault();
    if (asking) return;
    asking = true;
    dialog
      .showMessageBox({
        type: 'warning',
        title: 'Quit Zephyr On-Call?',
        message: 'You are on call. If you quit, pages will not ring on this computer.',
        detail: 'Your escalation policy will move on to the next person if you do not acknowledge.',
        buttons: ['Quit anyway', 'Stay on call'],
        defaultId: 1,
        cancelId: 1,
      })
      .then(({ response }) => {
        asking = false;
        if (response === 0) {
          logger.warn('user quit while on call');
          confirmed = true;
          app.quit();
        }
      })
      .catch((error: unknown) => {
        asking = false;
        logger.error('quit confirmation failed', { error: String(error) });
      });
  });
  return () => {
    confirmed = true;
    app.quit();
  };
}

/** `powerMonitor`, as far as wake detection needs it. */
export interface PowerMonitorLike {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

/** Polls every feed at once when the computer wakes or is unlocked. */
export function installWakeTriggers(
  powerMonitor: PowerMonitorLike,
  pollNow: AppService['pollNow'],
): void {
  powerMonitor.on('resume', () => pollNow('wake'));
  powerMonitor.on('unlock-screen', () => pollNow('wake'));
}

/** What `watchOnline` needs: Electron's `net.isOnline` and a timer. */
export interface OnlineWatchDeps {
  isOnline(): boolean;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  pollNow: AppService['pollNow'];
  /** How often to look; Electron has no online event in main. */
  everyMs?: number;
}

/** Polls every feed when the network comes back (offline → online). Returns the stop function. */
export function watchOnline(deps: OnlineWatchDeps): () => void {
  let online = deps.isOnline();
  const handle = deps.setInterval(() => {
    const now = deps.isOnline();
    if (now && !online) deps.pollNow('online');
    online = now;
  }, deps.everyMs ?? 5000);
  return () => deps.clearInterval(handle);
}

/** The global shortcut that acknowledges the newest ringing page. */
export const ACK_SHORTCUT = 'CommandOrControl+Shift+A';

/** The key of the newest page ringing now, if any. */
export function newestRingingKey(state: AppState): string | undefined {
  let newest: { key: string; at: number } | undefined;
  for (const view of state.pages) {
    if (!view.ringing) continue;
    const at = Date.parse(view.page.createdAt);
    if (!newest || at > newest.at) newest = { key: view.key, at };
  }
  return newest?.key;
}

/** `globalShortcut`, as far as we use it. */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/**
 * Registers `ACK_SHORTCUT`. Returns whether the OS granted it (another app may own it); a refusal
 * is logged, since acknowledging still works from the alert, the notification and the tray.
 */
export function registerAckShortcut(
  globalShortcut: GlobalShortcutLike,
  app: Pick<AppService, 'state' | 'acknowledge'>,
  logger: Logger,
): boolean {
  const ok = globalShortcut.register(ACK_SHORTCUT, () => {
    const key = newestRingingKey(app.state());
    if (!key) return;
    app.acknowledge(key).catch((error: unknown) => {
      logger.error('acknowledge from shortcut failed', { key, error: String(error) });
    });
  });
  if (!ok) logger.warn('global acknowledge shortcut unavailable', { accelerator: ACK_SHORTCUT });
  return ok;
}
