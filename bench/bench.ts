/**
 * `npm run bench`: the app's performance figures, each against its goal (see bench/README.md).
 * Flags: `--json` (the figures as one JSON object on the last line), `--quick` (smaller counts,
 * for a smoke run), `--seed N` (page timings), `--only a,b` (phases: feed, email, heap, latency,
 * poll, cpu), `--pages N` and `--window-seconds S` (latency scenarios). Exit code 0 when the benchmark ran (whatever it found: read PASS/MISS), 2 on error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCpu } from './cpu.js';
import { runEmailCheck } from './email-check.js';
import { runFeed } from './feed.js';
import { runHeap } from './heap.js';
import { runLatency, type LatencyResult } from './latency.js';
import { killAllPlatformChildren } from './platform-child.js';
import { percentile, round } from './stats.js';
import { seededRandom } from './seeded-random.js';

const PHASES = ['feed', 'email', 'heap', 'latency', 'poll', 'cpu'] as const;
type Phase = (typeof PHASES)[number];

/** Poll interval of the app's settings default, used by the polling scenario. */
const POLL_INTERVAL_MS = 5_000;

interface Figure {
  key: string;
  label: string;
  value: number;
  unit: string;
  /** `undefined`: reported beside another figure, no goal of its own. */
  goal?: { max: number; text: string };
}

interface Options {
  json: boolean;
  quick: boolean;
  seed: number;
  only: Set<Phase>;
  pages?: number;
  windowSeconds?: number;
}

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive integer, got '${text}'`);
  return n;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string' },
      only: { type: 'string' },
      pages: { type: 'string' },
      'window-seconds': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const seed = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${values.seed}'`);
  const only = new Set<Phase>();
  for (const name of (values.only ?? PHASES.join(',')).split(',')) {
    const phase = PHASES.find((p) => p === name.trim());
    if (!phase) throw new Error(`--only: unknown phase '${name}' (phases: ${PHASES.join(', ')})`);
    only.add(phase);
  }
  const pages = positiveInt('pages', values.pages);
  const windowSeconds = positiveInt('window-seconds', values['window-seconds']);
  return {
    json: values.json,
    quick: values.quick,
    seed,
    only,
    ...(pages !== undefined ? { pages } : {}),
    ...(windowSeconds !== undefined ? { windowSeconds } : {}),
  };
}

function latencyList(result: LatencyResult): number[] {
  // A page never shown counts as infinitely late: p99 then says MISS, never hides it.
  return [...result.latenciesMs, ...Array<number>(result.missing).fill(Number.POSITIVE_INFINITY)];
}

function fmt(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `never (${unit})`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const counts = options.quick
    ? {
        pages: 20,
        windowMs: 10_000,
        heapCycles: 5_000,
        warmup: 500,
        cpuSeconds: 10,
        polls: 5,
        emailRuns: 20,
      }
    : {
        pages: 200,
        windowMs: 60_000,
        heapCycles: 50_000,
        warmup: 2_000,
        cpuSeconds: 60,
        polls: 20,
        emailRuns: 200,
      };
  if (options.pages !== undefined) counts.pages = options.pages;
  if (options.windowSeconds !== undefined) counts.windowMs = options.windowSeconds * 1000;
  const platformScript = join(dirname(fileURLToPath(import.meta.url)), 'local-platform.js');
  const tmpRoot = mkdtempSync(join(tmpdir(), 'zephyr-bench-'));
  process.on('exit', () => rmSync(tmpRoot, { recursive: true, force: true }));
  const random = seededRandom(options.seed);
  const figures: Figure[] = [];
  const notes: string[] = [];

  log(
    `Zephyr On-Call benchmark${options.quick ? ' (quick)' : ''}: seed ${options.seed}, ` +
      `Node ${process.version}, temp ${tmpRoot}`,
  );

  if (options.only.has('feed')) {
    log('feed: 10,000 pages: parse + validate, then the tracker per poll…');
    const feed = await runFeed({ tmpRoot, count: 10_000, polls: counts.polls });
    figures.push(
      {
        key: 'feed10kMs',
        label: 'tracker work per poll, 10,000-page feed (parsed)',
        value: feed.steadyMs,
        unit: 'ms',
        goal: { max: 20, text: '≤ 20 ms' },
      },
      {
        key: 'feed10kParseMs',
        label: '  beside it: parse + validate that feed (JSON.parse + zod per item)',
        value: feed.parseAndValidateMs,
        unit: 'ms',
      },
    );
    notes.push(
      `feed: ${(feed.feedBytes / 1e6).toFixed(1)} MB of JSON; JSON.parse alone ${fmt(feed.jsonParseMs, 'ms')}; ` +
        `tracker first poll ${fmt(feed.firstApplyMs, 'ms')}, steady max ${fmt(feed.steadyMaxMs, 'ms')}; ` +
        `without persistence ${fmt(feed.steadyNoPersistMs, 'ms')} (applyFeed ${fmt(feed.applyFeedNoPersistMs, 'ms')}, ` +
        `pages()+takeNewHeadsUps() ${fmt(feed.viewsMs, 'ms')}); tracker file ${(feed.storeBytes / 1e6).toFixed(1)} MB written every poll`,
    );
  }

  if (options.only.has('email')) {
    log(`email: checkEmail on a 400-word draft, ${counts.emailRuns} runs…`);
    const email = runEmailCheck({ words: 400, runs: counts.emailRuns });
    figures.push(
      {
        key: 'emailCheck400WordsMs',
        label: `checkEmail, ${email.words}-word draft (median, tagger cache empty)`,
        value: email.medianMs,
        unit: 'ms',
        goal: { max: 20, text: '≤ 20 ms' },
      },
      {
        key: 'emailCheck400WordsWarmMs',
        label: '  beside it: the same draft re-checked (tagger cache kept)',
        value: email.warmMedianMs,
        unit: 'ms',
      },
    );
    notes.push(
      `email: first (cold) call ${fmt(email.firstMs, 'ms')}; p90 ${fmt(email.p90Ms, 'ms')}, ` +
        `max ${fmt(email.maxMs, 'ms')} over ${counts.emailRuns} runs; ${email.findings} findings on the draft`,
    );
  }

  if (options.only.has('heap')) {
    log(`heap: ${counts.heapCycles.toLocaleString('en')} poll cycles back to back…`);
    const heap = await runHeap({ cycles: counts.heapCycles, warmup: counts.warmup });
    figures.push({
      key: 'heapGrowthMb',
      label: `heap growth over ${counts.heapCycles.toLocaleString('en')} poll cycles`,
      value: heap.growthMb,
      unit: 'MB',
      goal: { max: 2, text: '≤ 2 MB' },
    });
    notes.push(
      `heap: ${heap.heapBeforeMb.toFixed(2)} → ${heap.heapAfterMb.toFixed(2)} MB after forced GC; ` +
        `${heap.acknowledgements} acknowledgements; ${heap.virtualHours.toFixed(1)} virtual hours in ` +
        `${heap.wallSeconds.toFixed(1)} s; store sizes before ${JSON.stringify(heap.storesBefore)} ` +
        `after ${JSON.stringify(heap.storesAfter)}; ${heap.warnings} warnings, ${heap.errors} errors`,
    );
  }

  if (options.only.has('latency')) {
    log(
      `latency (long poll): ${counts.pages} pages at random moments within ${counts.windowMs / 1000} s…`,
    );
    const lp = await runLatency({
      platformScript,
      tmpRoot,
      longPoll: true,
      pages: counts.pages,
      windowMs: counts.windowMs,
      acknowledge: true,
      random,
      log,
    });
    const list = latencyList(lp);
    figures.push(
      {
        key: 'latencyLongPollP50Ms',
        label: `page → notification, long poll, p50 (${counts.pages} pages)`,
        value: percentile(list, 50),
        unit: 'ms',
      },
      {
        key: 'latencyLongPollP99Ms',
        label: `page → notification, long poll, p99 (${counts.pages} pages)`,
        value: percentile(list, 99),
        unit: 'ms',
        goal: { max: 1000, text: '≤ 1000 ms' },
      },
      {
        key: 'ackP50Ms',
        label: `acknowledge round trip, p50 (${lp.ackMs.length} acks)`,
        value: percentile([...lp.ackMs, ...Array<number>(lp.ackFailures).fill(Infinity)], 50),
        unit: 'ms',
      },
      {
        key: 'ackP99Ms',
        label: `acknowledge round trip, p99 (${lp.ackMs.length} acks)`,
        value: percentile([...lp.ackMs, ...Array<number>(lp.ackFailures).fill(Infinity)], 99),
        unit: 'ms',
        goal: { max: 200, text: '≤ 200 ms' },
      },
    );
    notes.push(
      `long poll: max ${fmt(Math.max(...list), 'ms')}, ${lp.missing} never shown, platform's own share ` +
        `(createdAt → control answer) median ${fmt(lp.platformShareMs, 'ms')}; ack failures ${lp.ackFailures}; ` +
        `other notifications ${JSON.stringify(lp.otherNotifications)}; ${lp.warnings} warnings, ${lp.errors} errors` +
        (lp.problems.length > 0 ? `; last: ${lp.problems.join(' | ')}` : ''),
    );
  }

  if (options.only.has('poll')) {
    log(
      `latency (5 s polling): ${counts.pages} pages at random moments within ${counts.windowMs / 1000} s…`,
    );
    const poll = await runLatency({
      platformScript,
      tmpRoot,
      longPoll: false,
      pages: counts.pages,
      windowMs: counts.windowMs,
      acknowledge: false,
      random,
      log,
    });
    const list = latencyList(poll);
    figures.push(
      {
        key: 'latencyPollP50Ms',
        label: `page → notification, 5 s polling, p50 (${counts.pages} pages)`,
        value: percentile(list, 50),
        unit: 'ms',
      },
      {
        key: 'latencyPollP99Ms',
        label: `page → notification, 5 s polling, p99 (${counts.pages} pages)`,
        value: percentile(list, 99),
        unit: 'ms',
        goal: { max: POLL_INTERVAL_MS + 500, text: `≤ ${POLL_INTERVAL_MS + 500} ms` },
      },
    );
    notes.push(
      `polling: max ${fmt(Math.max(...list), 'ms')}, ${poll.missing} never shown; other notifications ` +
        `${JSON.stringify(poll.otherNotifications)}; ${poll.warnings} warnings, ${poll.errors} errors`,
    );
  }

  if (options.only.has('cpu')) {
    log(`cpu: the app idling on long poll for ${counts.cpuSeconds} s…`);
    const cpu = await runCpu({ platformScript, tmpRoot, seconds: counts.cpuSeconds });
    figures.push({
      key: 'cpuMsPerIdleHour',
      label: `CPU of idle polling, per hour (sampled ${Math.round(cpu.windowSeconds)} s)`,
      value: cpu.msPerHour,
      unit: 'ms',
      goal: { max: 10_000, text: '≤ 10000 ms (bench goal)' },
    });
    notes.push(
      `cpu: user ${fmt(cpu.userMs, 'ms')} + system ${fmt(cpu.systemMs, 'ms')} in ${cpu.windowSeconds.toFixed(1)} s; ` +
        `${cpu.polls} page polls answered; platform in a child process, not counted`,
    );
  }

  const width = Math.max(...figures.map((f) => f.label.length));
  out('');
  out(`${'figure'.padEnd(width)}  ${'value'.padStart(12)}  ${'goal'.padEnd(24)}  result`);
  for (const f of figures) {
    const pass = f.goal ? f.value <= f.goal.max : undefined;
    out(
      `${f.label.padEnd(width)}  ${fmt(f.value, f.unit).padStart(12)}  ${(f.goal?.text ?? '').padEnd(24)}  ` +
        (pass === undefined ? '' : pass ? 'PASS' : 'MISS'),
    );
  }
  out('');
  for (const note of notes) out(`- ${note}`);
  if (options.json) {
    const json: Record<string, number | boolean | null> = {
      quick: options.quick,
      seed: options.seed,
    };
    for (const f of figures) json[f.key] = Number.isFinite(f.value) ? round(f.value, 2) : null;
    out(JSON.stringify(json));
  }
}

const onSignal = (signal: NodeJS.Signals) => {
  killAllPlatformChildren();
  process.stderr.write(`bench: stopped by ${signal}\n`);
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

main().then(
  () => {
    killAllPlatformChildren();
    process.exit(0);
  },
  (error: unknown) => {
    killAllPlatformChildren();
    process.stderr.write(
      `bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
