/**
 * Layout at 1024×640 on the Node host (the demo platform, no desktop notification server): the
 * permanent banners stay compact, so the view's own content starts within the first screen third.
 */
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHostInBrowser, type HostInBrowser } from './helpers/host-in-browser.js';

describe('layout at 1024×640 (Node host)', () => {
  let session: HostInBrowser;
  let tab: BrowserPage;

  beforeAll(async () => {
    session = await openHostInBrowser({ page: { viewport: { width: 1024, height: 640 } } });
    ({ tab } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('the permanent banners take at most 100 px before the content', async () => {
    // The banners are the alerts and statuses above the view's heading (demo, reachability…).
    const main = tab.getByRole('main');
    const banners = main.getByRole('alert').or(main.getByRole('status'));
    await expect.poll(() => banners.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const content = await tab.getByRole('main').getByRole('heading', { level: 1 }).boundingBox();
    const top = content?.y ?? 0;
    const boxes = (
      await banners.evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        }),
      )
    ).filter((b) => b.bottom <= top);
    expect(boxes.length).toBeGreaterThan(0);
    const height = Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top));
    expect(height).toBeLessThanOrEqual(100);
    // So the view's own content starts within the first third of the screen.
    expect(top).toBeLessThanOrEqual(640 / 3);
  });
});
