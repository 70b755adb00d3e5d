/**
 * The post-mortem's right card: the rendered Markdown, copy/export/ask for review, the push to the
 * platform repo (`push-to-repo.tsx`), and reviews.
 */
import { useState, type ReactNode } from 'react';
import type { PostMortemView } from '../../../shared/aftercare/views.js';
import { ErrorText } from '../../components/error-text.js';
import { Field } from '../../components/field.js';
import { useCommand } from '../../lib/use-command.js';
import { PushToRepo } from './push-to-repo.js';

/** Who reviewed it, and the form to record one more reviewer. */
function Reviews(props: {
  incidentId: string;
  view: PostMortemView;
  onView(view: PostMortemView): void;
}): ReactNode {
  const { view } = props;
  const recordReview = useCommand('postmortems:record-review');
  const [reviewer, setReviewer] = useState('');
  return (
    <>
      <h3 className="ac-subtitle">Reviewed by</h3>
      {view.reviews.length === 0 ? (
        <p className="muted">Nobody yet.</p>
      ) : (
        <ul className="plain-list">
          {view.reviews.map((r) => (
            <li key={`${r.reviewer}-${r.at}`}>
              {r.reviewer} · {new Date(r.at).toLocaleString()}
            </li>
          ))}
        </ul>
      )}
      <form
        className="ac-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void recordReview.run({ incidentId: props.incidentId, reviewer }).then((v) => {
            if (v) {
              props.onView(v);
              setReviewer('');
            }
          });
        }}
      >
        <Field label="Reviewer" value={reviewer} onChange={setReviewer} />
        <button
          type="submit"
          className="button button--secondary"
          disabled={reviewer.trim() === '' || view.stage === 'none' || recordReview.busy}
        >
          Record review
        </button>
      </form>
      <ErrorText message={recordReview.error} />
    </>
  );
}

/**
 * The preview card; `onView` receives the view a review or push command answers with; `unsaved`
 * says the form differs from the saved draft.
 */
export function PostMortemPreview(props: {
  incidentId: string;
  view: PostMortemView;
  rendered: { text: string; problems: string[] };
  unsaved: boolean;
  onView(view: PostMortemView): void;
}): ReactNode {
  const { view, rendered, incidentId } = props;
  const exportMd = useCommand('postmortems:export');
  const askReview = useCommand('postmortems:request-review');
  const [shareNotice, setShareNotice] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="ac-pm-preview">
      <h2 className="card__title" id="ac-pm-preview">
        Draft (Markdown)
      </h2>
      <pre className="ac-markdown">{rendered.text}</pre>
      {rendered.problems.length > 0 ? (
        <ul className="ac-findings" aria-label="Still to fill in">
          {rendered.problems.map((p) => (
            <li key={p} className="ac-finding">
              {p}
            </li>
          ))}
        </ul>
      ) : (
        <p className="ac-ok">Every part is filled in.</p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            void navigator.clipboard.writeText(rendered.text).then(
              () => setShareNotice('Copied the Markdown.'),
              (e: unknown) => setShareNotice(`Could not copy: ${String(e)}`),
            )
          }
        >
          Copy Markdown
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={exportMd.busy}
          onClick={() =>
            void exportMd
              .run({ incidentId, markdown: rendered.text })
              .then((r) => r && setShareNotice(`Saved ${r.path}`))
          }
        >
          Export .md
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={askReview.busy || view.stage === 'none'}
          title={view.stage === 'none' ? 'Save the draft first' : undefined}
          onClick={() =>
            void askReview
              .run({ incidentId, markdown: rendered.text })
              .then((v) => v && props.onView(v))
          }
        >
          Ask for review
        </button>
      </div>
      <ErrorText message={exportMd.error ?? askReview.error} />
      {shareNotice ? (
        <p className="saved" role="status">
          {shareNotice}
        </p>
      ) : null}
      {view.reviewRequest ? (
        <p className={view.reviewRequest.status === 'sent' ? 'ac-ok' : 'muted'}>
          Review request {view.reviewRequest.status}
          {view.reviewRequest.message ? `: ${view.reviewRequest.message}` : ''}
        </p>
      ) : null}
      <PushToRepo
        incidentId={incidentId}
        view={view}
        markdown={rendered.text}
        unsaved={props.unsaved}
        onView={props.onView}
      />
      <Reviews incidentId={incidentId} view={view} onView={props.onView} />
    </section>
  );
}
