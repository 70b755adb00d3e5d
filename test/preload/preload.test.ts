import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, EVENT_NAMES, type ZephyrApi } from '../../src/shared/contract.js';
import type { AppState } from '../../src/shared/domain.js';
import {
  allowedCommands,
  allowedEvents,
  API_KEY,
  createZephyrApi,
  exposeZephyrApi,
} from '../../src/preload/expose.js';
import { createDispatcher } from '../../src/main/core/ipc-dispatcher.js';
import type { CommandHandlers } from '../../src/main/core/ports.js';
import { registerIpc } from '../../src/main/electron/ipc.js';
import { appUrl } from '../../src/main/electron/secure-window.js';
import { createFakeElectron } from '../fakes/electron/fake-electron.js';
import { RecordingLogger } from '../fakes/recording-logger.js';

function exposed() {
  const fake = createFakeElectron();
  exposeZephyrApi(fake.contextBridge, fake.ipcRenderer);
  return { fake, api: fake.contextBridge.exposed.get(API_KEY) as ZephyrApi };
}

describe('the preload API surface', () => {
  it('exposes only window.zephyr with invoke and on', () => {
    const { fake, api } = exposed();
    expect([...fake.contextBridge.exposed.keys()]).toMatchInlineSnapshot(`
      [
        "zephyr",
      ]
    `);
    expect(Object.keys(api)).toMatchInlineSnapshot(`
      [
        "invoke",
        "on",
      ]
    `);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('allows exactly the contract names', () => {
    expect(allowedCommands()).toMatchInlineSnapshot(`
      [
        "app:get-state",
        "app:dismiss-first-run",
        "app:show-main",
        "pages:acknowledge",
        "pages:send-test",
        "pages:resolve",
        "pages:escalate",
        "pages:escalation-targets",
        "app:dismiss-notice",
        "pages:reacknowledge",
        "alerts:open-external",
        "settings:get",
        "settings:update",
        "settings:clear-secret",
        "alerts:test",
        "settings:set-secret",
        "playbook:get",
        "incidents:list",
        "incidents:get",
        "updates:post",
        "updates:retry",
        "incidents:resolve",
        "incidents:announce",
        "incidents:change-severity",
        "incidents:change-role",
        "incidents:retry-change-action",
        "emails:get",
        "emails:save",
        "emails:open-mail-client",
        "emails:save-eml",
        "emails:mark-sent",
        "postmortems:get",
        "postmortems:save",
        "postmortems:export",
        "postmortems:request-review",
        "postmortems:record-review",
        "postmortems:create-tickets",
        "postmortems:publish",
        "postmortems:set-item-status",
        "postmortems:action-items",
        "handoff:get",
        "handoff:add-note",
        "handoff:delete-note",
        "handoff:post-slack",
        "shifts:export-ics",
        "sources:test",
        "platform:test",
        "declarations:defaults",
        "declarations:plan",
        "declarations:start",
        "declarations:list",
        "declarations:get",
        "declarations:retry-action",
        "integrations:test",
        "declarations:pagerduty-services",
      ]
    `);
    expect(allowedEvents()).toMatchInlineSnapshot(`
      [
        "app:state-changed",
        "incidents:changed",
        "declarations:changed",
      ]
    `);
    expect(allowedCommands()).toEqual(COMMAND_NAMES);
    expect(allowedEvents()).toEqual(EVENT_NAMES);
  });
});

describe('invoke', () => {
  it('refuses a name outside the contract without sending anything', async () => {
    const { fake, api } = exposed();
    const result = await (api.invoke as (n: string, i: unknown) => Promise<unknown>)(
      'electron-store-get-data',
      {},
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'Unknown command "electron-store-get-data".' },
    });
    expect(fake.ipcRenderer.invoked).toEqual([]);
  });

  it('sends a contract command with its one payload object and answers main’s result', async () => {
    const fake = createFakeElectron();
    fake.app.markReady();
    const window = new fake.BrowserWindow();
    await window.loadURL(appUrl('/now'));
    const handlers = {
      'pages:acknowledge': async () => ({ state: 'confirmed' as const }),
    } as unknown as CommandHandlers;
    const logger = new RecordingLogger();
    registerIpc({
      ipcMain: fake.ipcMain,
      dispatch: createDispatcher(handlers, logger),
      windows: () => [window],
      logger,
    });
    fake.ipcRenderer.senderFrame = window.webContents.mainFrame;
    const api = createZephyrApi(fake.ipcRenderer);
    expect(await api.invoke('pages:acknowledge', { key: 'zephyr:p1' })).toEqual({
      ok: true,
      value: { state: 'confirmed' },
    });
    expect(fake.ipcRenderer.invoked).toEqual([
      { channel: 'pages:acknowledge', args: [{ key: 'zephyr:p1' }] },
    ]);
  });

  it('turns a transport failure into an unavailable result instead of rejecting', async () => {
    const { api } = exposed();
    const result = await api.invoke('app:get-state', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('unavailable');
    expect(result.error.message).toMatch(/No handler registered for 'app:get-state'/);
  });
});

describe('on', () => {
  it('delivers contract events (payload only) until unsubscribed', () => {
    const { fake, api } = exposed();
    const seen: unknown[] = [];
    const off = api.on('app:state-changed', (state) => seen.push(state));
    const state = { onCall: true } as unknown as AppState;
    fake.ipcRenderer.deliver('app:state-changed', state);
    off();
    fake.ipcRenderer.deliver('app:state-changed', state);
    expect(seen).toEqual([state]);
    expect(fake.ipcRenderer.listenerCount('app:state-changed')).toBe(0);
  });

  it('throws for an event outside the contract', () => {
    const { fake, api } = exposed();
    expect(() =>
      (api.on as (n: string, l: () => void) => void)('electron-store-get-data', () => undefined),
    ).toThrow('Unknown event "electron-store-get-data".');
    expect(fake.ipcRenderer.listenerCount('electron-store-get-data')).toBe(0);
  });
});
