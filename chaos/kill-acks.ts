/**
 * kill -9 during an acknowledgement: the built Node host (`dist/main/node-host.js`, a child
 * process) runs against a local platform in this process. Each run pages the user, asks the host
 * to acknowledge, kills it with SIGKILL at a random moment (seeded) while the platform is healthy,
 * hangs the acknowledgement or fails it, then restarts the host on the same data directory with
 * the platform healthy again and reads the platform's state through its control API:
 * - ack lost: the host answered the acknowledgement, yet the platform never receives it;
 * - page silenced: the platform has no acknowledgement and the restarted host does not ring;
 * - ack doubled: the platform processed the acknowledgement under two different keys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalPlatform } from '../src/main/local-platform/index.js';
import type { Page } from '../src/shared/domain.js';
import { connectBridge, tempDataDir, type BridgeClient } from './host-harness.js';
import { seededRandom } from '../bench/seeded-random.js';

/** The platform's behaviour while the acknowledgement is in flight. */
export type KillMode = 'healthy' | 'hanging' | 'failing';
const MODES: readonly KillMode[] = ['healthy', 'hanging', 'failing'];

/** Totals over all runs. */
export interface KillReport {
  runs: number;
  acksLost: number;
  pagesSilenced: number;
  acksDoubled: number;
  /** Runs whose host answered the acknowledgement before it was killed. */
  answeredBeforeKill: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child {
  process: ChildProcess;
  bridge: BridgeClient;
}

async function spawnHost(dataDir: string, platformUrl: string, token: string): Promise<Child> {
  const entry = resolve('dist', 'main', 'node-host.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first`);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ZEPHYR_DATA_DIR: dataDir,
    ZEPHYR_PLATFORM_URL: platformUrl,
    ZEPHYR_PLATFORM_TOKEN: token,
  };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const child = spawn(process.execPath, [entry, '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (d) => (output += String(d)));
  const url = await new Promise<URL>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`host did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', (d) => {
      output += String(d);
      const m = /on (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        done(new URL(m[1]));
      }
    });
    child.once('exit', (code) => fail(new Error(`host exited with ${code}:\n${output}`)));
  });
  const bridge = await connectBridge(Number(url.port), url.hash.replace('#token=', ''));
  return { process: child, bridge };
}

async function kill(child: Child): Promise<void> {
  child.bridge.close();
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((r) => child.process.once('exit', r));
  child.process.kill('SIGKILL');
  await exited;
}

/** Polls `check` every 50 ms until it is true or `ms` pass. */
async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await sleep(50);
  }
  return false;
}

/** Runs `runs` kill -9 acknowledgements (modes in turn); `seed` fixes the kill moments. */
export async function killDuringAcks(runs: number, seed: number): Promise<KillReport> {
  const next = seededRandom(seed);
  const controlToken = 'chaos-control-token-0123';
  const platform = await startLocalPlatform({
    dataDir: tempDataDir('zephyr-chaos-platform-'),
    token: 'chaos-user-token-0123',
    control: { token: controlToken },
  });
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${controlToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.json();
  };
  const platformState = async () =>
    (await control('GET', '/control/state')) as {
      pages: Page[];
      acknowledgements: Record<string, number>;
    };
  const report: KillReport = {
    runs: 0,
    acksLost: 0,
    pagesSilenced: 0,
    acksDoubled: 0,
    answeredBeforeKill: 0,
  };
  try {
    for (let run = 0; run < runs; run += 1) {
      const mode = MODES[run % MODES.length]!;
      const dataDir = mkdtempSync(join(tmpdir(), 'zephyr-chaos-kill-'));
      const userId = platform.engine.controlState().userId;
      const page = (await control('POST', '/control/pages', {
        title: `kill -9 run ${run} (${mode})`,
        target: { person: userId },
      })) as Page;
      const key = `zephyr:${page.id}`;
      let host = await spawnHost(dataDir, platform.url, platform.token);
      const rings = async (h: Child) =>
        (await h.bridge.state()).pages.some((p) => p.key === key && p.ringing);
      if (!(await until(() => rings(host), 15_000))) {
        throw new Error(`run ${run}: the page never rang before the acknowledgement`);
      }
      const path = `/v1/pages/${page.id}/acknowledge`;
      if (mode === 'hanging') await control('POST', '/control/faults', { kind: 'hang', path });
      if (mode === 'failing') {
        await control('POST', '/control/faults', { kind: 'status', status: 503, path, count: 3 });
      }
      let answered = false;
      void host.bridge
        .invoke('pages:acknowledge', { key }, 30_000)
        .then((r) => {
          answered = r.ok;
        })
        .catch(() => undefined);
      // Most kills land in the first milliseconds, where the outbox and the tracker are written.
      await sleep(Math.floor(next() ** 3 * 400));
      const answeredAtKill = answered;
      await kill(host);
      await control('DELETE', '/control/faults');
      if (answeredAtKill) report.answeredBeforeKill += 1;

      host = await spawnHost(dataDir, platform.url, platform.token);
      const acked = async () =>
        (await platformState()).pages.find((p) => p.id === page.id)?.status === 'acknowledged';
      const settled = await until(async () => (await acked()) || (await rings(host)), 20_000);
      const ackedNow = await acked();
      if (answeredAtKill && !ackedNow && !(await until(acked, 5_000))) report.acksLost += 1;
      if (!settled) report.pagesSilenced += 1;
      // Let a pending outbox retry land before counting keys.
      await sleep(200);
      if (((await platformState()).acknowledgements[page.id] ?? 0) > 1) report.acksDoubled += 1;
      await kill(host);
      report.runs += 1;
    }
  } finally {
    await platform.close();
  }
  return report;
}
