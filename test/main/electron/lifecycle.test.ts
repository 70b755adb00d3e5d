import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../src/shared/domain.js';
import {
  ACK_SHORTCUT,
  acquireSingleInstance,
  applyLaunchAtLogin,
  installCrashRelaunch,
  installQuitConfirmation,
  installWakeTriggers,
  newestRingingKey,
  registerAckShortcut,
  watchOnline,
} from '../../../src/main/electron/lifecycle.js';
import { EventEmitter } from 'node:events';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';
import { flushAsync } from '../../fakes/fake-clock.js';
import { makePage, person } from '../../fakes/fake-source.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

function stateWith(pages: { id: string; at: number; ringing: boolean }[]): AppState {
  return {
    pages: pages.map(({ id, at, ringing }) => ({
      key: `zephyr:${id}`,
      sourceId: 'zephyr',
      sourceLabel: 'Zephyr',
      page: makePage(id, person('Ada'), at),
      ringing,
      headsUp: false,
      ack: { state: 'none' },
      skewMs: 0,
    })),
  } as unknown as AppState;
}

describe('single instance', () => {
  it('focuses the main window when a second instance starts', () => {
    const fake = createFakeElectron();
    const focused: (readonly string[])[] = [];
    expect(acquireSingleInstance(fake.app, (argv) => focused.push(argv))).toBe(true);
    fake.app.emit('second-instance');
    fake.app.emit('second-instance', {}, ['zephyr-oncall', 'zephyr://page/P1'], '/home');
    expect(focused).toEqual([[], ['zephyr-oncall', 'zephyr://page/P1']]);
  });

  it('reports when another instance holds the lock', () => {
    const fake = createFakeElectron({ singleInstance: false });
    expect(acquireSingleInstance(fake.app, () => undefined)).toBe(false);
  });
});

describe('applyLaunchAtLogin', () => {
  it('defaults to on, follows the setting, and survives an unreadable settings file', () => {
    const fake = createFakeElectron();
    const logger = new RecordingLogger();
    applyLaunchAtLogin(fake.app, () => ({}), logger);
    applyLaunchAtLogin(fake.app, () => ({ launchAtLogin: false }), logger);
    applyLaunchAtLogin(
      fake.app,
      () => {
        throw new Error('settings.json is not valid JSON');
      },
      logger,
    );
    expect(fake.record.loginItemSettings.map((s) => s.openAtLogin)).toEqual([true, false, true]);
    expect(logger.entries.at(-1)?.message).toMatch(/settings unreadable/);
  });

  it('records through the given apply (the Linux autostart entry) and logs a failed write', () => {
    const fake = createFakeElectron({ platform: 'linux' });
    const logger = new RecordingLogger();
    const applied: boolean[] = [];
    applyLaunchAtLogin(
      fake.app,
      () => ({ launchAtLogin: false }),
      logger,
      (on) => {
        applied.push(on);
      },
    );
    expect(applied).toEqual([false]);
    expect(fake.record.loginItemSettings).toEqual([]);
    applyLaunchAtLogin(
      fake.app,
      () => ({}),
      logger,
      () => {
        throw new Error('EACCES: ~/.config/autostart');
      },
    );
    expect(logger.entries.at(-1)?.message).toMatch(/could not set start at login/);
  });
});

describe('installCrashRelaunch', () => {
  it('logs, relaunches and exits non-zero on an uncaught exception', () => {
    const fake = createFakeElectron();
    const proc = new EventEmitter();
    const logger = new RecordingLogger();
    installCrashRelaunch(proc, fake.app, logger, () => 60_000);
    proc.emit('uncaughtException', new Error('boom'));
    expect(fake.record.relaunched).toBe(1);
    expect(fake.record.exits).toEqual([1]);
    expect(logger.entries[0]?.fields?.error).toContain('boom');
  });

  it('does not relaunch a crash during start-up (no relaunch loop), but still exits non-zero', () => {
    const fake = createFakeElectron();
    const proc = new EventEmitter();
    const logger = new RecordingLogger();
    installCrashRelaunch(proc, fake.app, logger, () => 2_000);
    proc.emit('uncaughtException', new Error('bad install'));
    expect(fake.record.relaunched).toBe(0);
    expect(fake.record.exits).toEqual([1]);
    expect(logger.entries[0]?.message).toMatch(/while starting; not relaunching/);
  });
});

describe('installQuitConfirmation', () => {
  function setup(onCall: boolean, dialogResponse: number) {
    const fake = createFakeElectron({ dialogResponse });
    fake.app.markReady();
    let quitting = 0;
    installQuitConfirmation(fake.app, {
      dialog: fake.dialog,
      isOnCall: () => onCall,
      onQuitting: () => quitting++,
      logger: new RecordingLogger(),
    });
    return { fake, quitting: () => quitting };
  }

  it('quits without asking when off call', () => {
    const { fake, quitting } = setup(false, 1);
    fake.app.quit();
    expect(fake.record.dialogs).toEqual([]);
    expect(fake.record.exits).toEqual([0]);
    expect(quitting()).toBe(1);
  });

  it('asks while on call and stays when the user says so', async () => {
    const { fake, quitting } = setup(true, 1);
    fake.app.quit();
    await flushAsync();
    expect(fake.record.dialogs).toHaveLength(1);
    expect(fake.record.dialogs[0]?.message).toMatch(/You are on call/);
    expect(fake.record.exits).toEqual([]);
    expect(quitting()).toBe(0);
  });

  it('quits while on call once the user confirms', async () => {
    const { fake, quitting } = setup(true, 0);
    fake.app.quit();
    await flushAsync();
    expect(fake.record.exits).toEqual([0]);
    expect(quitting()).toBe(1);
  });
});

describe('wake and network triggers', () => {
  it('polls at once on resume and unlock', () => {
    const fake = createFakeElectron();
    const polls: string[] = [];
    installWakeTriggers(fake.powerMonitor, (reason) => polls.push(reason));
    fake.powerMonitor.emit('resume');
    fake.powerMonitor.emit('unlock-screen');
    expect(polls).toEqual(['wake', 'wake']);
  });

  it('polls when the network comes back, not while it stays up or down', () => {
    const fake = createFakeElectron();
    const polls: string[] = [];
    let tick: () => void = () => undefined;
    const stop = watchOnline({
      isOnline: () => fake.net.isOnline(),
      setInterval: (fn) => {
        tick = fn;
        return 1;
      },
      clearInterval: () => {
        tick = () => undefined;
      },
      pollNow: (reason) => polls.push(reason),
    });
    tick();
    fake.net.setOnline(false);
    tick();
    tick();
    fake.net.setOnline(true);
    tick();
    tick();
    expect(polls).toEqual(['online']);
    stop();
    fake.net.setOnline(false);
    tick();
    fake.net.setOnline(true);
    tick();
    expect(polls).toEqual(['online']);
  });
});

describe('acknowledge shortcut', () => {
  it('acknowledges the newest ringing page', async () => {
    const fake = createFakeElectron();
    const acked: string[] = [];
    const state = stateWith([
      { id: 'old', at: 1_000, ringing: true },
      { id: 'new', at: 5_000, ringing: true },
      { id: 'newest-but-quiet', at: 9_000, ringing: false },
    ]);
    registerAckShortcut(
      fake.globalShortcut,
      {
        state: () => state,
        acknowledge: async (key) => {
          acked.push(key);
          return 'pending';
        },
      },
      new RecordingLogger(),
    );
    fake.globalShortcut.press(ACK_SHORTCUT);
    await flushAsync();
    expect(acked).toEqual(['zephyr:new']);
  });

  it('does nothing when nothing rings', () => {
    expect(newestRingingKey(stateWith([{ id: 'a', at: 1, ringing: false }]))).toBeUndefined();
  });

  it('logs when another app owns the accelerator', () => {
    const fake = createFakeElectron({ takenShortcuts: [ACK_SHORTCUT] });
    const logger = new RecordingLogger();
    const ok = registerAckShortcut(
      fake.globalShortcut,
      { state: () => stateWith([]), acknowledge: async () => 'pending' },
      logger,
    );
    expect(ok).toBe(false);
    expect(logger.entries[0]?.message).toMatch(/shortcut unavailable/);
  });
});
