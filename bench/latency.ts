/**
 * Page-to-notification latency and acknowledge round trip, end to end on loopback: the platform
 * child creates pages at random moments; the app (long poll, or plain polling) notices them and
 * calls `Notifier.show`; then the app acknowledges each page through its outbox.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchApp } from './app-harness.js';
import { startPlatformChild } from './platform-child.js';
import { median, sleep, waitUntil } from './stats.js';

/** What one latency run measured. */
export interface LatencyResult {
  /** Platform `createdAt` → first `Notifier.show` of the page's key, per page, ms. */
  latenciesMs: number[];
  /** Pages never shown within the grace period. */
  missing: number;
  /** Median of control-request return minus `createdAt`: the platform side's own share. */
  platformShareMs: number;
  /** `app.acknowledge(key)` → the platform's confirmation reaching the app, per page, ms. */
  ackMs: number[];
  ackFailures: number;
  /** Notifications other than pages (feed alarms): should be none. */
  otherNotifications: string[];
  warnings: number;
  errors: number;
  problems: string[];
}

/** Options of `runLatency`. */
export interface LatencyOptions {
  platformScript: string;
  tmpRoot: string;
  longPoll: boolean;
  pages: number;
  windowMs: number;
  /** Acknowledge every page afterwards, timing each round trip. */
  acknowledge: boolean;
  random: () => number;
  log: (line: string) => void;
}

/** Runs one latency scenario against a fresh platform child and a fresh app. */
export async function runLatency(options: LatencyOptions): Promise<LatencyResult> {
  const mode = options.longPoll ? 'long poll' : 'polling';
  const dir = mkdtempSync(join(options.tmpRoot, options.longPoll ? 'lp-' : 'poll-'));
  const platform = await startPlatformChild(options.platformScript, join(dir, 'platform'));
  let bench: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  try {
    bench = await startBenchApp({
      url: platform.url,
      token: platform.token,
      longPoll: options.longPoll,
      dataDir: join(dir, 'app'),
    });
    const { app, notifier, source } = bench;
    const ready = await waitUntil(
      () => source.pollsAnswered > 0 && app.state().sources[0]?.me != null,
      15_000,
    );
    if (!ready) throw new Error(`${mode}: the app did not get its first feed within 15 s`);
    // Let the first long poll get parked on the platform before the first page.
    await sleep(500);

    const offsets = Array.from(
      { length: options.pages },
      () => options.random() * options.windowMs,
    ).sort((a, b) => a - b);
    const created: { key: string; pageId: string; createdAt: number; returnedAt: number }[] = [];
    const start = Date.now();
    options.log(`  ${mode}: firing ${options.pages} pages within ${options.windowMs / 1000} s…`);
    const requests = offsets.map(
      (offset, i) =>
        new Promise<void>((resolve, reject) => {
          setTimeout(
            () => {
              platform
                .createPage({ title: `bench page ${i + 1}`, target: { rotation: 'platform' } })
                .then(({ page, returnedAt }) => {
                  created.push({
                    key: `${source.id}:${page.id}`,
                    pageId: page.id,
                    createdAt: Date.parse(page.createdAt),
                    returnedAt,
                  });
                  resolve();
                }, reject);
            },
            Math.max(0, start + offset - Date.now()),
          );
        }),
    );
    await Promise.all(requests);
    const graceMs = (options.longPoll ? 2 : 5 + 2) * 1000;
    await waitUntil(() => created.every((c) => notifier.firstShownAt.has(c.key)), graceMs + 5_000);

    const latenciesMs: number[] = [];
    let missing = 0;
    for (const c of created) {
      const shownAt = notifier.firstShownAt.get(c.key);
      if (shownAt === undefined) missing += 1;
      else latenciesMs.push(shownAt - c.createdAt);
    }
    const platformShareMs = median(created.map((c) => c.returnedAt - c.createdAt));

    const ackMs: number[] = [];
    let ackFailures = 0;
    if (options.acknowledge) {
      options.log(`  ${mode}: acknowledging ${created.length} pages one by one…`);
      const confirmed = new Map<string, () => void>();
      source.onAcknowledged = (pageId) => confirmed.get(pageId)?.();
      for (const c of created) {
        await sleep(options.random() * 50);
        const done = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 10_000);
          confirmed.set(c.pageId, () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        const t0 = performance.now();
        try {
          await app.acknowledge(c.key);
        } catch {
          ackFailures += 1;
          continue;
        }
        const ok = await done;
        const t1 = performance.now();
        confirmed.delete(c.pageId);
        if (ok) ackMs.push(t1 - t0);
        else ackFailures += 1;
      }
    }
    return {
      latenciesMs,
      missing,
      platformShareMs,
      ackMs,
      ackFailures,
      otherNotifications: notifier.otherTags(source.id),
      warnings: bench.logger.warnings,
      errors: bench.logger.errors,
      problems: [...bench.logger.lastProblems],
    };
  } finally {
    await bench?.stop();
    await platform.close();
  }
}
