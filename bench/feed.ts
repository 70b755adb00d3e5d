/**
 * A 10,000-page feed: what parsing and validating it costs (`ZephyrSource.pollPages` over a canned
 * answer: `Response.text`, `JSON.parse`, per-item zod), and what the tracker does with it on each
 * poll once parsed (`applyFeed`, then the `pages()` and `takeNewHeadsUps()` calls the app's
 * `syncRinging` makes), with its real JSON file store and with a store that keeps nothing.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '../src/shared/domain.js';
import { createPlainClock } from '../src/main/core/clock.js';
import { PageTracker, type TrackerSnapshot } from '../src/main/core/paging/page-tracker.js';
import type { KeyValueStore } from '../src/main/core/ports.js';
import { ZephyrSource } from '../src/main/core/feeds/zephyr-client.js';
import { jsonStoreFactory } from '../src/main/node/json-file-store.js';
import { CountingLogger } from './app-harness.js';
import { median } from './stats.js';
import { ME, syntheticPage } from './synthetic.js';

/** What the feed measurement found. */
export interface FeedResult {
  pages: number;
  feedBytes: number;
  /** `pollPages` on the canned answer (text, JSON.parse, per-item validation), median ms. */
  parseAndValidateMs: number;
  /** `JSON.parse` alone, median ms. */
  jsonParseMs: number;
  /** First poll (every page new), tracker work with the file store, ms. */
  firstApplyMs: number;
  /** Steady-state poll (one page changed), tracker work with the file store: median, max ms. */
  steadyMs: number;
  steadyMaxMs: number;
  /** Same, with a store that keeps nothing: what persistence costs is the difference. */
  steadyNoPersistMs: number;
  /** Of that: `applyFeed` alone, and the two `pages()` walks, median ms. */
  applyFeedNoPersistMs: number;
  viewsMs: number;
  /** Size of the tracker's state file after the run. */
  storeBytes: number;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** The tracker calls made for one poll by the app (`onSuccess` → `applyFeed`, `syncRinging`). */
function trackerWork(tracker: PageTracker, pages: Page[]): { apply: number; views: number } {
  const apply = time(() => tracker.applyFeed('zephyr', pages));
  const views = time(() => {
    tracker.pages().filter((p) => p.ringing);
    tracker.takeNewHeadsUps();
  });
  return { apply, views };
}

/** Runs the feed measurement with `count` pages and `polls` steady-state polls. */
export async function runFeed(options: {
  tmpRoot: string;
  count: number;
  polls: number;
}): Promise<FeedResult> {
  const now = Date.now();
  const synthetic = Array.from({ length: options.count }, (_, i) =>
    syntheticPage(i + 1, now - (options.count - i) * 60_000, i % 1000 === 0),
  );
  const text = JSON.stringify({ pages: synthetic, cursor: '1' });
  const logger = new CountingLogger();
  const clock = createPlainClock();
  const source = new ZephyrSource({
    baseUrl: 'http://127.0.0.1:9',
    token: 'bench',
    demo: false,
    clock,
    logger,
    fetch: (async () =>
      new Response(text, {
        status: 200,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          ETag: '"bench"',
          Date: new Date().toUTCString(),
        },
      })) as typeof fetch,
  });

  const jsonTimes: number[] = [];
  const parseTimes: number[] = [];
  let parsed: Page[] = [];
  for (let i = 0; i < 7; i += 1) {
    jsonTimes.push(time(() => JSON.parse(text)));
    const t0 = performance.now();
    const poll = await source.pollPages({}, new AbortController().signal);
    parseTimes.push(performance.now() - t0);
    if (!poll.changed || poll.pages.length !== options.count || poll.invalid.length > 0) {
      throw new Error(
        `feed: the client did not accept the synthetic feed (${logger.lastProblems})`,
      );
    }
    parsed = poll.pages;
  }

  const dir = mkdtempSync(join(options.tmpRoot, 'feed-'));
  const fileStore = jsonStoreFactory(dir)<TrackerSnapshot>('tracker');
  const fileTracker = new PageTracker({ store: fileStore, clock, logger });
  fileTracker.setMe('zephyr', ME);
  const first = trackerWork(fileTracker, parsed);
  const firstApplyMs = first.apply + first.views;

  const nullStore: KeyValueStore<TrackerSnapshot> = { read: () => undefined, write: () => {} };
  const memTracker = new PageTracker({ store: nullStore, clock, logger });
  memTracker.setMe('zephyr', ME);
  trackerWork(memTracker, parsed);

  const steady: number[] = [];
  const steadyMem: number[] = [];
  const applyMem: number[] = [];
  const views: number[] = [];
  for (let i = 0; i < options.polls; i += 1) {
    // One page changed since the last poll (a new version of one object), as on a real feed.
    const index = (i * 997) % parsed.length;
    const old = parsed[index] as Page;
    parsed = parsed.slice();
    parsed[index] = { ...old, updatedAt: new Date(Date.parse(old.updatedAt) + 1000).toISOString() };
    const f = trackerWork(fileTracker, parsed);
    steady.push(f.apply + f.views);
    const m = trackerWork(memTracker, parsed);
    steadyMem.push(m.apply + m.views);
    applyMem.push(m.apply);
    views.push(m.views);
  }
  return {
    pages: options.count,
    feedBytes: Buffer.byteLength(text),
    parseAndValidateMs: median(parseTimes),
    jsonParseMs: median(jsonTimes),
    firstApplyMs,
    steadyMs: median(steady),
    steadyMaxMs: Math.max(...steady),
    steadyNoPersistMs: median(steadyMem),
    applyFeedNoPersistMs: median(applyMem),
    viewsMs: median(views),
    storeBytes: statSync(join(dir, 'tracker.json')).size,
  };
}
