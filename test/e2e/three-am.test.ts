/**
 * Issue 12's 3 a.m. pass in the browser on the Node host, read as the user reads it:
 * - the wizard's Run step: skipped (not connected) steps say "Connect in Settings", which opens
 *   Settings, and offer no Retry; once the Run screen is left the console still lists the
 *   declaration's actions, and Retry there finishes a failed one;
 * - a crash mid-declaration (the host killed with SIGKILL while a page request hangs): the Run
 *   screen's link opens the incident's console, which lists the actions as they stand; after the
 *   restart the interrupted declaration shows in Now, Declare, Incidents and the console with its
 *   per-action state, and Resume finishes it;
 * - the status-update countdown counts in the platform's time (platform 14.5 min ahead), also
 *   after an update was posted from here;
 * - the clocks' "(you)" sits on the role the user holds (commander), not on Comms;
 * - an unknown time zone ("Mars/Olympus") is refused at its field, never silently UTC.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, Person } from '../../src/shared/domain.js';
import { createPlatformIncidentsClient } from '../../src/main/core/integrations/platform-incidents-client.js';
import { SAMPLE_PEOPLE } from '../../src/main/local-platform/roster.js';
import { LinearFake } from '../fakes/linear-fake.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';

const PAGE = { viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' };
/** Linear refuses every key while this is its accepted `Authorization`. */
const LINEAR_REFUSES = 'a key nobody has';

/** The local platform, the Linear fake and, once opened, a host with a tab on them. */
interface Stack {
  platform: TestPlatform;
  linear: LinearFake;
  session?: HostInBrowser;
}

/** Starts the platform (the app's user is Robin Ops) and the Linear fake. */
async function startStack(): Promise<Stack> {
  const platform = await startTestPlatform({
    user: { name: 'Robin Ops', email: 'robin@localhost' },
  });
  return { platform, linear: await new LinearFake().start() };
}

/**
 * Opens a host on `stack` (its environment: the platform, Linear on the fake; Slack and Statuspage
 * not set up) with a tab on it; `env` adds to it (e.g. the data directory of a crashed run).
 */
async function openHost(stack: Stack, env: Record<string, string> = {}): Promise<HostInBrowser> {
  stack.session = await openHostInBrowser({
    env: {
      ZEPHYR_PLATFORM_URL: stack.platform.url,
      ZEPHYR_PLATFORM_TOKEN: stack.platform.token,
      ZEPHYR_LINEAR_API_URL: stack.linear.apiUrl,
      ZEPHYR_LINEAR_TOKEN: 'lin_api_e2e',
      ZEPHYR_LINEAR_TEAM: 'OPS',
      ...env,
    },
    page: PAGE,
  });
  return stack.session;
}

async function closeStack(stack: Stack | undefined): Promise<void> {
  await stack?.session?.close();
  await stack?.linear.close();
  await stack?.platform.close();
}

/** Opens the console of the incident `summary` from the Incidents view. */
async function openConsole(tab: BrowserPage, summary: string): Promise<void> {
  await tab.getByRole('navigation').getByRole('link', { name: 'Incidents' }).click();
  await tab.getByRole('link', { name: summary }).click();
  await tab.getByRole('heading', { level: 1, name: new RegExp(summary) }).waitFor();
}

/** Declares a SEV-3 for checkout from the header's "Declare incident", up to the Run step. */
async function declareThroughWizard(tab: BrowserPage, summary: string): Promise<void> {
  const step = (name: string) => tab.getByRole('heading', { level: 2, name: new RegExp(name) });
  await tab.getByRole('link', { name: 'Declare incident' }).click();
  await step('What is happening').waitFor();
  await tab.getByLabel(/^Summary/).fill(summary);
  await tab.getByLabel('Service', { exact: true }).fill('checkout');
  await tab.getByRole('button', { name: 'Next: how bad' }).click();
  await step('How bad').waitFor();
  await tab.getByRole('radio', { name: /SEV-3/ }).check();
  await tab.getByRole('button', { name: 'Next: who' }).click();
  await step('Who').waitFor();
  await expect.poll(() => tab.getByLabel('Incident commander').inputValue()).not.toBe('');
  await tab.getByRole('button', { name: 'Next: review' }).click();
  await step('Review').waitFor();
  await tab.getByText('Who will be paged').first().waitFor();
  const fewer = tab.getByRole('checkbox', { name: /^Go ahead with/ });
  if ((await fewer.count()) > 0) await fewer.check();
  await tab.getByRole('button', { name: 'Declare incident' }).click();
  await step('Run').waitFor();
}

/** A full-page screenshot `three-am-<name>.png` in the ignored screenshots folder. */
async function screenshot(tab: BrowserPage, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await tab.screenshot({ path: join(SCREENS_DIR, `three-am-${name}.png`), fullPage: true });
}

/** The list item of `scope` whose text matches `text`. */
const row = (scope: Locator, text: string | RegExp) =>
  scope.getByRole('listitem').filter({ hasText: text });

describe('the 3 a.m. pass: no dead ends (Node host)', () => {
  let stack: Stack;
  let linear: LinearFake;
  let tab: BrowserPage;

  beforeAll(async () => {
    stack = await startStack();
    ({ linear } = stack);
    ({ tab } = await openHost(stack));
  });

  afterAll(() => closeStack(stack));

  it('Run: "Connect in Settings" on skipped steps, no dead Retry; the console keeps Retry', async () => {
    const summary = 'Search index lagging behind';
    linear.acceptedAuth = LINEAR_REFUSES;
    await declareThroughWizard(tab, summary);

    await tab
      .getByRole('status')
      .getByText('1 action failed: retry below, the rest is done.')
      .waitFor({ timeout: 30_000 });
    await tab.getByRole('link', { name: "Open the incident's console" }).waitFor();
    // Slack (five steps) and the status page are not set up: each says so and links to Settings.
    const skipped = row(tab.getByRole('main'), /is not connected/);
    expect(await skipped.count()).toBe(6);
    for (const r of await skipped.all()) {
      expect(await r.getByRole('link', { name: 'Connect in Settings' }).count()).toBe(1);
      expect(await r.getByRole('button').count()).toBe(0);
    }
    // The one Retry is on the step that failed: the Linear ticket.
    const retries = tab.getByRole('button', { name: /^Retry/ });
    expect(await retries.count()).toBe(1);
    expect(await retries.textContent()).toMatch(/Linear/);
    await screenshot(tab, 'run');

    await skipped.first().getByRole('link', { name: 'Connect in Settings' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    // The Run screen is gone; the console still lists the declaration's actions, with Retry.
    await openConsole(tab, summary);
    const actions = tab.getByRole('region', { name: 'Declaration actions' });
    const ticket = row(actions, /Linear/);
    await ticket.getByText('Failed').waitFor();
    expect(await row(actions, 'Slack is not connected').count()).toBe(5);
    linear.acceptedAuth = undefined;
    await ticket.getByRole('button', { name: /^Retry/ }).click();
    await ticket.getByText('Done').waitFor({ timeout: 15_000 });
    expect(await ticket.getByRole('button', { name: /^Retry/ }).count()).toBe(0);
    await screenshot(tab, 'console-actions');
    expect(linear.issues.map((i) => i.title)).toEqual([expect.stringContaining(summary)]);
  }, 120_000);
});

describe('the 3 a.m. pass: a crash mid-declaration (Node host)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(() => closeStack(stack));

  it('shows the interrupted declaration everywhere with its actions; Resume finishes it', async () => {
    const summary = 'Checkout workers stuck';
    const { platform, linear } = stack;
    linear.acceptedAuth = LINEAR_REFUSES;
    const first = await openHost(stack);
    // Every page request hangs: the declaration stops while it pages.
    await platform.control.fault({ kind: 'hang', path: '/v1/pages', count: 100_000 });
    await declareThroughWizard(first.tab, summary);
    await first.tab.getByRole('link', { name: "Open the incident's console" }).click();
    await first.tab.getByRole('heading', { level: 1, name: new RegExp(summary) }).waitFor();
    const before = first.tab.getByRole('region', { name: 'Declaration actions' });
    await row(before, 'Page the responders').getByText('Running').waitFor({ timeout: 15_000 });
    expect(await row(before, 'Open the incident on the platform').textContent()).toContain('Done');

    await first.host.kill();
    await first.browser.close();
    await platform.control.clearFaults();
    const { tab } = await openHost(stack, { ZEPHYR_DATA_DIR: first.host.dataDir });

    // Now: the declaration, each action's state, and Resume once the background resume stopped.
    const card = tab.getByRole('region', { name: `Interrupted declaration: ${summary}` });
    await card.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 30_000 });
    expect(await row(card, 'Page the responders').textContent()).toContain('Done');
    expect(await row(card, 'Open the Linear ticket').textContent()).toContain('Failed');
    expect(await row(card, 'Slack is not connected').count()).toBe(5);
    await screenshot(tab, 'interrupted-now');

    // Declare and Incidents show it too.
    await tab.getByRole('link', { name: 'Declare incident' }).click();
    await card.getByRole('button', { name: 'Resume' }).waitFor();
    await tab.getByRole('navigation').getByRole('link', { name: 'Incidents' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await card.getByRole('button', { name: 'Resume' }).waitFor();

    // The console: the declaration's actions as they stand.
    await card.getByRole('link', { name: "Open the incident's console" }).click();
    await tab.getByRole('heading', { level: 1, name: new RegExp(summary) }).waitFor();
    const actions = tab.getByRole('region', { name: 'Declaration actions' });
    await row(actions, 'Open the Linear ticket').getByText('Failed').waitFor();

    // Resume (from Now) finishes it: the card goes, the console shows every action ended.
    linear.acceptedAuth = undefined;
    await tab.getByRole('navigation').getByRole('link', { name: 'Now' }).click();
    await card.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);
    expect(linear.issues).toHaveLength(1);
    const state = await platform.control.state();
    const incident = state.incidents.find((i) => i.summary === summary);
    expect(incident?.links.ticket).toBe(linear.issues[0]?.url);
    // One page per paged rotation, even though the first attempt was cut off mid-request.
    const pages = state.pages.filter((p) => p.incidentId === incident?.id);
    expect(pages).toHaveLength(1);
  }, 120_000);
});

describe('the 3 a.m. pass: exact clocks, the right "(you)", time zones (Node host)', () => {
  let stack: Stack;
  let tab: BrowserPage;
  let incident: Incident;
  const summary = 'Card payments slow';

  /** The incident's clock row `kind` ("Next status update"…) in the open console page. */
  const clock = (kind: string) => row(tab.getByRole('region', { name: 'Clocks' }), kind);

  beforeAll(async () => {
    stack = await startStack();
    const { platform } = stack;
    const { people, userId } = await platform.control.state();
    const person = (id: string): Person => {
      const p = people.find((x) => x.id === id);
      if (!p) throw new Error(`no ${id} on the platform`);
      return { id: p.id, name: p.name, email: p.email };
    };
    // I command; Priya is Comms.
    incident = await createPlatformIncidentsClient({
      baseUrl: platform.url,
      token: platform.token,
    }).createIncident(
      {
        severity: 2,
        summary,
        service: 'payments',
        roles: {
          commander: person(userId),
          comms: person(SAMPLE_PEOPLE.platformSecond),
          investigators: [],
        },
      },
      'three-am-incident',
    );
    // The platform's clock is now 14.5 minutes ahead of the laptop's: the update is due in 0:30.
    await platform.control.advance(14.5 * 60);
    ({ tab } = await openHost(stack));
  });

  afterAll(() => closeStack(stack));

  it('counts the status update in the platform’s time; "(you)" only on the commander', async () => {
    await openConsole(tab, summary);
    const update = clock('Next status update');
    await expect
      .poll(() => update.getByRole('timer').textContent(), { timeout: 20_000 })
      .toMatch(/^0:[0-3]\d left$/);
    // The status update is Comms' clock: Priya's, not mine.
    expect(await update.textContent()).toContain('Priya Raman');
    expect(await update.textContent()).not.toContain('(you)');
    await screenshot(tab, 'clock-skew');

    // An update posted from here restarts the 15 minutes, in the platform's time too.
    await tab
      .getByRole('button', { name: 'Still investigating, next update in 15 minutes' })
      .click();
    await tab.getByRole('button', { name: 'Post update' }).click();
    await tab.getByRole('region', { name: 'Updates posted from here' }).waitFor();
    await expect
      .poll(() => update.getByRole('timer').textContent(), { timeout: 15_000 })
      .toMatch(/^1[45]:\d\d left$/);

    // Resolved: the customer email is Comms' (Priya), the post-mortem the commander's (me).
    await tab.getByRole('button', { name: 'Resolve incident…' }).click();
    await tab.getByRole('button', { name: `Yes, resolve ${incident.id}` }).click();
    await clock('Post-mortem').waitFor({ timeout: 15_000 });
    expect(await clock('Post-mortem').textContent()).toContain('Robin Ops (you)');
    expect(await clock('Customer email').textContent()).toContain('Priya Raman');
    expect(await clock('Customer email').textContent()).not.toContain('(you)');
    await screenshot(tab, 'clocks-resolved');
  });

  it('refuses an unknown time zone at its field (customer email, post-mortem)', async () => {
    await clock('Customer email').getByRole('link', { name: 'Draft the email' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Customer email' }).waitFor();
    const zone = tab.getByLabel(/^Readers’ time zone/);
    await zone.fill('Mars/Olympus');
    await expect.poll(() => zone.getAttribute('aria-invalid')).toBe('true');
    await tab.getByText(/“Mars\/Olympus” is not a time zone/).waitFor();
    expect(await tab.getByRole('button', { name: 'Save draft' }).isDisabled()).toBe(true);
    await zone.fill('Europe/Berlin');
    await expect.poll(() => zone.getAttribute('aria-invalid')).not.toBe('true');

    await tab.goBack();
    await clock('Post-mortem').getByRole('link', { name: 'Draft the post-mortem' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Post-mortem' }).waitFor();
    const pmZone = tab.getByLabel(/^Time zone of the timeline/);
    await pmZone.fill('Mars/Olympus');
    await expect.poll(() => pmZone.getAttribute('aria-invalid')).toBe('true');
    await tab.getByText(/“Mars\/Olympus” is not a time zone/).waitFor();
    const save = tab.getByRole('button', { name: 'Save and ticket action items' });
    expect(await save.isDisabled()).toBe(true);
    await pmZone.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await tab.screenshot({ path: join(SCREENS_DIR, 'three-am-zone-refused.png') });
    await pmZone.fill('America/Los_Angeles');
    await expect.poll(() => save.isDisabled()).toBe(false);
    expect(await tab.getByText(/is not a time zone/).count()).toBe(0);
  });
});
