/**
 * "Push to the platform repo": the post-mortem committed on a new branch of the platform repo
 * checkout named in Settings and pushed with the user's own git set-up (`postmortems:publish`).
 * The button says why it cannot be pressed (no checkout, not saved, no action item), shows
 * progress while git runs, then the branch and the link or command that opens the pull request.
 * Failures come from main already in words.
 */
import { useState, type ReactNode } from 'react';
import type { PostMortemView } from '../../../shared/aftercare/views.js';
import { ErrorText } from '../../components/error-text.js';
import { ExternalLink } from '../../components/external-link.js';
import { hrefFor } from '../../lib/route.js';
import { formatLocalZoned } from '../../lib/time.js';
import { useCommand } from '../../lib/use-command.js';
import '../declare/declare.css';

/** Why the button cannot be pressed now, or null when it can. */
function blockedBecause(view: PostMortemView, unsaved: boolean): ReactNode {
  if (!view.platformRepo) {
    return (
      <>
        No platform repo checkout is set, so there is nowhere to push to.{' '}
        <a href={hrefFor('settings')}>Set it in Settings</a> (Playbook → Platform repo checkout), or
        export the Markdown and open the pull request by hand.
      </>
    );
  }
  if (view.stage === 'none') return 'Save the draft first.';
  if (view.draft.actionItems.length === 0) {
    return 'Add at least one action item and save: a post-mortem closes with one or more.';
  }
  if (unsaved) return 'Save your changes first: the push commits what is saved.';
  return null;
}

/** The branch pushed and how to open its pull request. */
function Pushed(props: { published: NonNullable<PostMortemView['published']> }): ReactNode {
  const { published } = props;
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="ac-pushed">
      <p className="ac-ok" role="status">
        {/* Weekday, time and zone: "Wed, 4:47 AM UTC" (a push is read the same week). */}
        Pushed {formatLocalZoned(Date.parse(published.at), Date.parse(published.at))}.
      </p>
      <dl className="roles">
        <div>
          <dt>Branch</dt>
          <dd>
            <code>{published.branch}</code>
          </dd>
        </div>
        <div>
          <dt>File</dt>
          <dd>
            <code>{published.filePath}</code>
          </dd>
        </div>
        <div>
          <dt>Commit</dt>
          <dd>
            <code>{published.commit.slice(0, 7)}</code>
          </dd>
        </div>
      </dl>
      {published.pullRequest.url ? (
        <p>
          <ExternalLink url={published.pullRequest.url}>
            Open the pull request into {published.base}
          </ExternalLink>
        </p>
      ) : (
        <p className="muted">
          Open the pull request into <code>{published.base}</code> on your git host, or send this
          request to the reviewers:
        </p>
      )}
      <div className="cli" role="group" aria-label="Pull request command">
        <code className="cli__code">{published.pullRequest.command}</code>
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(published.pullRequest.command)
              .then(() => setCopied('Copied.'))
              .catch(() => setCopied('Could not copy: select the command and copy it.'))
          }
        >
          Copy command
        </button>
        <span role="status" className="muted">
          {copied}
        </span>
      </div>
    </div>
  );
}

/** The "Platform repo" part of the preview card. */
export function PushToRepo(props: {
  incidentId: string;
  view: PostMortemView;
  markdown: string;
  /** The form differs from the saved draft. */
  unsaved: boolean;
  onView(view: PostMortemView): void;
}): ReactNode {
  const { view } = props;
  const publish = useCommand('postmortems:publish');
  const blocked = blockedBecause(view, props.unsaved);
  return (
    <section aria-labelledby="ac-pm-push">
      <h3 className="ac-subtitle" id="ac-pm-push">
        Platform repo
      </h3>
      <p className="muted">
        {view.platformRepo ? (
          <>
            Commits the post-mortem on a new branch of <code>{view.platformRepo}</code> and pushes
            it to that checkout&apos;s remote with your own git set-up.
          </>
        ) : (
          'Post-mortems go in the platform repo, as a pull request.'
        )}
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={blocked !== null || publish.busy}
          aria-describedby={blocked !== null ? 'ac-pm-push-blocked' : undefined}
          onClick={() =>
            void publish
              .run({ incidentId: props.incidentId, markdown: props.markdown })
              .then((v) => v && props.onView(v))
          }
        >
          {publish.busy
            ? 'Pushing…'
            : view.published
              ? 'Push again to the platform repo'
              : 'Push to the platform repo'}
        </button>
      </div>
      {blocked !== null ? (
        <p className="field__hint" id="ac-pm-push-blocked">
          {blocked}
        </p>
      ) : null}
      {publish.busy ? (
        <p className="muted" role="status">
          Committing on a new branch and pushing it with git…
        </p>
      ) : null}
      <ErrorText message={publish.error} />
      {view.published && !publish.busy ? <Pushed published={view.published} /> : null}
    </section>
  );
}
