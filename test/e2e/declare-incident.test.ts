/**
 * Browser end to end on the Node host: a SEV-2 page for `checkout` rings; with the keyboard only
 * (Tab, Enter, Space, arrow keys) the user acknowledges it, follows "Declare an incident for this
 * page", answers the severity questions, keeps the suggested SEV-2, keeps the suggested roles,
 * reviews who is paged (checked against the platform's roster) and declares. Every action ends
 * done against loopback fakes (stateful Slack, Statuspage and Linear over HTTP, the local
 * platform), with exactly one channel (topic, invitees and pinned runbook as sent), status page
 * incident (name, status, impact), ticket and page per paged rotation. Each step passes axe-core
 * with no serious or critical violation. Everything is read by role, name and visible text.
 */
import { mkdirSync } from 'node:fs';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/shared/declaration.js';
import { DEFAULT_PLAYBOOK } from '../../src/shared/playbook.js';
import { SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import { LinearFake } from '../fakes/linear-fake.js';
import { SlackFake } from '../fakes/slack-fake.js';
import { StatuspageFake } from '../fakes/statuspage-fake.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { vendorEnv } from './helpers/vendor-env.js';
import {
  openHostInBrowser,
  SCREENS_DIR as SCREENS,
  type HostInBrowser,
} from './helpers/host-in-browser.js';
import { DeclareWizardPage } from './pages/declare-wizard-page.js';

describe('declare an incident from an alert, keyboard only (Node host)', () => {
  let platform: TestPlatform;
  let slack: SlackFake;
  let statuspage: StatuspageFake;
  let linear: LinearFake;
  let session: HostInBrowser;
  let tab: BrowserPage;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    slack = await new SlackFake().start();
    for (const id of ['sam', 'marcus', 'priya'])
      slack.users.set(`${id}@example.com`, `U${id.toUpperCase()}`);
    statuspage = await new StatuspageFake().start();
    linear = await new LinearFake().start();
    session = await openHostInBrowser({
      env: {
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: platform.token,
        ...vendorEnv({ slack, statuspage, linear }),
      },
      // Only so axe-core can be injected with a script tag; the app's own CSP stays as shipped.
      page: { viewport: { width: 1100, height: 900 }, bypassCSP: true },
    });
    tab = session.tab;
  });

  afterAll(async () => {
    await session?.close();
    await slack?.close();
    await statuspage?.close();
    await linear?.close();
    await platform?.close();
  });

  it('declares a SEV-2 for checkout, pages the right people and runs every action', async () => {
    const wizard = new DeclareWizardPage(tab);
    const expectClean = async (step: string): Promise<void> => {
      const violations = await wizard.seriousViolations();
      expect(violations, `axe on ${step}`).toEqual([]);
    };
    const page = await platform.control.createPage({
      title: 'Checkout p99 elevated in eu-frankfurt',
      severity: 2,
      service: 'checkout',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });

    // The alert takes the focus: Enter acknowledges.
    const alert = tab.getByRole('alertdialog');
    await alert.waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await wizard.focused()).text).toMatch(/^Acknowledge/);
    await tab.keyboard.press('Enter');
    await tab
      .getByText(/acknowledged by Robin Ops/)
      .first()
      .waitFor({ timeout: 20_000 });
    await wizard.tabTo(/^Declare an incident for this page/);
    await tab.keyboard.press('Enter');

    // 1. What is happening: prefilled from the page.
    await wizard.stepOpened('What is happening');
    expect(await tab.getByLabel(/^Summary/).inputValue()).toBe(
      'Checkout p99 elevated in eu-frankfurt',
    );
    expect(await tab.getByLabel(/^Service/).inputValue()).toBe('checkout');
    await tab.getByText(/You will not be punished/).waitFor();
    await expectClean('step 1');
    await wizard.screenshot(SCREENS, 'declare-1-what');
    await wizard.tab();
    expect(await wizard.hasFocus(tab.getByLabel(/^Summary/))).toBe(true);
    await wizard.tab();
    expect(await wizard.hasFocus(tab.getByLabel(/^Service/))).toBe(true);
    await wizard.tab();
    expect(await wizard.hasFocus(tab.getByLabel(/^Region/))).toBe(true);
    await tab.keyboard.type('eu-frankfurt');
    // Next without a summary says what is missing and puts the cursor back in the summary.
    const summary = tab.getByLabel(/^Summary/);
    await summary.fill('');
    await tab.getByLabel(/^Region/).focus();
    await tab.keyboard.press('Enter');
    const missing = tab.getByRole('alert').filter({ hasText: /^Write a short summary first/ });
    await missing.waitFor();
    expect(await wizard.hasFocus(summary)).toBe(true);
    await tab.keyboard.type('Checkout p99 elevated in eu-frankfurt');
    await missing.waitFor({ state: 'detached' });
    await tab.keyboard.press('Enter');

    // 2. How bad: customer-visible yes, data no, region no → SEV-2 suggested and kept.
    await wizard.stepOpened('How bad');
    const question = (name: string) => tab.getByRole('group', { name });
    await wizard.tab();
    expect(await wizard.hasFocus(question('Can customers see it?'))).toBe(true);
    await tab.keyboard.press('ArrowLeft');
    await tab.keyboard.press('ArrowLeft');
    await wizard.tab();
    expect(await wizard.hasFocus(question('Was data lost or exposed?'))).toBe(true);
    await tab.keyboard.press('ArrowLeft');
    await wizard.tab();
    expect(await wizard.hasFocus(question('Are several tenants or a whole region down?'))).toBe(
      true,
    );
    await tab.keyboard.press('ArrowLeft');
    await tab.getByText(/Suggested: SEV-2 Customers can see it\./).waitFor();
    await wizard.tab();
    expect(await wizard.hasFocus(question('Severity'))).toBe(true);
    await tab.keyboard.press('Space');
    expect(await wizard.severity(2).isChecked()).toBe(true);
    await expectClean('step 2');
    await wizard.screenshot(SCREENS, 'declare-2-how-bad');
    await wizard.tabTo(/^Next: who$/);
    await tab.keyboard.press('Enter');

    // 3. Who: me commanding, the EM on comms, the checkout owner investigating.
    await wizard.heading('Who').waitFor();
    const state = await platform.control.state();
    const now = Date.parse(state.now);
    const levelOne = (rotationId: string): string | undefined =>
      state.rotations
        .find((r) => r.id === rotationId)
        ?.shifts.find((s) => s.level === 1 && Date.parse(s.start) <= now && now < Date.parse(s.end))
        ?.person.id;
    const owner = levelOne(SAMPLE_ROTATIONS.checkout);
    const platformOnCall = levelOne(SAMPLE_ROTATIONS.platform);
    const em = levelOne(SAMPLE_ROTATIONS.em);
    expect(owner).toBeDefined();
    const nameOf = (id: string | undefined): string =>
      state.people.find((p) => p.id === id)?.name ?? `no person ${id}`;
    // What each picker shows: the chosen person's name first.
    const shown = (label: RegExp) =>
      tab
        .getByRole('combobox', { name: label })
        .evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.text ?? '');
    expect(await shown(/^Incident commander/)).toMatch(new RegExp(`^${nameOf(state.userId)}\\b`));
    expect(await shown(/^Comms/)).toMatch(new RegExp(`^${nameOf(em)}\\b`));
    const investigators = tab.getByRole('group', { name: 'Investigators' });
    expect(
      await investigators
        .getByRole('checkbox', { name: new RegExp(`^${nameOf(owner)}`) })
        .isChecked(),
    ).toBe(true);
    await expectClean('step 3');
    await wizard.screenshot(SCREENS, 'declare-3-who');
    await wizard.tabTo(/^Next: review$/);
    await tab.keyboard.press('Enter');

    // 4. Review: SEV-2 for checkout pages the checkout rotation and the platform rotation; their
    // level 1s are notified at once, me too when I am the platform's level 1 (and I am told so).
    await wizard.heading('Review').waitFor();
    await wizard.pagedPeople.first().waitFor();
    const expected = [owner, platformOnCall].filter(
      (id, i, all): id is string => !!id && all.indexOf(id) === i,
    );
    const names = expected.map((id) => state.people.find((p) => p.id === id)?.name ?? id);
    expect((await wizard.pagedPeople.allTextContents()).map((t) => t.split(' — ')[0])).toEqual(
      names,
    );
    if (platformOnCall === state.userId) {
      await tab.getByText(/Your own phone rings first/).waitFor();
    }
    expect(await wizard.plannedActions.count()).toBe(ACTION_IDS.length);
    expect(await wizard.plannedActions.filter({ hasText: 'skipped' }).count()).toBe(0);
    expect(await wizard.cliCommand.textContent()).toBe(
      "zephyr incident open --sev 2 --summary 'Checkout p99 elevated in eu-frankfurt' --service checkout --region eu-frankfurt",
    );
    // One investigator where the playbook says two: the review blocks until it is confirmed.
    await wizard.blockers.getByText(/Only 1 investigator/).waitFor();
    // The confirmation sits beside its label, as the app's other checkboxes; Space ticks it.
    const goAhead = /Go ahead with 1 investigator \(the playbook says 2/;
    expect(await wizard.checkboxBesideLabel(goAhead)).toEqual({ beside: true, leftOf: true });
    await wizard.fewerInvestigators.focus();
    await tab.keyboard.press('Space');
    await wizard.blockers.waitFor({ state: 'detached' });
    await expectClean('step 4');
    await wizard.screenshot(SCREENS, 'declare-4-review');
    await wizard.tabTo(/^Declare incident$/);
    await tab.keyboard.press('Enter');

    // 5. Run: every action done.
    await wizard.heading('Run').waitFor();
    await expect.poll(() => wizard.doneRows.count(), { timeout: 30_000 }).toBe(ACTION_IDS.length);
    await tab.getByText('Declared. Everything that could run is done.').waitFor();
    await expectClean('run');
    await wizard.screenshot(SCREENS, 'declare-5-run');

    // On the fakes: one of everything, one page per paged rotation, and what was actually sent.
    expect(slack.channels.length).toBe(1);
    const channel = slack.channels[0];
    expect(channel?.name).toMatch(/checkout-p99-elevated-in-eu-frankfurt$/);
    expect(channel?.topic).toBe(
      `SEV-2 · investigating · IC ${nameOf(state.userId)} · Checkout p99 elevated in eu-frankfurt`,
    );
    // Invited: everyone paged or with a role whom Slack knows by email (the bot made the channel).
    const invitees = [owner, platformOnCall, state.userId, em]
      .map((id) => state.people.find((p) => p.id === id)?.email ?? '')
      .map((email) => slack.users.get(email))
      .filter((id): id is string => id !== undefined);
    expect(invitees).toEqual(expect.arrayContaining(['USAM', 'UMARCUS']));
    expect([...(channel?.members ?? [])].sort()).toEqual(
      [...new Set([slack.botUserId, ...invitees])].sort(),
    );
    // Pinned: the runbook message, and only it; the kick-off names the roles.
    const runbook = channel?.messages.find((m) => m.text.includes(DEFAULT_PLAYBOOK.runbookUrl));
    expect(runbook).toBeDefined();
    expect(channel?.pins).toEqual([runbook?.ts]);
    const kickoff = channel?.messages.find((m) => m.text.includes('Commander:'));
    expect(kickoff?.text).toContain('*SEV-2: Checkout p99 elevated in eu-frankfurt*');
    expect(kickoff?.text).toContain(`Comms: ${nameOf(em)}`);
    expect(statuspage.incidents.length).toBe(1);
    expect(statuspage.incidents[0]).toMatchObject({
      name: 'Checkout p99 elevated in eu-frankfurt',
      status: 'investigating',
      impact_override: 'major',
    });
    expect(linear.issues.length).toBe(1);
    expect(linear.issues[0]?.title).toBe('SEV-2: Checkout p99 elevated in eu-frankfurt');
    const after = await platform.control.state();
    const incident = after.incidents.find(
      (i) => i.summary === 'Checkout p99 elevated in eu-frankfurt',
    );
    expect(incident?.severity).toBe(2);
    expect(incident?.links.channel).toBeDefined();
    expect(incident?.links.statusPage).toBe(statuspage.incidents[0]?.shortlink);
    expect(incident?.links.ticket).toBe(linear.issues[0]?.url);
    const declared = after.pages.filter((p) => p.incidentId === incident?.id && p.id !== page.id);
    expect(declared.map((p) => p.escalation.steps[0]?.person?.id ?? p.target.id).sort()).toEqual(
      [...expected].sort(),
    );
  });
});
