import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitPublisher } from '../../../src/main/node/git-publisher.js';

const run = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('git publisher against real git (a checkout with a local bare remote)', () => {
  let dir: string;
  let bare: string;
  let checkout: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zephyr-git-test-'));
    bare = join(dir, 'platform.git');
    checkout = join(dir, 'platform');
    run(dir, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
    run(dir, 'clone', '--quiet', bare, checkout);
    run(checkout, 'config', 'user.name', 'Ana Ruiz');
    run(checkout, 'config', 'user.email', 'ana@example.com');
    writeFileSync(join(checkout, 'README.md'), '# platform\n');
    run(checkout, 'add', 'README.md');
    run(checkout, 'commit', '--quiet', '-m', 'init');
    run(checkout, 'push', '--quiet', 'origin', 'main');
    run(checkout, 'remote', 'set-head', 'origin', 'main');
    // The user's own work in progress, which publishing must leave alone.
    run(checkout, 'checkout', '--quiet', '-b', 'my-work');
    writeFileSync(join(checkout, 'wip.txt'), 'uncommitted\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commits the file on a new branch off the default branch and pushes it, leaving the checkout as it was', async () => {
    const result = await createGitPublisher().publish({
      repoPath: checkout,
      branch: 'postmortem/inc-1-2026-03-02-checkout',
      filePath: 'postmortems/2026-03-02-checkout.md',
      content: '# Post-mortem\n',
      message: 'Post-mortem: INC-1 Checkout',
    });
    expect(result).toMatchObject({
      branch: 'postmortem/inc-1-2026-03-02-checkout',
      base: 'main',
      remoteUrl: bare,
    });
    const pushed = 'postmortem/inc-1-2026-03-02-checkout';
    expect(run(bare, 'rev-parse', pushed)).toBe(result.commit);
    expect(run(bare, 'show', `${pushed}:postmortems/2026-03-02-checkout.md`)).toBe('# Post-mortem');
    expect(run(bare, 'show', `${pushed}:README.md`)).toBe('# platform');
    expect(run(bare, 'rev-parse', `${pushed}^`)).toBe(run(bare, 'rev-parse', 'main'));
    expect(run(bare, 'log', '-1', '--format=%an <%ae>|%s', pushed)).toBe(
      'Ana Ruiz <ana@example.com>|Post-mortem: INC-1 Checkout',
    );
    // The user's checkout: same branch, untouched work in progress, nothing staged.
    expect(run(checkout, 'symbolic-ref', '--short', 'HEAD')).toBe('my-work');
    expect(run(checkout, 'status', '--porcelain')).toBe('?? wip.txt');

    // Publishing again adds a commit on the same branch.
    const again = await createGitPublisher().publish({
      repoPath: checkout,
      branch: pushed,
      filePath: 'postmortems/2026-03-02-checkout.md',
      content: '# Post-mortem v2\n',
      message: 'Post-mortem: INC-1 Checkout (update)',
    });
    expect(run(bare, 'rev-parse', `${pushed}^`)).toBe(result.commit);
    expect(run(bare, 'rev-parse', pushed)).toBe(again.commit);
  });

  it("rejects with git's message when the folder is not a checkout", async () => {
    await expect(
      createGitPublisher().publish({
        repoPath: join(dir, 'nowhere'),
        branch: 'postmortem/x',
        filePath: 'postmortems/x.md',
        content: 'x',
        message: 'x',
      }),
    ).rejects.toThrow(/is not a git checkout/);
  });
});
