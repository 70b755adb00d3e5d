/** Launches Debian's Chromium through playwright-core (no browser download). */
import { chromium, type Browser } from 'playwright-core';

/** Chromium flags this machine needs (closed network, no sandbox as root, no GPU). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium from `/usr/bin/chromium` (or `CHROMIUM_PATH`). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
