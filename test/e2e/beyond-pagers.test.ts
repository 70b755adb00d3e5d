/**
 * Issue 13 in the browser on the Node host, against the local platform with its clock driven
 * through the control API (the host follows the platform's clock; nothing waits in real time).
 * The Platform rotation's schedule puts me on call from S (two hours after the start) for eight
 * hours, Priya before me and as my level 2.
 *
 * In order: before S, low-urgency pages are held and listed ("Held (quiet hours)") with their
 * Acknowledge while a high-urgency page rings anyway (and is resolved from the alert); 15
 * minutes before S the readiness notice with "Send a test page"; at S the shift start and the
 * digest of the held page; an acknowledged page still open 30 minutes later rings softly
 * ("Still working on …?"), Re-acknowledge restarts the timer, Resolve resolves it; "Escalate now"
 * pages the next step at once, "Escalate to…" the person picked; at S + 8 h the shift's end.
 * Screenshots under the e2e output folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page as BrowserPage } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PEOPLE, SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import type { Page } from '../../src/shared/domain.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';
import type { HostProcess } from './helpers/node-host.js';
import {
  advancePlatformClock,
  advancePlatformClockTo,
  platformNow,
} from './helpers/platform-clock.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const { platformSecond: PRIYA, em: MARCUS } = SAMPLE_PEOPLE;
const shot = (name: string) => join(SCREENS_DIR, `beyond-${name}.png`);
const hhmm = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};
/** The Acknowledge button (its retry label included), not "Acknowledge and declare". */
const ACK = /^Acknowledge( \(try again\))?$/;

describe('beyond the other pagers (Node host, platform clock driven)', () => {
  let platform: TestPlatform;
  let session: HostInBrowser;
  let host: HostProcess;
  let tab: BrowserPage;
  let me: string;
  /** My shift's start, platform time. */
  let shiftStart: number;

  const alert = (): Locator => tab.getByRole('alertdialog');
  const notices = (): Locator => tab.getByRole('region', { name: 'Notices' });
  const row = (title: string): Locator =>
    tab
      .getByRole('region', { name: /^Open pages/ })
      .getByRole('listitem')
      .filter({ hasText: title });
  const pageOnPlatform = async (id: string): Promise<Page | undefined> =>
    (await platform.control.state()).pages.find((p) => p.id === id);

  /** Acknowledges the page the alert shows, and closes the alert once it is confirmed. */
  async function acknowledgeInAlert(title: string, then?: 'resolve'): Promise<void> {
    const card = alert().getByRole('article').filter({ hasText: title });
    await card.getByRole('button', { name: ACK }).click({ timeout: 20_000 });
    await card.getByText(/acknowledged by Robin Ops/).waitFor({ timeout: 20_000 });
    if (then === 'resolve') {
      await card.getByRole('button', { name: 'Resolve' }).click();
      await alert().waitFor({ state: 'hidden', timeout: 20_000 });
      return;
    }
    await alert().getByRole('button', { name: 'Close' }).click();
    await alert().waitFor({ state: 'hidden' });
  }

  beforeAll(async () => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    me = platform.userId;
    const t = await platformNow(platform);
    shiftStart = Math.ceil((t + 2 * HOUR) / MIN) * MIN;
    const iso = (ms: number) => new Date(ms).toISOString();
    const end = shiftStart + 8 * HOUR;
    await platform.control.setShifts(SAMPLE_ROTATIONS.platform, [
      { person: PRIYA, level: 1, start: iso(t - 24 * HOUR), end: iso(shiftStart) },
      { person: me, level: 1, start: iso(shiftStart), end: iso(end) },
      { person: PRIYA, level: 2, start: iso(shiftStart), end: iso(end) },
    ]);
    session = await openHostInBrowser({
      env: { ZEPHYR_PLATFORM_URL: platform.url, ZEPHYR_PLATFORM_TOKEN: platform.token },
      page: { viewport: { width: 1024, height: 900 } },
    });
    ({ host, tab } = session);
    await tab.getByText('You are not on call').waitFor({ timeout: 20_000 });
  }, 60_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await tab?.screenshot({ path: shot('failed') });
  });

  afterAll(async () => {
    await session?.close();
    await platform?.close();
  });

  it('before my shift: holds low-urgency pages where I see and acknowledge them; high urgency rings', async () => {
    const disk = await platform.control.createPage({
      title: 'Disk 80% on db-2',
      urgency: 'low',
      target: { person: me },
    });
    const cert = await platform.control.createPage({
      title: 'Certificate expires in 20 days',
      urgency: 'low',
      target: { person: me },
    });
    const held = tab.getByRole('region', { name: 'Held (quiet hours): 2 low-urgency pages' });
    await held.waitFor({ timeout: 20_000 });
    await held.getByText('Disk 80% on db-2').waitFor();
    expect(await alert().isVisible()).toBe(false);
    await held.scrollIntoViewIfNeeded();
    await tab.screenshot({ path: shot('held') });

    // Acknowledged from the held list, it leaves it; then resolved from Now.
    await held
      .getByRole('listitem')
      .filter({ hasText: 'Certificate expires' })
      .getByRole('button', { name: ACK })
      .click();
    await tab
      .getByRole('region', { name: 'Held (quiet hours): 1 low-urgency page' })
      .waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await pageOnPlatform(cert.id))?.status).toBe('acknowledged');
    await row('Certificate expires').getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(async () => (await pageOnPlatform(cert.id))?.status).toBe('resolved');
    expect((await pageOnPlatform(disk.id))?.status).toBe('triggered');

    // High urgency rings anyway, off shift; resolved from the alert.
    const high = await platform.control.createPage({
      title: 'Payments API 5xx',
      severity: 2,
      target: { person: me },
    });
    await alert().waitFor({ timeout: 20_000 });
    await acknowledgeInAlert('Payments API 5xx', 'resolve');
    expect((await pageOnPlatform(high.id))?.status).toBe('resolved');
  });

  it('15 minutes before my shift: the readiness notice, with a test page that rings', async () => {
    await advancePlatformClockTo(platform, host, shiftStart - 15 * MIN + 5_000);
    const readiness = notices().getByRole('article', {
      name: `Your shift starts at ${hhmm(shiftStart)}.`,
    });
    await readiness.waitFor({ timeout: 20_000 });
    // The Node host has no notification server: the notice says what is wrong.
    expect(await readiness.textContent()).toMatch(/Not ready: No desktop notification server/);
    await tab.screenshot({ path: shot('readiness') });

    await readiness.getByRole('button', { name: 'Send a test page' }).click();
    await readiness.getByText('Test page sent.').waitFor();
    await alert().waitFor({ timeout: 20_000 });
    await acknowledgeInAlert('Test page', 'resolve');
  });

  it('at my shift start: a quiet notice, and the held page comes out as the digest', async () => {
    await advancePlatformClockTo(platform, host, shiftStart + 5_000);
    await notices()
      .getByRole('article', { name: 'Your shift started' })
      .waitFor({ timeout: 20_000 });
    const digest = notices().getByRole('article', {
      name: '1 low-urgency page held while you were off',
    });
    await digest.getByText('Disk 80% on db-2').waitFor({ timeout: 20_000 });
    expect(
      await notices()
        .getByRole('article', { name: /^Your shift starts/ })
        .count(),
    ).toBe(0);
    expect(await tab.getByRole('region', { name: /^Held \(quiet hours\)/ }).count()).toBe(0);
    await row('Disk 80% on db-2').waitFor();
    await tab.getByText('You are on call').waitFor();
    await tab.screenshot({ path: shot('digest') });
  });

  it('an acknowledged page still open 30 minutes later rings softly; Re-acknowledge restarts, Resolve resolves', async () => {
    const page = await platform.control.createPage({
      title: 'Checkout p99',
      severity: 2,
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    await alert().waitFor({ timeout: 20_000 });
    await acknowledgeInAlert('Checkout p99');
    const stillWorking = alert().getByText(
      'Still working on ‘Checkout p99’? Re-acknowledge or resolve.',
    );

    await advancePlatformClock(platform, host, 30 * 60 + 5);
    await stillWorking.waitFor({ timeout: 20_000 });
    await alert().getByText('Still working on it?').waitFor();
    await tab.screenshot({ path: shot('ack-timeout') });

    await alert().getByRole('button', { name: 'Re-acknowledge' }).click();
    await alert().waitFor({ state: 'hidden', timeout: 20_000 });
    expect((await platform.control.state()).acknowledgements[page.id]).toBe(2);
    // 29 minutes after the re-acknowledgement: nothing yet.
    await advancePlatformClock(platform, host, 29 * 60);
    await new Promise((r) => setTimeout(r, 500));
    expect(await alert().isVisible()).toBe(false);
    await advancePlatformClock(platform, host, 2 * 60);
    await stillWorking.waitFor({ timeout: 20_000 });
    await alert().getByRole('button', { name: 'Resolve' }).click();
    await expect
      .poll(async () => (await pageOnPlatform(page.id))?.status, { timeout: 20_000 })
      .toBe('resolved');
    await alert().waitFor({ state: 'hidden', timeout: 20_000 });
  });

  it('"Escalate now" pages the next step at once, and does not ring me again', async () => {
    const page = await platform.control.createPage({
      title: 'Search latency',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    await alert().waitFor({ timeout: 20_000 });
    await acknowledgeInAlert('Search latency');
    const before = await platformNow(platform);
    await row('Search latency').getByRole('button', { name: 'Escalate now' }).click();
    await row('Search latency').getByText('Paged Priya Raman.').waitFor({ timeout: 20_000 });
    const escalated = await pageOnPlatform(page.id);
    expect(escalated?.status).toBe('triggered');
    const step = escalated?.escalation.steps[escalated.escalation.step];
    expect(step?.person?.id).toBe(PRIYA);
    expect(Date.parse(step?.notifiedAt ?? '') - before).toBeLessThan(10_000);
    await row('Search latency')
      .getByText(/for Priya Raman/)
      .waitFor({ timeout: 20_000 });
    await row('Search latency').getByText('escalated to Priya Raman').waitFor();
    // Another change of the feed (a page of Priya's) brings the escalated page again: still quiet.
    await platform.control.createPage({
      title: 'Index rebuild slow',
      urgency: 'low',
      target: { person: PRIYA },
    });
    await row('Index rebuild slow').waitFor({ timeout: 20_000 });
    expect(await alert().isVisible()).toBe(false);
  });

  it('"Escalate to…" pages the person I pick from the roster', async () => {
    const page = await platform.control.createPage({
      title: 'Queue backlog',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    await alert().waitFor({ timeout: 20_000 });
    await acknowledgeInAlert('Queue backlog');
    await row('Queue backlog').getByRole('button', { name: 'Escalate to…' }).click();
    const picker = row('Queue backlog').getByRole('form', { name: 'Escalate to someone else' });
    const select = picker.getByLabel('Escalate to', { exact: true });
    await select.getByRole('option', { name: /^Marcus Lee/ }).waitFor({ state: 'attached' });
    const options = await select.getByRole('option').allTextContents();
    expect(options).toEqual(
      expect.arrayContaining(['Platform', 'Priya Raman (Checkout, Platform)']),
    );
    expect(options.some((o) => o.startsWith('Robin Ops'))).toBe(false);
    await row('Queue backlog').scrollIntoViewIfNeeded();
    await tab.screenshot({ path: shot('escalate-picker') });

    await select.selectOption({ label: options.find((o) => o.startsWith('Marcus Lee')) ?? '' });
    await picker.getByRole('button', { name: 'Escalate' }).click();
    await row('Queue backlog').getByText('Paged Marcus Lee.').waitFor({ timeout: 20_000 });
    const escalated = await pageOnPlatform(page.id);
    expect(escalated?.escalation.steps[escalated.escalation.step]?.person?.id).toBe(MARCUS);
    await row('Queue backlog').getByText('escalated to Marcus Lee').waitFor({ timeout: 20_000 });
  });

  it('at my shift end: a quiet notice', async () => {
    await advancePlatformClockTo(platform, host, shiftStart + 8 * HOUR + 5_000);
    await notices().getByRole('article', { name: 'Your shift ended' }).waitFor({ timeout: 20_000 });
    await tab.getByText('You are not on call').waitFor();
  });
});
