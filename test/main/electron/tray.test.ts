import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createElectronTray, trayIconPath } from '../../../src/main/electron/tray.js';
import { TrayState } from '../../../src/shared/domain.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';

/** Every tray state. */
const TRAY_STATES = TrayState.options;

const assetsDir = resolve(import.meta.dirname, '../../../assets');

function setup(platform: NodeJS.Platform = 'linux') {
  // One tray per setup; `made` keeps the instance so a test can click it.
  const fake = createFakeElectron({ platform });
  fake.app.markReady();
  const clicks: number[] = [];
  const made: InstanceType<typeof fake.Tray>[] = [];
  const tray = createElectronTray({
    createTray: (image) => {
      const instance = new fake.Tray(image);
      made.push(instance);
      return instance;
    },
    buildMenu: (template) => fake.Menu.buildFromTemplate(template),
    assetsDir,
    platform,
    onClick: () => clicks.push(1),
  });
  return { fake, tray, record: fake.record.trays[0]!, clicks, instance: made[0]! };
}

describe('createElectronTray', () => {
  it('shows a distinct icon per tray state', () => {
    const { tray, record } = setup();
    for (const state of TRAY_STATES) tray.update(state, `tooltip ${state}`, []);
    // Starts off call; each later state swaps the image.
    expect(record.images).toEqual(TRAY_STATES.map((s) => join(assetsDir, 'tray', `tray-${s}.png`)));
    expect(new Set(record.images).size).toBe(TRAY_STATES.length);
    expect(tray.currentState()).toBe(TRAY_STATES[TRAY_STATES.length - 1]);
  });

  it('uses template images on macOS', () => {
    const { tray, record } = setup('darwin');
    tray.update('paged', 'Paged', []);
    expect(record.images.at(-1)).toBe(join(assetsDir, 'tray', 'tray-pagedTemplate.png'));
  });

  it('every icon it can ask for exists, with its @2x sibling', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      for (const state of TRAY_STATES) {
        const path = trayIconPath(assetsDir, state, platform);
        expect(existsSync(path), path).toBe(true);
        expect(existsSync(path.replace(/\.png$/, '@2x.png')), path).toBe(true);
      }
    }
  });

  it('sets the tooltip text and builds the menu, reporting clicks by id', () => {
    const { tray, record } = setup();
    const chosen: string[] = [];
    tray.onMenu((id) => chosen.push(id));
    tray.update('on-call', 'On call until 18:00', [
      { kind: 'label', label: 'On call until 18:00' },
      { kind: 'separator' },
      { kind: 'item', id: 'open', label: 'Open Zephyr' },
      { kind: 'item', id: 'ack', label: 'Acknowledge', enabled: false },
      { kind: 'item', id: 'quit', label: 'Quit' },
    ]);
    expect(record.toolTip).toBe('On call until 18:00');
    const menu = record.menu!;
    expect(menu.items.map((i) => [i.type ?? 'normal', i.label, i.enabled])).toEqual([
      ['normal', 'On call until 18:00', false],
      ['separator', undefined, undefined],
      ['normal', 'Open Zephyr', true],
      ['normal', 'Acknowledge', false],
      ['normal', 'Quit', true],
    ]);
    menu.click('Open Zephyr');
    menu.click('Quit');
    expect(() => menu.click('Acknowledge')).toThrow(/disabled/);
    expect(chosen).toEqual(['open', 'quit']);
  });

  it('opens the main window on an icon click', () => {
    const { instance, clicks } = setup();
    instance.emit('click');
    expect(clicks).toEqual([1]);
  });
});
