/**
 * Exact clocks in the browser on the Node host, in UTC: the escalation countdown starts at (not
 * above) the platform's own escalation time, after an escalation the card lists who was paged at
 * what time with the zone, a re-trigger restarts "Ringing for", "Who is on call" shows each
 * colleague's local time, and "Test page sent…" goes once the test page is acknowledged. Saves
 * the Now view while paged at 1024×640 under docs/screenshots/.
 */
import { join } from 'node:path';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';

/** Seconds of an "escalates to … in m:ss" label. */
function secondsLeft(label: string): number {
  const m = /in (\d+):(\d\d)/.exec(label);
  if (!m) throw new Error(`no countdown in "${label}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

describe('exact clocks (Node host, 1024×640, UTC)', () => {
  let platform: TestPlatform;
  let session: HostInBrowser;
  let tab: BrowserPage;

  beforeAll(async () => {
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    // The platform's clock runs 14.5 minutes ahead of the laptop's.
    await platform.control.advance(14.5 * 60);
    session = await openHostInBrowser({
      env: { ZEPHYR_PLATFORM_URL: platform.url, ZEPHYR_PLATFORM_TOKEN: platform.token },
      page: { viewport: { width: 1024, height: 640 }, timezoneId: 'UTC' },
    });
    ({ tab } = session);
  });

  afterAll(async () => {
    await session?.close();
    await platform?.close();
  });

  it('counts from the platform escalation time, lists the steps taken, restarts on re-trigger', async () => {
    const page = await platform.control.createPage({
      title: 'Payments API 5xx',
      severity: 2,
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    const total = (Date.parse(page.escalation.nextAt ?? '') - Date.parse(page.createdAt)) / 1000;
    const alert = tab.getByRole('alertdialog');
    const countdown = alert.getByRole('timer');
    await countdown.waitFor({ timeout: 20_000 });
    expect(secondsLeft((await countdown.textContent()) ?? '')).toBeLessThanOrEqual(total);

    await tab.screenshot({ path: join(SCREENS_DIR, 'now-paged-1024.png') });

    await platform.control.advance(total + 1);
    const state = await platform.control.state();
    const escalated = state.pages.find((p) => p.id === page.id);
    const step = escalated?.escalation.steps.find((s, i) => i > 0 && s.notifiedAt);
    expect(step?.person?.name).toBeTruthy();
    await alert
      .getByText(new RegExp(`^paged ${step?.person?.name ?? '?'} at \\d{1,2}:\\d\\d( [AP]M)? UTC$`))
      .waitFor({ timeout: 20_000 });
    await expect.poll(() => alert.textContent()).toMatch(/Ringing for \d+ min/);

    await platform.control.retrigger(page.id);
    await expect
      .poll(() => alert.textContent(), { timeout: 20_000 })
      .toMatch(/Ringing for \d{1,2} s/);
    await alert.getByRole('button', { name: 'Acknowledge', exact: true }).first().click();
    await alert.getByText(/acknowledged by Robin Ops/).waitFor({ timeout: 20_000 });
    await alert.getByRole('button', { name: 'Close' }).click();
  });

  it('shows each colleague’s local time in Who is on call', async () => {
    const table = tab.getByRole('region', { name: 'Who is on call' });
    // "Marcus Lee · 9:04 AM EDT there": each colleague with a known time zone.
    await table
      .getByText(/\d{1,2}:\d\d.* there$/)
      .first()
      .waitFor({ timeout: 10_000 });
  });

  it('"Test page sent" goes away once the test page is acknowledged', async () => {
    await tab.getByRole('button', { name: 'Send test page' }).click();
    const notice = tab.getByText('Test page sent. It should ring in a few seconds.');
    await notice.waitFor();
    const alert = tab.getByRole('alertdialog');
    await alert
      .getByRole('button', { name: 'Acknowledge', exact: true })
      .first()
      .click({ timeout: 20_000 });
    await alert.getByText(/acknowledged by/).waitFor({ timeout: 20_000 });
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0);
  });
});
