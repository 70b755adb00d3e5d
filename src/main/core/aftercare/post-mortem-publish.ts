/**
 * "It goes in the platform repo": the post-mortem is written to `postmortems/<date>-<slug>.md`
 * on a new branch of the local checkout named in Settings, committed and pushed with the user's
 * own git set-up (the `GitPublisher` port; the Node side is `../../node/git-publisher.ts`). The
 * answer names the branch and how to open the pull request. Finishing needs at least one action
 * item, each valid.
 */
import { validateActionItems } from '../../../shared/aftercare/action-items.js';
import { pullRequestHint } from '../../../shared/aftercare/pull-request.js';
import type { PublishedPostMortem } from '../../../shared/aftercare/views.js';
import { IpcError } from '../../../shared/contract.js';
import type { Incident } from '../../../shared/domain.js';
import { errorMessage } from '../integrations/integration-error.js';
import { requirePostMortem } from './action-items.js';
import type { AftercareContext } from './context.js';

/** One file to commit on a branch and push. */
export interface PublishRequest {
  /** The local checkout (`git -C`). */
  repoPath: string;
  branch: string;
  /** Path inside the repo, `/`-separated. */
  filePath: string;
  content: string;
  message: string;
}

/** What was pushed. */
export interface PublishResult {
  branch: string;
  /** The branch the pull request should go into (the remote's default branch). */
  base: string;
  commit: string;
  remoteUrl: string;
}

/** Commits and pushes one file with the user's own git set-up; rejects with git's message. */
export interface GitPublisher {
  publish(request: PublishRequest): Promise<PublishResult>;
}

function slugOf(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug === '' ? 'incident' : slug;
}

/** Where the post-mortem of `incident` goes and on which branch. */
export function postMortemLocation(incident: Incident): { filePath: string; branch: string } {
  const date = incident.openedAt.slice(0, 10);
  const name = `${date}-${slugOf(incident.summary)}`;
  const id = slugOf(incident.id);
  return { filePath: `postmortems/${name}.md`, branch: `postmortem/${id}-${name}` };
}

/** Writes, commits and pushes the post-mortem; records where it went. */
export async function publishPostMortem(
  ctx: AftercareContext,
  incidentId: string,
  markdown: string,
): Promise<void> {
  const r = ctx.record(incidentId);
  const pm = requirePostMortem(r);
  const problems = validateActionItems(pm.draft.actionItems, ctx.deps.playbook(), {
    requireAtLeastOne: true,
  });
  if (problems.length > 0) {
    throw new IpcError('conflict', problems.map((p) => p.message).join(' '));
  }
  const repoPath = ctx.deps.platformRepoPath?.().trim() ?? '';
  const git = ctx.deps.git;
  if (repoPath === '' || !git) {
    throw new IpcError(
      'conflict',
      'No platform repo checkout is set (Settings → Playbook → Platform repo checkout): export the Markdown and open the pull request by hand.',
    );
  }
  const { filePath, branch } = postMortemLocation(r.incident);
  let result;
  try {
    result = await git.publish({
      repoPath,
      branch,
      filePath,
      content: markdown.endsWith('\n') ? markdown : `${markdown}\n`,
      message: `Post-mortem: ${r.incident.id} ${r.incident.summary}`,
    });
  } catch (error) {
    throw new IpcError('handler-failed', `Could not push the post-mortem: ${errorMessage(error)}`);
  }
  const published: PublishedPostMortem = {
    branch: result.branch,
    base: result.base,
    filePath,
    commit: result.commit,
    at: ctx.nowIso(),
    pullRequest: pullRequestHint(result.remoteUrl, result.branch, result.base),
  };
  const latest = ctx.record(incidentId);
  ctx.save({ ...latest, postMortem: { ...requirePostMortem(latest), published } });
}
