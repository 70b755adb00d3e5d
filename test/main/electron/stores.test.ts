import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { IpcError, Settings } from '../../../src/shared/contract.js';
import {
  SafeStorageSecretStore,
  SECRETS_FILE,
} from '../../../src/main/electron/safe-storage-secrets.js';
import { createElectronSettingsStore } from '../../../src/main/electron/settings-store.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

// electron-store is conf plus Electron defaults; conf itself stands in for it here.
const openConf = (o: { cwd: string; name: string }) =>
  new Conf<Record<string, unknown>>({ cwd: o.cwd, configName: o.name, clearInvalidConfig: false });

const tempDir = () => mkdtempSync(join(tmpdir(), 'zephyr-electron-store-'));

describe('createElectronSettingsStore', () => {
  it('starts empty and keeps what was written in settings.json', () => {
    const dir = tempDir();
    const store = createElectronSettingsStore(openConf, dir);
    expect(store.readRaw()).toEqual({});
    const settings = Settings.parse({
      platformUrl: 'https://zephyr.example',
      launchAtLogin: false,
    });
    store.write(settings);
    expect(createElectronSettingsStore(openConf, dir).readRaw()).toEqual(settings);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(settings);
  });

  it('names the file when it is corrupt, and moves it aside rather than losing it on write', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{"platformUrl": "https://x", oops');
    const store = createElectronSettingsStore(openConf, dir, () => 1234);
    expect(() => store.readRaw()).toThrow(
      new RegExp(`${join(dir, 'settings.json')} could not be read`),
    );
    store.write(Settings.parse({}));
    expect(readFileSync(join(dir, 'settings.json.corrupt-1234'), 'utf8')).toContain('oops');
    expect(store.readRaw()).toEqual(Settings.parse({}));
  });
});

describe('SafeStorageSecretStore', () => {
  it('stores secrets encrypted, base64, in a 0600 file, and reads them back', () => {
    const dir = tempDir();
    const fake = createFakeElectron();
    const store = new SafeStorageSecretStore(fake.safeStorage, dir, new RecordingLogger(), 'linux');
    store.set('platformToken', 'tok-very-secret');
    const file = join(dir, SECRETS_FILE);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('tok-very-secret');
    const stored = JSON.parse(text) as Record<string, string>;
    expect(fake.safeStorage.decryptString(Buffer.from(stored.platformToken!, 'base64'))).toBe(
      'tok-very-secret',
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.get('platformToken')).toBe('tok-very-secret');
    store.delete('platformToken');
    expect(store.get('platformToken')).toBeUndefined();
  });

  it('refuses to store when the OS offers no encryption, writing nothing', () => {
    const dir = tempDir();
    const fake = createFakeElectron({ encryptionAvailable: false });
    const store = new SafeStorageSecretStore(fake.safeStorage, dir, new RecordingLogger(), 'linux');
    let thrown: unknown;
    try {
      store.set('platformToken', 'tok-very-secret');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IpcError);
    expect((thrown as IpcError).code).toBe('unavailable');
    expect((thrown as IpcError).message).toMatch(/no secret storage.*ZEPHYR_PLATFORM_TOKEN/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses the basic_text backend on Linux (a hard-coded key is no protection)', () => {
    const fake = createFakeElectron({ storageBackend: 'basic_text' });
    const store = new SafeStorageSecretStore(
      fake.safeStorage,
      tempDir(),
      new RecordingLogger(),
      'linux',
    );
    expect(() => store.set('platformToken', 'tok')).toThrow(/No keyring/);
  });

  it('answers undefined and logs (without the value) when a stored secret cannot be decrypted', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, SECRETS_FILE),
      JSON.stringify({ platformToken: Buffer.from('garbage').toString('base64') }),
    );
    const logger = new RecordingLogger();
    const store = new SafeStorageSecretStore(
      createFakeElectron().safeStorage,
      dir,
      logger,
      'linux',
    );
    expect(store.get('platformToken')).toBeUndefined();
    expect(logger.entries.map((e) => e.message)).toEqual([
      'a stored secret could not be decrypted; enter it again',
    ]);
    expect(logger.text()).not.toContain('garbage');
  });
});
