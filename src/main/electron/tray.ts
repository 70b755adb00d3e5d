/**
 * `TrayView` on Electron's `Tray`: one icon per `TrayState` (distinct in shape as well as colour,
 * and monochrome template images on macOS), a text tooltip, and the menu the app service builds.
 */
import { join } from 'node:path';
import type { TrayState } from '../../shared/domain.js';
import type { TrayMenuItem, TrayView } from '../core/ports.js';
import type { MenuLike, MenuTemplateItem, TrayLike } from './electron-types.js';

/**
 * The @1x icon file for `state` under `assetsDir` (Electron picks the `@2x` sibling on HiDPI
 * screens). On macOS it is the `…Template.png` variant, which the menu bar tints itself.
 */
export function trayIconPath(
  assetsDir: string,
  state: TrayState,
  platform: NodeJS.Platform,
): string {
  const suffix = platform === 'darwin' ? 'Template' : '';
  return join(assetsDir, 'tray', `tray-${state}${suffix}.png`);
}

/** Turns the app's menu model into an Electron menu template; `select` gets the item ids. */
export function menuTemplate(
  items: readonly TrayMenuItem[],
  select: (id: string) => void,
): MenuTemplateItem[] {
  return items.map((item): MenuTemplateItem => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'item':
        return { label: item.label, enabled: item.enabled ?? true, click: () => select(item.id) };
    }
  });
}

/** What `createElectronTray` needs; the host passes `new Tray(path)` and `Menu.buildFromTemplate`. */
export interface ElectronTrayDeps {
  createTray(imagePath: string): TrayLike;
  buildMenu(template: MenuTemplateItem[]): MenuLike;
  assetsDir: string;
  platform: NodeJS.Platform;
  /** A click on the icon itself (Windows, macOS without menu): open the main window. */
  onClick?: () => void;
}

/** The tray view plus `destroy`, for the host's shutdown. */
export interface ElectronTrayView extends TrayView {
  /** The state whose icon shows now. */
  currentState(): TrayState;
  /**
   * Entries the shell adds after the app's own menu (the update policy's "Update ready, restart
   * when convenient"); the menu is rebuilt at once and kept on every later `update`.
   */
  setExtraItems(items: readonly TrayMenuItem[]): void;
  destroy(): void;
}

/** Creates the tray icon (off call until the first update) and returns its view. */
export function createElectronTray(deps: ElectronTrayDeps): ElectronTrayView {
  let state: TrayState = 'off-call';
  const tray = deps.createTray(trayIconPath(deps.assetsDir, state, deps.platform));
  tray.setToolTip('Zephyr On-Call: starting');
  const listeners = new Set<(id: string) => void>();
  const select = (id: string) => {
    for (const listener of listeners) listener(id);
  };
  if (deps.onClick) tray.on('click', deps.onClick);
  let menu: readonly TrayMenuItem[] = [];
  let extra: readonly TrayMenuItem[] = [];
  const rebuild = () =>
    tray.setContextMenu(deps.buildMenu(menuTemplate([...menu, ...extra], select)));

  return {
    update(next, tooltip, items) {
      if (next !== state) {
        state = next;
        tray.setImage(trayIconPath(deps.assetsDir, next, deps.platform));
      }
      tray.setToolTip(tooltip);
      menu = items;
      rebuild();
    },
    setExtraItems(items) {
      extra = items;
      rebuild();
    },
    onMenu(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    currentState: () => state,
    destroy: () => tray.destroy(),
  };
}
