/**
 * Browser end to end on the Node host: an incident on the test platform with the app's user as
 * commander and comms, its Slack channel and status page entry on loopback fakes; two status
 * updates posted from the console (each reaching Slack, the status page and the platform),
 * resolution (platform incident resolved, announcement to the playbook's channel), the customer
 * email drafted from the team's template until the checker is clean and saved as .eml, and a
 * post-mortem whose two action items need owners before saving and become Linear tickets.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CUSTOMER_EMAIL_TEMPLATE } from '../../src/shared/aftercare/default-templates.js';
import type { Incident, IncidentUpdate } from '../../src/shared/domain.js';
import { LinearFake } from '../fakes/linear-fake.js';
import { SlackFake, type FakeChannel } from '../fakes/slack-fake.js';
import { StatuspageFake } from '../fakes/statuspage-fake.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { vendorEnv } from './helpers/vendor-env.js';
import {
  openHostInBrowser,
  SCREENS_DIR as SCREENS,
  type HostInBrowser,
} from './helpers/host-in-browser.js';
import { IncidentConsolePage } from './pages/incident-console-page.js';

const SUMMARY = 'Checkout payments failing';

describe('during and after an incident (Node host)', () => {
  let platform: TestPlatform;
  let slack: SlackFake;
  let statuspage: StatuspageFake;
  let linear: LinearFake;
  let session: HostInBrowser;
  let tab: BrowserPage;
  let ui: IncidentConsolePage;
  let channel: FakeChannel;
  let announcements: FakeChannel;
  let incident: Incident;

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${platform.token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': `e2e-${path}`,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.ok, `${method} ${path}`).toBe(true);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    slack = await new SlackFake().start();
    // As in a real workspace: the bot made the incident channel (so it is a member), and the team
    // invited the bot into its announcement channel. Slack answers not_in_channel otherwise.
    channel = slack.addChannel('inc-20260302-checkout', '', slack.botUserId);
    channel.members.push(slack.botUserId);
    announcements = slack.addChannel('incidents', '', 'UOTHER');
    announcements.members.push('UOTHER', slack.botUserId);
    statuspage = await new StatuspageFake().start();
    linear = await new LinearFake().start();
    const sp = await statuspage.fetch(`${statuspage.apiUrl}/pages/${statuspage.pageId}/incidents`, {
      method: 'POST',
      headers: { Authorization: `OAuth ${statuspage.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        incident: { name: SUMMARY, status: 'investigating', body: 'Investigating.' },
      }),
    });
    const spId = ((await sp.json()) as { id: string }).id;

    // The team's playbook: its own email template and the announcement channel's id.
    const teamDir = mkdtempSync(join(tmpdir(), 'zephyr-team-'));
    writeFileSync(
      join(teamDir, 'email.md'),
      DEFAULT_CUSTOMER_EMAIL_TEMPLATE.replace('Hello,', 'Dear customer,'),
    );
    writeFileSync(
      join(teamDir, 'playbook.yaml'),
      `slack:\n  announcementChannel: ${announcements.id}\ncustomerEmail:\n  templatePath: email.md\n`,
    );

    incident = await api<Incident>('POST', '/v1/incidents', {
      severity: 2,
      summary: SUMMARY,
      service: 'checkout',
      roles: { commander: platform.userId, comms: platform.userId, investigators: [] },
      links: {
        channel: `https://acme.slack.com/archives/${channel.id}`,
        statusPage: `https://manage.statuspage.io/pages/${statuspage.pageId}/incidents/${spId}`,
      },
    });

    session = await openHostInBrowser({
      env: {
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: platform.token,
        ZEPHYR_PLAYBOOK: join(teamDir, 'playbook.yaml'),
        ...vendorEnv({ slack, statuspage, linear }),
      },
      page: { viewport: { width: 1280, height: 900 } },
    });
    tab = session.tab;
    ui = new IncidentConsolePage(tab);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await slack?.close();
    await statuspage?.close();
    await linear?.close();
    await platform?.close();
  });

  it('posts two updates everywhere, resolves, drafts a clean email and a ticketed post-mortem', async () => {
    // The console: the incident with its countdown to the next status update.
    await ui.open();
    const row = ui.incidentRow(SUMMARY);
    await row.waitFor({ timeout: 20_000 });
    await ui
      .clock(row, 'Next status update')
      .getByRole('timer')
      .filter({ hasText: /left$/ })
      .waitFor();
    await ui.screenshot(join(SCREENS, 'aftercare-console.png'));

    await row.getByRole('link', { name: SUMMARY }).click();
    await ui.heading(new RegExp(SUMMARY)).waitFor();

    // Update 1: the one-click "still investigating" start.
    await ui.button('Still investigating, next update in 15 minutes').click();
    await ui.button('Post update').click();
    await expect
      .poll(() => ui.newestDeliveries(), { timeout: 15_000 })
      .toEqual({
        slack: 'sent',
        statuspage: 'sent',
        platform: 'sent',
      });

    // Update 2: identified, written by hand; Slack refuses it once, Retry sends it only there.
    slack.fault('chat.postMessage', { kind: 'error', error: 'internal_error' });
    await tab.getByRole('radio', { name: /Identified/ }).check();
    await ui
      .field('Message')
      .fill('A configuration change broke card payments; we are reverting it.');
    await ui.button('Post update').click();
    await expect
      .poll(() => ui.newestPost.textContent(), { timeout: 15_000 })
      .toContain('reverting it');
    await expect
      .poll(() => ui.newestDeliveries(), { timeout: 15_000 })
      .toEqual({
        slack: 'failed',
        statuspage: 'sent',
        platform: 'sent',
      });
    await ui.newestPost.getByText(/internal_error/).waitFor();
    await ui.screenshot(join(SCREENS, 'aftercare-update-failed.png'));
    await ui.newestPost.getByRole('button', { name: 'Retry where it failed' }).click();
    await expect
      .poll(() => ui.newestDeliveries(), { timeout: 15_000 })
      .toEqual({
        slack: 'sent',
        statuspage: 'sent',
        platform: 'sent',
      });
    await ui.card('Timeline').getByText('reverting it', { exact: false }).waitFor();
    await ui.screenshot(join(SCREENS, 'aftercare-composer.png'));

    expect(channel.messages.map((m) => m.text)).toEqual([
      expect.stringContaining('Still investigating. Next update in 15 minutes.'),
      expect.stringContaining('we are reverting it'),
    ]);
    const { updates } = await api<{ updates: IncidentUpdate[] }>(
      'GET',
      `/v1/incidents/${incident.id}/updates`,
    );
    expect(updates.map((u) => u.status)).toEqual(['investigating', 'identified']);
    expect(statuspage.incidents[0]).toMatchObject({ status: 'identified' });

    // Resolve: the final update everywhere and the platform incident resolved.
    const finalUpdate = (await ui.field('Final update').inputValue()).trim();
    expect(finalUpdate).not.toBe('');
    await ui.button('Resolve incident…').click();
    await ui.button(`Yes, resolve ${incident.id}`).click();
    await tab
      .getByRole('heading', { name: /After-action announcement/ })
      .waitFor({ timeout: 15_000 });
    const all = await api<{ incidents: Incident[] }>('GET', '/v1/incidents?status=all');
    expect(all.incidents.find((i) => i.id === incident.id)).toMatchObject({ status: 'resolved' });
    expect(statuspage.incidents[0]).toMatchObject({ status: 'resolved' });
    expect(channel.messages).toHaveLength(3);
    expect(channel.messages[2]?.text).toContain(finalUpdate.split('\n')[0]);
    // The feeds are polled at once: the header's tray state leaves "Incident open".
    const trayState = tab
      .getByRole('banner')
      .getByText(/^(Off call|On call|Paged|Incident open|Feed down)$/);
    await expect.poll(() => trayState.textContent(), { timeout: 15_000 }).not.toBe('Incident open');
    const clocks = ui.card('Clocks');
    await ui.clock(clocks, 'Customer email').waitFor();
    await ui.clock(clocks, 'Post-mortem').waitFor();
    // Layout at 1024 px: "due Mon 12:10 PM · Marcus Lee" never becomes a one-word column.
    await tab.setViewportSize({ width: 1024, height: 640 });
    const whos = await clocks.getByText(/^due .+ · /).all();
    expect(whos.length).toBeGreaterThanOrEqual(2);
    for (const who of whos) {
      expect((await who.boundingBox())?.width ?? 0).toBeGreaterThan(200);
    }
    await tab.setViewportSize({ width: 1280, height: 900 });

    // The announcement: the guided placeholders must be replaced before it can be posted.
    const message = ui.field('Message');
    const guided = await message.inputValue();
    expect(guided).toContain('<who was affected and how>');
    await message.fill(
      guided
        .replace('<who was affected and how>', 'card payments failed for 40 minutes')
        .replace('<what restored service>', 'we reverted the configuration change'),
    );
    await ui.button('Post announcement').click();
    await tab.getByText(`Posted to ${announcements.id}.`).waitFor();
    expect(announcements.messages[0]?.text).toContain('card payments failed for 40 minutes');

    // The customer email, from the team's template, until the checker is clean.
    await tab.getByRole('link', { name: 'Draft the email' }).click();
    await ui.heading('Customer email').waitFor();
    const preview = ui.card('Preview');
    await preview.getByText('Dear customer,').waitFor();
    await ui
      .field(/^What happened/)
      .fill('we are thrilled to say the outage was due to AWS. Card payments at checkout failed.');
    await ui.field(/^Who was affected/).fill('Customers paying by card could not complete orders.');
    await ui
      .field(/^What we did/)
      .fill('We reverted the configuration change and retried the failed payments.');
    await ui
      .field(/^What will prevent it/)
      .fill('Configuration changes now roll out to a small share of traffic first.');
    await ui.field(/^Readers’ time zone/).fill('Europe/Berlin');
    await expect
      .poll(() => ui.emailMarks.allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining('thrilled'),
          expect.stringContaining('due to AWS'),
        ]),
      );
    await ui.screenshot(join(SCREENS, 'aftercare-email-findings.png'));
    await ui.field(/^What happened/).fill('card payments at checkout failed.');
    await ui.emailCheck.getByText('The checker finds nothing to change.').waitFor();
    expect(await ui.emailMarks.count()).toBe(0);
    await expect.poll(() => preview.textContent()).toMatch(/CET/);
    await ui.button('Save as .eml').click();
    const notice = await ui.notice(/^Saved .+\.eml$/, preview).textContent();
    const emlPath = /Saved (.+\.eml)/.exec(notice ?? '')?.[1] ?? '';
    expect(emlPath.startsWith(join(session.host.dataDir, 'exports'))).toBe(true);
    expect(existsSync(emlPath)).toBe(true);
    expect(readFileSync(emlPath, 'utf8')).toContain(
      'Subject: Incident report: Checkout payments failing',
    );
    await ui.screenshot(join(SCREENS, 'aftercare-email-clean.png'));

    // The post-mortem: two action items, each needing a named owner before it can be saved.
    await ui.open(`/${incident.id}/post-mortem`);
    await ui.heading('Post-mortem').waitFor();
    await ui.field('Impact').fill('Card payments failed for 40 minutes.');
    await ui.field('Root cause').fill('A configuration change disabled the card processor client.');
    await ui.button('Add action item').click();
    await ui.button('Add action item').click();
    await ui
      .actionItem(0)
      .getByLabel('What will change')
      .fill('Roll out configuration changes gradually');
    await ui.actionItem(0).getByLabel('Owner').fill('Robin Ops');
    await ui.actionItem(1).getByLabel('What will change').fill('Alert on card payment failures');
    await ui.actionItem(1).getByLabel('Owner').fill('TBD');
    await ui.button('Save and ticket action items').click();
    await ui
      .actionItem(1)
      .getByText(/"TBD" as owner, which is not a named person/)
      .waitFor();
    expect(linear.issues).toHaveLength(0);
    await ui.screenshot(join(SCREENS, 'aftercare-postmortem-owner.png'));
    await ui.actionItem(1).getByLabel('Owner').fill('Sam Ortiz');
    await ui.button('Save and ticket action items').click();
    await ui.notice('Post-mortem saved.').waitFor({ timeout: 15_000 });
    await expect.poll(() => ui.actionItem(1).textContent()).toMatch(/Ticket OPS-\d+/);
    expect(linear.issues.map((i) => i.title)).toEqual([
      'Roll out configuration changes gradually',
      'Alert on card payment failures',
    ]);
    // Layout at 1024 px: the Markdown pane stays inside its card; Reviewer and its button align.
    await tab.setViewportSize({ width: 1024, height: 640 });
    const draft = ui.card('Draft (Markdown)');
    const paneBox = await draft.getByText(/^# Post-mortem: /).boundingBox();
    const cardBox = await draft.boundingBox();
    expect((paneBox?.x ?? 0) + (paneBox?.width ?? 9999)).toBeLessThanOrEqual(
      (cardBox?.x ?? 0) + (cardBox?.width ?? 0),
    );
    const reviewer = await ui.field('Reviewer').boundingBox();
    const record = await ui.button('Record review').boundingBox();
    expect(
      Math.abs(
        (reviewer?.y ?? 0) + (reviewer?.height ?? 0) - (record?.y ?? 0) - (record?.height ?? 0),
      ),
    ).toBeLessThanOrEqual(2);
    await tab.setViewportSize({ width: 1280, height: 900 });
    const label = linear.labels.find((l) => l.name === 'post-mortem');
    expect(label).toBeDefined();
    expect(linear.issues.every((i) => i.labelIds.includes(label?.id ?? ''))).toBe(true);
    await expect
      .poll(() => draft.textContent())
      .toContain('Roll out configuration changes gradually — Robin Ops');
    await ui.screenshot(join(SCREENS, 'aftercare-postmortem.png'));

    // Export, ask for review in the incident channel, record who reviewed it.
    await ui.button('Export .md').click();
    const exported =
      /Saved (.+\.md)/.exec((await ui.notice(/^Saved .+\.md$/).textContent()) ?? '')?.[1] ?? '';
    expect(readFileSync(exported, 'utf8')).toContain('# Post-mortem: Checkout payments failing');
    await ui.button('Ask for review').click();
    await draft.getByText('Review request sent').waitFor();
    expect(channel.messages.at(-1)?.text).toContain('Post-mortem draft for review');
    await ui.field('Reviewer').fill('Sam Ortiz');
    await ui.button('Record review').click();
    await tab.getByText(/^Sam Ortiz · /).waitFor();

    // Open action items across incidents, with their age.
    await ui.open('/action-items');
    await ui.heading('Post-mortem action items').waitFor();
    const open = tab
      .getByRole('table')
      .getByRole('row')
      .filter({ has: tab.getByRole('button', { name: 'Mark shipped' }) });
    await expect.poll(() => open.count()).toBe(2);
    for (const title of [
      'Roll out configuration changes gradually',
      'Alert on card payment failures',
    ]) {
      await open.getByRole('cell', { name: title, exact: true }).waitFor();
    }
    await ui.screenshot(join(SCREENS, 'aftercare-action-items.png'));
  }, 120_000);
});
