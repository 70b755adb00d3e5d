import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  NO_TRAY_PROBLEM,
  osLimits,
  statusNotifierHostPresent,
  withReachability,
} from '../../../src/main/electron/reachability.js';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';

const reply = (value: boolean) =>
  `method return time=1 sender=org.freedesktop.DBus -> destination=:1.5 serial=3 reply_serial=2\n   boolean ${value}\n`;

describe('statusNotifierHostPresent', () => {
  it('asks the session bus whether the StatusNotifierWatcher name has an owner', async () => {
    const calls: string[][] = [];
    const present = await statusNotifierHostPresent(async (file, args) => {
      calls.push([file, ...args]);
      return reply(true);
    });
    expect(present).toBe(true);
    expect(calls[0]).toContain('string:org.kde.StatusNotifierWatcher');
    expect(await statusNotifierHostPresent(async () => reply(false))).toBe(false);
    expect(await statusNotifierHostPresent(async () => undefined)).toBeUndefined();
    expect(await statusNotifierHostPresent(async () => 'garbage')).toBeUndefined();
  });

  const haveBus = spawnSync('dbus-daemon', ['--version']).error === undefined;
  // dbus-daemon is in scripts/system-packages.txt: on CI its absence fails, never skips.
  it.skipIf(!haveBus && !process.env.CI)(
    'answers false on a real session bus with no tray host',
    async () => {
      const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        const address = await new Promise<string>((resolve) =>
          daemon.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
        );
        const previous = process.env.DBUS_SESSION_BUS_ADDRESS;
        process.env.DBUS_SESSION_BUS_ADDRESS = address;
        try {
          expect(await statusNotifierHostPresent()).toBe(false);
        } finally {
          process.env.DBUS_SESSION_BUS_ADDRESS = previous;
        }
      } finally {
        daemon.kill();
      }
    },
  );
});

describe('withReachability', () => {
  it('adds the missing tray and the OS limits to the notifier capabilities', async () => {
    const inner = new RecordingNotifier();
    let trayMissing = true;
    const notifier = withReachability(inner, {
      problems: () => (trayMissing ? [NO_TRAY_PROBLEM] : []),
      osLimits: osLimits('linux'),
    });
    const caps = await notifier.capabilities();
    expect(caps.extraProblems).toEqual([NO_TRAY_PROBLEM]);
    expect(caps.osLimits?.[0]).toMatch(/Do Not Disturb hides page notifications/);
    trayMissing = false;
    expect((await notifier.capabilities()).extraProblems).toEqual([]);
    expect(osLimits('win32')[0]).toMatch(/Focus Assist/);
    expect(osLimits('darwin')[0]).toMatch(/macOS Focus/);
  });
});
