/**
 * CPU of idle polling: the app long-polling a quiet platform child (nothing paged), sampled with
 * `process.cpuUsage()` over a window and scaled to an hour. The platform runs in its own process,
 * so its CPU is not counted; the benchmark process does nothing else during the window.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchApp } from './app-harness.js';
import { startPlatformChild } from './platform-child.js';
import { sleep, waitUntil } from './stats.js';

/** What the idle CPU measurement found. */
export interface CpuResult {
  windowSeconds: number;
  userMs: number;
  systemMs: number;
  msPerHour: number;
  /** Page polls answered during the window (long polls held ~25 s each, plus wake-ups). */
  polls: number;
  warnings: number;
}

/** Samples the app's CPU while idle for `seconds`. */
export async function runCpu(options: {
  platformScript: string;
  tmpRoot: string;
  seconds: number;
}): Promise<CpuResult> {
  const dir = mkdtempSync(join(options.tmpRoot, 'cpu-'));
  const platform = await startPlatformChild(options.platformScript, join(dir, 'platform'));
  let bench: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  try {
    bench = await startBenchApp({
      url: platform.url,
      token: platform.token,
      longPoll: true,
      dataDir: join(dir, 'app'),
    });
    const { app, source } = bench;
    const ready = await waitUntil(
      () => source.pollsAnswered > 0 && app.state().sources[0]?.me != null,
      15_000,
    );
    if (!ready) throw new Error('cpu: the app did not get its first feed within 15 s');
    // Start-up work (first polls, first emit, reachability check) is not idling.
    await sleep(3_000);
    const polls0 = source.pollsAnswered;
    const before = process.cpuUsage();
    const t0 = performance.now();
    await sleep(options.seconds * 1000);
    const used = process.cpuUsage(before);
    const windowSeconds = (performance.now() - t0) / 1000;
    const userMs = used.user / 1000;
    const systemMs = used.system / 1000;
    return {
      windowSeconds,
      userMs,
      systemMs,
      msPerHour: ((userMs + systemMs) * 3600) / windowSeconds,
      polls: source.pollsAnswered - polls0,
      warnings: bench.logger.warnings,
    };
  } finally {
    await bench?.stop();
    await platform.close();
  }
}
