/**
 * The customer email (SEV-1 and SEV-2, within 24 hours of resolution): a guided form prefilled
 * from the incident, rendered into the team's template, checked live against the policy's tone
 * rules with the offending words marked, then copied, opened in the mail client or saved as .eml.
 * State: `useEmailDraft`; the two cards: `email-form` and `email-preview`.
 */
import type { ReactNode } from 'react';
import { ErrorText } from '../../components/error-text.js';
import { BackLink, ViewHeader } from '../../components/view-header.js';
import { hrefOf } from '../../lib/route.js';
import { EmailFactsForm } from './email-form.js';
import { EmailPreview } from './email-preview.js';
import { useEmailDraft } from './use-email-draft.js';

/** The email page. */
export function EmailDraft(props: { incidentId: string }): ReactNode {
  const email = useEmailDraft(props.incidentId);
  const { draft, facts, rendered } = email;
  const back = hrefOf({ view: 'incident', incidentId: props.incidentId });

  if (!draft || !facts || !rendered) {
    return (
      <div className="view">
        <BackLink href={back}>Back to the incident</BackLink>
        {email.loadError ? (
          <ErrorText message={email.loadError} />
        ) : (
          <p className="muted loading">Loading…</p>
        )}
      </div>
    );
  }

  return (
    <div className="view ac-email">
      <BackLink href={back}>
        {draft.incident.id}: {draft.incident.summary}
      </BackLink>
      <ViewHeader title="Customer email">
        {draft.sentAt ? <span className="pill pill--ok">Marked sent</span> : null}
      </ViewHeader>
      {draft.incident.status !== 'resolved' ? (
        <p className="callout">
          The incident is not resolved yet: the end time stays empty until it is.
        </p>
      ) : null}
      <p className="muted">{draft.template.source}</p>
      {draft.template.note ? <p className="callout">{draft.template.note}</p> : null}
      <div className="ac-two">
        <EmailFactsForm email={email} facts={facts} />
        <EmailPreview
          incidentId={props.incidentId}
          email={email}
          draft={draft}
          rendered={rendered}
        />
      </div>
    </div>
  );
}
