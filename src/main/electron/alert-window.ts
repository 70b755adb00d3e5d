/**
 * `AlertPresenter` on an always-on-top window showing the renderer's `#/alert` route: above full
 * screen apps and on every workspace while a page rings, hidden when none does. The window is made
 * at start (hidden), so it appears at once when a page arrives at 3 a.m.
 */
import type { PageView } from '../../shared/domain.js';
import type { AlertPresenter } from '../core/ports.js';
import type { BrowserWindowLike } from './electron-types.js';
import { createSecureWindow, type SecureWindowDeps } from './secure-window.js';

/** What `createAlertPresenter` needs. */
export interface AlertWindowDeps extends SecureWindowDeps {
  iconPath?: string;
}

/** The presenter plus what the host needs for IPC and shutdown. */
export interface ElectronAlertPresenter extends AlertPresenter {
  /** The alert window, while it exists. */
  window(): BrowserWindowLike | undefined;
  /** Lets the window really close (at quit); until then closing only hides it. */
  allowClose(): void;
}

/** Creates the (hidden) alert window and returns the presenter driving it. */
export function createAlertPresenter(deps: AlertWindowDeps): ElectronAlertPresenter {
  let window: BrowserWindowLike | undefined;
  let closing = false;
  let showing = false;

  const make = (): BrowserWindowLike => {
    const made = createSecureWindow(
      deps,
      {
        width: 520,
        height: 420,
        minWidth: 420,
        minHeight: 320,
        title: 'Zephyr On-Call: you are paged',
        show: false,
        alwaysOnTop: true,
        skipTaskbar: false,
        minimizable: false,
        fullscreenable: false,
        autoHideMenuBar: true,
        backgroundColor: '#7f1d1d',
        ...(deps.iconPath ? { icon: deps.iconPath } : {}),
      },
      '/alert',
    );
    made.on('close', (event) => {
      // While a page rings the window must come back, so closing it only hides it.
      if (!closing) {
        event.preventDefault();
        made.hide();
        showing = false;
      }
    });
    made.on('closed', () => {
      if (window === made) window = undefined;
    });
    return made;
  };
  window = make();

  return {
    present(ringing: PageView[]) {
      if (closing) return;
      if (ringing.length === 0) {
        if (window && showing && !window.isDestroyed()) window.hide();
        showing = false;
        return;
      }
      if (!window || window.isDestroyed()) window = make();
      window.setAlwaysOnTop(true, 'screen-saver');
      window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
      if (!showing || !window.isVisible()) {
        window.show();
        window.focus();
      }
      showing = true;
    },
    window: () => window,
    allowClose() {
      closing = true;
    },
  };
}
