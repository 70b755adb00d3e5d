/**
 * The `UpdaterPort` on electron-updater (the feed is `publish` in electron-builder.yml: GitHub
 * releases). Downloads in the background; installs only when the core policy says so, or on quit.
 * Off where the app cannot or must not replace itself: a development run, and Linux installs
 * other than the AppImage (a deb is updated by the package manager).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppState } from '../../shared/domain.js';
import type { Clock, Logger, TrayMenuItem, TrayView } from '../core/ports.js';
import {
  createUpdatePolicy,
  UPDATE_TRAY_ID,
  type UpdatePolicy,
  type UpdaterPort,
} from '../core/update-policy.js';

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

/** electron-builder's `resources/package-type` (deb, rpm, …), when this install has one. */
export function readPackageType(resourcesPath: string | undefined): string | undefined {
  if (!resourcesPath) return undefined;
  try {
    const file = join(resourcesPath, 'package-type');
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  } catch {
    return undefined;
  }
}

/** What `startUpdates` needs from the host. */
export interface StartUpdatesDeps extends Omit<UpdateEnvironment, 'packageType'> {
  resourcesPath: string | undefined;
  logger: Logger;
  clock: Clock;
  /** electron-updater's `autoUpdater`, loaded only where updates are on. */
  loadUpdater(): Promise<ElectronUpdaterLike>;
  tray: Pick<TrayView, 'onMenu'> & { setExtraItems(items: readonly TrayMenuItem[]): void };
  state(): Pick<AppState, 'pages' | 'incidents'>;
  /** Calls back on every app state change (the restart may become allowed or refused). */
  onStateChange(listener: () => void): unknown;
  beforeInstall(): void;
}

/**
 * Starts the update policy with electron-updater where this install updates itself (else off,
 * saying why in the log), and keeps the tray's "Update ready" entry in step with the app state.
 */
export async function startUpdates(deps: StartUpdatesDeps): Promise<UpdatePolicy> {
  const where = updateAvailability({ ...deps, packageType: readPackageType(deps.resourcesPath) });
  const base = { clock: deps.clock, logger: deps.logger, state: deps.state };
  let policy: UpdatePolicy;
  if (where.on) {
    const updater = createUpdaterPort(await deps.loadUpdater(), deps);
    const refresh = () => deps.tray.setExtraItems(policy.trayItems());
    policy = createUpdatePolicy({ ...base, updater, onChange: refresh });
    deps.onStateChange(refresh);
    deps.tray.onMenu((id) => {
      if (id === UPDATE_TRAY_ID) policy.restartNow();
    });
  } else {
    policy = createUpdatePolicy({ ...base, offReason: where.reason });
  }
  policy.start();
  return policy;
}
