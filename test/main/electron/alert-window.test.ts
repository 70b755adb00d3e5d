import { describe, expect, it } from 'vitest';
import type { PageView } from '../../../src/shared/domain.js';
import { createAlertPresenter } from '../../../src/main/electron/alert-window.js';
import { appUrl } from '../../../src/main/electron/secure-window.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';
import { makePage, person } from '../../fakes/fake-source.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

function ringing(id: string): PageView {
  return {
    key: `zephyr:${id}`,
    sourceId: 'zephyr',
    sourceLabel: 'Zephyr',
    page: makePage(id, person('Ada'), Date.UTC(2026, 0, 1)),
    ringing: true,
    headsUp: false,
    ack: { state: 'none' },
    skewMs: 0,
  };
}

function setup() {
  const fake = createFakeElectron();
  fake.app.markReady();
  const presenter = createAlertPresenter({
    createWindow: (options) => new fake.BrowserWindow({ ...options }),
    shell: fake.shell,
    logger: new RecordingLogger(),
    preloadPath: '/app/dist/preload/preload.cjs',
  });
  return { fake, presenter };
}

describe('createAlertPresenter', () => {
  it('makes the alert window at start, hidden, on the #/alert route', () => {
    const { fake } = setup();
    expect(fake.record.windows).toHaveLength(1);
    const record = fake.record.windows[0]!;
    expect(record.visible).toBe(false);
    expect(record.loadedUrls).toEqual([appUrl('/alert')]);
    expect(record.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
  });

  it('shows it above everything, on all workspaces and over full screen, while pages ring', () => {
    const { fake, presenter } = setup();
    presenter.present([ringing('p1')]);
    const record = fake.record.windows[0]!;
    expect(record.visible).toBe(true);
    expect(record.focused).toBe(1);
    expect(record.alwaysOnTop).toEqual({ flag: true, level: 'screen-saver' });
    expect(record.visibleOnAllWorkspaces).toEqual({
      visible: true,
      options: { visibleOnFullScreen: true },
    });
  });

  it('hides it when nothing rings', () => {
    const { fake, presenter } = setup();
    presenter.present([ringing('p1')]);
    presenter.present([]);
    expect(fake.record.windows[0]!.visible).toBe(false);
  });

  it('only hides on close while running, and comes back for the next ring', () => {
    const { fake, presenter } = setup();
    presenter.present([ringing('p1')]);
    const window = fake.allWindows[0]!;
    expect(window.close()).toBe(false);
    expect(fake.record.windows[0]!.visible).toBe(false);
    presenter.present([ringing('p1')]);
    expect(fake.record.windows[0]!.visible).toBe(true);
    presenter.allowClose();
    expect(window.close()).toBe(true);
    expect(presenter.window()).toBeUndefined();
  });

  it('remakes the window if it was destroyed', () => {
    const { fake, presenter } = setup();
    fake.allWindows[0]!.destroy();
    presenter.present([ringing('p2')]);
    expect(fake.record.windows).toHaveLength(2);
    expect(fake.record.windows[1]!.visible).toBe(true);
  });
});
