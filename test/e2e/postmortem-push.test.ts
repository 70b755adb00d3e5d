/**
 * Browser end to end on the Node host, against real git: an incident on the test platform, its
 * post-mortem written and saved; "Push to the platform repo" is disabled while no checkout is set
 * and says so, with a link to Settings; there the platform repo checkout is set to a temporary
 * clone whose remote is a local bare repository. A remote that has gone is reported in words;
 * then the push shows its progress (the bare remote's pre-receive hook holds it until the test
 * has seen it), and the branch on the bare remote holds the post-mortem the UI shows, with the
 * branch and the pull-request command on screen.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/shared/domain.js';
import { createGitRemote, git, type GitRemoteFixture } from '../helpers/git-remote.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { description } from './helpers/accessible.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';
import { IncidentConsolePage } from './pages/incident-console-page.js';
import { SettingsPage } from './pages/settings-page.js';

const SUMMARY = 'Search index stale';
const BRANCH = /^postmortem\/inc-[\w-]+-search-index-stale$/;
const PUSH = 'Push to the platform repo';

/** What the push shows as a definition list ("Branch", "File", "Commit"), term to definition. */
async function pushedFacts(scope: Locator): Promise<Record<string, string>> {
  const terms = await scope.getByRole('term').allTextContents();
  const definitions = await scope.getByRole('definition').allTextContents();
  return Object.fromEntries(terms.map((term, i) => [term, definitions[i] ?? '']));
}

describe('post-mortem pushed to the platform repo (Node host, real git)', () => {
  let platform: TestPlatform;
  let repo: GitRemoteFixture;
  let session: HostInBrowser;
  let tab: BrowserPage;
  let ui: IncidentConsolePage;
  let incident: Incident;

  beforeAll(async () => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    repo = createGitRemote('zephyr-e2e-push-');
    // The remote holds every push until the test creates the gate file, so progress shows.
    const hook = join(repo.bare, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      `#!/bin/sh\ncat >/dev/null\nwhile [ ! -f '${join(repo.dir, 'gate')}' ]; do sleep 0.05; done\n`,
    );
    chmodSync(hook, 0o755);
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    const res = await fetch(`${platform.url}/v1/incidents`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${platform.token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'e2e-postmortem-push',
      },
      body: JSON.stringify({
        severity: 3,
        summary: SUMMARY,
        service: 'search',
        roles: { commander: platform.userId, comms: platform.userId, investigators: [] },
      }),
    });
    expect(res.ok).toBe(true);
    incident = (await res.json()) as Incident;
    session = await openHostInBrowser({
      env: { ZEPHYR_PLATFORM_URL: platform.url, ZEPHYR_PLATFORM_TOKEN: platform.token },
      page: { viewport: { width: 1280, height: 900 } },
    });
    tab = session.tab;
    ui = new IncidentConsolePage(tab);
  });

  afterAll(async () => {
    await session?.close();
    await platform?.close();
    repo?.remove();
  });

  it('pushes the saved post-mortem on a new branch of the checkout and shows the branch', async () => {
    // The post-mortem, written and saved with one owned action item.
    await ui.open(`/${incident.id}/post-mortem`);
    await ui.heading('Post-mortem').waitFor({ timeout: 20_000 });
    await ui.field('Impact').fill('Search results were up to 40 minutes old.');
    await ui.field('Root cause').fill('The indexer stopped after a failed schema migration.');
    await ui.button('Add action item').click();
    await ui.actionItem(0).getByLabel('What will change').fill('Alert when the index lags');
    await ui.actionItem(0).getByLabel('Owner').fill('Robin Ops');
    await ui.button('Save and ticket action items').click();
    await ui.notice('Post-mortem saved.').waitFor();

    // No checkout set: the button is disabled and says why (its description), with the way to
    // Settings.
    const repoPart = tab.getByRole('region', { name: 'Platform repo', exact: true });
    const push = ui.button(PUSH);
    expect(await push.isDisabled()).toBe(true);
    await repoPart.getByText(/No platform repo checkout is set/).waitFor();
    expect(await description(push)).toMatch(
      /^No platform repo checkout is set, so there is nowhere to push to\. Set it in Settings /,
    );
    await ui.screenshot(join(SCREENS_DIR, 'postmortem-push-no-checkout.png'));
    await repoPart.getByRole('link', { name: 'Set it in Settings' }).click();
    const settings = new SettingsPage(tab);
    await settings.field('Platform repo checkout').fill(repo.checkout);
    await settings.saveButton.click();
    await tab.getByText('Saved.', { exact: true }).waitFor();

    // A remote that has gone: said in words, not git's output.
    git(repo.checkout, 'remote', 'set-url', 'origin', join(repo.dir, 'gone.git'));
    await ui.open(`/${incident.id}/post-mortem`);
    await ui.heading('Post-mortem').waitFor();
    await tab.getByText(`Commits the post-mortem on a new branch of ${repo.checkout}`).waitFor();
    await push.click();
    const error = tab.getByRole('alert').filter({ hasText: 'Could not push the post-mortem' });
    await error.getByText(/was not found, or you have no access to it/).waitFor();
    expect(await error.textContent()).not.toMatch(/fatal:|hint:|Please make sure/);
    await ui.screenshot(join(SCREENS_DIR, 'postmortem-push-error.png'));

    // The push: progress while git runs, then the branch and the pull-request command.
    git(repo.checkout, 'remote', 'set-url', 'origin', repo.bare);
    await push.click();
    const pushing = ui.button('Pushing…');
    await pushing.waitFor();
    expect(await pushing.isDisabled()).toBe(true);
    await tab
      .getByRole('status')
      .getByText(/pushing it with git/)
      .waitFor();
    await ui.screenshot(join(SCREENS_DIR, 'postmortem-push-progress.png'));
    writeFileSync(join(repo.dir, 'gate'), '');
    // When, with its zone ("Pushed Wed, 4:47 AM UTC.").
    await ui
      .notice(/^Pushed \w+,? \d{1,2}:\d{2}.* (UTC|GMT[+-]?[\d:]*|[A-Z]{2,5})\.$/, repoPart)
      .waitFor({ timeout: 20_000 });
    expect(await error.count()).toBe(0);

    // On the bare remote: the branch the UI names, with the post-mortem the preview shows.
    const { Branch: branch = '', File: file = '' } = await pushedFacts(repoPart);
    expect(branch).toMatch(BRANCH);
    expect(file).toMatch(/^postmortems\/\d{4}-\d{2}-\d{2}-search-index-stale\.md$/);
    const committed = git(repo.bare, 'show', `${branch}:${file}`);
    expect(committed).toContain(`# Post-mortem: ${SUMMARY}`);
    expect(committed).toContain('Alert when the index lags');
    const preview = ui.card('Draft (Markdown)').getByText(/^# Post-mortem: /);
    expect(committed).toBe(((await preview.textContent()) ?? '').trim());
    expect(git(repo.bare, 'log', '-1', '--format=%an|%s', branch)).toBe(
      `Ana Ruiz|Post-mortem: ${incident.id} ${SUMMARY}`,
    );
    const command = repoPart.getByRole('group', { name: 'Pull request command' });
    expect(await command.getByRole('code').textContent()).toBe(
      `git request-pull main ${repo.bare} ${branch}`,
    );
    // The user's checkout is left as it was: nothing written into its working tree.
    expect(existsSync(join(repo.checkout, file))).toBe(false);
    await tab.getByText('pushed', { exact: true }).waitFor();
    await ui.screenshot(join(SCREENS_DIR, 'postmortem-pushed.png'));
  });
});
