/**
 * `npm start` where the Electron binary was never downloaded (this machine): one line saying so,
 * then the Node host's URL line; never a download attempt or a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../src/main/start.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe.runIf(findElectronBinary() === undefined)('npm start without the Electron binary', () => {
  it('says so in one line and serves the Node host', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ZEPHYR_DATA_DIR: mkdtempSync(join(tmpdir(), 'zephyr-start-')),
    };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main', 'start.js')], {
      cwd: ROOT,
      env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL in 20 s:\n${out}\n${err}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          done(m[1]);
        }
      });
    });
    const page = await fetch(url.split('#')[0] ?? url);
    expect(page.status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('Electron binary not installed here; starting the Node host instead.');
    expect(lines[1]).toMatch(/^Zephyr On-Call \(Node host\) on http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(out + err).not.toMatch(/Downloading|at .*\(|Error:/);
  });
});
