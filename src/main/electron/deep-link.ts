/**
 * `zephyr://` links: parsing and validation (pure; no Electron, no I/O). Any web page or local
 * program can open a `zephyr://` URL, so a link is hostile input: only three exact forms are
 * accepted, ids are validated, and no link acknowledges a page by itself.
 *
 * - `zephyr://page/<id>`: open that page (its Acknowledge button is one click away).
 * - `zephyr://incident/<id>`: open that incident in the console.
 * - `zephyr://ack?page=<key>&nonce=<hex>`: what a Windows toast's Acknowledge button activates.
 *   It acknowledges only when `nonce` equals this launch's secret (`createLaunchNonce`), which
 *   lives in memory only and is shown to nobody but our own toasts. Any other `ack` link (a web
 *   page guessing, or a toast from before a restart, whose nonce died with its process) only
 *   opens the page, exactly like `zephyr://page/<key>`.
 */

/** The URL scheme the app registers with the OS (and electron-builder's `protocols`). */
export const DEEP_LINK_SCHEME = 'zephyr';

/** Longest accepted link; anything longer is refused before parsing. */
const MAX_LINK_LENGTH = 512;
/** Page ids, page keys (`<sourceId>:<pageId>`) and incident ids: no slashes, no dots first. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,127}$/;
const NONCE_PATTERN = /^[0-9a-f]{32,128}$/;

/** A link the app acts on. */
export type DeepLink =
  | { kind: 'page'; id: string }
  | { kind: 'incident'; id: string }
  /** `confirmed`: the nonce matched this launch, so the user pressed our own toast's button. */
  | { kind: 'ack'; id: string; confirmed: boolean };

/** True when `id` is an acceptable page id, page key or incident id. */
export function isValidLinkId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Compares two strings in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function decodeId(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return isValidLinkId(id) ? id : undefined;
}

/**
 * Parses one `zephyr://` URL. Returns `undefined` for anything that is not exactly one of the
 * accepted forms. `launchNonce` is this launch's secret; without it no `ack` link is confirmed.
 */
export function parseDeepLink(input: string, launchNonce?: string): DeepLink | undefined {
  if (typeof input !== 'string' || input.length > MAX_LINK_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return undefined;
  if (url.username || url.password || url.port || url.hash) return undefined;
  // `zephyr://page/abc`: the host is the kind, the path is `/<id>` (one segment, nothing more).
  const kind = url.hostname.toLowerCase();
  if (kind === 'page' || kind === 'incident') {
    if (url.search) return undefined;
    const match = /^\/([^/]+)\/?$/.exec(url.pathname);
    const id = decodeId(match?.[1]);
    return id === undefined ? undefined : { kind, id };
  }
  if (kind === 'ack') {
    if (url.pathname !== '' && url.pathname !== '/') return undefined;
    const keys = [...url.searchParams.keys()];
    if (keys.some((k) => k !== 'page' && k !== 'nonce') || keys.length > 2) return undefined;
    const id = url.searchParams.get('page');
    if (id === null || !isValidLinkId(id)) return undefined;
    const nonce = url.searchParams.get('nonce') ?? '';
    const confirmed =
      launchNonce !== undefined &&
      NONCE_PATTERN.test(launchNonce) &&
      NONCE_PATTERN.test(nonce) &&
      sameSecret(nonce, launchNonce);
    return { kind: 'ack', id, confirmed };
  }
  return undefined;
}

/**
 * The first `zephyr://` link in a command line (Windows and Linux pass the link as an argument
 * to a new process, which forwards its argv to the running one through `second-instance`).
 */
export function deepLinkFromArgv(
  argv: readonly string[],
  launchNonce?: string,
): DeepLink | undefined {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(arg, launchNonce);
    if (link) return link;
  }
  return undefined;
}

/** The `zephyr://ack` URL a toast's Acknowledge button activates. */
export function ackLink(pageKey: string, launchNonce: string): string {
  return `${DEEP_LINK_SCHEME}://ack?page=${encodeURIComponent(pageKey)}&nonce=${launchNonce}`;
}

/** The `zephyr://page/<key>` URL that opens a page. */
export function pageLink(pageKey: string): string {
  return `${DEEP_LINK_SCHEME}://page/${encodeURIComponent(pageKey)}`;
}

/** A fresh per-launch secret: 128 random bits as hex, from the given random source. */
export function createLaunchNonce(randomBytes: (size: number) => Uint8Array): string {
  return [...randomBytes(16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The page key a page link names, given the pages the app knows: a key itself, or a page id. */
export function resolvePageKey(
  id: string,
  pages: readonly { key: string; page: { id: string }; ringing: boolean }[],
): string | undefined {
  const exact = pages.find((p) => p.key === id);
  if (exact) return exact.key;
  const byId = pages.filter((p) => p.page.id === id);
  return (byId.find((p) => p.ringing) ?? byId[0])?.key;
}

/** The renderer hash a link opens (`#/now?page=<key>`, `#/incidents/<id>`). */
export function deepLinkHash(link: { kind: 'page' | 'incident'; id: string }): string {
  return link.kind === 'incident'
    ? `#/incidents/${encodeURIComponent(link.id)}`
    : `#/now?page=${encodeURIComponent(link.id)}`;
}
