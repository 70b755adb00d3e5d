/**
 * Browser end to end on the Node host: the hand-off brief (a page of my shift with its time to
 * acknowledge, a note, the post to the playbook's Slack channel on the Slack fake) and the .ics
 * export from Now (saved through the SaveFile port, parsed back with ical.js); then the platform's
 * clock driven to my shift's end through the control API, and the end of shift noticed.
 */
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake, type FakeChannel } from '../fakes/slack-fake.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('hand-off brief and calendar export (Node host)', () => {
  let platform: TestPlatform;
  let slack: SlackFake;
  let channel: FakeChannel;
  let session: HostInBrowser;
  let tab: BrowserPage;

  beforeAll(async () => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    slack = await new SlackFake().start();
    channel = slack.addChannel('oncall', '', slack.botUserId);
    channel.members.push(slack.botUserId);
    const teamDir = mkdtempSync(join(tmpdir(), 'zephyr-team-'));
    writeFileSync(join(teamDir, 'playbook.yaml'), `handoff:\n  slackChannel: ${channel.id}\n`);
    session = await openHostInBrowser({
      env: {
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: platform.token,
        ZEPHYR_PLAYBOOK: join(teamDir, 'playbook.yaml'),
        ZEPHYR_SLACK_API_URL: slack.url,
        ZEPHYR_SLACK_TOKEN: slack.token,
      },
      page: { viewport: { width: 1024, height: 640 } },
    });
    tab = session.tab;
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await slack?.close();
    await platform?.close();
  });

  it('builds the brief with my page and note, posts it to Slack, and exports my shifts', async () => {
    const page = await platform.control.createPage({
      title: 'Checkout p99',
      target: { rotation: 'platform' },
    });
    const alert = tab.getByRole('alertdialog');
    await alert.waitFor({ timeout: 15_000 });
    expect(page.status).toBe('triggered');
    // Acknowledged 90 s later (platform time), from the alert.
    await platform.control.advance(90);
    // The tab's timers run on Playwright's clock: the alert's 5 s linger is fast-forwarded.
    await tab.clock.install();
    await alert.getByRole('button', { name: /^Acknowledge( \(try again\))?$/ }).click();
    await alert.getByText(/acknowledged by Robin Ops/).waitFor({ timeout: 20_000 });
    await tab.clock.fastForward(5_000);
    await alert.waitFor({ state: 'hidden', timeout: 20_000 });
    await tab.getByRole('link', { name: 'Hand-off brief' }).click();
    await tab.getByRole('heading', { name: 'Hand-off brief' }).waitFor();
    const shiftPages = tab.getByRole('region', { name: 'Pages this shift' });
    await shiftPages.getByText(/Checkout p99/).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => shiftPages.textContent(), { timeout: 20_000 })
      .toMatch(/acknowledged in 1m 3\ds/);

    await tab.getByLabel('Add a note for the next on-call').fill('Deploy freeze until Thursday');
    await tab.getByRole('button', { name: 'Add note' }).click();
    await tab
      .getByRole('region', { name: 'Notes' })
      .getByText('Deploy freeze until Thursday')
      .waitFor();
    await tab.screenshot({ path: join(SCREENS_DIR, 'handoff.png') });

    await tab.getByRole('button', { name: `Post to ${channel.id}` }).click();
    await tab.getByText(`Posted to ${channel.id}.`).waitFor();
    expect(channel.messages).toHaveLength(1);
    const text = channel.messages[0]?.text ?? '';
    expect(text).toMatch(/^Hand-off brief from Robin Ops to Priya Raman \(Platform\)/);
    expect(text).toMatch(/Checkout p99: acknowledged in 1m 3\ds/);
    expect(text).toContain('- Deploy freeze until Thursday');

    // The calendar export from Now, saved by the Node host into <data dir>/exports.
    await tab.getByRole('link', { name: 'Now' }).click();
    await tab.getByRole('button', { name: 'Export my shifts (.ics)' }).click();
    const saved = tab.getByText(/shifts? saved to /);
    await saved.waitFor();
    const path = ((await saved.textContent()) ?? '').replace(/^.* saved to /, '');
    expect(path.startsWith(join(session.host.dataDir, 'exports'))).toBe(true);
    const root = new ICAL.Component(ICAL.parse(readFileSync(path, 'utf8')));
    const events = root.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events.map((e) => e.summary)).toEqual([
      'On call: Platform',
      'On call: Platform (level 2)',
    ]);
    expect(new Set(events.map((e) => e.uid)).size).toBe(2);
  });

  it('notices the end of my shift when the platform clock reaches it', async () => {
    // The sample roster: I hold the Platform rotation from today 00:00 UTC (platform time) for
    // 8 days. Drive the platform clock past that end: the long poll it holds answers at once (its
    // wait is over in platform time), and the app sees from the platform's time that it ended.
    // The platform's time read without moving it: a second advance right after a first could
    // land while the app's long poll is between two requests, and the poll it sends next would
    // then wait out its 25 s before the app sees the new time.
    const { now } = await platform.control.state();
    const platformNow = Date.parse(now);
    const end = Math.floor(platformNow / DAY_MS) * DAY_MS + 8 * DAY_MS;
    await platform.control.advance(Math.ceil((end - platformNow) / 1000) + 1);
    await tab.getByRole('link', { name: 'Hand-off brief' }).click();
    // Should the big jump still have fallen between two of the app's polls, a nudge of a second
    // wakes the poll held now (the shift's end is long past either way).
    await expect
      .poll(
        async () => {
          if ((await tab.getByText(/Your shift ended/).count()) > 0) return true;
          await platform.control.advance(1);
          return false;
        },
        { timeout: 10_000, interval: 2_000 },
      )
      .toBe(true);
    const log = readFileSync(join(session.host.dataDir, 'logs', 'zephyr.log'), 'utf8');
    expect(log).toContain('hand-off: shift ended');
  });
});
