/** Step "What is happening": the summary (required), the service and the region. */
import { useState, type ReactNode } from 'react';
import { SUMMARY_MAX } from '../../../../shared/declaration.js';
import { StepForm, type StepProps } from '../wizard-parts.js';

/** The first step's form; Next needs a summary. */
export function WhatStep(props: Omit<StepProps, 'onBack'> & { services: string[] }): ReactNode {
  const { draft, set } = props;
  const [error, setError] = useState<string | null>(null);
  return (
    <StepForm
      blocker={() =>
        draft.summary.trim()
          ? null
          : {
              message:
                'Write a short summary first: it names the channel, the ticket and the status page entry.',
              focusId: 'declare-summary',
            }
      }
      onBlocked={setError}
      onNext={props.onNext}
      next="Next: how bad"
      error={error}
    >
      {props.playbook ? <p className="reassurance">{props.playbook.reassurance}</p> : null}
      <div className="field">
        <label className="field__label" htmlFor="declare-summary">
          Summary <span className="muted">(required)</span>
        </label>
        <input
          id="declare-summary"
          className="input"
          value={draft.summary}
          maxLength={SUMMARY_MAX}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby="declare-summary-hint"
          onChange={(e) => {
            setError(null);
            set({ summary: e.target.value });
          }}
        />
        <p className="field__hint" id="declare-summary-hint">
          One line, e.g. “Checkout p99 elevated in eu-frankfurt”.{' '}
          {SUMMARY_MAX - draft.summary.length} characters left.
        </p>
      </div>
      <div className="wizard__row">
        <div className="field">
          <label className="field__label" htmlFor="declare-service">
            Service
          </label>
          <input
            id="declare-service"
            className="input"
            value={draft.service}
            list="declare-services"
            aria-describedby="declare-service-hint"
            onChange={(e) => set({ service: e.target.value, rolesTouched: false })}
          />
          <datalist id="declare-services">
            {props.services.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <p className="field__hint" id="declare-service-hint">
            Its owner is paged.{' '}
            {props.services.length ? `Known: ${props.services.join(', ')}.` : ''}
          </p>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="declare-region">
            Region
          </label>
          <input
            id="declare-region"
            className="input"
            value={draft.region}
            aria-describedby="declare-region-hint"
            onChange={(e) => set({ region: e.target.value })}
          />
          <p className="field__hint" id="declare-region-hint">
            Optional, e.g. eu-frankfurt.
          </p>
        </div>
      </div>
    </StepForm>
  );
}
