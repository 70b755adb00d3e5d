import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishRequest } from '../../../src/main/core/aftercare/post-mortem-publish.js';
import { createGitPublisher } from '../../../src/main/node/git-publisher.js';
import { createGitRemote, git as run, type GitRemoteFixture } from '../../helpers/git-remote.js';

describe('git publisher against real git (a checkout with a local bare remote)', () => {
  let fixture: GitRemoteFixture;
  let dir: string;
  let bare: string;
  let checkout: string;

  beforeEach(() => {
    fixture = createGitRemote('zephyr-git-test-');
    ({ dir, bare, checkout } = fixture);
    // The user's own work in progress, which publishing must leave alone.
    run(checkout, 'checkout', '--quiet', '-b', 'my-work');
    writeFileSync(join(checkout, 'wip.txt'), 'uncommitted\n');
  });
  afterEach(() => fixture.remove());

  const request = (over: Partial<PublishRequest> = {}): PublishRequest => ({
    repoPath: checkout,
    branch: 'postmortem/inc-1-2026-03-02-checkout',
    filePath: 'postmortems/2026-03-02-checkout.md',
    content: '# Post-mortem\n',
    message: 'Post-mortem: INC-1 Checkout',
    ...over,
  });

  it('commits the file on a new branch off the default branch and pushes it, leaving the checkout as it was', async () => {
    const result = await createGitPublisher().publish(request());
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
    const again = await createGitPublisher().publish(
      request({ content: '# Post-mortem v2\n', message: 'Post-mortem: INC-1 Checkout (update)' }),
    );
    expect(run(bare, 'rev-parse', `${pushed}^`)).toBe(result.commit);
    expect(run(bare, 'rev-parse', pushed)).toBe(again.commit);
  });

  it('says in words when the folder is not a checkout, and where to set it', async () => {
    await expect(
      createGitPublisher().publish(request({ repoPath: join(dir, 'nowhere') })),
    ).rejects.toThrow(/nowhere is not a git checkout: check Settings → Playbook/);
  });

  it('says in words, not git output, when the remote is gone', async () => {
    run(checkout, 'remote', 'set-url', 'origin', join(dir, 'moved.git'));
    const error = await createGitPublisher()
      .publish(request())
      .then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    expect(error).toBe(
      `The checkout's remote "origin" was not found, or you have no access to it: check "git remote -v" in ${checkout}.`,
    );
  });

  it('says in words when someone else pushed a different version of the branch', async () => {
    await createGitPublisher().publish(request());
    // Another clone pushes its own commit on the same branch; this checkout has not seen it.
    const other = join(dir, 'other');
    run(dir, 'clone', '--quiet', bare, other);
    run(other, 'config', 'user.name', 'Ben Cho');
    run(other, 'config', 'user.email', 'ben@example.com');
    run(other, 'checkout', '--quiet', 'postmortem/inc-1-2026-03-02-checkout');
    writeFileSync(join(other, 'notes.md'), 'theirs\n');
    run(other, 'add', 'notes.md');
    run(other, 'commit', '--quiet', '-m', 'theirs');
    run(other, 'push', '--quiet', 'origin', 'postmortem/inc-1-2026-03-02-checkout');
    await expect(createGitPublisher().publish(request({ content: 'v2\n' }))).rejects.toThrow(
      /^The remote already has a different version of this branch/,
    );
  });
});
