/**
 * `SettingsStore` on electron-store (`settings.json` in the data directory, the same file and
 * schema the Node host uses). The store class is injected: the host passes electron-store, tests
 * pass `conf`, which electron-store extends.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../shared/contract.js';
import type { SettingsStore } from '../core/ports.js';

/** The part of an electron-store / conf instance we use. */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
}

/** Opens the store `<cwd>/<name>.json`; throws when the file exists but is not valid JSON. */
export type OpenConf = (options: { cwd: string; name: string }) => ConfLike;

/** The file name (without `.json`) settings are kept under. */
export const SETTINGS_NAME = 'settings';

/**
 * Creates the settings store. `readRaw` throws an error naming the file when it cannot be read
 * (the caller falls back to defaults and tells the user); `write` first moves such a file aside
 * to `settings.json.corrupt-<time>` so nothing the user had is lost.
 */
export function createElectronSettingsStore(
  open: OpenConf,
  dataDir: string,
  now: () => number = Date.now,
): SettingsStore {
  const file = join(dataDir, `${SETTINGS_NAME}.json`);
  let conf: ConfLike | undefined;
  const get = (): ConfLike => {
    if (conf) return conf;
    try {
      conf = open({ cwd: dataDir, name: SETTINGS_NAME });
    } catch (error) {
      throw new Error(
        `Settings file ${file} could not be read (${error instanceof Error ? error.message : String(error)}).`,
        { cause: error },
      );
    }
    return conf;
  };
  return {
    readRaw(): unknown {
      return { ...get().store };
    },
    write(settings: Settings): void {
      try {
        get().store = { ...settings };
      } catch (error) {
        if (conf || !existsSync(file)) throw error;
        renameSync(file, `${file}.corrupt-${now()}`);
        get().store = { ...settings };
      }
    },
  };
}
