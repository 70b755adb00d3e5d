import { describe, expect, it } from 'vitest';
import { gitFailureInWords, type GitRunFailure } from '../../../src/main/node/git-failure.js';

const failure = (stderr: string, over: Partial<GitRunFailure> = {}): GitRunFailure => ({
  step: 'push',
  stderr,
  code: 128,
  repo: '/home/ana/platform',
  remote: 'origin',
  ...over,
});

// What git really prints for each cause (git 2.39 and 2.43, GitHub and GitLab remotes).
describe('a failed git run, in words', () => {
  it('refused or missing credentials (https and ssh)', () => {
    for (const stderr of [
      "remote: Invalid username or token.\nfatal: Authentication failed for 'https://github.com/acme/platform.git/'\n",
      "fatal: could not read Username for 'https://github.com': terminal prompts disabled\n",
      'git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n',
    ]) {
      expect(gitFailureInWords(failure(stderr))).toBe(
        'The checkout\'s remote "origin" refused your git credentials (or none were found): check that "git push" works in a terminal in /home/ana/platform, then push again.',
      );
    }
  });

  it('no network', () => {
    expect(
      gitFailureInWords(
        failure(
          "fatal: unable to access 'https://github.com/acme/platform.git/': Could not resolve host: github.com\n",
          { step: 'fetch' },
        ),
      ),
    ).toBe(
      'Could not reach the checkout\'s remote "origin" over the network: check your connection or VPN, then push again.',
    );
  });

  it('no git identity', () => {
    expect(
      gitFailureInWords(
        failure(
          '\n*** Please tell me who you are.\n\nRun\n\n  git config --global user.email "you@example.com"\n\nfatal: unable to auto-detect email address (got \'ana@laptop.(none)\')\n',
          { step: 'commit-tree', remote: undefined },
        ),
      ),
    ).toMatch(/^Git does not know who you are in \/home\/ana\/platform: set your name and email/);
  });

  it('a branch protection rule', () => {
    expect(
      gitFailureInWords(
        failure(
          "remote: error: GH006: Protected branch update failed for refs/heads/postmortem/x.\nTo github.com:acme/platform.git\n ! [remote rejected] postmortem/x -> postmortem/x (protected branch hook declined)\nerror: failed to push some refs to 'github.com:acme/platform.git'\n",
        ),
      ),
    ).toBe(
      "The checkout's remote \"origin\" refused the branch (a server rule or branch protection): Failed to push some refs to 'github.com:acme/platform.git'.",
    );
  });

  it('the time limit', () => {
    expect(gitFailureInWords(failure('', { code: null }))).toBe(
      'Git took too long (push) and was stopped: check that the checkout\'s remote "origin" answers, then push again.',
    );
  });

  it('anything else: git\'s telling line, without "fatal:" or hints', () => {
    expect(
      gitFailureInWords(
        failure(
          "hint: Using 'master' as the name for the initial branch.\nfatal: bad object HEAD\n",
          { step: 'read-tree', remote: undefined },
        ),
      ),
    ).toBe('Git could not finish (read-tree): Bad object HEAD.');
  });
});
