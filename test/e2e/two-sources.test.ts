/**
 * Two sources at once in one browser end to end on the Node host: the local Zephyr platform and
 * the PagerDuty fake. A page from each rings and says where it came from; both are acknowledged
 * (seen on the platform and in the fake); then PagerDuty goes down and only its alarm shows, while
 * the Zephyr source stays healthy and a new Zephyr page still rings. The host's settings file sets
 * the feed alarm threshold and the PagerDuty poll interval to 1 s, so no test waits on the
 * defaults' real 60 s and 5 s. Each test starts its own platform, PagerDuty fake, host and
 * browser: none depends on another's state.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import { PagerDutyFake, type FakePdWorld } from '../fakes/pagerduty-fake.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';

const ZEPHYR_TOKEN = 'two-sources-zephyr-token-41d2';
const PD_TOKEN = 'two-sources-pagerduty-token-8c0e';
const SCREENSHOTS = SCREENS_DIR;
const HOUR = 3600_000;

/** Me on call now at level 1 of "Platform" (through its schedule), Noor after me. */
function pdWorld(now: number): FakePdWorld {
  return {
    token: PD_TOKEN,
    meId: 'PME0001',
    users: [
      { id: 'PME0001', name: 'Mara Quinn', email: 'mara@example.com' },
      { id: 'PNOOR01', name: 'Noor Patel', email: 'noor@example.com' },
    ],
    schedules: [
      {
        id: 'SPRIMARY',
        name: 'Platform primary',
        shifts: [{ userId: 'PME0001', start: now - HOUR, end: now + 12 * HOUR }],
      },
    ],
    policies: [
      {
        id: 'PPLATFM',
        name: 'Platform',
        rules: [
          { delayMinutes: 15, targets: [{ type: 'schedule', id: 'SPRIMARY' }] },
          { delayMinutes: 15, targets: [{ type: 'user', id: 'PNOOR01' }] },
        ],
      },
    ],
    services: [{ id: 'PPAYAPI', name: 'Payments API', policyId: 'PPLATFM' }],
  };
}

describe('two sources at once (Node host, Zephyr platform + PagerDuty)', () => {
  let platform: TestPlatform;
  let pagerduty: PagerDutyFake;
  let pagerdutyUp = false;
  let session: HostInBrowser;
  let tab: BrowserPage;

  const shot = async (name: string, fullPage = true): Promise<void> => {
    if (!SCREENSHOTS) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await tab.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
  };

  beforeEach(async () => {
    platform = await startTestPlatform({
      token: ZEPHYR_TOKEN,
      user: { name: 'Robin Ops', email: 'robin@localhost' },
    });
    pagerduty = new PagerDutyFake(pdWorld(Date.now()), { clock: { now: () => Date.now() } });
    const pdUrl = await pagerduty.start();
    pagerdutyUp = true;
    const dataDir = mkdtempSync(join(tmpdir(), 'zephyr-two-sources-'));
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ feedAlarmSeconds: 1, pollIntervalSeconds: 1, firstRunDone: true }),
    );
    session = await openHostInBrowser({
      env: {
        ZEPHYR_DATA_DIR: dataDir,
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: ZEPHYR_TOKEN,
        ZEPHYR_PAGERDUTY_TOKEN: PD_TOKEN,
        ZEPHYR_PAGERDUTY_API_URL: pdUrl,
      },
      chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
      page: { viewport: { width: 1200, height: 900 } },
    });
    tab = session.tab;
  });

  afterEach(async () => {
    await session?.close();
    if (pagerdutyUp) await pagerduty?.close();
    pagerdutyUp = false;
    await platform?.close();
  });

  it('a page from each source rings, each saying its source, and both are acknowledged', async () => {
    const zephyrPage = await platform.control.createPage({
      title: 'Checkout p99 elevated in eu-frankfurt',
      severity: 2,
      service: 'checkout',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    const incidentId = pagerduty.trigger({
      serviceId: 'PPAYAPI',
      title: 'Payments API 5xx above 2%',
      urgency: 'high',
    });

    const alert = tab.getByRole('alertdialog');
    await alert.waitFor({ timeout: 20_000 });
    const card = (title: string) => alert.getByRole('article').filter({ hasText: title });
    const zephyrCard = card('Checkout p99 elevated in eu-frankfurt');
    const pdCard = card('Payments API 5xx above 2%');
    await zephyrCard.waitFor({ timeout: 20_000 });
    await pdCard.waitFor({ timeout: 20_000 });
    expect(await zephyrCard.getByText(/^via /).textContent()).toBe('via Zephyr platform');
    expect(await pdCard.getByText(/^via /).textContent()).toBe('via PagerDuty');
    await expect
      .poll(() =>
        tab.getByTestId('alarm-audio').evaluate((el: HTMLAudioElement) => el.loop && !el.paused),
      )
      .toBe(true);
    await shot('two-sources-ringing', false);

    // The tab's timers from here on run on Playwright's clock (at real speed until fast-forwarded).
    await tab.clock.install();
    await pdCard.getByRole('button', { name: /^Acknowledge( \(try again\))?$/ }).click();
    await zephyrCard.getByRole('button', { name: /^Acknowledge( \(try again\))?$/ }).click();
    await pdCard.getByText(/acknowledged by Mara Quinn/).waitFor({ timeout: 20_000 });
    await zephyrCard.getByText(/acknowledged by Robin Ops/).waitFor({ timeout: 20_000 });

    const state = await platform.control.state();
    expect(state.acknowledgements[zephyrPage.id]).toBe(1);
    expect(state.pages.find((p) => p.id === zephyrPage.id)?.status).toBe('acknowledged');
    const incident = pagerduty.get(incidentId);
    expect(incident.status).toBe('acknowledged');
    expect(incident.acknowledgements.map((a) => a.userId)).toEqual(['PME0001']);
    expect(pagerduty.requestsTo(`/incidents/${incidentId}`, 'PUT')).toHaveLength(1);

    // The panel closes by itself once both are confirmed (it lingers 5 s: fast-forwarded here);
    // the Now view lists both with their source.
    await tab.clock.fastForward(5_000);
    await alert.waitFor({ state: 'hidden', timeout: 20_000 });
    const rows = tab.getByRole('region', { name: /^Open pages/ }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);
    const sources = await rows.getByText(/^via /).allTextContents();
    expect(sources.sort()).toEqual(['via PagerDuty', 'via Zephyr platform']);
    await shot('two-sources-now');
  });

  it('Settings shows PagerDuty as managed and "Test connection" says who the token belongs to', async () => {
    await tab.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    const section = tab.getByRole('form', { name: 'PagerDuty' });
    await section.waitFor();
    await section.getByText('Managed by your organisation (ZEPHYR_PAGERDUTY_TOKEN)').waitFor();
    expect(await section.getByLabel(/API token/).getAttribute('readonly')).not.toBeNull();
    await section.getByRole('button', { name: 'Test connection' }).click();
    await section
      .getByRole('status')
      .getByText('Connected as Mara Quinn <mara@example.com>')
      .waitFor({ timeout: 15_000 });
    if (SCREENSHOTS) {
      await section.screenshot({ path: join(SCREENSHOTS, 'pagerduty-settings.png') });
    }
  });

  it('PagerDuty going down raises only its alarm; Zephyr stays healthy and still rings', async () => {
    await pagerduty.close();
    pagerdutyUp = false;

    const banners = tab
      .getByRole('alert')
      .filter({ hasText: /Cannot reach .+: you may miss pages/ });
    await banners
      .filter({ hasText: 'Cannot reach PagerDuty: you may miss pages' })
      .waitFor({ timeout: 10_000 });
    expect(await banners.count()).toBe(1);
    expect(await banners.first().textContent()).toContain('could not reach PagerDuty');
    await tab.evaluate(() => window.scrollTo(0, 0));
    await shot('two-sources-pagerduty-down', false);

    await platform.control.createPage({
      title: 'Search latency above SLO',
      severity: 3,
      service: 'search',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    const alert = tab.getByRole('alertdialog');
    const card = alert.getByRole('article').filter({ hasText: 'Search latency above SLO' });
    await card.waitFor({ timeout: 20_000 });
    expect(await card.getByText(/^via /).textContent()).toBe('via Zephyr platform');
    expect(await banners.count()).toBe(1);
  });
});

describe('first run: connecting PagerDuty replaces the demo platform (Node host)', () => {
  let pagerduty: PagerDutyFake;
  let session: HostInBrowser;

  beforeAll(async () => {
    pagerduty = new PagerDutyFake(pdWorld(Date.now()), { clock: { now: () => Date.now() } });
    await pagerduty.start();
    // Still the first run (no `firstRunDone`); PagerDuty is polled every second once connected.
    const dataDir = mkdtempSync(join(tmpdir(), 'zephyr-first-run-pd-'));
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ pollIntervalSeconds: 1 }));
    // A host other than PagerDuty's own comes only from the environment (issue 10, defect 4).
    session = await openHostInBrowser({
      env: { ZEPHYR_DATA_DIR: dataDir, ZEPHYR_PAGERDUTY_API_URL: pagerduty.url },
      page: { viewport: { width: 1200, height: 900 } },
      ready: (tab) => tab.getByRole('heading', { name: 'Welcome to Zephyr On-Call' }).waitFor(),
    });
  });

  afterAll(async () => {
    await session?.close();
    await pagerduty?.close();
  });

  it('a refused token is said and nothing is saved; the right one connects and the demo goes away', async () => {
    const { tab, host } = session;
    const form = tab.getByRole('form', { name: 'Connect PagerDuty' });
    await form.getByLabel('PagerDuty API token').fill('not-the-token');
    await form.getByRole('radio', { name: /Custom/ }).check();
    await form.getByRole('textbox', { name: 'Custom PagerDuty API host' }).fill(pagerduty.url);
    await form.getByRole('button', { name: 'Connect PagerDuty' }).click();
    await form.getByText(/PagerDuty refused the token \(401\)/).waitFor({ timeout: 15_000 });
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await tab.screenshot({
        path: join(SCREENSHOTS, 'first-run-pagerduty-refused.png'),
        fullPage: true,
      });
    }
    await tab.getByRole('heading', { name: 'Welcome to Zephyr On-Call' }).waitFor();
    const settingsFile = join(host.dataDir, 'settings.json');
    const savedHost = existsSync(settingsFile)
      ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as { pagerdutyApiUrl?: string })
          .pagerdutyApiUrl
      : undefined;
    expect(savedHost ?? '').toBe('');

    await form.getByLabel('PagerDuty API token').fill(PD_TOKEN);
    await form.getByRole('button', { name: 'Connect PagerDuty' }).click();
    // The first-run screen goes away by itself once PagerDuty replaced the demo platform.
    await tab.getByRole('heading', { name: 'Now' }).waitFor({ timeout: 20_000 });
    await tab
      .getByRole('status')
      .filter({ hasText: 'Demo platform: not connected to your pager' })
      .waitFor({ state: 'detached', timeout: 20_000 });
    const incidentId = pagerduty.trigger({ serviceId: 'PPAYAPI', title: 'Ledger lag above 5 min' });
    const card = tab
      .getByRole('alertdialog')
      .getByRole('article')
      .filter({ hasText: 'Ledger lag above 5 min' });
    await card.waitFor({ timeout: 20_000 });
    expect(await card.getByText(/^via /).textContent()).toBe('via PagerDuty');
    expect(pagerduty.get(incidentId).status).toBe('triggered');
    // The host came from the environment: nothing for the settings file to keep.
    const settings = existsSync(settingsFile)
      ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as { pagerdutyApiUrl?: string })
      : {};
    expect(settings.pagerdutyApiUrl ?? '').toBe('');
    expect(host.output()).not.toContain(PD_TOKEN);
  });
});
