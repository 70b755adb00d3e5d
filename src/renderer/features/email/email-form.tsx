/** The customer email's left card: the facts it is written from, and Save draft. */
import type { ReactNode } from 'react';
import { timeZoneFieldError } from '../../../shared/aftercare/templates.js';
import type { EmailFactsInput } from '../../../shared/aftercare/views.js';
import { ErrorText } from '../../components/error-text.js';
import { Field } from '../../components/field.js';
import type { EmailDraftState } from './use-email-draft.js';

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

/** The facts form; submitting saves the draft. */
export function EmailFactsForm(props: {
  email: EmailDraftState;
  facts: EmailFactsInput;
}): ReactNode {
  const { email, facts } = props;
  // An unknown zone (a typo, "Mars/Olympus") is refused, never silently shown as UTC.
  const zoneError = timeZoneFieldError(facts.timeZone);
  return (
    <form
      className="card"
      aria-labelledby="ac-facts"
      onSubmit={(e) => {
        e.preventDefault();
        if (zoneError) return;
        void email.save.run();
      }}
    >
      <h2 className="card__title" id="ac-facts">
        The facts
      </h2>
      <p className="muted">
        Factual, brief, no marketing language. Apologise once (the template does).
      </p>
      <Field
        label="To"
        value={facts.to}
        placeholder="customers@example.com (optional)"
        onChange={(v) => email.set('to', v)}
      />
      <Field
        label="Subject headline"
        value={facts.headline}
        onChange={(v) => email.set('headline', v)}
      />
      {FIELDS.map((f) => (
        <Field
          key={f.key}
          label={f.label}
          hint={f.hint}
          rows={f.rows}
          value={String(facts[f.key] ?? '')}
          onChange={(v) => email.set(f.key, v)}
        />
      ))}
      <Field
        label="Readers’ time zone"
        hint="Start and end times are shown in this zone, with its abbreviation."
        list="ac-zones"
        value={facts.timeZone}
        invalid={zoneError !== null}
        onChange={(v) => email.set('timeZone', v)}
      >
        <datalist id="ac-zones">
          {ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <ErrorText message={zoneError} />
      </Field>
      <Field label="Sign-off" value={facts.signOff} onChange={(v) => email.set('signOff', v)} />
      <div className="form-actions">
        <button
          type="submit"
          className="button button--secondary"
          disabled={email.save.busy || zoneError !== null}
        >
          Save draft
        </button>
        {email.notice ? (
          <span className="saved" role="status">
            {email.notice}
          </span>
        ) : null}
      </div>
      <ErrorText message={email.save.error} />
    </form>
  );
}
