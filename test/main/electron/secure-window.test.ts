import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  appUrl,
  CONTENT_SECURITY_POLICY,
  createSecureWindow,
  registerAppScheme,
  rendererResponse,
  serveRenderer,
} from '../../../src/main/electron/secure-window.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

function setup() {
  const fake = createFakeElectron();
  fake.app.markReady();
  const logger = new RecordingLogger();
  const window = createSecureWindow(
    {
      createWindow: (options) => new fake.BrowserWindow({ ...options }),
      shell: fake.shell,
      logger,
      preloadPath: '/app/dist/preload/preload.cjs',
    },
    { width: 800, height: 600, title: 'Test', show: false },
    '/now',
  );
  const record = fake.record.windows[0]!;
  const contents = fake.allWindows[0]!.webContents;
  return { fake, window, record, contents, logger };
}

describe('createSecureWindow', () => {
  it('creates the window with the secure web preferences and our preload', () => {
    const { record } = setup();
    expect(record.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      autoplayPolicy: 'no-user-gesture-required',
      backgroundThrottling: false,
      preload: '/app/dist/preload/preload.cjs',
    });
  });

  it('loads the route from the app origin', () => {
    const { record } = setup();
    expect(record.loadedUrls).toEqual([`${APP_ORIGIN}/index.html#/now`]);
  });

  it('denies window.open, handing only allow-listed https links to the browser', () => {
    const { contents, fake } = setup();
    expect(contents.openWindow('https://github.com/zephyr/runbooks/db.md')).toBe('deny');
    expect(contents.openWindow('https://evil.example/phish')).toBe('deny');
    expect(contents.openWindow('file:///etc/passwd')).toBe('deny');
    expect(contents.openWindow('http://github.com/plain-http')).toBe('deny');
    expect(fake.record.opened).toEqual(['https://github.com/zephyr/runbooks/db.md']);
  });

  it('blocks navigation and redirects away from the app, allows in-app routes', () => {
    const { contents, logger } = setup();
    expect(contents.navigate('https://evil.example/')).toBe(false);
    expect(contents.navigate('file:///etc/passwd', 'will-redirect')).toBe(false);
    expect(contents.navigate('app://other-host/index.html')).toBe(false);
    expect(contents.navigate(appUrl('/alert'))).toBe(true);
    expect(logger.entries.filter((e) => e.message.includes('blocked navigation'))).toHaveLength(3);
  });

  it('blocks webviews', () => {
    const { contents } = setup();
    expect(contents.attachWebview()).toBe(false);
  });

  it('denies every permission except notifications', async () => {
    const { contents } = setup();
    expect(await contents.session.requestPermission('media')).toBe(false);
    expect(await contents.session.requestPermission('geolocation')).toBe(false);
    expect(await contents.session.requestPermission('notifications')).toBe(true);
    expect(contents.session.checkPermission('clipboard-read')).toBe(false);
    expect(contents.session.checkPermission('notifications')).toBe(true);
  });
});

describe('the app:// scheme', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zephyr-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'secret.txt'), 'not for the renderer');

  it('is registered as privileged before ready and served after', async () => {
    const fake = createFakeElectron();
    registerAppScheme(fake.protocol);
    fake.app.markReady();
    serveRenderer(fake.protocol, dir);
    expect(fake.record.privilegedSchemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    const response = await fake.protocol.fetch(appUrl('/now'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>x</title>');
  });

  it('sends the strict CSP with every answer', async () => {
    const ok = await rendererResponse(dir, { url: 'app://zephyr/assets/app.js', method: 'GET' });
    const missing = await rendererResponse(dir, { url: 'app://zephyr/nope.js', method: 'GET' });
    for (const response of [ok, missing]) {
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(ok.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(missing.status).toBe(404);
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('never serves files outside the renderer directory or other hosts', async () => {
    for (const url of [
      'app://zephyr/../secret.txt',
      'app://zephyr/%2e%2e/secret.txt',
      'app://zephyr/assets/..%2f..%2fsecret.txt',
      'app://other/index.html',
    ]) {
      const response = await rendererResponse(dir, { url, method: 'GET' });
      expect(response.status, url).toBe(404);
    }
    const post = await rendererResponse(dir, { url: 'app://zephyr/index.html', method: 'POST' });
    expect(post.status).toBe(405);
  });
});
