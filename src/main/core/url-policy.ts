/**
 * Which links the app may hand to the user's browser (`shell.openExternal` in Electron, a new tab
 * in the Node host). Only `https:` links to known hosts: a compromised page must not be able to
 * launch arbitrary URL schemes or local files.
 */

/** Hosts the app links to by itself: runbooks, Slack, Linear, Statuspage, PagerDuty. */
export const DEFAULT_EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'slack.com',
  'app.slack.com',
  'linear.app',
  'statuspage.io',
  'manage.statuspage.io',
  'pagerduty.com',
];

/**
 * True when `url` is an `https:` URL whose host is one of `DEFAULT_EXTERNAL_HOSTS` or
 * `extraHosts` (exactly, or as a subdomain of one). Anything unparsable is refused.
 */
export function isAllowedExternalUrl(url: string, extraHosts: readonly string[] = []): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return [...DEFAULT_EXTERNAL_HOSTS, ...extraHosts].some((allowed) => {
    const a = allowed.toLowerCase();
    return host === a || host.endsWith(`.${a}`);
  });
}

/**
 * True only for a `mailto:` URL (RFC 6068) with at most a few thousand characters: the one
 * non-`https:` link the app hands to the system, and only from the customer-email command
 * (`emails:open-mail-client`), never from `alerts:open-external`.
 */
export function isAllowedMailtoUrl(url: string): boolean {
  if (url.length > 100_000 || !/^mailto:/i.test(url)) return false;
  try {
    return new URL(url).protocol === 'mailto:';
  } catch {
    return false;
  }
}
