/**
 * Starts the built Node host (`dist/main/node-host.js`) as a child process, as `npm run host`
 * does, and waits for the one line with its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** A running Node host. `output()` is everything it printed (stdout and stderr). */
export interface HostProcess {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
  /** Kills the host with SIGKILL, as a crash would: nothing runs on the way out. */
  kill(): Promise<void>;
}

/** Spawns the host with the given environment (a fresh `ZEPHYR_DATA_DIR` unless given). */
export async function startNodeHost(env: Record<string, string> = {}): Promise<HostProcess> {
  const entry = join(ROOT, 'dist', 'main', 'node-host.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first`);
  const dataDir = env.ZEPHYR_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'zephyr-host-'));
  const childEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...env,
    ZEPHYR_DATA_DIR: dataDir,
  };
  // A test's desktop session is opt-in: without it the host must not reach the developer's own bus.
  if (!env.DBUS_SESSION_BUS_ADDRESS) delete childEnv.DBUS_SESSION_BUS_ADDRESS;
  const child: ChildProcess = spawn(process.execPath, [entry, '--port', '0'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`host did not print its URL in 20 s:\n${output}`)),
      20_000,
    );
    const check = () => {
      const m = /on (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    url,
    origin: parsed.origin,
    token: parsed.hash.replace('#token=', ''),
    dataDir,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (exited()) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
    kill: () =>
      new Promise<void>((done) => {
        if (exited()) return done();
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
  };
}
