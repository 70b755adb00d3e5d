/**
 * `SecretStore` for the Node host: one JSON file with 0600 permissions in a 0700 directory.
 * (Electron uses safeStorage instead.) Values never leave main and are never logged.
 */
import { chmodSync, existsSync } from 'node:fs';
import type { SecretName } from '../../shared/contract.js';
import type { SecretStore } from '../core/ports.js';
import { isStringRecord, JsonFileStore, type OnRecovered } from './json-file-store.js';

/** Secrets in a 0600 file. */
export class FileSecretStore implements SecretStore {
  private readonly store: JsonFileStore<Record<string, string>>;
  constructor(
    readonly file: string,
    onRecovered?: OnRecovered,
  ) {
    this.store = new JsonFileStore(file, {
      shape: isStringRecord,
      ...(onRecovered ? { onRecovered } : {}),
    });
    // Tighten a file an older version or a user left readable.
    if (existsSync(file)) chmodSync(file, 0o600);
  }
  get(name: SecretName): string | undefined {
    return this.store.read()?.[name];
  }
  set(name: SecretName, value: string): void {
    this.store.write({ ...this.store.read(), [name]: value });
  }
  delete(name: SecretName): void {
    const all = { ...this.store.read() };
    delete all[name];
    this.store.write(all);
  }
  /** Every stored value, for log redaction. */
  values(): string[] {
    return Object.values(this.store.read() ?? {});
  }
}
