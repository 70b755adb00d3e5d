/**
 * The fault suite (`npm run chaos`; a quick version runs in `npm test`): fuzzed bridge frames,
 * fuzzed feed answers, every kept file × every corruption, exfiltration attempts from the UI,
 * log growth under a flapping feed and kill -9 during acknowledgements, against the real Node host and its embedded local platform.
 * Prints one JSON line.
 */
import { fileURLToPath } from 'node:url';
import { CORRUPTIONS, KEPT_FILES, survive } from './damaged-files.js';
import { tryExfiltration } from './exfiltration.js';
import { fuzzFeed } from './feed.js';
import { fuzzFrames } from './frames.js';
import { startHost, tempDataDir } from './host-harness.js';
import { killDuringAcks } from './kill-acks.js';
import { logGrowth } from './log-growth.js';

/** How much to run. */
export interface ChaosOptions {
  frames: number;
  feedAnswers: number;
  /** Every file × corruption, or one corruption per file (rotating). */
  allCorruptions: boolean;
  logSeconds: number;
  /** kill -9 runs during an acknowledgement (needs `npm run build`). */
  killRuns: number;
  seed: number;
}

/** The one-line report. */
export interface ChaosReport {
  framesFuzzed: number;
  hostCrashes: number;
  uiAnswersAfterFuzz: boolean;
  feedAnswersFuzzed: number;
  feedUnexpectedErrors: number;
  filesCorruptionsSurvived: string;
  filesFailed: string[];
  killRuns: number;
  acksLost: number;
  pagesSilenced: number;
  acksDoubled: number;
  exfiltrationAttempts: number;
  exfiltrationRefused: number;
  tokensLeaked: number;
  logBytesPerMinuteFailingFeed: number;
  logFiles: number;
}

/** Quick: seconds, fixed seeds (the vitest file). Full: the figures. */
export const QUICK: ChaosOptions = {
  frames: 300,
  feedAnswers: 300,
  allCorruptions: false,
  logSeconds: 1,
  killRuns: 5,
  seed: 10,
};
export const FULL: ChaosOptions = {
  frames: 10_000,
  feedAnswers: 10_000,
  allCorruptions: true,
  logSeconds: 60,
  killRuns: 100,
  seed: 10,
};

/** Runs the suite. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  let crashes = 0;
  const onCrash = (): void => {
    crashes += 1;
  };
  process.on('uncaughtException', onCrash);
  try {
    const host = await startHost(tempDataDir());
    let framesFuzzed = 0;
    let uiAnswers = false;
    try {
      framesFuzzed = await fuzzFrames(host, options.frames, options.seed);
      uiAnswers = Array.isArray((await host.state()).pages);
    } finally {
      await host.stop().catch(() => undefined);
    }
    const feed = await fuzzFeed(options.feedAnswers, options.seed);

    const runs: { name: string; ok: boolean }[] = [];
    for (const [i, file] of KEPT_FILES.entries()) {
      const corruptions = options.allCorruptions
        ? CORRUPTIONS
        : [CORRUPTIONS[i % CORRUPTIONS.length]!];
      for (const corruption of corruptions) {
        const r = await survive(file, corruption, { ring: true });
        runs.push({
          name: `${file.path}:${corruption}`,
          ok: r.started && r.keptAside && r.listedInState && r.rang,
        });
      }
    }

    const exfilHost = await startHost(tempDataDir());
    const exfil = await tryExfiltration(exfilHost).finally(() => exfilHost.stop());
    const logs = await logGrowth(options.logSeconds);
    const kills = await killDuringAcks(options.killRuns, options.seed);

    return {
      framesFuzzed,
      hostCrashes: crashes + (uiAnswers ? 0 : 1),
      uiAnswersAfterFuzz: uiAnswers,
      feedAnswersFuzzed: feed.answers,
      feedUnexpectedErrors: feed.unexpectedErrors,
      filesCorruptionsSurvived: `${runs.filter((r) => r.ok).length}/${runs.length}`,
      filesFailed: runs.filter((r) => !r.ok).map((r) => r.name),
      killRuns: kills.runs,
      acksLost: kills.acksLost,
      pagesSilenced: kills.pagesSilenced,
      acksDoubled: kills.acksDoubled,
      exfiltrationAttempts: exfil.attempts,
      exfiltrationRefused: exfil.refused,
      tokensLeaked: exfil.tokensArrived,
      logBytesPerMinuteFailingFeed: logs.bytesPerMinute,
      logFiles: logs.logFiles,
    };
  } finally {
    process.off('uncaughtException', onCrash);
  }
}

async function main(): Promise<void> {
  const report = await runChaos(process.argv.includes('--quick') ? QUICK : FULL);
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const clean =
    report.hostCrashes === 0 &&
    report.tokensLeaked === 0 &&
    report.acksLost === 0 &&
    report.pagesSilenced === 0 &&
    report.acksDoubled === 0;
  process.exit(clean ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
