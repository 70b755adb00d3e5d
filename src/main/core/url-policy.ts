/**
 * Which links the app may hand to the user's browser (`shell.openExternal` in Electron, a new tab
 * in the Node host). Only `https:` links to known hosts: a compromised page must not be able to
 * launch arbitrary URL schemes or local files.
 */

/** Hosts the app links to by itself: runbooks and pull requests, Slack, Linear, Statuspage, PagerDuty. */
export const DEFAULT_EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'gitlab.com',
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

/** The settings that name a vendor's API, and the vendor's own API hosts. */
export const VENDOR_API_HOSTS = {
  /** Slack and GovSlack (any of their subdomains). */
  slackApiUrl: { vendor: 'Slack', hosts: ['slack.com', 'slack-gov.com'], subdomains: true },
  statuspageApiUrl: { vendor: 'Statuspage', hosts: ['api.statuspage.io'], subdomains: false },
  linearApiUrl: { vendor: 'Linear', hosts: ['api.linear.app'], subdomains: false },
  pagerdutyApiUrl: {
    vendor: 'PagerDuty',
    hosts: ['api.pagerduty.com', 'api.eu.pagerduty.com'],
    subdomains: false,
  },
} as const;

/** A setting naming a vendor API URL. */
export type VendorApiSetting = keyof typeof VENDOR_API_HOSTS;

/**
 * Why `url` may not be set from the UI as the `setting` vendor's API URL, or `undefined` when it
 * may: only `https:` on the vendor's own hosts (an empty value means the default). Any other
 * host (a proxy, a fake) comes only from the environment (`ZEPHYR_*_API_URL`), never from the
 * renderer, so a hostile page cannot send a vendor token to a host it chose.
 */
export function vendorApiUrlProblem(setting: VendorApiSetting, url: string): string | undefined {
  if (url.trim() === '') return undefined;
  const rule = VENDOR_API_HOSTS[setting];
  const expectation = `an https:// URL on ${rule.hosts.join(' or ')}${rule.subdomains ? ' (or a subdomain)' : ''}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${setting} must be ${expectation}.`;
  }
  const host = parsed.hostname.toLowerCase();
  const onVendor = rule.hosts.some(
    (h) => host === h || (rule.subdomains && host.endsWith(`.${h}`)),
  );
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || !onVendor) {
    return (
      `${setting} must be ${expectation}; another ${rule.vendor} host can only be set through ` +
      'the environment by your deployment tooling.'
    );
  }
  return undefined;
}

/** Every problem with the vendor API URLs in a settings patch (other keys are ignored). */
export function vendorApiUrlProblems(patch: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const setting of Object.keys(VENDOR_API_HOSTS) as VendorApiSetting[]) {
    const value = patch[setting];
    if (value === undefined) continue;
    const problem =
      typeof value === 'string'
        ? vendorApiUrlProblem(setting, value)
        : `${setting} must be a string.`;
    if (problem) problems.push(problem);
  }
  return problems;
}
