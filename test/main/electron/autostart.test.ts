import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  autostartDesktopFile,
  autostartPath,
  launchCommand,
  quoteExecArg,
  setStartAtLogin,
} from '../../../src/main/electron/autostart.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';

const entry = {
  command: ['/home/ada/Apps/Zephyr On-Call 0.1.0.AppImage', '--hidden'],
  name: 'Zephyr On-Call',
  comment: 'The tray app that rings when you are paged',
  icon: 'zephyr-oncall',
};

function hasValidator(): boolean {
  return spawnSync('desktop-file-validate', ['--help']).error === undefined;
}

describe('the XDG autostart entry', () => {
  it('goes under XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/ada')).toBe(
      '/x/cfg/autostart/zephyr-oncall.desktop',
    );
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe(
      '/home/ada/.config/autostart/zephyr-oncall.desktop',
    );
    expect(autostartPath({}, '/home/ada')).toBe(
      '/home/ada/.config/autostart/zephyr-oncall.desktop',
    );
  });

  it('quotes Exec arguments as the Desktop Entry Specification says', () => {
    expect(quoteExecArg('/opt/zephyr/zephyr-oncall')).toBe('/opt/zephyr/zephyr-oncall');
    expect(quoteExecArg('/a b/c')).toBe('"/a b/c"');
    expect(quoteExecArg('100%')).toBe('100%%');
    expect(quoteExecArg('a"$b')).toBe('"a\\\\"\\\\$b"');
  });

  it('starts an AppImage from its file, not its temporary mount', () => {
    expect(launchCommand({ APPIMAGE: '/home/ada/Z.AppImage' }, '/tmp/.mount_x/zephyr')).toEqual([
      '/home/ada/Z.AppImage',
      '--hidden',
    ]);
    expect(launchCommand({}, '/opt/Zephyr On-Call/zephyr-oncall')[0]).toBe(
      '/opt/Zephyr On-Call/zephyr-oncall',
    );
  });

  it.skipIf(!hasValidator() && !process.env.CI)(
    'passes desktop-file-validate (Debian desktop-file-utils)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'autostart-'));
      const file = join(dir, 'zephyr-oncall.desktop');
      writeFileSync(file, autostartDesktopFile(entry));
      // Throws (failing the test) on any error; prints nothing when the file is valid.
      const out = execFileSync('desktop-file-validate', [file], { encoding: 'utf8' });
      expect(out).toBe('');
      // The validator does catch a broken entry (so the check above means something).
      writeFileSync(file, autostartDesktopFile(entry).replace('Type=Application\n', ''));
      expect(spawnSync('desktop-file-validate', [file]).status).not.toBe(0);
    },
  );
});

describe('setStartAtLogin', () => {
  it('writes the entry on Linux and removes it when turned off', () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const fake = createFakeElectron({ platform: 'linux' });
    const deps = { platform: 'linux' as const, app: fake.app, env: {}, home, entry };
    const path = setStartAtLogin(deps, true);
    expect(path).toBe(join(home, '.config', 'autostart', 'zephyr-oncall.desktop'));
    expect(readFileSync(path, 'utf8')).toContain(
      'Exec="/home/ada/Apps/Zephyr On-Call 0.1.0.AppImage" --hidden',
    );
    setStartAtLogin(deps, false);
    expect(existsSync(path)).toBe(false);
    setStartAtLogin(deps, false); // already absent: no error
    expect(fake.record.loginItemSettings).toEqual([]);
  });

  it.each(['darwin', 'win32'] as const)('uses login items on %s', (platform) => {
    const fake = createFakeElectron({ platform });
    const deps = { platform, app: fake.app, env: {}, home: '/nonexistent', entry };
    setStartAtLogin(deps, true);
    setStartAtLogin(deps, false);
    expect(fake.record.loginItemSettings).toEqual([
      { openAtLogin: true, openAsHidden: true },
      { openAtLogin: false, openAsHidden: true },
    ]);
  });
});
