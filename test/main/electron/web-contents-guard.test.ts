import { describe, expect, it } from 'vitest';
import { installWebContentsGuard } from '../../../src/main/electron/web-contents-guard.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

function setup(packaged: boolean) {
  const fake = createFakeElectron({ packaged });
  fake.app.markReady();
  installWebContentsGuard(fake.app, { shell: fake.shell, logger: new RecordingLogger() });
  return fake;
}

describe('app-wide web-contents guard', () => {
  it('gives every future webContents the same rules: no window.open, no navigation away, no webview', () => {
    const fake = setup(false);
    // Created by a window our code never hardened itself.
    const contents = fake.app.createWebContents();
    expect(contents.openWindow('https://evil.example/')).toBe('deny');
    expect(contents.navigate('https://evil.example/')).toBe(false);
    expect(contents.navigate('app://zephyr/index.html#/now')).toBe(true);
    expect(contents.attachWebview()).toBe(false);
    const window = new fake.BrowserWindow({ show: false });
    expect(window.webContents.openWindow('file:///etc/passwd')).toBe('deny');
  });

  it('keeps DevTools closed in packaged builds only', () => {
    const packaged = setup(true).app.createWebContents();
    packaged.openDevTools();
    expect(packaged.devToolsOpen).toBe(false);
    const dev = setup(false).app.createWebContents();
    dev.openDevTools();
    expect(dev.devToolsOpen).toBe(true);
  });
});
