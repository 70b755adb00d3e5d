/**
 * Browser end to end on the Node host: a page from the platform rings as an alert with a countdown
 * and a looping alarm; Acknowledge shows "acknowledging…" until the platform confirms, then
 * "acknowledged by <me>"; the platform records exactly one acknowledgement; the planted platform
 * token appears in no log and no output of the run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, type HostInBrowser } from './helpers/host-in-browser.js';
import type { HostProcess } from './helpers/node-host.js';
import { AlertPage } from './pages/alert-page.js';

const PLANTED = 'planted-platform-token-7f3a9c1e55';
// Vendor tokens too: the app holds them in main and must never write them anywhere.
const PLANTED_VENDOR = {
  ZEPHYR_SLACK_TOKEN: 'xoxb-planted-slack-token-51c0',
  ZEPHYR_STATUSPAGE_TOKEN: 'planted-statuspage-key-8e21',
  ZEPHYR_LINEAR_TOKEN: 'lin_api_planted_linear_key_77aa',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('page alert in the browser (Node host)', () => {
  let platform: TestPlatform;
  let session: HostInBrowser;
  let host: HostProcess;
  let tab: BrowserPage;

  beforeAll(async () => {
    platform = await startTestPlatform({
      token: PLANTED,
      user: { name: 'Robin Ops', email: 'robin@localhost' },
    });
    session = await openHostInBrowser({
      env: {
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: PLANTED,
        ...PLANTED_VENDOR,
        // Every request is logged at debug level: the most a log ever holds.
        ZEPHYR_LOG_LEVEL: 'debug',
      },
      chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
    });
    ({ host, tab } = session);
  });

  afterAll(async () => {
    await session?.close();
    await platform?.close();
  });

  it('rings, acknowledges in one click, and stops the escalation', async () => {
    const page = await platform.control.createPage({
      title: 'Checkout p99 elevated in eu-frankfurt',
      severity: 2,
      service: 'checkout',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });

    const alert = tab.getByRole('alertdialog');
    await alert.waitFor({ timeout: 15_000 });
    await expect.poll(() => alert.textContent()).toContain('Checkout p99 elevated in eu-frankfurt');
    await expect.poll(() => alert.textContent()).toMatch(/escalates to .+ in [0-9]+:[0-5][0-9]/);
    const ack = alert.getByRole('button', { name: /^Acknowledge( \(try again\))?$/ });
    await expect.poll(() => ack.evaluate((el) => el === document.activeElement)).toBe(true);

    const audio = new AlertPage(tab).audio;
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.loop && !el.paused))
      .toBe(true);

    // The first acknowledge attempt fails; the UI must say "acknowledging…" until the retry lands.
    await platform.control.fault({
      kind: 'status',
      status: 503,
      count: 1,
      path: `/v1/pages/${page.id}/acknowledge`,
    });
    await ack.click();
    await tab
      .getByText(/acknowledging…/)
      .first()
      .waitFor();
    await tab
      .getByText(/acknowledged by Robin Ops/)
      .first()
      .waitFor({ timeout: 20_000 });
    await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.paused)).toBe(true);

    const state = await platform.control.state();
    expect(state.acknowledgements[page.id]).toBe(1);
    expect(state.pages.find((p) => p.id === page.id)?.status).toBe('acknowledged');

    // Nobody else is ever paged for it.
    await platform.control.advance(30 * 60);
    const later = await platform.control.state();
    expect(later.notifications.filter((n) => n.pageId === page.id).map((n) => n.personId)).toEqual([
      platform.userId,
    ]);
  });

  it('never logs or prints the platform token', async () => {
    const logs = filesUnder(join(host.dataDir, 'logs')).map((f) => readFileSync(f, 'utf8'));
    expect(logs.join('').length).toBeGreaterThan(0);
    for (const text of [...logs, host.output()]) {
      for (const secret of [PLANTED, ...Object.values(PLANTED_VENDOR)]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
