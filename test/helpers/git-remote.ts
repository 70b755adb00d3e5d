/**
 * A platform repo checkout for tests against real git: a temporary folder with a bare repository
 * (the remote, default branch `main`, its `origin/HEAD` known to the checkout) and a clone of it
 * with a git identity and one commit pushed. `remove()` deletes both.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `git …args` in `cwd` and returns its trimmed output; throws on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** The checkout, its bare remote, and the folder holding both. */
export interface GitRemoteFixture {
  dir: string;
  bare: string;
  checkout: string;
  remove(): void;
}

/** Makes the bare remote and the checkout (user Ana Ruiz <ana@example.com>). */
export function createGitRemote(prefix = 'zephyr-git-'): GitRemoteFixture {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const bare = join(dir, 'platform.git');
  const checkout = join(dir, 'platform');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(dir, 'clone', '--quiet', bare, checkout);
  git(checkout, 'config', 'user.name', 'Ana Ruiz');
  git(checkout, 'config', 'user.email', 'ana@example.com');
  writeFileSync(join(checkout, 'README.md'), '# platform\n');
  git(checkout, 'add', 'README.md');
  git(checkout, 'commit', '--quiet', '-m', 'init');
  git(checkout, 'push', '--quiet', 'origin', 'main');
  git(checkout, 'remote', 'set-head', 'origin', 'main');
  return { dir, bare, checkout, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
