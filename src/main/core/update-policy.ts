/**
 * When the app updates itself (pure; the Electron adapter is `electron/auto-updater.ts`). It
 * checks at start and every few hours, lets the updater download in the background, and never
 * restarts on its own: a downloaded update waits for the user ("Update ready, restart when
 * convenient" in the tray), and even then not while a page rings or an incident is open. Quitting
 * installs it too (electron-updater's install-on-quit).
 */
import type { AppState } from '../../shared/domain.js';
import type { Clock, Logger, TimerHandle, TrayMenuItem } from './ports.js';

/** How often to look for an update after the first check. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
/** The first check waits a little, so start-up (and the first poll) comes first. */
export const FIRST_CHECK_DELAY_MS = 30_000;
/** Tray menu ids. */
export const UPDATE_TRAY_ID = 'update:restart';

/** The updater as the policy sees it (electron-updater behind it in the app). */
export interface UpdaterPort {
  /** Looks for an update and, when there is one, downloads it in the background. */
  checkAndDownload(): Promise<void>;
  /** Called once an update is downloaded and ready to install. Returns an unsubscribe function. */
  onDownloaded(listener: (version: string) => void): () => void;
  /** Quits the app and installs the downloaded update. */
  restartAndInstall(): void;
}

/** Where updating stands. */
export type UpdateStatus =
  { state: 'off'; reason: string } | { state: 'waiting' } | { state: 'ready'; version: string };

/**
 * Why restarting now would be wrong, or `undefined` when it is fine: a ringing page (restarting
 * silences the alarm until the app is back) or an open incident (the console is in use).
 */
export function restartBlocker(state: Pick<AppState, 'pages' | 'incidents'>): string | undefined {
  if (state.pages.some((p) => p.ringing)) return 'a page is ringing';
  if (state.incidents.some((i) => i.incident.status !== 'resolved')) return 'an incident is open';
  return undefined;
}

/** What `createUpdatePolicy` needs. */
export interface UpdatePolicyDeps {
  /** Absent when updates are off (`offReason` says why: a deb install, a development run). */
  updater?: UpdaterPort;
  offReason?: string;
  clock: Clock;
  logger: Logger;
  /** The app's state now (for `restartBlocker`). */
  state(): Pick<AppState, 'pages' | 'incidents'>;
  /** Called whenever the status or the tray items change. */
  onChange?(): void;
  everyMs?: number;
  firstDelayMs?: number;
}

/** The running policy. */
export interface UpdatePolicy {
  start(): void;
  stop(): void;
  status(): UpdateStatus;
  /** Tray entries to add after the app's own: empty unless an update is ready. */
  trayItems(): TrayMenuItem[];
  /** The user asked to restart: installs unless `restartBlocker` objects; returns its reason. */
  restartNow(): { restarted: boolean; reason?: string };
}

/** Creates the policy; nothing runs until `start`. */
export function createUpdatePolicy(deps: UpdatePolicyDeps): UpdatePolicy {
  const { updater, clock, logger } = deps;
  const everyMs = deps.everyMs ?? UPDATE_CHECK_INTERVAL_MS;
  let status: UpdateStatus = updater
    ? { state: 'waiting' }
    : { state: 'off', reason: deps.offReason ?? 'updates are off' };
  let timer: TimerHandle | undefined;
  let unsubscribe: (() => void) | undefined;
  let checking = false;

  const check = async (): Promise<void> => {
    if (!updater || checking || status.state === 'ready') return;
    checking = true;
    try {
      await updater.checkAndDownload();
    } catch (error) {
      // Offline, rate-limited or no release feed: try again at the next interval.
      logger.warn('update check failed', { error: String(error) });
    } finally {
      checking = false;
    }
  };

  const schedule = (ms: number): void => {
    timer = clock.setTimeout(() => {
      void check().finally(() => {
        if (timer !== undefined) schedule(everyMs);
      });
    }, ms);
  };

  return {
    start() {
      if (!updater) {
        logger.info('updates off', { reason: status.state === 'off' ? status.reason : '' });
        return;
      }
      unsubscribe = updater.onDownloaded((version) => {
        status = { state: 'ready', version };
        logger.info('update downloaded; waiting for the user to restart', { version });
        deps.onChange?.();
      });
      schedule(deps.firstDelayMs ?? FIRST_CHECK_DELAY_MS);
    },
    stop() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      unsubscribe?.();
    },
    status: () => status,
    trayItems() {
      if (status.state !== 'ready') return [];
      const blocker = restartBlocker(deps.state());
      const items: TrayMenuItem[] = [
        { kind: 'separator' },
        {
          kind: 'item',
          id: UPDATE_TRAY_ID,
          label: 'Update ready, restart when convenient',
          enabled: blocker === undefined,
        },
      ];
      if (blocker) items.push({ kind: 'label', label: `Not while ${blocker}` });
      return items;
    },
    restartNow() {
      if (status.state !== 'ready' || !updater) return { restarted: false, reason: 'no update' };
      const blocker = restartBlocker(deps.state());
      if (blocker) {
        logger.info('restart for update refused', { reason: blocker });
        return { restarted: false, reason: blocker };
      }
      logger.info('restarting to install the update', { version: status.version });
      updater.restartAndInstall();
      return { restarted: true };
    },
  };
}
