/**
 * `Notifier` on Electron's `Notification`, for macOS and Windows (Linux uses the D-Bus notifier,
 * which can do actions and urgency reliably). One live notification per tag: showing a tag again
 * closes the previous one first, so a page never stacks up copies of itself.
 */
import type { NotificationRequest, Notifier, NotifierCapabilities, Logger } from '../core/ports.js';
import type { NotificationLike, NotificationOptions } from './electron-types.js';

/** `app.dock` on macOS: bounces the dock icon until the user looks. */
export interface DockLike {
  bounce(type?: 'critical' | 'informational'): number;
  cancelBounce(id: number): void;
}

/** What `createElectronNotifier` needs; the host passes the real `Notification` and `app.dock`. */
export interface ElectronNotifierDeps {
  createNotification(options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
  platform: NodeJS.Platform;
  dock?: DockLike;
  logger: Logger;
  /**
   * Windows: the toast XML for a request (`pageToastXml` with this launch's nonce), or
   * `undefined` to use the plain options.
   */
  toastXml?: (request: NotificationRequest) => string | undefined;
}

/** Builds the Electron options for one request on the given platform. */
export function notificationOptions(
  request: NotificationRequest,
  platform: NodeJS.Platform,
): NotificationOptions {
  const options: NotificationOptions = {
    title: request.title,
    body: request.body,
    silent: !request.sound,
    actions: request.actions.map((a) => ({ type: 'button', text: a.label })),
  };
  if (platform === 'win32' || platform === 'linux') {
    options.urgency = request.urgency;
    options.timeoutType = request.sticky ? 'never' : 'default';
  }
  if (platform === 'darwin' && request.sticky) options.closeButtonText = 'Dismiss';
  return options;
}

/** Creates the notifier. `onAction` reports the request's action id, or `default` for a click. */
export function createElectronNotifier(deps: ElectronNotifierDeps): Notifier {
  const live = new Map<string, { notification: NotificationLike; bounce?: number }>();
  const listeners = new Set<(tag: string, actionId: string) => void>();
  const emit = (tag: string, actionId: string) => {
    for (const listener of listeners) listener(tag, actionId);
  };

  const forget = (tag: string) => {
    const entry = live.get(tag);
    if (!entry) return undefined;
    live.delete(tag);
    if (entry.bounce !== undefined) deps.dock?.cancelBounce(entry.bounce);
    return entry;
  };

  return {
    async show(request) {
      forget(request.tag)?.notification.close();
      const options = notificationOptions(request, deps.platform);
      const toastXml = deps.platform === 'win32' ? deps.toastXml?.(request) : undefined;
      if (toastXml) options.toastXml = toastXml;
      const notification = deps.createNotification(options);
      const entry: { notification: NotificationLike; bounce?: number } = { notification };
      notification.on('action', (details) => {
        const action = request.actions[details.actionIndex];
        if (action) emit(request.tag, action.id);
      });
      notification.on('click', () => emit(request.tag, 'default'));
      notification.on('close', () => {
        if (live.get(request.tag) === entry) forget(request.tag);
      });
      notification.on('failed', (_event, error) => {
        deps.logger.error('notification failed', { tag: request.tag, error });
      });
      live.set(request.tag, entry);
      notification.show();
      if (request.urgency === 'critical' && deps.platform === 'darwin' && deps.dock) {
        entry.bounce = deps.dock.bounce('critical');
      }
    },
    async close(tag) {
      forget(tag)?.notification.close();
    },
    onAction(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async capabilities(): Promise<NotifierCapabilities> {
      if (!deps.isSupported()) {
        return {
          available: false,
          actions: false,
          problem:
            'This system does not support notifications; pages show only in the alert window.',
        };
      }
      const actions = deps.platform === 'darwin' || deps.platform === 'win32';
      return actions
        ? { available: true, actions: true }
        : {
            available: true,
            actions: false,
            problem: 'Notifications here have no Acknowledge button; use the alert window.',
          };
    },
  };
}
