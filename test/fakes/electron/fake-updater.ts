/**
 * A fake electron-updater `autoUpdater`: records checks and installs; the test decides when an
 * update has "downloaded" (`finishDownload`) or a check fails (`failNext`).
 */
import { EventEmitter } from 'node:events';

/** The fake; structurally an `ElectronUpdaterLike`. */
export class FakeAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installs: { isSilent?: boolean; isForceRunAfter?: boolean }[] = [];
  private failure: Error | undefined;

  /** The next `checkForUpdates` rejects with `error` (and emits `error`, as electron-updater does). */
  failNext(error: Error): void {
    this.failure = error;
  }

  checkForUpdates(): Promise<unknown> {
    this.checks++;
    const failure = this.failure;
    this.failure = undefined;
    if (failure) {
      this.emit('error', failure);
      return Promise.reject(failure);
    }
    return Promise.resolve(null);
  }

  /** The background download finished. */
  finishDownload(version: string): void {
    this.emit('update-downloaded', { version, files: [], releaseDate: '2026-12-01T00:00:00Z' });
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push({ isSilent, isForceRunAfter });
  }
}
