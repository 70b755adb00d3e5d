/**
 * Browser end to end on the Node host, issue 12 "Honest states" and "No dead ends": a muted alert
 * says so with a one-click unmute; "Acknowledge and declare" acknowledges and brings the wizard
 * forward; a feed that is down makes Now say "Unknown", never "not on call"; reloading the tab
 * reconnects and a wrong token says so; the first-run screen does not block declaring; a rejected
 * playbook file is said at its field.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page as BrowserPage } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';

const SMALL = { viewport: { width: 1024, height: 640 } };

/** Now's answer to "am I on call?": its status heading, whatever it says. */
function onCallStatus(tab: BrowserPage): Locator {
  return tab.getByRole('heading', {
    level: 2,
    name: /^(You are on call|You are not on call|Unknown — )/,
  });
}

/** The text of the elements `aria-describedby` names, as a screen reader reads it after the name. */
function accessibleDescription(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** A data directory whose settings file says `settings` (first run done). */
function dataDirWith(settings: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'zephyr-honest-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ firstRunDone: true, ...settings }));
  return dir;
}

describe('honest states (Node host)', () => {
  let platform: TestPlatform;
  let session: HostInBrowser | undefined;

  beforeAll(async () => {
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    mkdirSync(SCREENS_DIR, { recursive: true });
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await platform.control.clearFaults();
  });
  afterAll(async () => {
    await platform?.close();
  });

  const platformEnv = (): Record<string, string> => ({
    ZEPHYR_PLATFORM_URL: platform.url,
    ZEPHYR_PLATFORM_TOKEN: platform.token,
  });

  it('a muted alert says so in the alert and on Now; Unmute is one click', async () => {
    session = await openHostInBrowser({
      env: { ...platformEnv(), ZEPHYR_DATA_DIR: dataDirWith({ alertVolume: 0 }) },
      page: SMALL,
    });
    const { tab } = session;
    const mutedNotices = tab.getByText('Muted: this page rings silently.');
    await mutedNotices.first().waitFor();
    await tab
      .getByRole('alert')
      .filter({ hasText: 'Muted: the alert volume is 0 %, so pages ring silently.' })
      .waitFor();
    await platform.control.createPage({
      title: 'Muted checkout page',
      severity: 2,
      service: 'checkout',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    const alert = tab.getByRole('alertdialog');
    await alert.waitFor({ timeout: 15_000 });
    const notice = alert.getByText('Muted: this page rings silently.');
    await notice.waitFor();
    await tab.screenshot({ path: join(SCREENS_DIR, 'alert-muted.png') });
    await alert.getByRole('button', { name: 'Unmute' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    await expect.poll(() => mutedNotices.count()).toBe(0);

    // "Acknowledge and declare": acknowledged on the platform, the wizard in front.
    await alert.getByRole('button', { name: 'Acknowledge and declare' }).click();
    await tab.getByRole('heading', { name: /What is happening/ }).waitFor();
    await expect.poll(() => tab.getByRole('alertdialog').isVisible()).toBe(false);
    await expect
      .poll(
        async () =>
          (await platform.control.state()).pages.find((p) => p.title === 'Muted checkout page')
            ?.status,
      )
      .toBe('acknowledged');

    // "Declare incident" while the wizard shows starts a new one (a fresh draft).
    const summary = tab.getByLabel(/summary/i).first();
    await summary.fill('a draft that must go');
    await tab.getByRole('link', { name: 'Declare incident' }).click();
    await expect
      .poll(() =>
        tab
          .getByLabel(/summary/i)
          .first()
          .inputValue(),
      )
      .not.toBe('a draft that must go');
  });

  it('a feed that is down makes Now say Unknown, never "not on call"', async () => {
    session = await openHostInBrowser({
      env: { ...platformEnv(), ZEPHYR_DATA_DIR: dataDirWith({}) },
      page: SMALL,
    });
    const { tab } = session;
    await onCallStatus(tab).waitFor();
    await platform.control.fault({ kind: 'status', status: 503, count: 100_000, held: true });
    await tab
      .getByRole('heading', { level: 2, name: /^Unknown — cannot reach the platform since / })
      .waitFor({ timeout: 20_000 });
    const text = (await tab.getByRole('main').textContent()) ?? '';
    expect(text).not.toContain('You are not on call');
    expect(text).not.toContain('No open pages');
    await tab
      .getByRole('region', { name: /^Open pages/ })
      .getByText(/^Unknown — cannot reach the platform since .+\./)
      .waitFor();
    await tab.screenshot({ path: join(SCREENS_DIR, 'now-feed-down.png') });
  });

  it('reloading the tab reconnects; a wrong token says so in its own words', async () => {
    session = await openHostInBrowser({
      env: { ...platformEnv(), ZEPHYR_DATA_DIR: dataDirWith({}) },
    });
    const { tab, browser, host } = session;
    expect(tab.url()).not.toContain('token=');
    await tab.reload();
    await tab.getByRole('navigation').getByRole('link', { name: 'Now' }).waitFor();
    await onCallStatus(tab).waitFor({ timeout: 15_000 });
    expect(await tab.getByText('without its access token').count()).toBe(0);

    const other = await browser.newPage();
    await other.goto(`${host.origin}/#token=not-the-right-token`);
    await other
      .getByRole('alert')
      .filter({ hasText: 'Lost connection to the Zephyr service' })
      .getByText("This link's access token is not valid for this Zephyr host")
      .waitFor({ timeout: 15_000 });
    await other.close();
  });

  it('the first-run screen does not block Declare incident or Incidents', async () => {
    session = await openHostInBrowser({
      ready: (tab) => tab.getByRole('heading', { name: 'Welcome to Zephyr On-Call' }).waitFor(),
    });
    const { tab } = session;
    await tab.getByRole('link', { name: 'Declare incident' }).click();
    await tab.getByRole('heading', { name: 'Declare an incident' }).waitFor();
    await tab.getByRole('navigation').getByRole('link', { name: 'Incidents' }).click();
    await tab.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
  });

  it('a rejected playbook file is said at its field, not a green Saved.', async () => {
    const dir = dataDirWith({});
    const bad = join(dir, 'bad-playbook.yaml');
    writeFileSync(bad, 'name: [unclosed\n');
    session = await openHostInBrowser({ env: { ...platformEnv(), ZEPHYR_DATA_DIR: dir } });
    const { tab } = session;
    await tab.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await tab.getByLabel('Playbook file').fill(bad);
    await tab.getByRole('button', { name: 'Save settings' }).click();
    // Said at the field: an alert that is the field's own description, the field marked invalid.
    const field = tab.getByLabel('Playbook file');
    await tab.getByRole('alert').filter({ hasText: 'This playbook file was rejected' }).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await accessibleDescription(field)).toContain('This playbook file was rejected');
    expect(await tab.getByText('Saved.', { exact: true }).count()).toBe(0);
  });
});
