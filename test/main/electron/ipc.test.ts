import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type IpcResult } from '../../../src/shared/contract.js';
import type { AppState } from '../../../src/shared/domain.js';
import { createDispatcher, type Dispatch } from '../../../src/main/core/ipc-dispatcher.js';
import type { CommandHandlers } from '../../../src/main/core/ports.js';
import { forwardEvents, isTrustedSender, registerIpc } from '../../../src/main/electron/ipc.js';
import { appUrl } from '../../../src/main/electron/secure-window.js';
import { createFakeElectron, FakeFrame } from '../../fakes/electron/fake-electron.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

function setup() {
  const fake = createFakeElectron();
  fake.app.markReady();
  const logger = new RecordingLogger();
  const window = new fake.BrowserWindow({ show: true });
  void window.loadURL(appUrl('/now'));
  const dispatched: { name: string; payload: unknown }[] = [];
  const acknowledged: string[] = [];
  const handlers = {
    'pages:acknowledge': async ({ key }: { key: string }) => {
      acknowledged.push(key);
      return { state: 'pending' as const };
    },
  } as unknown as CommandHandlers;
  const real = createDispatcher(handlers, logger);
  const dispatch: Dispatch = (name, payload) => {
    dispatched.push({ name, payload });
    return real(name, payload);
  };
  registerIpc({ ipcMain: fake.ipcMain, dispatch, windows: () => [window], logger });
  return { fake, window, dispatched, acknowledged, logger };
}

describe('registerIpc', () => {
  it('registers a handler for exactly the contract commands', () => {
    const { fake } = setup();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('runs a command from the top frame of our window', async () => {
    const { fake, window, acknowledged } = setup();
    const result = await fake.ipcMain.invokeFrom(
      window.webContents.mainFrame,
      'pages:acknowledge',
      {
        key: 'zephyr:p1',
      },
    );
    expect(result).toEqual({ ok: true, value: { state: 'pending' } });
    expect(acknowledged).toEqual(['zephyr:p1']);
  });

  it('has no handler for a channel outside the contract, so the call is refused', async () => {
    const { fake, window } = setup();
    await expect(
      fake.ipcMain.invokeFrom(window.webContents.mainFrame, 'shell:run', { cmd: 'rm -rf /' }),
    ).rejects.toThrow(/No handler registered for 'shell:run'/);
  });

  it('answers invalid-payload for a malformed payload without running the handler', async () => {
    const { fake, window, acknowledged } = setup();
    const result = (await fake.ipcMain.invokeFrom(
      window.webContents.mainFrame,
      'pages:acknowledge',
      { key: 42, extra: true },
    )) as IpcResult<unknown>;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-payload');
    expect(result.error.message).toContain('pages:acknowledge');
    expect(result.error.message).toContain('key');
    expect(acknowledged).toEqual([]);
  });

  it.each([
    ['no frame', () => null],
    [
      'an iframe inside our window',
      (w: { webContents: { mainFrame: FakeFrame } }) =>
        w.webContents.mainFrame.child('app://zephyr/index.html', 7),
    ],
    ['a frame of a window we did not make', () => new FakeFrame('app://zephyr/index.html', 99, 1)],
    [
      'our window after navigating to another origin',
      (w: { webContents: { mainFrame: FakeFrame } }) => {
        w.webContents.mainFrame.url = 'https://evil.example/';
        return w.webContents.mainFrame;
      },
    ],
  ])('answers untrusted-sender for %s and never dispatches', async (_label, frameOf) => {
    const { fake, window, dispatched } = setup();
    const result = (await fake.ipcMain.invokeFrom(frameOf(window), 'pages:acknowledge', {
      key: 'zephyr:p1',
    })) as IpcResult<unknown>;
    expect(result).toEqual({
      ok: false,
      error: { code: 'untrusted-sender', message: expect.stringContaining('not the top frame') },
    });
    expect(dispatched).toEqual([]);
  });

  it('removes its handlers when unregistered', () => {
    const fake = createFakeElectron();
    const off = registerIpc({
      ipcMain: fake.ipcMain,
      dispatch: async () => ({ ok: true, value: null }),
      windows: () => [],
      logger: new RecordingLogger(),
    });
    off();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});

describe('isTrustedSender', () => {
  it('does not trust a destroyed window', () => {
    const fake = createFakeElectron();
    fake.app.markReady();
    const window = new fake.BrowserWindow();
    void window.loadURL(appUrl('/now'));
    const frame = window.webContents.mainFrame;
    expect(isTrustedSender(frame, [window])).toBe(true);
    window.destroy();
    expect(isTrustedSender(frame, [window])).toBe(false);
  });
});

describe('forwardEvents', () => {
  it('sends each state change to every live window on the event channel', () => {
    const fake = createFakeElectron();
    fake.app.markReady();
    const a = new fake.BrowserWindow();
    const b = new fake.BrowserWindow();
    const listeners: ((s: AppState) => void)[] = [];
    forwardEvents({
      subscribe: (name, l) => {
        if (name === 'app:state-changed') listeners.push(l as (s: AppState) => void);
        return () => undefined;
      },
      windows: () => [a, b],
    });
    b.destroy();
    const state = { onCall: true } as unknown as AppState;
    for (const l of listeners) l(state);
    expect(a.webContents.sent).toEqual([{ channel: 'app:state-changed', args: [state] }]);
    expect(b.webContents.sent).toEqual([]);
  });
});
