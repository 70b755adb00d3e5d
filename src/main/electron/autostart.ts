/**
 * Start at login. macOS and Windows: `app.setLoginItemSettings`. Linux has no such API in
 * Electron, so the app writes (and removes) an XDG autostart entry,
 * `$XDG_CONFIG_HOME/autostart/zephyr-oncall.desktop` (`~/.config` when unset), which every
 * freedesktop session (GNOME, KDE, Xfce, …) runs at login.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/** The autostart entry's file name. */
export const AUTOSTART_FILE = 'zephyr-oncall.desktop';

/** Where the autostart entry goes, honouring `XDG_CONFIG_HOME` (only when absolute, per the spec). */
export function autostartPath(env: Record<string, string | undefined>, home: string): string {
  const configured = env.XDG_CONFIG_HOME;
  const base = configured && isAbsolute(configured) ? configured : join(home, '.config');
  return join(base, 'autostart', AUTOSTART_FILE);
}

/** Quotes one argument of a desktop entry's `Exec` key (Desktop Entry Specification 1.4). */
export function quoteExecArg(arg: string): string {
  if (!/[\s"'\\$`<>~|&;*?#()]/.test(arg) && arg !== '') return arg.replace(/%/g, '%%');
  const escaped = arg.replace(/[\\"$`]/g, (c) => `\\${c}`).replace(/%/g, '%%');
  // Inside a desktop file's string value a backslash is itself escaped once more.
  return `"${escaped}"`.replace(/\\/g, '\\\\');
}

/** What goes into the entry. */
export interface AutostartEntry {
  /** The executable and its arguments (the AppImage path when run from one). */
  command: readonly string[];
  name: string;
  comment: string;
  /** An icon name or an absolute path. */
  icon?: string;
}

/** The text of the autostart `.desktop` file. */
export function autostartDesktopFile(entry: AutostartEntry): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.4',
    `Name=${entry.name}`,
    `Comment=${entry.comment}`,
    `Exec=${entry.command.map(quoteExecArg).join(' ')}`,
    ...(entry.icon ? [`Icon=${entry.icon}`] : []),
    'Terminal=false',
    'Categories=Utility;',
    'X-GNOME-Autostart-enabled=true',
    '',
  ];
  return lines.join('\n');
}

/** The file operations autostart needs (real ones by default; tests can pass a folder). */
export interface AutostartFs {
  write(path: string, text: string): void;
  remove(path: string): void;
}

/** Writes atomically (temp file, then rename) and removes without complaint when absent. */
export const nodeAutostartFs: AutostartFs = {
  write(path, text) {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text, { mode: 0o644 });
    renameSync(temp, path);
  },
  remove(path) {
    rmSync(path, { force: true });
  },
};

/** The slice of `app` login items use on macOS and Windows. */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean }): void;
}

/** How the host starts the app at login on one platform. */
export interface LoginItemDeps {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  env: Record<string, string | undefined>;
  home: string;
  entry: AutostartEntry;
  fs?: AutostartFs;
}

/** Turns start-at-login on or off. Returns where it was recorded, for the log. */
export function setStartAtLogin(deps: LoginItemDeps, enabled: boolean): string {
  if (deps.platform !== 'linux') {
    deps.app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true });
    return 'login items';
  }
  const fs = deps.fs ?? nodeAutostartFs;
  const path = autostartPath(deps.env, deps.home);
  if (enabled) fs.write(path, autostartDesktopFile(deps.entry));
  else fs.remove(path);
  return path;
}

/**
 * The command that starts this installation: the AppImage file itself when run from one (its
 * mount point changes every run), else the executable.
 */
export function launchCommand(
  env: Record<string, string | undefined>,
  execPath: string,
): readonly string[] {
  return [env.APPIMAGE && isAbsolute(env.APPIMAGE) ? env.APPIMAGE : execPath, '--hidden'];
}
