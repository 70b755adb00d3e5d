/**
 * The `UpdaterPort` on electron-updater (the feed is `publish` in electron-builder.yml: GitHub
 * releases). Downloads in the background; installs only when the core policy says so, or on quit.
 * Off where the app cannot or must not replace itself: a development run, and Linux installs
 * other than the AppImage (a deb is updated by the package manager).
 */
import type { Logger } from '../core/ports.js';
import type { UpdaterPort } from '../core/update-policy.js';

/** The slice of electron-updater's `autoUpdater` we use. */
export interface ElectronUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(
    event: 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
}

/** What decides whether this installation updates itself. */
export interface UpdateEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  isPackaged: boolean;
  /** electron-builder's `resources/package-type` (`deb`, `rpm`, …), when the file exists. */
  packageType?: string;
}

/** `{ on: true }`, or why updates are off here. */
export function updateAvailability(
  where: UpdateEnvironment,
): { on: true } | { on: false; reason: string } {
  if (!where.isPackaged) return { on: false, reason: 'a development run does not update itself' };
  if (where.env.ZEPHYR_NO_UPDATES === '1') return { on: false, reason: 'ZEPHYR_NO_UPDATES=1' };
  if (where.platform === 'linux' && !where.env.APPIMAGE) {
    const via = where.packageType ? `a ${where.packageType} package` : 'a system package';
    return { on: false, reason: `installed from ${via}: the package manager updates it` };
  }
  return { on: true };
}

/** What `createUpdaterPort` needs besides the updater. */
export interface UpdaterPortDeps {
  logger: Logger;
  /** Runs just before the app quits to install (lets windows close without asking). */
  beforeInstall(): void;
}

/** Adapts electron-updater to the policy's port. */
export function createUpdaterPort(
  updater: ElectronUpdaterLike,
  deps: UpdaterPortDeps,
): UpdaterPort {
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.on('error', (error) => {
    deps.logger.warn('updater error', { error: String(error) });
  });
  return {
    async checkAndDownload() {
      await updater.checkForUpdates();
    },
    onDownloaded(listener) {
      const handler = (info: { version: string }) => listener(info.version);
      updater.on('update-downloaded', handler);
      return () => {
        updater.removeListener('update-downloaded', handler);
      };
    },
    restartAndInstall() {
      deps.beforeInstall();
      // Not silent on Windows (the installer shows its progress); start the new version after.
      updater.quitAndInstall(false, true);
    },
  };
}
