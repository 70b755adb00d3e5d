/**
 * What a failed `git` run means, in words: the post-mortem screen shows this sentence, never
 * git's own output (hints, "fatal:" lines, remote chatter). Pure: the step git ran, its stderr
 * and how it ended in, one sentence out, which keeps git's most telling line only when no known
 * cause matches.
 */

/** How one `git` run ended. */
export interface GitRunFailure {
  /** The git subcommand (`fetch`, `push`, `commit-tree`, …). */
  step: string;
  stderr: string;
  /** Exit code, or null when git was stopped by a signal (the time limit). */
  code: number | null;
  /** The checkout (`git -C`). */
  repo: string;
  /** The remote's name, for fetch and push. */
  remote?: string;
}

interface Cause {
  test: RegExp;
  say(f: GitRunFailure): string;
}

const remoteOf = (f: GitRunFailure): string =>
  f.remote ? `the checkout's remote "${f.remote}"` : "the checkout's remote";

const CAUSES: readonly Cause[] = [
  {
    test: /Please tell me who you are|empty ident|unable to auto-detect email/i,
    say: (f) =>
      `Git does not know who you are in ${f.repo}: set your name and email (git config --global user.name "Your Name" and user.email), then push again.`,
  },
  {
    test: /Authentication failed|could not read (Username|Password)|terminal prompts disabled|Permission denied \(publickey|Host key verification failed|HTTP Basic: Access denied|returned error: 40[13]/i,
    say: (f) =>
      `${capital(remoteOf(f))} refused your git credentials (or none were found): check that "git push" works in a terminal in ${f.repo}, then push again.`,
  },
  {
    test: /Could not resolve host|Connection refused|Connection timed out|Network is unreachable|Could not connect|Operation timed out|Failed to connect/i,
    say: (f) =>
      `Could not reach ${remoteOf(f)} over the network: check your connection or VPN, then push again.`,
  },
  {
    test: /does not appear to be a git repository|Repository not found|repository '.*' not found/i,
    say: (f) =>
      `${capital(remoteOf(f))} was not found, or you have no access to it: check "git remote -v" in ${f.repo}.`,
  },
  {
    test: /non-fast-forward|\[rejected\]|fetch first|stale info/i,
    say: () =>
      'The remote already has a different version of this branch (someone else pushed to it): pull it into your checkout, then push again.',
  },
  {
    test: /pre-receive hook declined|protected branch|\[remote rejected\]/i,
    say: (f) =>
      `${capital(remoteOf(f))} refused the branch (a server rule or branch protection): ${telling(f.stderr)}`,
  },
];

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Git's most telling line: the last "fatal:"/"error:" line, else the last line, without prefixes or hints. */
function telling(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^hint:/i.test(l) && !/^remote:\s*$/i.test(l));
  const pick = [...lines].reverse().find((l) => /^(fatal|error):/i.test(l)) ?? lines.at(-1) ?? '';
  const text = pick.replace(/^(fatal|error|remote):\s*/i, '').replace(/\.$/, '');
  return text === '' ? 'git gave no reason' : `${capital(text)}.`;
}

/** One sentence saying what went wrong and what to do. */
export function gitFailureInWords(f: GitRunFailure): string {
  if (f.code === null) {
    return `Git took too long (${f.step}) and was stopped: check that ${remoteOf(f)} answers, then push again.`;
  }
  const cause = CAUSES.find((c) => c.test.test(f.stderr));
  if (cause) return cause.say(f);
  return `Git could not ${f.step === 'push' ? 'push the branch' : `finish (${f.step})`}: ${telling(f.stderr)}`;
}
