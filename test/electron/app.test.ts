/**
 * The real app in the real Electron (playwright-core `_electron`), against a local platform, with
 * a fresh data directory: the main window, the tray, a page ringing (the alert window on top; on
 * macOS and Windows the native notification with its Acknowledge action), acknowledging, and
 * quitting while on call with the confirmation. Needs `npm run build` and the Electron binary.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import type { AppState } from '../../src/shared/domain.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { ABSENT_LINE, electronBinary } from './electron-binary.js';

const root = resolve(import.meta.dirname, '../..');
const binary = electronBinary();
if (!binary) console.warn(ABSENT_LINE);

/** What the main process recorded (a spy put in through `evaluate`). */
interface Recorded {
  notifications: { title: string; actions: { text: string }[]; toastXml: string }[];
  dialogs: { message: string }[];
}

describe.skipIf(!binary)('Zephyr On-Call in Electron', () => {
  let platform: TestPlatform;
  let app: ElectronApplication;
  let main: Page;
  let dataDir: string;

  const state = () =>
    main.evaluate(async () => {
      const zephyr = (window as unknown as { zephyr: { invoke(n: string, p: unknown): unknown } })
        .zephyr;
      const result = (await zephyr.invoke('app:get-state', {})) as { ok: boolean; value: unknown };
      return result.value;
    }) as Promise<AppState>;
  const recorded = () =>
    app.evaluate(() => (globalThis as unknown as { __zephyrRecorded: Recorded }).__zephyrRecorded);
  const windowWith = async (hash: string): Promise<Page> => {
    for (;;) {
      const found = app.windows().find((w) => w.url().includes(hash));
      if (found) return found;
      await app.waitForEvent('window', { timeout: 30_000 });
    }
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    dataDir = mkdtempSync(join(tmpdir(), 'zephyr-electron-'));
    app = await _electron.launch({
      executablePath: binary!,
      // GitHub's Linux runners cannot use Chromium's setuid sandbox helper.
      args: [...(process.platform === 'linux' ? ['--no-sandbox'] : []), root],
      env: {
        ...process.env,
        ZEPHYR_DATA_DIR: dataDir,
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: platform.token,
        ZEPHYR_NO_UPDATES: '1',
        // Start at login writes here on Linux, not into the runner's ~/.config.
        XDG_CONFIG_HOME: join(dataDir, 'config'),
      },
    });
    // Spies in the main process: native notifications and the quit confirmation.
    await app.evaluate(({ Notification, dialog }) => {
      const record: Recorded = { notifications: [], dialogs: [] };
      (globalThis as unknown as { __zephyrRecorded: Recorded }).__zephyrRecorded = record;
      const show = Notification.prototype.show;
      Notification.prototype.show = function (this: Electron.Notification) {
        record.notifications.push({
          title: this.title,
          actions: this.actions.map((a) => ({ text: a.text ?? '' })),
          toastXml: this.toastXml,
        });
        show.call(this);
      };
      dialog.showMessageBox = (async (...args: unknown[]) => {
        const options = args.at(-1) as { message: string };
        record.dialogs.push({ message: options.message });
        return { response: 0, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
    });
    main = await windowWith('#/now');
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await platform?.close();
  });

  it('opens the main window and the tray, on call through the local platform', async () => {
    await main.getByRole('heading', { name: 'You are on call' }).waitFor({ timeout: 30_000 });
    const current = await state();
    expect(current.onCall).toBe(true);
    expect(current.tray.state).toBe('on-call');
    expect(current.tray.tooltip).toMatch(/^Zephyr On-Call: on call/);
    const windows = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({
        url: w.webContents.getURL(),
        title: w.getTitle(),
      })),
    );
    expect(windows.map((w) => w.url)).toEqual(
      expect.arrayContaining([expect.stringContaining('#/now')]),
    );
  });

  it('rings a page: the alert window on top, and a notification with Acknowledge', async () => {
    await platform.control.createPage({
      title: 'Checkout p99 elevated',
      severity: 2,
      service: 'checkout',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    const alertWindow = await windowWith('#/alert');
    const alert = alertWindow.getByRole('alertdialog');
    await alert.waitFor({ timeout: 30_000 });
    await expect.poll(() => alert.textContent()).toContain('Checkout p99 elevated');
    const onTop = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()
        .filter((w) => w.webContents.getURL().includes('#/alert'))
        .map((w) => ({ visible: w.isVisible(), onTop: w.isAlwaysOnTop() })),
    );
    expect(onTop).toEqual([{ visible: true, onTop: true }]);
    if (process.platform === 'darwin' || process.platform === 'win32') {
      await expect
        .poll(async () => (await recorded()).notifications.map((n) => n.title))
        .toContain('Paged: Checkout p99 elevated');
      const shown = (await recorded()).notifications.find((n) => n.title.includes('Checkout'))!;
      if (process.platform === 'win32') {
        expect(shown.toastXml).toContain('scenario="urgent"');
        expect(shown.toastXml).toContain('content="Acknowledge"');
      } else {
        expect(shown.actions.map((a) => a.text)).toEqual(['Acknowledge']);
      }
    }
  });

  it('acknowledges from the alert', async () => {
    const alertWindow = await windowWith('#/alert');
    await alertWindow.getByRole('button', { name: /^Acknowledge/ }).click();
    await alertWindow
      .getByText(/acknowledged by Robin Ops/)
      .first()
      .waitFor({ timeout: 30_000 });
    const after = await platform.control.state();
    expect(Object.values(after.acknowledgements)).toEqual([1]);
  });

  it('asks before quitting while on call, then quits', async () => {
    const closed = app.waitForEvent('close', { timeout: 30_000 });
    await app
      .evaluate(({ app: electronApp }) => {
        // The spy answers "Quit anyway".
        setTimeout(() => electronApp.quit(), 0);
      })
      .catch(() => undefined);
    await closed;
    const log = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8');
    expect(log).toContain('user quit while on call');
  });
});
