/**
 * The set-up every browser end-to-end test on the Node host shares: start the built host with an
 * environment, launch Chromium, open one tab on the host's URL and wait for the app to render.
 */
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { startNodeHost, type HostProcess } from './node-host.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/**
 * Where e2e screenshots go: `ZEPHYR_SCREENS_DIR` when set, else the project's own ignored
 * `test-results/screens` (never a fixed absolute path outside the project).
 */
export const SCREENS_DIR = process.env.ZEPHYR_SCREENS_DIR ?? join(ROOT, 'test-results', 'screens');

/** Options of `openHostInBrowser`. */
export interface HostInBrowserOptions {
  /** The host's environment (`ZEPHYR_*`); a fresh data directory unless `ZEPHYR_DATA_DIR` is set. */
  env?: Record<string, string>;
  /** Extra Chromium flags, e.g. `--autoplay-policy=no-user-gesture-required`. */
  chromiumArgs?: string[];
  /** Options of the tab (viewport, `bypassCSP`). */
  page?: Parameters<Browser['newPage']>[0];
  /**
   * What shows once the app is up; default: the "Now" link in the navigation. `false`: the tab
   * is opened on the host's URL without waiting for anything (e.g. the first-run screen).
   */
  ready?: ((tab: Page) => Promise<void>) | false;
}

/** A running host with one browser tab on it. */
export interface HostInBrowser {
  host: HostProcess;
  browser: Browser;
  tab: Page;
  /** Closes the browser, then stops the host. Safe to call twice. */
  close(): Promise<void>;
}

const nowLink = (tab: Page): Promise<void> =>
  tab.getByRole('navigation').getByRole('link', { name: 'Now' }).waitFor();

/** Starts the host, launches Chromium and opens the app; cleans up what started if a step fails. */
export async function openHostInBrowser(
  options: HostInBrowserOptions = {},
): Promise<HostInBrowser> {
  const host = await startNodeHost(options.env ?? {});
  let browser: Browser | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser?.close();
    await host.stop();
  };
  try {
    browser = await launchChromium(options.chromiumArgs);
    const tab = await browser.newPage(options.page);
    await tab.goto(host.url);
    const ready = options.ready ?? nowLink;
    if (ready) await ready(tab);
    return { host, browser, tab, close };
  } catch (err) {
    await close();
    throw err;
  }
}
