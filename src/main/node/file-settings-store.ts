/** `SettingsStore` for the Node host: `settings.json` in the data directory (the same schema as electron-store). */
import type { Settings } from '../../shared/contract.js';
import type { SettingsStore } from '../core/ports.js';
import { isObject, JsonFileStore, type OnRecovered } from './json-file-store.js';

/** Settings on a JSON file; a damaged file is moved aside (reported to `onRecovered`) and reads as `{}`. */
export class FileSettingsStore implements SettingsStore {
  private readonly store: JsonFileStore<unknown>;
  constructor(file: string, onRecovered?: OnRecovered) {
    this.store = new JsonFileStore(file, {
      shape: isObject,
      ...(onRecovered ? { onRecovered } : {}),
    });
  }
  readRaw(): unknown {
    return this.store.read() ?? {};
  }
  write(settings: Settings): void {
    this.store.write(settings);
  }
}
