/**
 * Prism (`@stoplight/prism-cli` 5.14.2) as a spec-driven mock server on 127.0.0.1 for contract
 * tests: start once per file with a (patched) copy of a vendor spec, send the client's requests
 * through `recordingFetch`, and fail on every request-side entry of the `sl-violations` header.
 * The vendors' files in ../shared are never edited: overlays are written to a temp copy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PRISM = resolve(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'prism');

/** One entry of Prism's `sl-violations` header. */
export interface PrismViolation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** One request that went through Prism, with what Prism said about it. */
export interface PrismExchange {
  method: string;
  path: string;
  status: number;
  /** Violations whose `location[0]` is `request`: what our client sent wrong. */
  requestViolations: PrismViolation[];
}

/** A running Prism mock. */
export interface PrismServer {
  url: string;
  /** Every exchange so far, in order. */
  exchanges: PrismExchange[];
  /** A `fetch` that records each exchange and its request-side violations. */
  fetch: typeof fetch;
  /** Request-side violations of every exchange, as readable lines (empty when all conformed). */
  requestViolations(): string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Writes `spec` (already patched) to a temp file and answers its path and a cleanup. */
export function writeTempSpec(spec: unknown, name: string): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zephyr-prism-'));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(spec));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `prism mock <specPath>` on a free loopback port and waits until it answers. */
export async function startPrism(specPath: string): Promise<PrismServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    PRISM,
    ['mock', specPath, '-h', '127.0.0.1', '-p', String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const listening = new Promise<void>((resolveListen, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Prism is listening')) {
        clearInterval(timer);
        resolveListen();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`prism exited (${code}) before listening:\n${output.slice(-2000)}`));
    });
  });
  await listening;
  const url = `http://127.0.0.1:${port}`;
  const exchanges: PrismExchange[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const target = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const header = res.headers.get('sl-violations');
    const all = header ? (JSON.parse(header) as PrismViolation[]) : [];
    exchanges.push({
      method: init?.method ?? 'GET',
      path: `${target.pathname}${target.search}`,
      status: res.status,
      requestViolations: all.filter((v) => v.location[0] === 'request'),
    });
    return res;
  };
  return {
    url,
    exchanges,
    fetch: recordingFetch,
    requestViolations: () =>
      exchanges.flatMap((e) =>
        e.requestViolations.map(
          (v) => `${e.method} ${e.path}: ${v.location.join('.')}: ${v.message}`,
        ),
      ),
    close: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
