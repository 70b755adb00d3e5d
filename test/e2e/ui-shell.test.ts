/**
 * The renderer on its own: the built `dist/renderer` served by a tiny static server (with the
 * production CSP), a fake `window.zephyr` (fake-api.ts) instead of main. Needs `npm run build`
 * first; `npm test` runs the build before `test:e2e`.
 *
 * Set ZEPHYR_SCREENSHOTS=<dir> to also save screenshots of each screen there.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { BRIDGE_PATH, BRIDGE_PROTOCOL } from '../../src/shared/bridge-protocol.js';
import { RENDERER_CSP } from '../../src/main/node/bridge-server.js';
import type { AppState } from '../../src/shared/domain.js';
import {
  defaultSettings,
  demoState,
  headsUpPage,
  installFakeZephyr,
  ringingPage,
  type FakeZephyrOptions,
} from './fake-api.js';
import { launchChromium } from './helpers/browser.js';
import { checkAnswer, checkEvent, checkRequest, ContractLog } from './helpers/contract-check.js';
import { AlertPage } from './pages/alert-page.js';
import { AppShellPage } from './pages/app-shell-page.js';
import { SettingsPage } from './pages/settings-page.js';

const DIST = resolve(import.meta.dirname, '..', '..', 'dist', 'renderer');
const SCREENSHOTS = process.env.ZEPHYR_SCREENSHOTS;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wav': 'audio/wav',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function serveRenderer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': RENDERER_CSP,
    });
    res.end(readFileSync(file));
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

/** Every contract mismatch of the fake `window.zephyr` or the bridge stand-in during one test. */
const contract = new ContractLog();

/** What the bridge stand-in answers a command: the state, a pending acknowledge, or "not served". */
function bridgeAnswer(name: string, input: unknown): unknown {
  const refused = contract.note(checkRequest(name, input));
  if (refused) return { ok: false, error: { code: 'invalid-payload', message: refused } };
  if (name === 'app:get-state') return { ok: true, value: bridge.state };
  if (name === 'pages:acknowledge') return { ok: true, value: { state: 'pending' } };
  return {
    ok: false,
    error: { code: 'unavailable', message: `The bridge stand-in does not serve "${name}".` },
  };
}

/**
 * A stand-in for the Node host's bridge on the same origin: checks the subprotocols, answers
 * 'app:get-state' with `bridge.state`, records every invoke, and can refuse connections. Requests,
 * answers and events are held to the contract, except what `pushMalformed` sends on purpose.
 */
const bridge = {
  state: demoState(Date.now()),
  refuse: false,
  invokes: [] as { name: string; input: unknown }[],
  sockets: new Set<ServerSocket>(),
  push(message: { type: 'event'; name: string; payload: unknown }): void {
    contract.note(checkEvent(message.name, message.payload));
    bridge.pushMalformed(message);
  },
  /** Sends `message` unchecked: for testing how the renderer takes a malformed one. */
  pushMalformed(message: unknown): void {
    for (const socket of bridge.sockets) socket.send(JSON.stringify(message));
  },
  dropAll(): void {
    for (const socket of bridge.sockets) socket.terminate();
  },
};

function attachBridge(http: Server): WebSocketServer {
  const wss = new WebSocketServer({
    server: http,
    path: BRIDGE_PATH,
    verifyClient: (info: { req: { headers: Record<string, string | string[] | undefined> } }) => {
      const offered = String(info.req.headers['sec-websocket-protocol'] ?? '');
      return !bridge.refuse && offered.split(/,\s*/).includes('token.good-token');
    },
    handleProtocols: (protocols: Set<string>) =>
      protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false,
  });
  wss.on('connection', (socket) => {
    bridge.sockets.add(socket);
    socket.on('close', () => bridge.sockets.delete(socket));
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: number; name: string; input: unknown };
      bridge.invokes.push({ name: request.name, input: request.input });
      const result = bridgeAnswer(request.name, request.input);
      contract.note(checkAnswer(request.name, result));
      socket.send(JSON.stringify({ type: 'result', id: request.id, result }));
    });
  });
  return wss;
}

let browser: Browser;
let server: Server;
let wss: WebSocketServer;
let baseUrl: string;
let context: BrowserContext | undefined;
let consoleProblems: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: run "npm run build" first`);
  }
  ({ server, url: baseUrl } = await serveRenderer());
  wss = attachBridge(server);
  browser = await launchChromium();
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  bridge.dropAll();
  await new Promise((done) => wss?.close(done));
  await new Promise((done) => server?.close(done));
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  // A CSP violation, an uncaught error in the renderer or a message outside the IPC contract
  // fails the test that caused it.
  const problems = consoleProblems;
  consoleProblems = [];
  expect(problems).toEqual([]);
  expect(contract.take(), 'messages outside the IPC contract').toEqual([]);
});

async function openApp(
  fake: Partial<FakeZephyrOptions> | null,
  hash = '/now',
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; shell: AppShellPage }> {
  context = await browser.newContext({ viewport: { width: 1100, height: 820 }, colorScheme });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleProblems.push(msg.text());
  });
  page.on('pageerror', (error) => consoleProblems.push(error.message));
  page.on('requestfailed', (req) => consoleProblems.push(`request failed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400) consoleProblems.push(`${res.status()} ${res.url()}`);
  });
  if (fake) await installFakeZephyr(page, contract, fake);
  const shell = new AppShellPage(page);
  await shell.open(baseUrl, hash);
  return { page, shell };
}

async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SCREENSHOTS) return;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

function withPages(state: AppState, ...pages: AppState['pages']): AppState {
  return { ...state, pages, tray: { state: 'paged', tooltip: 'Zephyr: you are paged' } };
}

describe('renderer shell (fake window.zephyr)', () => {
  it('navigates Now → Incidents → Settings by role and name, and shows the demo banner', async () => {
    const { page, shell } = await openApp({ state: demoState(Date.now()) });
    await shell.heading('Now').waitFor();
    expect(await shell.navLink('Now').getAttribute('aria-current')).toBe('page');
    await shell.demoBanner.getByText('Demo platform: not connected to your pager').waitFor();
    await page.getByRole('heading', { name: 'You are on call' }).waitFor();
    expect(await page.getByRole('table').getByRole('row').count()).toBe(4);
    await screenshot(page, 'now');

    await shell.goTo('Incidents');
    expect(page.url()).toMatch(/#\/incidents$/);
    await page.getByText('Checkout p99 elevated in eu-frankfurt').waitFor();
    await screenshot(page, 'incidents');

    await shell.goTo('Settings');
    expect(await shell.navLink('Settings').getAttribute('aria-current')).toBe('page');
    expect(await shell.navLink('Now').getAttribute('aria-current')).toBeNull();

    await shell.goTo('Now');
    await shell.demoBanner.getByRole('link', { name: 'Connect your platform' }).click();
    await shell.heading('Settings').waitFor();
  });

  it('rings: the alert dialog has focus on Acknowledge, and acknowledging calls main', async () => {
    const now = Date.now();
    const { page, shell } = await openApp({
      state: withPages(demoState(now), ringingPage(now), headsUpPage(now)),
    });
    const alert = new AlertPage(page);
    await alert.dialog.waitFor();
    await alert.dialog.getByText('Checkout p99 latency above 2 s in eu-frankfurt').waitFor();
    await expect.poll(() => alert.acknowledgeHasFocus()).toBe(true);
    expect(await alert.countdown.textContent()).toMatch(/^escalates to Bob Lee in 4:\d\d$/);
    await screenshot(page, 'alert', false);

    // Enter on the focused button is the one-keystroke acknowledge.
    await page.keyboard.press('Enter');
    await alert.dialog.getByText('acknowledging…').waitFor();
    const acks = (await shell.calls()).filter((c) => c.name === 'pages:acknowledge');
    expect(acks).toEqual([{ name: 'pages:acknowledge', input: { key: 'zephyr:p-101' } }]);

    await shell.confirmAck('zephyr:p-101');
    await alert.dialog.getByText('acknowledged by Ana Souza').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await alert.dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('region', { name: 'Heads-up' })
      .getByText(/Chen Wei is paged for/)
      .waitFor();
    await screenshot(page, 'now-after-ack');
  });

  it('the countdown ticks every second against the platform clock (skew applied)', async () => {
    // The fake clock starts at `start` but then runs with real time, so reloading under load used
    // to eat seconds of the countdown. It is paused at `observedAt` (later than any reload can
    // take, earlier than the escalation) and the page is built relative to that instant.
    const start = Date.parse('2026-03-02T03:00:00Z');
    const observedAt = start + 120_000;
    const view = { ...ringingPage(observedAt, 60_000), skewMs: 30_000 };
    const { page } = await openApp({ state: withPages(demoState(observedAt), view) }, '/now');
    await page.clock.install({ time: start });
    await page.reload();
    const alert = new AlertPage(page);
    await alert.countdown.waitFor();
    await page.clock.pauseAt(observedAt);
    // The alert re-reads the clock every 250 ms; let one tick pass so it has read a time in
    // (observedAt, observedAt + 250 ms]. Created 60 s before observedAt, escalates 300 s after
    // creation, platform clock 30 s ahead: 3:29.75–3:30 left, shown rounded up as 3:30.
    await page.clock.runFor(250);
    await expect.poll(() => alert.countdown.textContent()).toBe('escalates to Bob Lee in 3:30');
    await page.clock.runFor(1000);
    await expect.poll(() => alert.countdown.textContent()).toBe('escalates to Bob Lee in 3:29');
  });

  it('#/alert plays the looping alarm while a page rings and stops when none does', async () => {
    const now = Date.now();
    const { page, shell } = await openApp(
      { state: withPages(demoState(now), ringingPage(now)) },
      '/alert',
    );
    const alert = new AlertPage(page);
    await alert.dialog.waitFor();
    await expect.poll(() => alert.acknowledgeHasFocus()).toBe(true);
    expect(await alert.audio.evaluate((el) => (el as HTMLAudioElement).loop)).toBe(true);
    await screenshot(page, 'alert-window', false);
    if (await alert.enableSoundButton.isVisible()) await alert.enableSoundButton.click();
    await expect.poll(() => alert.soundPlaying()).toBe(true);
    expect(await alert.audio.evaluate((el) => (el as HTMLAudioElement).volume)).toBeCloseTo(0.8);

    await alert.acknowledgeButton.click();
    await shell.confirmAck('zephyr:p-101');
    await expect.poll(() => alert.soundPlaying()).toBe(false);
    await alert.dialog.getByText('acknowledged by Ana Souza').waitFor();
  });

  it('a feed alarm, unreachable targets and a rejected playbook each show a banner', async () => {
    const state = demoState(Date.now());
    const first = state.sources[0]!;
    const { page, shell } = await openApp({
      state: {
        ...state,
        sources: [
          {
            ...first,
            demo: false,
            label: 'Zephyr platform',
            health: { state: 'down', alarm: true, message: 'connect ECONNREFUSED 10.0.0.5:443' },
          },
        ],
        reachability: { ok: false, problems: ['Desktop notifications are turned off for Zephyr.'] },
        playbook: { origin: 'company policy (built in)', error: 'severities: expected 3 items' },
      },
    });
    await shell.feedAlarmBanner
      .getByText('Cannot reach Zephyr platform: you may miss pages')
      .waitFor();
    await shell.feedAlarmBanner.getByText('connect ECONNREFUSED 10.0.0.5:443').waitFor();
    await page.getByText('Desktop notifications are turned off for Zephyr.').waitFor();
    await page
      .getByText(
        'Your playbook file was rejected: severities: expected 3 items. Running on the last good playbook.',
      )
      .waitFor();
    expect(await shell.demoBanner.count()).toBe(0);
    await screenshot(page, 'banners');
  });

  it('a failing command shows its error message', async () => {
    const { page, shell } = await openApp({
      state: demoState(Date.now()),
      failures: { 'pages:send-test': 'The platform refused the test page: 403 Forbidden' },
    });
    await page.getByRole('button', { name: 'Send test page' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The platform refused the test page: 403 Forbidden' })
      .waitFor();
    expect(await shell.callNames()).toContain('pages:send-test');
  });

  it('settings: env-managed fields are read-only, the token is never shown, saving sends a patch', async () => {
    const { page, shell } = await openApp({ state: demoState(Date.now()) }, '/settings');
    const settings = new SettingsPage(page);
    await settings.saveButton.waitFor();
    await settings.managedNote('ZEPHYR_FEED_ALARM_SECONDS').waitFor();
    expect(await settings.field('Feed alarm after').getAttribute('readonly')).not.toBeNull();
    expect(await settings.field('Platform token').getAttribute('type')).toBe('password');
    expect(await settings.secretStatus('Platform token')).toBe('not set');
    expect(await settings.secretStatus('Slack bot token')).toBe('set');
    await page.getByText('Zephyr incident response (company policy)').waitFor();
    await screenshot(page, 'settings');

    await settings.field('Platform URL').fill('https://zephyr.example.com');
    await settings.field('Platform token').fill('s3cret-token');
    await settings.field('Poll interval').fill('15');
    await settings.saveButton.click();
    await page.getByText('Saved.').waitFor();
    await page.getByText('Connected as Ann Example').waitFor();
    const calls = (await shell.calls()).filter(
      (c) => c.name.startsWith('settings:') || c.name === 'platform:test',
    );
    // Tested first, then saved: the token before the URL that will use it.
    expect(calls.slice(-3)).toEqual([
      {
        name: 'platform:test',
        input: { url: 'https://zephyr.example.com', token: 's3cret-token' },
      },
      { name: 'settings:set-secret', input: { name: 'platformToken', value: 's3cret-token' } },
      {
        name: 'settings:update',
        input: { patch: { platformUrl: 'https://zephyr.example.com', pollIntervalSeconds: 15 } },
      },
    ]);
    await expect.poll(() => settings.secretStatus('Platform token')).toBe('set');
    expect(await settings.field('Platform token').inputValue()).toBe('');

    await settings.field('Poll interval').fill('0');
    await settings.saveButton.click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Not saved: Poll interval: Too small/ })
      .waitFor();
  });

  it('first run: explains the demo and "Explore the demo" dismisses it', async () => {
    const { page, shell } = await openApp({ state: { ...demoState(Date.now()), firstRun: true } });
    await shell.heading('Welcome to Zephyr On-Call').waitFor();
    await page.getByRole('heading', { name: 'Connect the Zephyr platform' }).waitFor();
    expect(await page.getByRole('button', { name: 'Connect PagerDuty' }).isEnabled()).toBe(true);
    await page.getByLabel('PagerDuty API token').waitFor();
    await screenshot(page, 'first-run');
    await page.getByRole('button', { name: 'Explore the demo' }).click();
    await shell.heading('Now').waitFor();
    expect(await shell.callNames()).toContain('app:dismiss-first-run');
  });

  it('follows prefers-color-scheme: dark', async () => {
    const now = Date.now();
    const { page } = await openApp(
      { state: withPages(demoState(now), ringingPage(now)), settings: defaultSettings() },
      '/now',
      'dark',
    );
    await new AlertPage(page).dialog.waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(14, 17, 20)',
    );
    await screenshot(page, 'alert-dark', false);
  });

  it('the fake is held to the contract: a bad request, answer or event is caught', async () => {
    const now = Date.now();
    const bad = withPages(demoState(now), ringingPage(now));
    (bad.pages[0] as { ringing: unknown }).ringing = 'yes';
    const { page, shell } = await openApp({ state: bad });
    // The renderer refuses the answer too (as it would main's) and says so.
    await page.getByText(/unexpected answer to "app:get-state": pages\.0\.ringing/).waitFor();
    const answer = await page.evaluate(() =>
      (
        window as unknown as { zephyr: { invoke(n: string, i: unknown): Promise<unknown> } }
      ).zephyr.invoke('pages:acknowledge', { key: '' }),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    await shell.setState({ ...demoState(now), onCall: 'maybe' } as unknown as AppState);
    expect(contract.take()).toEqual([
      expect.stringMatching(/^answer to "app:get-state": pages\.0\.ringing: /),
      expect.stringMatching(/^request "pages:acknowledge": key: /),
      expect.stringMatching(/^event "app:state-changed": onCall: /),
    ]);
  });
});

describe('renderer over the WebSocket bridge (no window.zephyr)', () => {
  it('connects with the token from the hash, hides it, and shows a loud banner while disconnected', async () => {
    bridge.state = demoState(Date.now());
    bridge.refuse = false;
    const { page, shell } = await openApp(null, '/now?token=good-token');
    await shell.demoBanner.waitFor();
    await page.getByRole('heading', { name: 'You are on call' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/#/now`);

    // Freeze the page's timers so the client's back-off reconnect cannot fire during the outage:
    // otherwise, under load, it either hits the refusing host (Chromium then logs the 401 as a
    // console error) or reconnects on its own once `refuse` is cleared, before "Retry now" is
    // clicked. Moving 10 s ahead first is safe: nothing is scheduled yet but the UI's own ticks.
    await page.clock.install();
    await page.clock.pauseAt(Date.now() + 10_000);
    bridge.refuse = true;
    bridge.dropAll();
    const lost = page
      .getByRole('alert')
      .filter({ hasText: 'Lost connection to the Zephyr service' });
    await lost.waitFor();
    await screenshot(page, 'connection-lost');

    // While down, an action fails with a message instead of vanishing.
    await page.getByRole('button', { name: 'Send test page' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Not connected to the Zephyr service/ })
      .waitFor();

    bridge.refuse = false;
    await page.getByRole('button', { name: 'Retry now' }).click();
    await lost.waitFor({ state: 'hidden' });
    expect(bridge.invokes.filter((i) => i.name === 'app:get-state').length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('without a token it says so instead of waiting silently', async () => {
    const { page } = await openApp(null, '/now');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Lost connection to the Zephyr service' })
      .filter({ hasText: 'opened without its access token' })
      .waitFor();
  });

  it('events ring the alert, acknowledge travels over the socket, malformed events are reported', async () => {
    bridge.state = demoState(Date.now());
    bridge.refuse = false;
    bridge.invokes = [];
    const { page } = await openApp(null, 'token=good-token');
    await page.getByRole('heading', { name: 'You are on call' }).waitFor();

    const now = Date.now();
    bridge.push({
      type: 'event',
      name: 'app:state-changed',
      payload: withPages(demoState(now), ringingPage(now)),
    });
    const alert = new AlertPage(page);
    await alert.dialog.waitFor();
    await expect.poll(() => alert.acknowledgeHasFocus()).toBe(true);
    await alert.acknowledgeButton.click();
    await expect
      .poll(() => bridge.invokes.filter((i) => i.name === 'pages:acknowledge'))
      .toEqual([{ name: 'pages:acknowledge', input: { key: 'zephyr:p-101' } }]);

    bridge.pushMalformed({
      type: 'event',
      name: 'app:state-changed',
      payload: { sources: 'nope' },
    });
    await page
      .getByRole('alert')
      .filter({ hasText: /malformed "app:state-changed" event: sources/ })
      .waitFor();
  });
});
