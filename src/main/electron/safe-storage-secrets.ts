/**
 * `SecretStore` on Electron's `safeStorage`: each secret encrypted with the OS keychain's key and
 * kept base64-encoded in `secrets.json` (0600) under the data directory. When the OS offers no
 * real encryption, storing is refused with a clear error: a token is never written in plain text.
 */
import { join } from 'node:path';
import { IpcError, type SecretName } from '../../shared/contract.js';
import type { Logger, SecretStore } from '../core/ports.js';
import { isStringRecord, JsonFileStore, type OnRecovered } from '../node/json-file-store.js';

/** Electron's `safeStorage`, as far as we use it. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

/** Why secrets cannot be stored here, or `undefined` when they can. */
export function safeStorageProblem(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'The operating system offers no secret storage (keychain) to this app, so the token cannot be saved. Set ZEPHYR_PLATFORM_TOKEN in the environment instead.';
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return 'No keyring (GNOME Keyring or KWallet) is running, so the token cannot be saved encrypted. Start a keyring or set ZEPHYR_PLATFORM_TOKEN in the environment instead.';
  }
  return undefined;
}

/** The file secrets are kept in, under the data directory. */
export const SECRETS_FILE = 'secrets.json';

/** Secrets encrypted by `safeStorage` in a 0600 file. */
export class SafeStorageSecretStore implements SecretStore {
  private readonly store: JsonFileStore<Record<string, string>>;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    dataDir: string,
    private readonly logger: Logger,
    private readonly platform: NodeJS.Platform = process.platform,
    onRecovered?: OnRecovered,
  ) {
    this.store = new JsonFileStore(join(dataDir, SECRETS_FILE), {
      shape: isStringRecord,
      ...(onRecovered ? { onRecovered } : {}),
    });
  }

  /** The decrypted secret, or `undefined` when none is stored or it cannot be decrypted. */
  get(name: SecretName): string | undefined {
    const encoded = this.store.read()?.[name];
    if (encoded === undefined) return undefined;
    try {
      return this.safeStorage.decryptString(Buffer.from(encoded, 'base64'));
    } catch (error) {
      this.logger.error('a stored secret could not be decrypted; enter it again', {
        secret: name,
        error: String(error),
      });
      return undefined;
    }
  }

  /** Encrypts and stores; throws an `unavailable` `IpcError` for the user when encryption is unavailable. */
  set(name: SecretName, value: string): void {
    const problem = safeStorageProblem(this.safeStorage, this.platform);
    if (problem) throw new IpcError('unavailable', problem);
    const encoded = this.safeStorage.encryptString(value).toString('base64');
    this.store.write({ ...this.store.read(), [name]: encoded });
  }

  delete(name: SecretName): void {
    const all = { ...this.store.read() };
    if (!(name in all)) return;
    delete all[name];
    this.store.write(all);
  }
}
