/**
 * Every file the app keeps × {empty, truncated, garbage, wrong shape}: the host must start, move
 * the bad file aside (`<name>.corrupt-<timestamp>`), list it in the app state, and still ring.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { startHost, tempDataDir } from './host-harness.js';

/** The kinds of damage. */
export const CORRUPTIONS = ['empty', 'truncated', 'garbage', 'wrong-shape'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

interface KeptFile {
  path: string;
  /** A valid example (truncated for "truncated"). */
  valid: string;
  /** Valid JSON of the wrong shape. */
  wrongShape: string;
}

/** Every file the Node host keeps, relative to the data directory. */
export const KEPT_FILES: KeptFile[] = [
  {
    path: 'settings.json',
    valid: '{"pollIntervalSeconds":5,"feedAlarmSeconds":60}',
    wrongShape: '[1,2]',
  },
  {
    path: 'secrets.json',
    valid: '{"slackToken":"xoxb-1234567890"}',
    wrongShape: '{"slackToken":5}',
  },
  {
    path: 'state/outbox.json',
    valid: '{"version":1,"entries":[]}',
    wrongShape: '{"version":1,"entries":"x"}',
  },
  {
    path: 'state/tracker.json',
    valid: '{"version":1,"entries":{},"me":{}}',
    wrongShape: '{"version":1,"entries":[1]}',
  },
  {
    path: 'state/declarations.json',
    valid: '[{"id":"d1","title":"x"}]',
    wrongShape: '{"not":"a list"}',
  },
  {
    path: 'state/aftercare.json',
    valid: '{"version":1,"incidents":[]}',
    wrongShape: '"aftercare"',
  },
  {
    path: 'state/timeline.json',
    valid: '{"version":1,"entries":[]}',
    wrongShape: '{"version":1,"entries":{}}',
  },
  {
    path: 'local-platform/app-token.json',
    valid: '{"token":"abcdefabcdef"}',
    wrongShape: '{"token":42}',
  },
  {
    path: 'local-platform/platform-state.json',
    valid: '{"version":1,"people":[{"id":"u1"}],"rotations":[]}',
    wrongShape: '{"version":1,"people":"nobody"}',
  },
];

/** The damaged content of `file` for `corruption`. */
export function damaged(file: KeptFile, corruption: Corruption): string {
  switch (corruption) {
    case 'empty':
      return '';
    case 'truncated':
      return file.valid.slice(0, Math.max(1, Math.floor(file.valid.length / 2)));
    case 'garbage':
      return '\u0000\u00ff{{ not json at all ]]';
    case 'wrong-shape':
      return file.wrongShape;
  }
}

/** What one damaged start showed. */
export interface SurvivalReport {
  file: string;
  corruption: Corruption;
  started: boolean;
  keptAside: boolean;
  listedInState: boolean;
  rang: boolean;
  error?: string;
}

/** Starts the host on a data dir holding one damaged file; checks it survives and says so. */
export async function survive(
  file: KeptFile,
  corruption: Corruption,
  options: { ring: boolean },
): Promise<SurvivalReport> {
  const dataDir = tempDataDir();
  const path = join(dataDir, file.path);
  mkdirSync(dirname(path), { recursive: true });
  const content = damaged(file, corruption);
  writeFileSync(path, content);
  const report: SurvivalReport = {
    file: file.path,
    corruption,
    started: false,
    keptAside: false,
    listedInState: false,
    rang: false,
  };
  let host;
  try {
    host = await startHost(dataDir);
    report.started = true;
    const aside = readdirSync(dirname(path)).filter((n) =>
      n.startsWith(`${basename(path)}.corrupt-`),
    );
    report.keptAside =
      aside.length === 1 && readFileSync(join(dirname(path), aside[0]!), 'utf8') === content;
    const state = await host.state();
    report.listedInState = (state.recoveredFiles ?? []).some((r) => r.file === path);
    if (options.ring) report.rang = await ringsTestPage(host);
  } catch (error) {
    report.error = String(error);
  } finally {
    await host?.stop().catch(() => undefined);
  }
  // The file is moved aside, never rewritten in place with the bad content.
  if (existsSync(path) && readFileSync(path, 'utf8') === content && content !== '')
    report.keptAside = false;
  return report;
}

async function ringsTestPage(host: Awaited<ReturnType<typeof startHost>>): Promise<boolean> {
  const sent = await host.invoke('pages:send-test', {});
  if (!sent.ok) return false;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const state = await host.state();
    if (state.pages.some((p) => p.ringing)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
