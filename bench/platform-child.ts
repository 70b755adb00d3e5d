/**
 * The local platform as a child process (`dist/main/local-platform.js`), so the benchmark measures
 * the app's CPU and heap alone. Control API on, fresh data directory per start, loopback only.
 * Every child is killed when the benchmark exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Page } from '../src/shared/domain.js';

/** A running platform child and its control API. */
export interface PlatformChild {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The app's user's bearer token. */
  token: string;
  /** `POST /control/pages`: creates and pages a page; resolves with the platform's page. */
  createPage(body: { title: string; target: { rotation: string } | { person: string } }): Promise<{
    page: Page;
    /** `Date.now()` when the control request returned. */
    returnedAt: number;
  }>;
  /** SIGTERM, then waits for the child to exit (SIGKILL after 3 s). */
  close(): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: a plain kill is all that is possible there.
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}

/** Kills every platform child still running (used on SIGINT/SIGTERM and on errors). */
export function killAllPlatformChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/**
 * Starts `node <script> --port 0 --control --token … --data-dir <dataDir>` and waits (10 s at
 * most) for it to print its URL and control token. Rejects with the child's stderr when it fails.
 */
export async function startPlatformChild(script: string, dataDir: string): Promise<PlatformChild> {
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: run \`npm run build\` first (npm run bench does).`);
  }
  installExitHook();
  const token = randomBytes(18).toString('base64url');
  const child = spawn(
    process.execPath,
    [script, '--port', '0', '--control', '--token', token, '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const started = await new Promise<{ url: string; controlToken: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`local platform did not start within 10 s: ${stderr.trim()}`));
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /Zephyr local platform on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const controlToken = /Control token: (\S+)/.exec(stdout)?.[1];
      if (url && controlToken) {
        clearTimeout(timer);
        resolve({ url, controlToken });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local platform exited with code ${code}: ${stderr.trim()}`));
    });
  });

  return {
    url: started.url,
    token,
    async createPage(body) {
      const res = await fetch(`${started.url}/control/pages`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${started.controlToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as unknown;
      const returnedAt = Date.now();
      if (res.status !== 201) {
        throw new Error(`POST /control/pages → ${res.status}: ${JSON.stringify(json)}`);
      }
      return { page: json as Page, returnedAt };
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
