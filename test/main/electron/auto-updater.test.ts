import { describe, expect, it } from 'vitest';
import {
  FIRST_CHECK_DELAY_MS,
  UPDATE_CHECK_INTERVAL_MS,
  createUpdatePolicy,
  restartBlocker,
} from '../../../src/main/core/update-policy.js';
import {
  createUpdaterPort,
  readPackageType,
  startUpdates,
  updateAvailability,
} from '../../../src/main/electron/auto-updater.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElectronTray } from '../../../src/main/electron/tray.js';
import type { AppState } from '../../../src/shared/domain.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';
import { FakeAutoUpdater } from '../../fakes/electron/fake-updater.js';
import { FakeClock, flushAsync } from '../../fakes/fake-clock.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

type Busy = Pick<AppState, 'pages' | 'incidents'>;
const idle: Busy = { pages: [], incidents: [] };
const ringing = { pages: [{ ringing: true }], incidents: [] } as unknown as Busy;
const incidentOpen = {
  pages: [],
  incidents: [{ sourceId: 'zephyr', incident: { status: 'identified' } }],
} as unknown as Busy;
const incidentResolved = {
  pages: [{ ringing: false }],
  incidents: [{ sourceId: 'zephyr', incident: { status: 'resolved' } }],
} as unknown as Busy;

function setUp(now: { state: Busy }) {
  const clock = new FakeClock();
  const logger = new RecordingLogger();
  const fake = new FakeAutoUpdater();
  let prepared = 0;
  let changes = 0;
  const port = createUpdaterPort(fake, { logger, beforeInstall: () => prepared++ });
  const policy = createUpdatePolicy({
    updater: port,
    clock,
    logger,
    state: () => now.state,
    onChange: () => changes++,
  });
  return { clock, logger, fake, policy, prepared: () => prepared, changes: () => changes };
}

describe('updateAvailability', () => {
  it('is on for packaged macOS, Windows and AppImage builds only', () => {
    const base = { isPackaged: true, env: {} };
    expect(updateAvailability({ ...base, platform: 'darwin' })).toEqual({ on: true });
    expect(updateAvailability({ ...base, platform: 'win32' })).toEqual({ on: true });
    expect(
      updateAvailability({ ...base, platform: 'linux', env: { APPIMAGE: '/home/a/Z.AppImage' } }),
    ).toEqual({ on: true });
    expect(updateAvailability({ ...base, platform: 'linux', packageType: 'deb' })).toEqual({
      on: false,
      reason: 'installed from a deb package: the package manager updates it',
    });
    expect(updateAvailability({ ...base, platform: 'linux' }).on).toBe(false);
    expect(updateAvailability({ isPackaged: false, env: {}, platform: 'darwin' }).on).toBe(false);
    expect(
      updateAvailability({ ...base, platform: 'win32', env: { ZEPHYR_NO_UPDATES: '1' } }).on,
    ).toBe(false);
  });
});

describe('the update policy through electron-updater', () => {
  it('checks after start-up and then every few hours, downloading in the background', async () => {
    const { clock, fake, policy } = setUp({ state: idle });
    policy.start();
    expect(fake.autoDownload).toBe(true);
    expect(fake.autoInstallOnAppQuit).toBe(true);
    expect(fake.checks).toBe(0);
    await clock.advanceAsync(FIRST_CHECK_DELAY_MS);
    expect(fake.checks).toBe(1);
    await clock.advanceAsync(UPDATE_CHECK_INTERVAL_MS - 1);
    expect(fake.checks).toBe(1);
    await clock.advanceAsync(1);
    expect(fake.checks).toBe(2);
    policy.stop();
    await clock.advanceAsync(UPDATE_CHECK_INTERVAL_MS * 3);
    expect(fake.checks).toBe(2);
  });

  it('keeps checking after a failed check (offline)', async () => {
    const { clock, fake, logger, policy } = setUp({ state: idle });
    fake.failNext(new Error('net::ERR_INTERNET_DISCONNECTED'));
    policy.start();
    await clock.advanceAsync(FIRST_CHECK_DELAY_MS);
    await flushAsync();
    expect(logger.entries.some((e) => e.message === 'update check failed')).toBe(true);
    await clock.advanceAsync(UPDATE_CHECK_INTERVAL_MS);
    expect(fake.checks).toBe(2);
  });

  it('never restarts by itself; offers the restart in the tray when nothing rings', async () => {
    const now = { state: idle };
    const { clock, fake, policy, prepared, changes } = setUp(now);
    policy.start();
    expect(policy.trayItems()).toEqual([]);
    fake.finishDownload('0.2.0');
    expect(policy.status()).toEqual({ state: 'ready', version: '0.2.0' });
    expect(changes()).toBe(1);
    await clock.advanceAsync(UPDATE_CHECK_INTERVAL_MS * 2);
    expect(fake.installs).toEqual([]);
    expect(fake.checks).toBe(0); // a ready update is not looked for again
    expect(policy.trayItems()).toContainEqual({
      kind: 'item',
      id: 'update:restart',
      label: 'Update ready, restart when convenient',
      enabled: true,
    });
    expect(policy.restartNow()).toEqual({ restarted: true });
    expect(prepared()).toBe(1);
    expect(fake.installs).toEqual([{ isSilent: false, isForceRunAfter: true }]);
  });

  it('refuses to restart while a page rings or an incident is open', () => {
    const now = { state: ringing };
    const { fake, policy } = setUp(now);
    policy.start();
    fake.finishDownload('0.2.0');
    expect(policy.restartNow()).toEqual({ restarted: false, reason: 'a page is ringing' });
    expect(policy.trayItems()).toContainEqual({
      kind: 'label',
      label: 'Not while a page is ringing',
    });
    expect(policy.trayItems()).toContainEqual(expect.objectContaining({ enabled: false }));
    now.state = incidentOpen;
    expect(policy.restartNow()).toEqual({ restarted: false, reason: 'an incident is open' });
    expect(fake.installs).toEqual([]);
    now.state = incidentResolved;
    expect(policy.restartNow().restarted).toBe(true);
  });

  it('shows the entry in the Electron tray menu (fake electron)', () => {
    const electron = createFakeElectron({ platform: 'linux' });
    electron.app.markReady();
    const tray = createElectronTray({
      createTray: (image) => new electron.Tray(image),
      buildMenu: (template) => electron.Menu.buildFromTemplate(template),
      assetsDir: '/assets',
      platform: 'linux',
    });
    const now = { state: idle };
    const { fake, policy } = setUp(now);
    policy.start();
    fake.finishDownload('0.2.0');
    tray.setExtraItems(policy.trayItems());
    tray.update('on-call', 'on call', [{ kind: 'item', id: 'open', label: 'Open' }]);
    const selected: string[] = [];
    tray.onMenu((id) => selected.push(id));
    electron.record.trays[0]!.menu!.click('Update ready, restart when convenient');
    expect(selected).toEqual(['update:restart']);
  });

  it('is off without an updater and says why', () => {
    const logger = new RecordingLogger();
    const policy = createUpdatePolicy({
      clock: new FakeClock(),
      logger,
      offReason: 'installed from a deb package: the package manager updates it',
      state: () => idle,
    });
    policy.start();
    expect(policy.status()).toMatchObject({ state: 'off' });
    expect(policy.restartNow()).toEqual({ restarted: false, reason: 'no update' });
    expect(restartBlocker(idle)).toBeUndefined();
  });
});

describe('startUpdates (what the host runs)', () => {
  function host(options: {
    platform: NodeJS.Platform;
    env?: Record<string, string>;
    deb?: boolean;
  }) {
    const electron = createFakeElectron({ platform: options.platform });
    electron.app.markReady();
    const tray = createElectronTray({
      createTray: (image) => new electron.Tray(image),
      buildMenu: (template) => electron.Menu.buildFromTemplate(template),
      assetsDir: '/assets',
      platform: options.platform,
    });
    const resources = mkdtempSync(join(tmpdir(), 'resources-'));
    if (options.deb) writeFileSync(join(resources, 'package-type'), 'deb\n');
    const fake = new FakeAutoUpdater();
    const now = { state: idle };
    const listeners: (() => void)[] = [];
    let prepared = 0;
    let loaded = 0;
    const logger = new RecordingLogger();
    const clock = new FakeClock();
    const started = startUpdates({
      platform: options.platform,
      env: options.env ?? {},
      isPackaged: true,
      resourcesPath: resources,
      logger,
      clock,
      loadUpdater: async () => {
        loaded++;
        return fake;
      },
      tray,
      state: () => now.state,
      onStateChange: (listener) => listeners.push(listener),
      beforeInstall: () => prepared++,
    });
    tray.update('on-call', 'on call', [{ kind: 'item', id: 'open', label: 'Open' }]);
    const labels = () => electron.record.trays[0]!.menu!.items;
    return {
      started,
      fake,
      now,
      clock,
      logger,
      labels,
      electron,
      changed: () => listeners.forEach((l) => l()),
      prepared: () => prepared,
      loaded: () => loaded,
    };
  }

  it('reads the package type electron-builder leaves in resources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'resources-'));
    expect(readPackageType(dir)).toBeUndefined();
    writeFileSync(join(dir, 'package-type'), 'deb\n');
    expect(readPackageType(dir)).toBe('deb');
    expect(readPackageType(undefined)).toBeUndefined();
  });

  it('leaves a deb install to the package manager (electron-updater never loaded)', async () => {
    const h = host({ platform: 'linux', deb: true });
    const policy = await h.started;
    expect(policy.status()).toEqual({
      state: 'off',
      reason: 'installed from a deb package: the package manager updates it',
    });
    expect(h.loaded()).toBe(0);
    await h.clock.advanceAsync(UPDATE_CHECK_INTERVAL_MS * 2);
    expect(h.fake.checks).toBe(0);
  });

  it('checks, then offers the restart in the tray and follows the app state', async () => {
    const h = host({ platform: 'linux', env: { APPIMAGE: '/home/a/Zephyr.AppImage' } });
    await h.started;
    await h.clock.advanceAsync(FIRST_CHECK_DELAY_MS);
    expect(h.fake.checks).toBe(1);
    h.now.state = ringing;
    h.fake.finishDownload('0.2.0');
    expect(h.labels()).toContainEqual(
      expect.objectContaining({ label: 'Update ready, restart when convenient', enabled: false }),
    );
    h.now.state = idle;
    h.changed();
    expect(h.labels()).toContainEqual(
      expect.objectContaining({ label: 'Update ready, restart when convenient', enabled: true }),
    );
    h.electron.record.trays[0]!.menu!.click('Update ready, restart when convenient');
    expect(h.prepared()).toBe(1);
    expect(h.fake.installs).toHaveLength(1);
  });
});
