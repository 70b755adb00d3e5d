/**
 * Browser end to end on the Node host (issue 11 item 5, issue 12's timeline): a SEV-3 declared in
 * the wizard (its status page entry unticked with a reason), raised to SEV-1 in the console; on
 * the local platform the EM and the founder are notified once each and nobody twice, even after
 * 20 minutes of escalation; Comms handed to the EM, who joins the channel; the timeline read as
 * the user sees it: every action with its time and who did it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';
import { startVendorFakes, type VendorFakes } from './helpers/vendor-env.js';

const SUMMARY = 'Checkout retries elevated';
const REASON = 'Internal retries only: no customer impact';

describe('changing severity and roles during an incident (Node host)', () => {
  let platform: TestPlatform;
  let fakes: VendorFakes;
  let session: HostInBrowser;
  let tab: BrowserPage;

  beforeAll(async () => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    fakes = await startVendorFakes();
    // Everyone on the sample roster has a Slack account, so invites can be checked by user id.
    fakes.slack.users.set('robin@localhost', 'UROBIN');
    for (const id of ['priya', 'marcus', 'dana', 'sam', 'jules'])
      fakes.slack.users.set(`${id}@example.com`, `U${id.toUpperCase()}`);
    session = await openHostInBrowser({
      env: {
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: platform.token,
        ...fakes.env,
      },
      page: { viewport: { width: 1280, height: 900 } },
    });
    tab = session.tab;
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await fakes?.close();
    await platform?.close();
  });

  const button = (name: string | RegExp) => tab.getByRole('button', { name });

  /** Declares the SEV-3 in the wizard, with the mouse; answers the platform incident's id. */
  async function declareSev3(): Promise<string> {
    await tab.getByRole('link', { name: 'Declare incident' }).click();
    await tab.getByLabel(/^Summary/).fill(SUMMARY);
    await tab.getByLabel('Service').fill('checkout');
    await button('Next: how bad').click();
    await tab.getByRole('radio', { name: /SEV-3/ }).check();
    await button('Next: who').click();
    const comms = tab.getByLabel('Comms');
    const priya = await comms.getByRole('option', { name: 'Priya Raman' }).textContent();
    await comms.selectOption({ label: priya ?? '' });
    await button('Next: review').click();
    await tab.getByRole('heading', { level: 2, name: /Review/ }).waitFor();
    const fewer = tab.getByRole('checkbox', { name: /^Go ahead with/ });
    if (await fewer.isVisible()) await fewer.check();
    await tab.getByRole('checkbox', { name: 'Post a status page entry' }).uncheck();
    await tab.getByLabel(/Why not/).fill(REASON);
    await button('Declare incident').click();
    // The run ends done or with failed actions; the shared machine may be slow.
    const summary = tab.getByText(
      /^(Declared\. Everything that could run is done\.|\d+ actions? failed)/,
    );
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe('Declared. Everything that could run is done.');
    const incident = (await platform.control.state()).incidents.find((i) => i.summary === SUMMARY);
    expect(incident?.severity).toBe(3);
    await tab.getByRole('link', { name: "Open the incident's console" }).click();
    await tab.getByRole('heading', { level: 1, name: new RegExp(SUMMARY) }).waitFor();
    return incident?.id ?? '';
  }

  /** Every notification of the incident's pages, per person id. */
  async function notifiedPerPerson(incidentId: string): Promise<Record<string, number>> {
    const state = await platform.control.state();
    const pageIds = new Set(
      state.pages.filter((p) => p.incidentId === incidentId).map((p) => p.id),
    );
    const counts: Record<string, number> = {};
    for (const n of state.notifications) {
      if (pageIds.has(n.pageId)) counts[n.personId] = (counts[n.personId] ?? 0) + 1;
    }
    return counts;
  }

  it('raises a SEV-3 to SEV-1, hands Comms over, and shows every action on the timeline', async () => {
    const incidentId = await declareSev3();
    expect(await notifiedPerPerson(incidentId)).toEqual({ sam: 1 });

    // Raise it: the confirmation says who SEV-1 adds.
    const changes = tab.getByRole('region', { name: 'Change severity or roles' });
    await changes.getByLabel('Severity').selectOption('1');
    await changes.getByRole('button', { name: 'Change severity…' }).click();
    await changes
      .getByText(/Raise to SEV-1\? It pages whoever SEV-1 adds \(All platform/)
      .waitFor();
    await changes.screenshot({ path: join(SCREENS_DIR, 'incident-changes-confirm.png') });
    await changes.getByRole('button', { name: 'Yes, raise to SEV-1' }).click();
    const outcome = changes.getByRole('list', { name: 'What the change did' });
    await outcome
      .getByText(
        'Paged for SEV-1: Priya Raman, Engineering managers rotation (Marcus Lee), Founders rotation (Dana Okafor)',
      )
      .waitFor({ timeout: 30_000 });
    await tab.getByRole('heading', { level: 1 }).getByText('SEV-1').waitFor();
    // What the raise did after, each with its result: the channel told, its topic, the status page.
    const followUps = changes.getByRole('list', { name: 'After the change from SEV-3 to SEV-1' });
    await followUps.getByText('Update the status page: Done', { exact: false }).waitFor();
    expect(await followUps.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Tell the Slack channel: Done · Posted in the channel/),
      expect.stringMatching(/^Update the channel topic: Done · Topic: SEV-1 · investigating · /),
      expect.stringMatching(
        /^Update the status page: Done · Entry posted \(investigating, impact critical\)/,
      ),
    ]);
    expect(fakes.slack.channels[0]?.messages.map((m) => m.text)).toContainEqual(
      expect.stringMatching(
        /^Severity raised from SEV-3 to SEV-1 by Robin Ops: paging Priya Raman, /,
      ),
    );
    expect(fakes.slack.channels[0]?.topic).toMatch(/^SEV-1 · investigating · /);
    expect(fakes.statuspage.incidents.map((i) => i.impact_override)).toEqual(['critical']);
    await changes.screenshot({ path: join(SCREENS_DIR, 'incident-changes-follow-ups.png') });
    expect(
      (await platform.control.state()).incidents.find((i) => i.id === incidentId),
    ).toMatchObject({ severity: 1 });

    // On the platform: the EM and the founder once each, nobody twice, also once every chain ran.
    expect(await notifiedPerPerson(incidentId)).toEqual({ sam: 1, priya: 1, marcus: 1, dana: 1 });
    for (let i = 0; i < 4; i += 1) await platform.control.advance(300);
    const after = await notifiedPerPerson(incidentId);
    expect(after).toEqual({ sam: 1, priya: 1, marcus: 1, dana: 1 });

    // Hand Comms to the EM: the platform has them, and they join the channel.
    await changes.getByLabel('Comms').selectOption({ label: 'Marcus Lee' });
    await changes.getByRole('button', { name: 'Change Comms' }).click();
    await outcome.getByText('Comms handed from Priya Raman to Marcus Lee').waitFor();
    const incident = (await platform.control.state()).incidents.find((i) => i.id === incidentId);
    expect(incident?.roles.comms?.id).toBe('marcus');
    expect(fakes.slack.channels[0]?.members).toEqual(expect.arrayContaining(['UMARCUS', 'UDANA']));
    await tab.getByRole('region', { name: 'Roles and links' }).getByText('Marcus Lee').waitFor();

    // A status update, then the timeline as the user reads it: time and zone, actor, what.
    await button('Still investigating, next update in 15 minutes').click();
    await button('Post update').click();
    const timeline = tab.getByRole('region', { name: 'Timeline' });
    await timeline.getByText(/Status update \(investigating\)/).waitFor({ timeout: 30_000 });
    const lines = await timeline.getByRole('listitem').allInnerTexts();
    const time = String.raw`\d{1,2}:\d{2}(?: [AP]M)? [A-Z][A-Za-z0-9+:-]*`;
    const by = (who: string, what: string) =>
      expect.stringMatching(new RegExp(`^${time} ${who} · ${what}$`));
    const robin = (what: string) => by('Robin Ops', what);
    expect(lines).toEqual(
      expect.arrayContaining([
        robin(`Declared SEV-3 \\(${incidentId}\\): ${SUMMARY}`),
        robin('Paged Checkout rotation \\(Sam Ortiz\\)'),
        robin('Slack channel #\\S+ created'),
        robin(`No status page entry for this SEV-3: unticked at review \\(“${REASON}”\\)`),
        robin('Ticket \\S+ created'),
        robin('Runbook pinned in the channel'),
        robin('Severity raised from SEV-3 to SEV-1'),
        robin(
          'Paged for SEV-1: Priya Raman, Engineering managers rotation \\(Marcus Lee\\), Founders rotation \\(Dana Okafor\\)',
        ),
        robin('Invited Priya Raman, Marcus Lee, Dana Okafor to the channel'),
        robin('Posted in the channel: “Severity raised from SEV-3 to SEV-1 by Robin Ops: .*”'),
        robin(
          'Status page entry posted \\(investigating, impact critical\\): SEV-1 is customer-visible',
        ),
        robin('Comms handed from Priya Raman to Marcus Lee'),
        robin('Status update \\(investigating\\): Still investigating\\. .*'),
      ]),
    );
    // Newest first: the status update, then the Comms change, then the raise.
    const order = ['Status update', 'Comms handed', 'Severity raised', 'Declared SEV-3'].map((t) =>
      lines.findIndex((l) => l.includes(t)),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await timeline.screenshot({ path: join(SCREENS_DIR, 'incident-changes-timeline.png') });
    // From the top: the sticky header would otherwise land mid-page.
    await tab.evaluate(() => window.scrollTo(0, 0));
    await tab.screenshot({
      path: join(SCREENS_DIR, 'incident-changes-console.png'),
      fullPage: true,
    });
  }, 180_000);
});
