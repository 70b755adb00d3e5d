/**
 * Linux notification end to end, for real: Xvfb, a private dbus-daemon and the dunst notification
 * server; the Node host runs the app's services with the D-Bus notifier. A triggered page shows a
 * critical notification with an Acknowledge action; the re-send (`ringResendSeconds`, 1 s here
 * instead of 60 s) replaces it (observed on the
 * bus as a second Notify call carrying the first one's id, with one notification on screen);
 * picking "Acknowledge" in dunst's menu acknowledges the page on the platform.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROTATIONS } from '../../src/main/local-platform/roster.js';
import {
  missingDesktopTools,
  startDesktopSession,
  type DesktopSession,
} from '../helpers/desktop-session.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { startNodeHost, type HostProcess } from './helpers/node-host.js';

const missing = missingDesktopTools([
  ...['Xvfb', 'dbus-daemon', 'dunst', 'dunstctl'],
  'dbus-monitor',
]);
if (missing.length > 0) {
  if (process.env.CI)
    throw new Error(`Linux notification test needs ${missing.join(', ')}: required on CI`);
  console.warn(`skipping the Linux notification test: ${missing.join(', ')} not installed`);
}

/** Watches the bus for Notify method calls (real traffic between the app and dunst). */
function monitorNotifyCalls(env: Record<string, string>): {
  calls: () => { replacesId: number; summary: string }[];
  stop(): void;
} {
  const child: ChildProcess = spawn(
    'dbus-monitor',
    ['--session', "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let text = '';
  child.stdout?.on('data', (d) => (text += String(d)));
  return {
    calls: () =>
      text
        .split(/^method call /m)
        .slice(1)
        .filter((block) => block.includes('member=Notify'))
        .map((block) => {
          // Notify(app_name s, replaces_id u, app_icon s, summary s, …)
          const replaces = /uint32 (\d+)/.exec(block);
          const strings = [...block.matchAll(/^\s+string "(.*)"$/gm)].map((m) => m[1] ?? '');
          return { replacesId: Number(replaces?.[1] ?? -1), summary: strings[2] ?? '' };
        }),
    stop: () => child.kill(),
  };
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(missing.length === 0)('Linux notification end to end (dunst)', () => {
  let session: DesktopSession;
  let platform: TestPlatform;
  let host: HostProcess;
  let monitor: ReturnType<typeof monitorNotifyCalls>;

  beforeAll(async () => {
    session = await startDesktopSession();
    monitor = monitorNotifyCalls(session.env);
    platform = await startTestPlatform({ user: { name: 'Robin Ops', email: 'robin@localhost' } });
    // The re-send interval is a setting read by the one config reader: 1 s, not the real 60 s.
    const dataDir = mkdtempSync(join(tmpdir(), 'zephyr-host-'));
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ ringResendSeconds: 1 }));
    host = await startNodeHost({
      ...session.env,
      ZEPHYR_DATA_DIR: dataDir,
      ZEPHYR_PLATFORM_URL: platform.url,
      ZEPHYR_PLATFORM_TOKEN: platform.token,
    });
  });

  afterAll(async () => {
    monitor?.stop();
    await host?.stop();
    await platform?.close();
    await session?.stop();
  });

  it('shows a critical notification, replaces it on re-send, and acknowledges from its button', async () => {
    const title = 'Payments provider timeouts in eu-west';
    const page = await platform.control.createPage({
      title,
      severity: 1,
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });

    await until('the page notification', () =>
      monitor.calls().some((c) => c.summary.includes(title)) ? true : undefined,
    );
    await until('one displayed notification', async () =>
      (await session.dunstctl(['count', 'displayed'])).trim() === '1' ? true : undefined,
    );

    // The re-send: a second Notify for the page, replacing the first (non-zero replaces_id).
    const resent = await until(
      'the re-send',
      () => {
        const forPage = monitor.calls().filter((c) => c.summary.includes(title));
        return forPage.length >= 2 ? forPage : undefined;
      },
      10_000,
    );
    expect(resent[0]?.replacesId).toBe(0);
    expect(resent[1]?.replacesId).toBeGreaterThan(0);
    expect((await session.dunstctl(['count', 'displayed'])).trim()).toBe('1');

    const { menu, chosen } = await session.invokeAction('acknowledge');
    expect(menu.some((line) => line.includes('Acknowledge'))).toBe(true);
    expect(chosen).toContain('acknowledge');

    const acknowledged = await until('the platform to record the acknowledgement', async () => {
      const state = await platform.control.state();
      return state.pages.find((p) => p.id === page.id && p.status === 'acknowledged');
    });
    expect(acknowledged.acknowledgedBy?.id).toBe(platform.userId);
    expect((await platform.control.state()).acknowledgements[page.id]).toBe(1);
    // Once the platform confirms, the notification goes away.
    await until('the notification to close', async () =>
      (await session.dunstctl(['count', 'displayed'])).trim() === '0' ? true : undefined,
    );
  }, 120_000);
});
