/**
 * Boots the REAL built main entry (`dist/main/electron-main.js`) in a child `node` process with
 * `electron` replaced by the hand-written fake (test/boot/register-fake-electron.mjs), and checks
 * what would break `npm start` on a laptop: wrong paths to the preload, the renderer or an icon,
 * ESM/CommonJS mix-ups, IPC handlers missing, insecure windows, a page that the CSP would block,
 * and an unclean exit.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/shared/contract.js';
import { AppState, TrayState } from '../../src/shared/domain.js';
import type { BootReport } from '../fakes/electron/boot-entry.js';
import { staleBuilds, type BuildTarget } from '../helpers/fresh-build.js';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist');
const mainEntry = join(dist, 'main', 'electron-main.js');
const shared = ['src/shared', 'vite.config.ts', 'package.json', 'package-lock.json'].map((p) =>
  join(root, p),
);
/** Each build with what it is built from (src/main/start.ts and bench/ are inputs of "main"). */
const builds: BuildTarget[] = [
  {
    mode: 'renderer',
    output: join(dist, 'renderer', 'index.html'),
    inputs: [join(root, 'src', 'renderer'), ...shared],
  },
  {
    mode: 'main',
    output: mainEntry,
    inputs: [join(root, 'src', 'main'), join(root, 'bench'), ...shared],
  },
  {
    mode: 'preload',
    output: join(dist, 'preload', 'preload.cjs'),
    inputs: [join(root, 'src', 'preload'), ...shared],
  },
];
const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Booted {
  child: ChildProcess;
  stderr: string[];
  exit: Promise<number | null>;
  dataDir: string;
}

function boot(): Booted {
  const dataDir = mkdtempSync(join(tmpdir(), 'zephyr-boot-'));
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('ZEPHYR_')) delete env[key];
  const child = spawn(
    process.execPath,
    ['--import', './test/boot/register-fake-electron.mjs', 'dist/main/electron-main.js'],
    {
      cwd: root,
      env: {
        ...env,
        ZEPHYR_DATA_DIR: dataDir,
        ZEPHYR_FAKE_USER_DATA: join(dataDir, 'electron-default-user-data'),
        // Start at login writes the XDG autostart entry on Linux: here, not in the real ~/.config.
        XDG_CONFIG_HOME: join(dataDir, 'config'),
        // No desktop bus: the D-Bus notifier must cope, and nothing pops up on the test machine.
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-bus')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  child.stdout?.resume();
  const exit = new Promise<number | null>((resolveExit) =>
    child.on('exit', (code) => resolveExit(code)),
  );
  return { child, stderr, exit, dataDir };
}

function ask<T>(child: ChildProcess, message: object, replyType: string): Promise<T> {
  return new Promise((resolveReply, reject) => {
    const onMessage = (reply: { type: string } & Record<string, unknown>) => {
      if (reply.type !== replyType && reply.type !== 'error') return;
      child.off('message', onMessage);
      if (reply.type === 'error') reject(new Error(String(reply.error)));
      else resolveReply(reply as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** Waits for the app's own readiness signal: "started" in its log (or the process ending). */
async function waitForStarted(booted: Booted): Promise<void> {
  const log = join(booted.dataDir, 'logs', 'main.log');
  let exited = false;
  void booted.exit.then(() => {
    exited = true;
  });
  for (;;) {
    if (existsSync(log) && readFileSync(log, 'utf8').includes('"message":"started"')) return;
    if (exited) {
      throw new Error(`the main process exited before starting:\n${booted.stderr.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `app://zephyr/<path>` → the file under dist/renderer it must be served from. */
function rendererFile(url: string): string {
  const parsed = new URL(url);
  const path = decodeURIComponent(parsed.pathname);
  return join(dist, 'renderer', path === '/' ? 'index.html' : path);
}

let booted: Booted;
let report: BootReport;
let exitCode: number | null;
let getState: { result?: { ok: boolean; value?: unknown; error?: unknown }; error?: string };
let untrusted: { result?: { ok: boolean; error?: { code: string } } };

beforeAll(async () => {
  // Test what the sources build today: rebuild any build older than its sources (or missing).
  for (const { mode } of staleBuilds(builds)) {
    execFileSync('npx', ['vite', 'build', '--mode', mode], { cwd: root, stdio: 'inherit' });
  }
  booted = boot();
  await waitForStarted(booted);
  report = (await ask<{ report: BootReport }>(booted.child, { type: 'report' }, 'report')).report;
  getState = await ask(
    booted.child,
    { type: 'invoke', window: 0, name: 'app:get-state', input: {} },
    'invoked',
  );
  untrusted = await ask(
    booted.child,
    { type: 'invoke', window: 99, name: 'app:get-state', input: {} },
    'invoked',
  );
  booted.child.send({ type: 'quit' });
  exitCode = await booted.exit;
}, 240_000);

afterAll(() => {
  if (booted && booted.child.exitCode === null) booted.child.kill('SIGKILL');
});

describe('booting dist/main/electron-main.js under the fake electron', () => {
  it('starts without crashing, error boxes or relaunches', () => {
    expect(report.errorBoxes, booted.stderr.join('')).toEqual([]);
    expect(report.relaunched).toBe(0);
    expect(report.exits).toEqual([]);
  });

  it('uses ZEPHYR_DATA_DIR for its data and for Electron’s userData', () => {
    expect(report.userData).toBe(booted.dataDir);
  });

  it('creates the main window on #/now and the hidden alert window on #/alert', () => {
    const urls = report.windows.map((w) => w.loadedUrls);
    expect(urls).toEqual(
      expect.arrayContaining([
        ['app://zephyr/index.html#/now'],
        ['app://zephyr/index.html#/alert'],
      ]),
    );
    const main = report.windows.find((w) => w.loadedUrls[0]?.endsWith('#/now'));
    const alert = report.windows.find((w) => w.loadedUrls[0]?.endsWith('#/alert'));
    expect(main?.visible).toBe(true);
    expect(alert?.visible).toBe(false);
  });

  it('gives every window the secure web preferences and a preload that exists in dist', () => {
    expect(report.windows.length).toBeGreaterThanOrEqual(2);
    for (const window of report.windows) {
      const prefs = window.options.webPreferences as Record<string, unknown>;
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        // Without it the alarm stays silent until someone clicks the alert.
        autoplayPolicy: 'no-user-gesture-required',
      });
      expect(prefs.preload).toBe(join(dist, 'preload', 'preload.cjs'));
      expect(existsSync(prefs.preload as string)).toBe(true);
      if (window.options.icon) expect(existsSync(window.options.icon as string)).toBe(true);
    }
  });

  it('serves every loaded page from dist/renderer with the strict CSP', () => {
    expect(report.privilegedSchemes).toEqual(['app']);
    expect(report.protocolHandlers).toEqual(['app']);
    expect(report.pages.length).toBeGreaterThan(0);
    for (const page of report.pages) {
      expect(page, page.url).toMatchObject({ status: 200, csp: EXPECTED_CSP });
      expect(page.contentType).toMatch(/^text\/html/);
      expect(existsSync(rendererFile(page.url)), page.url).toBe(true);
    }
  });

  it('loads pages whose HTML has no inline script or style and whose assets exist', () => {
    for (const page of report.pages) {
      const file = rendererFile(page.url);
      const html = readFileSync(file, 'utf8');
      for (const tag of html.match(/<script\b[^>]*>/gi) ?? [])
        expect(tag, 'inline script').toMatch(/\bsrc=/);
      expect(html, 'inline <style>').not.toMatch(/<style\b/i);
      expect(html, 'style attribute').not.toMatch(/\sstyle=/i);
      expect(html, 'inline event handler').not.toMatch(/\son[a-z]+=/i);
      const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      for (const ref of refs.filter((r) => !/^(https?:|data:|#)/.test(r))) {
        expect(existsSync(resolve(dirname(file), ref)), `${ref} referenced by ${file}`).toBe(true);
      }
    }
  });

  it('creates the tray with icon files that exist, for every state it can switch to', () => {
    expect(report.trays).toHaveLength(1);
    const tray = report.trays[0]!;
    const first = tray.images[0]!;
    expect(first).toMatch(/tray-off-call\.png$/);
    // The tray may switch to any state later, so every state's icon (and @2x) must be there now.
    const all = TrayState.options.map((state) => first.replace('tray-off-call', `tray-${state}`));
    for (const image of [...tray.images, ...all]) {
      expect(existsSync(image), image).toBe(true);
      expect(existsSync(image.replace(/\.png$/, '@2x.png')), image).toBe(true);
    }
    expect(tray.toolTip).toBeTruthy();
  });

  it('registers an IPC handler for every contract command, and only those', () => {
    expect([...report.ipcHandlers].sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('answers app:get-state from the main window with a valid AppState', () => {
    expect(getState.error, getState.error).toBeUndefined();
    expect(getState.result?.ok, JSON.stringify(getState.result)).toBe(true);
    expect(AppState.safeParse(getState.result?.value).success).toBe(true);
  });

  it('refuses a command from a frame that is not one of its windows', () => {
    expect(untrusted.result).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
  });

  it('turns on launch at login and registers the acknowledge shortcut', () => {
    if (process.platform === 'linux') {
      const entry = readFileSync(
        join(booted.dataDir, 'config', 'autostart', 'zephyr-oncall.desktop'),
        'utf8',
      );
      expect(entry).toContain(`Exec=${process.execPath} --hidden`);
    } else {
      expect(report.loginItemSettings.at(-1)).toMatchObject({ openAtLogin: true });
    }
    expect(report.protocolClients).toEqual(['zephyr']);
    expect(report.shortcuts).toContain('CommandOrControl+Shift+A');
  });

  it('quits cleanly (exit code 0) through Electron’s quit flow', () => {
    expect(exitCode, booted.stderr.join('')).toBe(0);
  });
});

describe('the built preload', () => {
  it('requires nothing at runtime but electron (zod is bundled in)', () => {
    const source = readFileSync(join(dist, 'preload', 'preload.cjs'), 'utf8');
    const required = [...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(source).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
  });
});
