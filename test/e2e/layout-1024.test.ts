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
    const banners = tab.locator('.banners').first();
    await expect
      .poll(() => banners.locator('.banner').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const box = await banners.boundingBox();
    expect(box?.height ?? 9999).toBeLessThanOrEqual(100);
  });
});
