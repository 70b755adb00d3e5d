/**
 * The one place that makes windows safe: secure web preferences, the `app://zephyr` scheme that
 * serves `dist/renderer` with a strict Content-Security-Policy, no new windows, no navigation away
 * from the app, no permissions but notifications. See https://www.electronjs.org/docs/latest/tutorial/security
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { isAllowedExternalUrl } from '../core/url-policy.js';
import type { Logger } from '../core/ports.js';
import type {
  BrowserWindowLike,
  CreateWindow,
  ProtocolLike,
  ProtocolRequestLike,
  SecureWebPreferences,
  SessionLike,
  ShellLike,
  WebContentsLike,
  WindowOptions,
} from './electron-types.js';

/** The privileged scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The one host of that scheme. */
export const APP_HOST = 'zephyr';
/** The renderer's origin: IPC trusts frames of this origin only. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The CSP every renderer response carries: only the app's own files, no inline code. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The renderer routes the main process opens. */
export type AppRoute = '/now' | '/incidents' | '/settings' | '/alert' | '/declare' | '/handoff';

/** The URL of a renderer route, e.g. `app://zephyr/index.html#/now`. */
export function appUrl(route: AppRoute): string {
  return `${APP_ORIGIN}/index.html#${route}`;
}

/** True when `url` belongs to the app's own renderer origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The web preferences of every window: sandboxed, isolated, no Node, our preload only; sound may
 * start without a click (the alarm) and timers are not throttled in the background.
 */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
    autoplayPolicy: 'no-user-gesture-required',
    backgroundThrottling: false,
    preload: preloadPath,
  };
}

/** Declares `app://` a standard, secure scheme. Must run before `app` is ready. */
export function registerAppScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // Vite emits `<script type=module crossorigin>`: module loads need a standard, CORS-capable scheme.
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        stream: true,
      },
    },
  ]);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    },
  });
}

/**
 * Answers one `app://` request from the files under `rendererDir`: 404 for anything outside it
 * (other hosts, `..` tricks, missing files), 405 for methods other than GET/HEAD. Every answer
 * carries the CSP.
 */
export async function rendererResponse(
  rendererDir: string,
  request: ProtocolRequestLike,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, `Method ${request.method} not allowed`);
  }
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return textResponse(400, 'Bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return textResponse(404, `Not found: ${request.url}`);
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return textResponse(400, 'Bad path');
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = resolve(rendererDir);
  const file = resolve(root, `.${pathname}`);
  if (!file.startsWith(root + sep)) return textResponse(404, `Not found: ${pathname}`);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return textResponse(404, `Not found: ${pathname}`);
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** Serves `rendererDir` on `app://zephyr/`. Call once `app` is ready. */
export function serveRenderer(protocol: ProtocolLike, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request));
}

/** Denies every permission request and check except notifications. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'notifications');
  });
  session.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');
}

/** What `hardenWebContents` needs besides the contents. */
export interface HardenDeps {
  shell: ShellLike;
  logger: Logger;
}

/**
 * Locks one `webContents` down: `window.open` is always denied (allow-listed `https:` links go to
 * the user's browser instead), navigation and redirects away from the app origin are prevented,
 * `<webview>` cannot be attached.
 */
export function hardenWebContents(contents: WebContentsLike, deps: HardenDeps): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) {
      deps.shell.openExternal(url).catch((error: unknown) => {
        deps.logger.warn('could not open link in the browser', { url, error: String(error) });
      });
    } else {
      deps.logger.warn('refused to open a window', { url });
    }
    return { action: 'deny' };
  });
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    deps.logger.warn('blocked navigation away from the app', { url });
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.logger.warn('blocked a webview');
  });
}

/** What `createSecureWindow` needs. */
export interface SecureWindowDeps extends HardenDeps {
  createWindow: CreateWindow;
  /** Absolute path of `dist/preload/preload.cjs`. */
  preloadPath: string;
}

/** Window options other than the web preferences, which are not negotiable. */
export type SecureWindowOptions = Omit<WindowOptions, 'webPreferences'>;

/**
 * Creates a window with `secureWebPreferences`, hardens its contents and session, and loads the
 * given route from `app://zephyr`. The returned window is not shown yet unless `options.show`.
 */
export function createSecureWindow(
  deps: SecureWindowDeps,
  options: SecureWindowOptions,
  route: AppRoute,
): BrowserWindowLike {
  const window = deps.createWindow({
    ...options,
    webPreferences: secureWebPreferences(deps.preloadPath),
  });
  hardenWebContents(window.webContents, deps);
  hardenSession(window.webContents.session);
  window.loadURL(appUrl(route)).catch((error: unknown) => {
    deps.logger.error('window failed to load', { route, error: String(error) });
  });
  return window;
}
