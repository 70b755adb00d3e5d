/** `SettingsStore` for the Node host: `settings.json` in the data directory (the same schema as electron-store). */
import type { Settings } from '../../shared/contract.js';
import type { SettingsStore } from '../core/ports.js';
import { JsonFileStore } from './json-file-store.js';

/** Settings on a JSON file; an unreadable file is reported by `readRaw` throwing with the file name. */
export class FileSettingsStore implements SettingsStore {
  private readonly store: JsonFileStore<unknown>;
  constructor(file: string) {
    this.store = new JsonFileStore(file);
  }
  readRaw(): unknown {
    return this.store.read() ?? {};
  }
  write(settings: Settings): void {
    this.store.write(settings);
  }
}
