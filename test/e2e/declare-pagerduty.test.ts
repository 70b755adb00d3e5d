/**
 * Browser end to end on the Node host with the Zephyr platform and PagerDuty (the fake) both
 * configured: with the keyboard only, the user declares an incident and, on the Review step,
 * chooses to page through a PagerDuty service found by searching. The Review step then names the
 * service instead of people and says the CLI pages through the platform; the run opens exactly
 * one PagerDuty incident on that service (its link on the Run screen) and no platform page.
 * Each checked step passes axe-core with no serious or critical violation.
 */
import { mkdirSync } from 'node:fs';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyFake } from '../fakes/pagerduty-fake.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { world } from '../main/core/pagerduty/world.js';
import {
  openHostInBrowser,
  SCREENS_DIR as SCREENS,
  type HostInBrowser,
} from './helpers/host-in-browser.js';
import { DeclareWizardPage } from './pages/declare-wizard-page.js';

describe('declare an incident paging through PagerDuty, keyboard only (Node host)', () => {
  let platform: TestPlatform;
  let pagerduty: PagerDutyFake;
  let session: HostInBrowser;
  let tab: BrowserPage;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    const account = world();
    pagerduty = new PagerDutyFake(account, { clock: { now: () => Date.now() } });
    await pagerduty.start();
    session = await openHostInBrowser({
      env: {
        ZEPHYR_PLATFORM_URL: platform.url,
        ZEPHYR_PLATFORM_TOKEN: platform.token,
        ZEPHYR_PAGERDUTY_API_URL: pagerduty.url,
        ZEPHYR_PAGERDUTY_TOKEN: account.token,
      },
      // Only so axe-core can be injected with a script tag; the app's own CSP stays as shipped.
      page: { viewport: { width: 1100, height: 1000 }, bypassCSP: true },
    });
    tab = session.tab;
  });

  afterAll(async () => {
    await session?.close();
    await pagerduty?.close();
    await platform?.close();
  });

  it('pages one PagerDuty service instead of people', async () => {
    const wizard = new DeclareWizardPage(tab);
    const expectClean = async (step: string): Promise<void> => {
      expect(await wizard.seriousViolations(), `axe on ${step}`).toEqual([]);
    };
    await wizard.tabTo(/^Declare incident$/);
    await tab.keyboard.press('Enter');

    await wizard.stepOpened('What is happening');
    await wizard.tab();
    expect(await wizard.hasFocus(tab.getByLabel(/^Summary/))).toBe(true);
    await tab.keyboard.type('Checkout API returns 500s');
    await tab.keyboard.press('Enter');

    await wizard.heading('How bad').waitFor();
    // Nothing is suggested without answers and nothing is picked for the declarer: pick SEV-2
    // with the keyboard (Tab into the severity radios, then the arrow moves to and checks SEV-2).
    const severities = tab.getByRole('group', { name: 'Severity' });
    for (let i = 0; i < 40 && !(await wizard.hasFocus(severities)); i += 1) {
      await tab.keyboard.press('Tab');
    }
    await tab.keyboard.press('ArrowDown');
    expect(await wizard.severity(2).isChecked()).toBe(true);
    await wizard.tabTo(/^Next: who$/);
    await tab.keyboard.press('Enter');
    await wizard.heading('Who').waitFor();
    await wizard.tabTo(/^Next: review$/);
    await tab.keyboard.press('Enter');

    // Review: the platform is the default; the arrow key moves to "A PagerDuty service".
    await wizard.heading('Review').waitFor();
    await tab.getByRole('group', { name: 'Page through' }).waitFor();
    await wizard.pagedPeople.first().waitFor();
    expect(await tab.getByRole('radio', { name: /Zephyr platform/ }).isChecked()).toBe(true);
    await wizard.tab();
    expect(await wizard.hasFocus(tab.getByRole('group', { name: 'Page through' }))).toBe(true);
    await tab.keyboard.press('ArrowDown');
    expect(await tab.getByRole('radio', { name: /A PagerDuty service/ }).isChecked()).toBe(true);
    await tab.getByText('Choose the PagerDuty service to page above.').waitFor();

    // Search, then pick with the arrow key in the native select.
    await wizard.tab();
    expect(
      await wizard.hasFocus(tab.getByRole('searchbox', { name: 'Search PagerDuty services' })),
    ).toBe(true);
    await tab.keyboard.type('check');
    await tab.getByText('1 service.').waitFor();
    await wizard.tab();
    const service = tab.getByRole('combobox', { name: /^PagerDuty service/ });
    expect(await wizard.hasFocus(service)).toBe(true);
    await tab.keyboard.press('ArrowDown');
    expect(
      await service.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.text ?? ''),
    ).toMatch(/^Checkout API\b/);
    const search = pagerduty.requestsTo('/services', 'GET').at(-1);
    expect(search?.query.get('query')).toBe('check');

    await wizard
      .section('Who will be paged')
      .getByText(/PagerDuty service Checkout API is paged \(its escalation policy decides who\)/)
      .waitFor();
    await tab.getByText(/CLI command pages through the Zephyr platform/).waitFor();
    await wizard.plannedActions
      .filter({ hasText: /Page through PagerDuty: one .*-urgency incident on Checkout API/ })
      .waitFor();
    await expectClean('review with PagerDuty');
    await wizard.screenshot(SCREENS, 'declare-pagerduty-review');

    // The policy's "usually two" investigators: going ahead with none needs the explicit
    // confirmation (ticked with the keyboard: Space on the focused checkbox).
    await wizard.fewerInvestigators.focus();
    await tab.keyboard.press('Space');
    expect(await wizard.fewerInvestigators.isChecked()).toBe(true);
    await wizard.tabTo(/^Declare incident$/);
    await tab.keyboard.press('Enter');

    await wizard.heading('Run').waitFor();
    const pagesRow = wizard.doneRows.filter({ hasText: /PagerDuty incident PINC/ });
    await pagesRow.waitFor({ timeout: 30_000 });
    await expectClean('run');
    await wizard.screenshot(SCREENS, 'declare-pagerduty-run');

    const incidents = pagerduty
      .state()
      .incidents.filter((i) => i.incidentKey?.startsWith('zephyr-declaration:'));
    expect(incidents.map((i) => [i.serviceId, i.title])).toEqual([
      [
        'PCHECKO',
        expect.stringMatching(/^SEV-\d: Checkout API returns 500s$/) as unknown as string,
      ],
    ]);
    expect(await pagesRow.getByRole('button', { name: /^Open/ }).getAttribute('title')).toBe(
      `https://fake.pagerduty.com/incidents/${incidents[0]?.id}`,
    );
    const after = await platform.control.state();
    const incident = after.incidents.find((i) => i.summary === 'Checkout API returns 500s');
    expect(incident).toBeDefined();
    expect(after.pages.filter((p) => p.incidentId === incident?.id)).toEqual([]);
  });
});
