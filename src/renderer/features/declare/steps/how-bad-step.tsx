/** Step "How bad": three yes/no/not-sure questions, the suggested severity, the choice. */
import { useState, type ReactNode } from 'react';
import type { DeclarationDefaults, SeverityAnswers } from '../../../../shared/declaration.js';
import type { Severity } from '../../../../shared/domain.js';
import { SeverityBadge } from '../../../components/severity-badge.js';
import { StepForm, type StepProps } from '../wizard-parts.js';

const QUESTIONS: { key: keyof SeverityAnswers; text: string }[] = [
  { key: 'customerVisible', text: 'Can customers see it?' },
  { key: 'dataLostOrExposed', text: 'Was data lost or exposed?' },
  { key: 'multiTenantOrRegionDown', text: 'Are several tenants or a whole region down?' },
];

/** The second step's form. */
export function HowBadStep(
  props: StepProps & {
    suggestion: DeclarationDefaults['suggestion'] | null;
    /** `null` until answered or picked: Next then asks for a severity. */
    severity: Severity | null;
  },
): ReactNode {
  const { draft, set } = props;
  const [error, setError] = useState<string | null>(null);
  return (
    <StepForm
      blocker={() =>
        props.severity === null
          ? { message: 'Pick a severity (or answer the questions): nothing is assumed.' }
          : null
      }
      onBlocked={setError}
      onNext={props.onNext}
      next="Next: who"
      onBack={props.onBack}
      error={error}
    >
      <div className="questions">
        {QUESTIONS.map((q) => {
          const value = draft.answers[q.key];
          const current = value === undefined ? 'unsure' : value ? 'yes' : 'no';
          return (
            <fieldset className="question" key={q.key}>
              <legend className="question__text">{q.text}</legend>
              <div className="segmented">
                {(['yes', 'no', 'unsure'] as const).map((option) => (
                  <label key={option} className="segmented__option">
                    <input
                      type="radio"
                      name={`q-${q.key}`}
                      value={option}
                      checked={current === option}
                      onChange={() =>
                        set({
                          answers: {
                            ...draft.answers,
                            [q.key]: option === 'unsure' ? undefined : option === 'yes',
                          },
                        })
                      }
                    />
                    <span>{option === 'yes' ? 'Yes' : option === 'no' ? 'No' : 'Not sure'}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
      </div>
      {props.suggestion ? (
        <p className="suggestion" role="status">
          Suggested: <SeverityBadge severity={props.suggestion.severity} />{' '}
          {props.suggestion.reason} The choice is yours.
        </p>
      ) : null}
      <fieldset className="severity-choices">
        <legend className="field__label">Severity</legend>
        {(props.playbook?.severities ?? []).map((rule) => (
          <label key={rule.level} className={`severity-choice severity-choice--sev${rule.level}`}>
            <input
              type="radio"
              name="severity"
              value={rule.level}
              checked={props.severity === rule.level}
              onChange={() => {
                setError(null);
                set({ severity: rule.level });
              }}
            />
            <span className="severity-choice__body">
              <span className="severity-choice__head">
                <SeverityBadge severity={rule.level} /> <strong>{rule.summary}</strong>
                {props.suggestion?.severity === rule.level ? (
                  <span className="pill pill--muted">suggested</span>
                ) : null}
              </span>
              <span className="severity-choice__examples">Examples: {rule.examples.join(' ')}</span>
              <span className="severity-choice__who">Pages and joins: {rule.whoJoins}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </StepForm>
  );
}
