/**
 * Where to open the pull request of a pushed post-mortem branch: a GitHub or GitLab compare link
 * derived from the remote (https or ssh to github.com / gitlab.com), else the `git` command that
 * prints a pull request for anyone to act on. Pure.
 */

/** How to open the pull request: a link when the host is known, else a command. */
export interface PullRequestHint {
  url: string | null;
  command: string;
}

const KNOWN_HOSTS = new Set(['github.com', 'gitlab.com']);

/** `{ host, path }` of a remote URL (`https://host/org/repo.git`, `git@host:org/repo.git`, `ssh://git@host/org/repo`). */
export function remoteHostAndPath(remote: string): { host: string; path: string } | null {
  const r = remote.trim();
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(r);
  let host: string;
  let path: string;
  if (scp) {
    host = scp[1] ?? '';
    path = scp[2] ?? '';
  } else {
    let u: URL;
    try {
      u = new URL(r);
    } catch {
      return null;
    }
    if (!['https:', 'ssh:', 'git+ssh:'].includes(u.protocol)) return null;
    host = u.hostname;
    path = u.pathname.replace(/^\/+/, '');
  }
  path = path.replace(/\/+$/, '').replace(/\.git$/, '');
  if (host === '' || !/^[\w.-]+(?:\/[\w.-]+)+$/.test(path)) return null;
  return { host: host.toLowerCase(), path };
}

/** `remote` without any user or password in it (`https://user:secret@host/…` → `https://host/…`). */
export function withoutCredentials(remote: string): string {
  return remote.replace(/^([a-z][\w+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** The pull-request hint for `branch` (into `base`) pushed to `remote`. */
export function pullRequestHint(remote: string, branch: string, base: string): PullRequestHint {
  const remoteUrl = withoutCredentials(remote);
  const command = `git request-pull ${base} ${remoteUrl} ${branch}`;
  const parsed = remoteHostAndPath(remoteUrl);
  if (!parsed || !KNOWN_HOSTS.has(parsed.host)) return { url: null, command };
  const b = encodeURIComponent(branch);
  const t = encodeURIComponent(base);
  const url =
    parsed.host === 'github.com'
      ? `https://github.com/${parsed.path}/compare/${t}...${b}?expand=1`
      : `https://gitlab.com/${parsed.path}/-/merge_requests/new?merge_request%5Bsource_branch%5D=${b}&merge_request%5Btarget_branch%5D=${t}`;
  return { url, command };
}
