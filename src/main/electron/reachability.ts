/**
 * What the shell adds to "can I be reached": whether a Linux session can show our tray icon at
 * all, and what each OS's Do Not Disturb blocks that the app cannot detect. The core turns
 * `extraProblems` into banner and tray warnings and lists `osLimits` in the reachability check.
 */
import { execFile } from 'node:child_process';
import type { Notifier } from '../core/ports.js';

/** The D-Bus name a StatusNotifierItem host (the freedesktop tray) owns. */
export const SNI_WATCHER = 'org.kde.StatusNotifierWatcher';

/** Runs a command, resolving with its stdout, or `undefined` when it fails or is missing. */
export type RunCommand = (file: string, args: string[]) => Promise<string | undefined>;

const runQuietly: RunCommand = (file, args) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: 3000 }, (error, stdout) =>
      resolve(error ? undefined : String(stdout)),
    );
  });

/**
 * Whether a tray host is on the session bus: `true`, `false`, or `undefined` when the bus
 * cannot be asked (no bus, no `dbus-send`). Asks the bus itself (`NameHasOwner`).
 */
export async function statusNotifierHostPresent(
  run: RunCommand = runQuietly,
): Promise<boolean | undefined> {
  const out = await run('dbus-send', [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    `string:${SNI_WATCHER}`,
  ]);
  if (out === undefined) return undefined;
  if (/boolean true/.test(out)) return true;
  if (/boolean false/.test(out)) return false;
  return undefined;
}

/** The global shortcut that shows the main window where there is no tray. */
export const SHOW_WINDOW_SHORTCUT = 'CommandOrControl+Shift+Z';

/** The reachability problem for a Linux session with no tray host. */
export const NO_TRAY_PROBLEM =
  'This desktop shows no tray icons (no StatusNotifierItem host; on GNOME, install the ' +
  'AppIndicator extension): Zephyr On-Call keeps its window in the task bar instead, and ' +
  'Ctrl+Shift+Z brings it back.';

/** What the OS's Do Not Disturb blocks on each platform, as far as the app cannot detect it. */
export function osLimits(platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    return [
      'Windows Focus Assist / Do Not Disturb hides page toasts unless urgent notifications are ' +
        'allowed (Windows 11) or Zephyr On-Call is on its priority list; the always-on-top alert ' +
        'window and its alarm still show.',
    ];
  }
  if (platform === 'darwin') {
    return [
      'macOS Focus hides page notifications unless Zephyr On-Call is allowed in that Focus ' +
        '(System Settings > Focus); the always-on-top alert window and its alarm still show.',
    ];
  }
  return [
    'Linux Do Not Disturb hides page notifications; the always-on-top alert window and its ' +
      'alarm still show.',
  ];
}

/** Adds the shell's findings to a notifier's capabilities. */
export function withReachability(
  notifier: Notifier,
  extra: { problems(): string[]; osLimits: string[] },
): Notifier {
  return {
    show: (request) => notifier.show(request),
    close: (tag) => notifier.close(tag),
    onAction: (listener) => notifier.onAction(listener),
    async capabilities() {
      const caps = await notifier.capabilities();
      return {
        ...caps,
        extraProblems: [...(caps.extraProblems ?? []), ...extra.problems()],
        osLimits: [...(caps.osLimits ?? []), ...extra.osLimits],
      };
    },
  };
}
