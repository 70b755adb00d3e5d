/** The customer email's right card: the preview with the checker's marks, and how to send it. */
import { MarkSentButton } from './mark-sent-button.js';
import type { ReactNode } from 'react';
import type { EmailFinding } from '../../../shared/aftercare/email-check.js';
import type { EmailDraftView } from '../../../shared/aftercare/views.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { HighlightedText } from './highlighted-text.js';
import type { EmailDraftState } from './use-email-draft.js';

const KIND_LABELS: Record<EmailFinding['kind'], string> = {
  marketing: 'Marketing',
  apology: 'Apology',
  length: 'Length',
  jargon: 'Jargon',
  blame: 'Blame',
  'missing-times': 'Times',
  'missing-impact': 'Impact',
};

interface Rendered {
  subject: string;
  body: string;
  problems: string[];
}

/** What the checker and the template found, or that there is nothing to change. */
function CheckResults(props: { rendered: Rendered; findings: EmailFinding[] }): ReactNode {
  const { rendered, findings } = props;
  const whole = findings.filter((f) => f.end <= f.start);
  const count = findings.length + rendered.problems.length;
  return (
    <div className="ac-check" role="status" aria-live="polite">
      {count === 0 ? (
        <p className="ac-ok">The checker finds nothing to change.</p>
      ) : (
        <>
          <p className="ac-check__count">
            {count} thing
            {count === 1 ? '' : 's'} to look at:
          </p>
          <ul className="ac-findings">
            {rendered.problems.map((p) => (
              <li key={p} className="ac-finding">
                <span className="badge badge--neutral">Template</span> {p}
              </li>
            ))}
            {whole.map((f) => (
              <li key={`${f.kind}-${f.message}`} className="ac-finding">
                <span className="badge badge--neutral">{KIND_LABELS[f.kind]}</span> {f.message}
              </li>
            ))}
            {findings
              .filter((f) => f.end > f.start)
              .map((f) => (
                <li key={`${f.kind}-${f.start}-${f.end}`} className="ac-finding">
                  <span className="badge badge--neutral">{KIND_LABELS[f.kind]}</span>{' '}
                  <mark className={`ac-mark ac-mark--${f.kind}`}>
                    {rendered.body.slice(f.start, f.end)}
                  </mark>
                  : {f.message}
                </li>
              ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Copy, open in the mail client, save as .eml, mark as sent; then what happened. */
function SendActions(props: {
  incidentId: string;
  clean: boolean;
  email: EmailDraftState;
  draft: EmailDraftView;
  rendered: Rendered;
}): ReactNode {
  const { email, draft, rendered } = props;
  const saveEml = useCommand('emails:save-eml');
  const openMail = useCommand('emails:open-mail-client');
  const markSent = useCommand('emails:mark-sent');
  const message = {
    incidentId: props.incidentId,
    to: email.facts?.to ?? '',
    subject: rendered.subject,
    body: rendered.body,
  };
  const setNotice = email.setNotice;
  return (
    <>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            void navigator.clipboard
              .writeText(`Subject: ${rendered.subject}\n\n${rendered.body}`)
              .then(
                () => setNotice('Copied to the clipboard.'),
                (e: unknown) =>
                  setNotice(`Could not copy: ${e instanceof Error ? e.message : String(e)}`),
              );
          }}
        >
          Copy
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={openMail.busy}
          onClick={() =>
            void openMail.run(message).then((r) => {
              if (r)
                setNotice(
                  r.opened
                    ? 'Opened in your mail client.'
                    : 'Your mail client could not be opened: save the .eml instead.',
                );
            })
          }
        >
          Open in mail client
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={saveEml.busy}
          onClick={() => void saveEml.run(message).then((r) => r && setNotice(`Saved ${r.path}`))}
        >
          Save as .eml
        </button>
        <MarkSentButton
          findings={[...rendered.problems, ...email.findings.map((f) => f.message)]}
          sent={draft.sentAt !== null}
          busy={markSent.busy}
          onMark={() =>
            void markSent.run({ incidentId: props.incidentId }).then((d) => d && email.setDraft(d))
          }
        />
      </div>
      {!props.clean ? (
        <p className="muted">You can still send it; the checker points at wording to reconsider.</p>
      ) : null}
      {email.notice ? (
        <p className="saved" role="status">
          {email.notice}
        </p>
      ) : null}
      <ErrorText message={saveEml.error ?? openMail.error ?? markSent.error} />
    </>
  );
}

/** The preview card. */
export function EmailPreview(props: {
  incidentId: string;
  email: EmailDraftState;
  draft: EmailDraftView;
  rendered: Rendered;
}): ReactNode {
  const { email, rendered } = props;
  const clean = email.findings.length === 0 && rendered.problems.length === 0;
  return (
    <section className="card" aria-labelledby="ac-preview">
      <h2 className="card__title" id="ac-preview">
        Preview
      </h2>
      <p className="ac-subject">
        <strong>Subject:</strong> {rendered.subject}
      </p>
      <HighlightedText text={rendered.body} findings={email.findings} />
      <CheckResults rendered={rendered} findings={email.findings} />
      <SendActions {...props} clean={clean} />
    </section>
  );
}
