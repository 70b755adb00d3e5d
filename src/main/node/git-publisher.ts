/**
 * The Node side of the `GitPublisher` port (`core/aftercare/post-mortem-publish.ts`): commits one
 * file on a new branch of a local checkout and pushes it, with the user's own git set-up (their
 * identity, credential helper and ssh keys; the app passes no token). It spawns the `git` CLI
 * with `-C <checkout>` and no shell, and never touches the checkout's working tree, index or
 * current branch: the commit is built with plumbing (`hash-object`, a temporary index,
 * `commit-tree`) on top of the remote's default branch, or on the branch's tip when it exists.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitFailureInWords } from './git-failure.js';
import type {
  GitPublisher,
  PublishRequest,
  PublishResult,
} from '../core/aftercare/post-mortem-publish.js';

const TIMEOUT_MS = 120_000;

/** Runs `git -C repo …args`; resolves with trimmed stdout, rejects with what went wrong in words. */
function git(
  repo: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; remote?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', repo, ...args], {
      shell: false,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: TIMEOUT_MS,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'ENOENT'
            ? 'Git is not installed (or not on the PATH): install git, then push again.'
            : `Could not run git: ${e.message}`,
        ),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(out.trim());
      else {
        const step = args[0] ?? 'git';
        const remote = options.remote;
        reject(
          new Error(
            gitFailureInWords({ step, stderr: err, code, repo, ...(remote ? { remote } : {}) }),
          ),
        );
      }
    });
    if (child.stdin) {
      // A git that exits before reading its input reports the failure through its exit code.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

async function optional(p: Promise<string>): Promise<string | null> {
  try {
    return await p;
  } catch {
    return null;
  }
}

async function remoteOf(repo: string): Promise<string> {
  const remotes = (await git(repo, ['remote'])).split('\n').filter((r) => r !== '');
  if (remotes.includes('origin')) return 'origin';
  const first = remotes[0];
  if (!first) throw new Error(`The checkout ${repo} has no remote to push to.`);
  return first;
}

/** The remote's default branch (`origin/HEAD`), else the checkout's current branch. */
async function baseOf(repo: string, remote: string): Promise<{ name: string; ref: string }> {
  const head = await optional(
    git(repo, ['symbolic-ref', '--quiet', '--short', `refs/remotes/${remote}/HEAD`]),
  );
  if (head) return { name: head.slice(remote.length + 1), ref: head };
  const current = await git(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return { name: current, ref: 'HEAD' };
}

/** Commits `request.content` at `request.filePath` on `request.branch` and pushes it. */
async function publish(request: PublishRequest): Promise<PublishResult> {
  const repo = request.repoPath;
  const inside = await optional(git(repo, ['rev-parse', '--is-inside-work-tree']));
  if (inside !== 'true') {
    throw new Error(
      `${repo} is not a git checkout: check Settings → Playbook → Platform repo checkout.`,
    );
  }
  const remote = await remoteOf(repo);
  const remoteUrl = await git(repo, ['remote', 'get-url', remote]);
  await git(repo, ['fetch', '--quiet', remote], { remote });
  const base = await baseOf(repo, remote);
  const branchRef = `refs/heads/${request.branch}`;
  await git(repo, ['check-ref-format', branchRef]);
  const existing = await optional(git(repo, ['rev-parse', '--verify', '--quiet', branchRef]));
  const parent = existing ?? (await git(repo, ['rev-parse', '--verify', `${base.ref}^{commit}`]));
  const blob = await git(repo, ['hash-object', '-w', '--stdin'], { input: request.content });
  const dir = await mkdtemp(join(tmpdir(), 'zephyr-git-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    await git(repo, ['read-tree', parent], { env });
    await git(
      repo,
      ['update-index', '--add', '--cacheinfo', `100644,${blob},${request.filePath}`],
      {
        env,
      },
    );
    const tree = await git(repo, ['write-tree'], { env });
    const commit = await git(repo, ['commit-tree', tree, '-p', parent, '-F', '-'], {
      input: request.message,
    });
    await git(repo, ['update-ref', branchRef, commit, existing ?? '']);
    await git(repo, ['push', '--quiet', remote, `${branchRef}:${branchRef}`], { remote });
    return { branch: request.branch, base: base.name, commit, remoteUrl };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The git CLI publisher. */
export function createGitPublisher(): GitPublisher {
  return { publish };
}
