/**
 * Browser end to end on the Node host, issue 12 "Honest states": connecting a platform in
 * Settings (and on the first-run screen) tests it before saving (a wrong token or a plain-http URL is said at its field and
 * nothing is saved, the demo stays; a working platform says who you are, then is saved); a token
 * from the environment that the platform refuses names the variable; while the feed is down the
 * header's pill does not say "On call"; a 5,000-character title in Now's open pages is clamped.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { description } from './helpers/accessible.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';
import { AppShellPage } from './pages/app-shell-page.js';
import { SettingsPage } from './pages/settings-page.js';

const SMALL = { viewport: { width: 1024, height: 640 } };
const USER = { name: 'Noor Haddad', email: 'noor@example.com' };

/** A data directory whose settings file says the first run is done. */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zephyr-connect-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ firstRunDone: true }));
  return dir;
}

/** The "Demo platform: not connected to your pager" banner. */
const demoBanner = (tab: Page) => new AppShellPage(tab).demoBanner;

/** The settings file and the secrets file as the host wrote them. */
function onDisk(session: HostInBrowser): { settings: string; secrets: string } {
  const read = (name: string) => {
    try {
      return readFileSync(join(session.host.dataDir, name), 'utf8');
    } catch {
      return '';
    }
  };
  return { settings: read('settings.json'), secrets: read('secrets.json') };
}

/** Everything the host logged so far. */
function hostLog(session: HostInBrowser): string {
  const dir = join(session.host.dataDir, 'logs');
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

async function openSettings(tab: Page): Promise<SettingsPage> {
  await tab.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  const settings = new SettingsPage(tab);
  await settings.saveButton.waitFor();
  return settings;
}

describe('connecting a platform (Node host)', () => {
  let second: TestPlatform;
  let session: HostInBrowser;
  let settings: SettingsPage;

  beforeAll(async () => {
    second = await startTestPlatform({ user: USER });
    session = await openHostInBrowser({ env: { ZEPHYR_DATA_DIR: dataDir() }, page: SMALL });
    await demoBanner(session.tab).waitFor();
    settings = await openSettings(session.tab);
  });
  afterAll(async () => {
    await session?.close();
    await second?.close();
  });

  it('refuses http:// to a host that is not loopback at the URL field, before any request', async () => {
    const { tab } = session;
    await settings.field('Platform URL').fill('http://example.com');
    await settings.field('Platform token').fill('a-token-for-example');
    await settings.saveButton.click();
    const url = settings.field('Platform URL');
    await expect
      .poll(() => description(url))
      .toContain('Refusing plain http:// to example.com: your token would travel unencrypted.');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await tab.getByText('Saved.', { exact: true }).count()).toBe(0);
    expect(hostLog(session)).not.toContain('platform connection tested');
    expect(onDisk(session).settings).not.toContain('example.com');
    expect(onDisk(session).secrets).not.toContain('a-token-for-example');
    await tab
      .getByRole('group', { name: 'Platform' })
      .screenshot({ path: join(SCREENS_DIR, 'settings-platform-refused-http.png') });
  });

  it('a wrong token is said at the token field; nothing is saved and the demo stays', async () => {
    const { tab } = session;
    await settings.field('Platform URL').fill(second.url);
    await settings.field('Platform token').fill('not-the-right-token');
    await settings.field('Poll interval').fill('7');
    await settings.saveButton.click();
    const token = settings.field('Platform token');
    await expect
      .poll(() => description(token), { timeout: 15_000 })
      .toMatch(/The platform at 127\.0\.0\.1:\d+ refused this token \(401\)/);
    expect(await description(settings.field('Platform URL'))).not.toContain('refused');
    await tab
      .getByRole('alert')
      .filter({ hasText: 'Not saved: the platform could not be connected' })
      .waitFor();
    expect(await tab.getByText('Saved.', { exact: true }).count()).toBe(0);
    const disk = onDisk(session);
    expect(disk.settings).not.toContain(second.url);
    expect(disk.settings).not.toContain('"pollIntervalSeconds":7');
    expect(disk.secrets).not.toContain('not-the-right-token');
    expect(await demoBanner(tab).isVisible()).toBe(true);
    expect(await settings.secretStatus('Platform token')).toBe('not set');
    await tab
      .getByRole('group', { name: 'Platform' })
      .screenshot({ path: join(SCREENS_DIR, 'settings-platform-refused-token.png') });
    await tab.screenshot({ path: join(SCREENS_DIR, 'settings-platform-refused-page.png') });
  });

  it('a working platform says who you are, then is saved and replaces the demo', async () => {
    const { tab } = session;
    await settings.field('Platform token').fill(second.token);
    await settings.saveButton.click();
    await tab.getByText(`Connected as ${USER.name}`).waitFor({ timeout: 15_000 });
    await tab.getByText('Saved.', { exact: true }).waitFor({ timeout: 15_000 });
    const disk = onDisk(session);
    expect(JSON.parse(disk.settings)).toMatchObject({
      platformUrl: second.url,
      pollIntervalSeconds: 7,
    });
    expect(disk.secrets).toContain(second.token);
    await expect.poll(() => demoBanner(tab).count(), { timeout: 15_000 }).toBe(0);
    await tab
      .getByRole('group', { name: 'Platform' })
      .screenshot({ path: join(SCREENS_DIR, 'settings-platform-connected.png') });
  });
});

describe('the first-run form and a token from the environment (Node host)', () => {
  let platform: TestPlatform;
  let session: HostInBrowser | undefined;

  beforeAll(async () => {
    platform = await startTestPlatform({ user: USER });
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('the first-run "Connect the Zephyr platform" form tests too: a wrong token at its field with the demo kept, then a good one connects', async () => {
    session = await openHostInBrowser({
      ready: (tab) => tab.getByRole('heading', { name: 'Welcome to Zephyr On-Call' }).waitFor(),
    });
    const { tab } = session;
    const form = tab.getByRole('form', { name: 'Connect the Zephyr platform' });
    await form.getByLabel('Platform URL').fill(platform.url);
    await form.getByLabel('Platform token').fill('not-the-right-token');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => description(form.getByLabel('Platform token')), { timeout: 15_000 })
      .toMatch(/refused this token \(401\)/);
    expect(onDisk(session).settings).not.toContain(platform.url);
    expect(await demoBanner(tab).isVisible()).toBe(true);
    await form.getByLabel('Platform token').fill(platform.token);
    await form.getByRole('button', { name: 'Connect' }).click();
    await tab.getByText(`Connected as ${USER.name}`).waitFor({ timeout: 15_000 });
    await expect.poll(() => demoBanner(tab).count(), { timeout: 15_000 }).toBe(0);
    expect(JSON.parse(onDisk(session).settings)).toMatchObject({ platformUrl: platform.url });
  });

  it('a refused token from the environment names the environment variable to change, not Settings', async () => {
    session = await openHostInBrowser({
      env: { ZEPHYR_DATA_DIR: dataDir(), ZEPHYR_PLATFORM_TOKEN: 'stale-env-token' },
    });
    const { tab } = session;
    const settings = await openSettings(tab);
    await settings.field('Platform URL').fill(platform.url);
    await settings.saveButton.click();
    const token = settings.field('Platform token');
    await expect
      .poll(() => description(token), { timeout: 15_000 })
      .toContain(
        'refused the token from the environment variable ZEPHYR_PLATFORM_TOKEN (401). Change ZEPHYR_PLATFORM_TOKEN where Zephyr is started: Settings cannot override it.',
      );
    expect(onDisk(session).settings).not.toContain(platform.url);
    expect(await demoBanner(tab).isVisible()).toBe(true);
  });
});

describe('honest pill and clamped titles on a connected platform (Node host)', () => {
  let platform: TestPlatform;
  let session: HostInBrowser;

  beforeAll(async () => {
    platform = await startTestPlatform({ user: USER });
    session = await openHostInBrowser({
      env: {
        ZEPHYR_DATA_DIR: dataDir(),
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: platform.token,
      },
      page: SMALL,
    });
  });
  afterEach(async () => {
    await platform.control.clearFaults();
  });
  afterAll(async () => {
    await session?.close();
    await platform?.close();
  });

  const pill = () => session.tab.getByRole('banner').getByRole('status');

  it("clamps a 5,000-character title in Now's open pages to three lines, the full text on demand", async () => {
    const { tab } = session;
    const title =
      `Checkout latency over budget in eu-west-1: ${'p99 above 2 s on the payment step, '.repeat(150)}`.slice(
        0,
        5000,
      );
    expect(title).toHaveLength(5000);
    await platform.control.createPage({
      title,
      severity: 2,
      service: 'checkout',
      target: { rotation: SAMPLE_ROTATIONS.checkout },
    });
    const pages = tab.getByRole('region', { name: /^Open pages/ });
    const heading = pages.getByRole('heading', { name: /^Checkout latency over budget/ });
    await heading.waitFor({ timeout: 20_000 });
    const lineHeight = await heading.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await heading.boundingBox())?.height ?? 9999).toBeLessThanOrEqual(lineHeight * 3 + 2);
    // The rest of Now is still in reach: the next section starts within the first screen.
    const rotations = tab.getByRole('heading', { name: 'Who is on call' });
    expect((await rotations.boundingBox())?.y ?? 9999).toBeLessThan(2000);
    await pages.evaluate((el) => el.scrollIntoView());
    await tab.screenshot({ path: join(SCREENS_DIR, 'now-long-title-clamped.png') });
    await pages.getByRole('button', { name: 'Show full title' }).click();
    expect((await heading.boundingBox())?.height ?? 0).toBeGreaterThan(lineHeight * 10);
    await pages.getByRole('button', { name: 'Show less' }).click();
    expect((await heading.boundingBox())?.height ?? 9999).toBeLessThanOrEqual(lineHeight * 3 + 2);
  });

  it('while the feed is down, the pill says the status is unknown, never "On call"', async () => {
    const { tab } = session;
    await expect.poll(() => pill().textContent(), { timeout: 20_000 }).toBe('On call');
    await platform.control.fault({ kind: 'status', status: 503, count: 100_000 });
    await tab
      .getByRole('heading', { level: 2, name: /^Unknown — cannot reach the platform since / })
      .waitFor({ timeout: 20_000 });
    const text = await pill().textContent();
    expect(text).not.toBe('On call');
    expect(text).toBe('Status unknown');
    expect(await pill().getAttribute('title')).toMatch(
      /^Zephyr On-Call: on call or not is unknown: cannot reach Zephyr platform since /,
    );
    await tab.screenshot({ path: join(SCREENS_DIR, 'now-feed-down-pill.png') });
  });
});
