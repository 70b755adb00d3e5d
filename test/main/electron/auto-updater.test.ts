import { describe, expect, it } from 'vitest';
import {
  FIRST_CHECK_DELAY_MS,
  UPDATE_CHECK_INTERVAL_MS,
  createUpdatePolicy,
  restartBlocker,
} from '../../../src/main/core/update-policy.js';
import { createUpdaterPort, updateAvailability } from '../../../src/main/electron/auto-updater.js';
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
