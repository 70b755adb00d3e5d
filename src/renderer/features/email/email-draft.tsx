/**
 * The customer email (SEV-1 and SEV-2, within 24 hours of resolution): a guided form prefilled
 * from the incident, rendered into the team's template, checked live against the policy's tone
 * rules with the offending words marked, then copied, opened in the mail client or saved as .eml.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { checkEmail, type EmailFinding } from '../../../shared/aftercare/email-check.js';
import { renderCustomerEmail } from '../../../shared/aftercare/templates.js';
import type { EmailDraftView, EmailFactsInput } from '../../../shared/aftercare/views.js';
import type { Playbook } from '../../../shared/playbook.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { hrefOf } from '../../lib/route.js';
import { HighlightedText } from './highlighted-text.js';

/** Time zones offered for the readers; any IANA zone can be typed too. */
const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
];

const KIND_LABELS: Record<EmailFinding['kind'], string> = {
  marketing: 'Marketing',
  apology: 'Apology',
  length: 'Length',
  jargon: 'Jargon',
  blame: 'Blame',
  'missing-times': 'Times',
  'missing-impact': 'Impact',
};

const FIELDS: { key: keyof EmailFactsInput; label: string; hint: string; rows: number }[] = [
  {
    key: 'whatHappened',
    label: 'What happened',
    hint: 'Completes “Between <start> and <end> (<duration>), …”. One or two plain sentences.',
    rows: 3,
  },
  {
    key: 'whoWasAffected',
    label: 'Who was affected',
    hint: 'Which customers, and what they could not do.',
    rows: 2,
  },
  { key: 'whatWeDid', label: 'What we did', hint: 'What restored service.', rows: 2 },
  {
    key: 'prevention',
    label: 'What will prevent it',
    hint: 'The change that stops a repeat.',
    rows: 2,
  },
];

function useDraft(incidentId: string): {
  draft: EmailDraftView | null;
  playbook: Playbook | null;
  error: string | null;
  setDraft: (d: EmailDraftView) => void;
} {
  const get = useCommand('emails:get');
  const pb = useCommand('playbook:get');
  const [draft, setDraft] = useState<EmailDraftView | null>(null);
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  const getRun = get.run;
  const pbRun = pb.run;
  useEffect(() => {
    void getRun({ incidentId }).then((d) => d && setDraft(d));
    void pbRun({}).then((p) => p && setPlaybook(p.playbook));
  }, [getRun, pbRun, incidentId]);
  return { draft, playbook, error: get.error ?? pb.error, setDraft };
}

/** The email page. */
export function EmailDraft(props: { incidentId: string }): ReactNode {
  const { draft, playbook, error, setDraft } = useDraft(props.incidentId);
  const [facts, setFacts] = useState<EmailFactsInput | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useCommand('emails:save');
  const saveEml = useCommand('emails:save-eml');
  const openMail = useCommand('emails:open-mail-client');
  const markSent = useCommand('emails:mark-sent');

  useEffect(() => {
    if (draft && !facts) setFacts(draft.facts);
  }, [draft, facts]);

  const rendered = useMemo(() => {
    if (!draft || !facts) return null;
    return renderCustomerEmail(
      {
        incident: draft.incident,
        headline: facts.headline,
        whatHappened: facts.whatHappened,
        whoWasAffected: facts.whoWasAffected,
        whatWeDid: facts.whatWeDid,
        prevention: facts.prevention,
        signOff: facts.signOff,
        ...(facts.impactStartedAt ? { impactStartedAt: facts.impactStartedAt } : {}),
        ...(facts.impactEndedAt ? { impactEndedAt: facts.impactEndedAt } : {}),
      },
      { timeZone: facts.timeZone, template: draft.template.text },
    );
  }, [draft, facts]);
  const findings = useMemo(
    () => (rendered && playbook ? checkEmail(rendered.body, playbook) : []),
    [rendered, playbook],
  );

  if (!draft || !facts || !rendered) {
    return (
      <div className="view">
        <p>
          <a href={hrefOf({ view: 'incident', incidentId: props.incidentId })}>
            ← Back to the incident
          </a>
        </p>
        {error ? <ErrorText message={error} /> : <p className="muted loading">Loading…</p>}
      </div>
    );
  }
  const set = (key: keyof EmailFactsInput, value: string): void => {
    setNotice(null);
    setFacts({ ...facts, [key]: value });
  };
  const clean = findings.length === 0 && rendered.problems.length === 0;
  const message = {
    incidentId: props.incidentId,
    to: facts.to,
    subject: rendered.subject,
    body: rendered.body,
  };
  const whole = findings.filter((f) => f.end <= f.start);
  const persist = async (): Promise<void> => {
    const saved = await save.run({ incidentId: props.incidentId, facts });
    if (saved) {
      setDraft(saved);
      setNotice('Draft saved.');
    }
  };

  return (
    <div className="view ac-email">
      <p>
        <a href={hrefOf({ view: 'incident', incidentId: props.incidentId })}>
          ← {draft.incident.id}: {draft.incident.summary}
        </a>
      </p>
      <div className="view__header">
        <h1 className="view__title">Customer email</h1>
        {draft.sentAt ? <span className="pill pill--ok">Marked sent</span> : null}
      </div>
      {draft.incident.status !== 'resolved' ? (
        <p className="callout">
          The incident is not resolved yet: the end time stays empty until it is.
        </p>
      ) : null}
      {draft.template.note ? <p className="callout">{draft.template.note}</p> : null}
      <div className="ac-two">
        <form
          className="card"
          aria-labelledby="ac-facts"
          onSubmit={(e) => {
            e.preventDefault();
            void persist();
          }}
        >
          <h2 className="card__title" id="ac-facts">
            The facts
          </h2>
          <p className="muted">
            Factual, brief, no marketing language. Apologise once (the template does).
          </p>
          <label className="field">
            <span className="field__label">To</span>
            <input
              className="input"
              value={facts.to}
              onChange={(e) => set('to', e.target.value)}
              placeholder="customers@example.com (optional)"
            />
          </label>
          <label className="field">
            <span className="field__label">Subject headline</span>
            <input
              className="input"
              value={facts.headline}
              onChange={(e) => set('headline', e.target.value)}
            />
          </label>
          {FIELDS.map((f) => (
            <label className="field" key={f.key}>
              <span className="field__label">{f.label}</span>
              <span className="field__hint">{f.hint}</span>
              <textarea
                className="input ac-textarea"
                rows={f.rows}
                value={String(facts[f.key] ?? '')}
                onChange={(e) => set(f.key, e.target.value)}
              />
            </label>
          ))}
          <label className="field">
            <span className="field__label">Readers’ time zone</span>
            <span className="field__hint">
              Start and end times are shown in this zone, with its abbreviation.
            </span>
            <input
              className="input"
              list="ac-zones"
              value={facts.timeZone}
              onChange={(e) => set('timeZone', e.target.value)}
            />
            <datalist id="ac-zones">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span className="field__label">Sign-off</span>
            <input
              className="input"
              value={facts.signOff}
              onChange={(e) => set('signOff', e.target.value)}
            />
          </label>
          <div className="form-actions">
            <button type="submit" className="button button--secondary" disabled={save.busy}>
              Save draft
            </button>
            {notice ? (
              <span className="saved" role="status">
                {notice}
              </span>
            ) : null}
          </div>
          <ErrorText message={save.error} />
        </form>
        <section className="card" aria-labelledby="ac-preview">
          <h2 className="card__title" id="ac-preview">
            Preview
          </h2>
          <p className="ac-subject">
            <strong>Subject:</strong> {rendered.subject}
          </p>
          <HighlightedText text={rendered.body} findings={findings} />
          <div className="ac-check" role="status" aria-live="polite" data-testid="email-check">
            {clean ? (
              <p className="ac-ok">The checker finds nothing to change.</p>
            ) : (
              <>
                <p className="ac-check__count">
                  {findings.length + rendered.problems.length} thing
                  {findings.length + rendered.problems.length === 1 ? '' : 's'} to look at:
                </p>
                <ul className="ac-findings">
                  {rendered.problems.map((p) => (
                    <li key={p} className="ac-finding">
                      <span className="badge badge--neutral">Template</span> {p}
                    </li>
                  ))}
                  {whole.map((f) => (
                    <li key={`${f.kind}-${f.message}`} className="ac-finding">
                      <span className="badge badge--neutral">{KIND_LABELS[f.kind]}</span>{' '}
                      {f.message}
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
              onClick={() =>
                void saveEml.run(message).then((r) => r && setNotice(`Saved ${r.path}`))
              }
            >
              Save as .eml
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={markSent.busy || draft.sentAt !== null}
              onClick={() =>
                void markSent.run({ incidentId: props.incidentId }).then((d) => d && setDraft(d))
              }
            >
              {draft.sentAt ? 'Sent' : 'Mark as sent'}
            </button>
          </div>
          {!clean ? (
            <p className="muted">
              You can still send it; the checker points at wording to reconsider.
            </p>
          ) : null}
          {notice ? (
            <p className="saved" role="status" data-testid="email-notice">
              {notice}
            </p>
          ) : null}
          <ErrorText message={saveEml.error ?? openMail.error ?? markSent.error} />
        </section>
      </div>
    </div>
  );
}
