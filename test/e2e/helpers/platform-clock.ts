/**
 * Drives the local platform's clock for a test and waits until the Node host has seen it move:
 * `advance` answers the host's held long poll at once, and the host logs "source clock moved"
 * when it re-arms its shift and reminder timers on the new time. No real waiting for the time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestPlatform } from '../../helpers/platform-process.js';
import type { HostProcess } from './node-host.js';

/** How many times the host has logged that a source's clock moved. */
function clockMoves(host: HostProcess): number {
  const log = join(host.dataDir, 'logs', 'zephyr.log');
  if (!existsSync(log)) return 0;
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.includes('source clock moved')).length;
}

/** The platform's time now (epoch ms), read without moving it. */
export async function platformNow(platform: TestPlatform): Promise<number> {
  return Date.parse((await platform.control.state()).now);
}

/**
 * Moves the platform clock forward by `seconds` (at least 5, the host's threshold for a moved
 * clock) and resolves with the platform's new time once the host has taken it in.
 */
export async function advancePlatformClock(
  platform: TestPlatform,
  host: HostProcess,
  seconds: number,
): Promise<number> {
  const before = clockMoves(host);
  let { now } = await platform.control.advance(seconds);
  const started = Date.now();
  let nudged = started;
  while (clockMoves(host) <= before) {
    if (Date.now() - started > 15_000) {
      throw new Error(`the host did not see the platform clock move by ${seconds} s in 15 s`);
    }
    // Between two long polls (a one-second breath after an unchanged answer) the host holds no
    // poll to answer: one more second of platform time answers the poll it holds by then.
    if (Date.now() - nudged > 1_200) {
      ({ now } = await platform.control.advance(1));
      nudged = Date.now();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.parse(now);
}

/** Moves the platform clock forward to `atMs` (platform time); see `advancePlatformClock`. */
export async function advancePlatformClockTo(
  platform: TestPlatform,
  host: HostProcess,
  atMs: number,
): Promise<number> {
  const seconds = (atMs - (await platformNow(platform))) / 1000;
  if (seconds < 5) throw new Error(`cannot move the platform clock back or by < 5 s (${seconds})`);
  return advancePlatformClock(platform, host, seconds);
}
