/**
 * Several pages at once, in the browser on the Node host at 1024×640 in Los Angeles time: the
 * alert orders pages by severity then age, clamps a 5,000-character title to three lines with the
 * full text on demand, keeps the most urgent Acknowledge in view, rings a storm once as a summary,
 * and "Acknowledge all (N)" asks first, naming the pages, then acknowledges each one through the
 * outbox. Saves the light and dark screenshots under docs/screenshots/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../src/shared/domain.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { openHostInBrowser, SCREENS_DIR, type HostInBrowser } from './helpers/host-in-browser.js';

const LONG_TITLE =
  `Disk pressure on db-replica-3: ${'replication lag keeps growing while vacuum runs '.repeat(110)}`.slice(
    0,
    5000,
  );

describe('several pages at once (Node host, 1024×640, Los Angeles)', () => {
  let platform: TestPlatform;
  let session: HostInBrowser;
  let tab: BrowserPage;
  const pages: Page[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    session = await openHostInBrowser({
      env: { ZEPHYR_PLATFORM_URL: platform.url, ZEPHYR_PLATFORM_TOKEN: platform.token },
      page: { viewport: { width: 1024, height: 640 }, timezoneId: 'America/Los_Angeles' },
    });
    ({ tab } = session);
  });

  afterAll(async () => {
    await session?.close();
    await platform?.close();
  });

  it('orders by severity, clamps the long title and keeps the SEV-1 Acknowledge in view', async () => {
    const me = { person: platform.userId };
    pages.push(
      await platform.control.createPage({ title: 'Queue depth high', severity: 3, target: me }),
    );
    await platform.control.advance(20);
    pages.push(await platform.control.createPage({ title: LONG_TITLE, severity: 2, target: me }));
    await platform.control.advance(20);
    pages.push(
      await platform.control.createPage({ title: 'Checkout is down', severity: 1, target: me }),
    );

    const alert = tab.getByRole('alertdialog');
    const cards = alert.getByRole('article');
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(3);
    const cardTitles = cards.getByRole('heading', { level: 2 });
    const titles = await cardTitles.allTextContents();
    expect(titles.map((t) => t.slice(0, 20))).toEqual([
      'Checkout is down',
      LONG_TITLE.slice(0, 20),
      'Queue depth high',
    ]);

    const sev1Ack = cards.first().getByRole('button', { name: 'Acknowledge', exact: true });
    const box = await sev1Ack.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 9999) + (box?.height ?? 0)).toBeLessThanOrEqual(640);
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);

    // Three lines at most, the full text one click away.
    const long = cardTitles.nth(1);
    const lineHeight = await long.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    const clamped = (await long.boundingBox())?.height ?? 9999;
    expect(clamped).toBeLessThanOrEqual(lineHeight * 3 + 2);
    await alert.getByRole('button', { name: 'Show full title' }).click();
    expect((await long.boundingBox())?.height ?? 0).toBeGreaterThan(lineHeight * 10);
    await alert.getByRole('button', { name: 'Show less' }).click();
    await alert.evaluate((el) => el.scrollTo(0, 0));

    await tab.screenshot({ path: join(SCREENS_DIR, 'alert-three-pages-light.png') });
    await tab.emulateMedia({ colorScheme: 'dark' });
    await tab.screenshot({ path: join(SCREENS_DIR, 'alert-three-pages-dark.png') });
    await tab.emulateMedia({ colorScheme: 'light' });
  });

  it('rings the storm once as a summary notification', () => {
    const dir = join(session.host.dataDir, 'logs');
    const log = readdirSync(dir)
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('');
    expect(log).toContain('page storm: one summary notification');
    // The third page joined the storm: it never rang on its own.
    expect(log).not.toContain(`page rings","key":"zephyr:${pages[2]?.id}`);
  });

  it('"Acknowledge all (3)" asks first, naming the pages, then acknowledges each once', async () => {
    const alert = tab.getByRole('alertdialog');
    await alert.getByRole('button', { name: 'Acknowledge all (3)' }).click();
    const confirm = alert.getByRole('group', { name: 'Acknowledge all pages?' });
    const text = (await confirm.textContent()) ?? '';
    expect(text).toContain('Checkout is down');
    expect(text).toContain('Queue depth high');
    expect(text).toContain('Disk pressure on db-replica-3');
    await confirm.getByRole('button', { name: 'Yes, acknowledge 3' }).click();

    await expect
      .poll(() => alert.getByText(/acknowledged by Robin Ops/).count(), { timeout: 20_000 })
      .toBe(3);
    const state = await platform.control.state();
    for (const page of pages) expect(state.acknowledgements[page.id]).toBe(1);

    // Acknowledged: the header says so and is no longer the red "being paged" one (the colour
    // behind its words, from the nearest ancestor that paints one).
    const header = alert.getByText('Page acknowledged', { exact: true });
    await header.waitFor();
    const background = await header.evaluate((el) => {
      for (let at: Element | null = el; at; at = at.parentElement) {
        const color = getComputedStyle(at).backgroundColor;
        if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
      }
      return '';
    });
    const red = await tab.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.background = 'var(--danger-strong)';
      document.body.append(probe);
      const color = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return color;
    });
    expect(background).not.toBe(red);
  });
});
