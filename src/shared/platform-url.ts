/**
 * Where a Zephyr platform token may be sent: an `https://` URL on any host, or plain `http://` to
 * loopback only (the local platform, tests). Shared, so the Settings form refuses a URL before
 * any request and main refuses the same URL whatever the renderer sends (`settings:update`,
 * `platform:test`) and wherever the client is built (`ZephyrSource`).
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for hosts where plain HTTP is allowed: `localhost`, `127.0.0.0/8` and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Why the platform token may not be sent to `url`, in words for the field, or `undefined` when it
 * may. An empty URL is refused too: where empty means "the built-in demo" (a saved setting), the
 * caller does not ask.
 */
export function platformUrlProblem(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '') return "Enter your platform's URL, starting with https://";
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return `"${trimmed}" is not a web address: enter your platform's URL, starting with https://`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `The platform URL must start with https:// (not ${parsed.protocol}//).`;
  }
  if (parsed.username || parsed.password) {
    return 'The platform URL must not carry a user name or password: the token is the only credential.';
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return (
      `Refusing plain http:// to ${parsed.hostname}: your token would travel unencrypted. ` +
      'Use https:// (plain http:// is allowed only for localhost, 127.0.0.1 and ::1).'
    );
  }
  return undefined;
}
