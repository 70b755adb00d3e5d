/** Step "Review": who will be paged, what will run, the same from a terminal; then declare. */
import { useState, type ReactNode } from 'react';
import type { DeclarationInput, DeclarationPlan } from '../../../../shared/declaration.js';
import { ErrorText } from '../../../components/error-text.js';
import { SeverityBadge } from '../../../components/severity-badge.js';
import { StepForm } from '../wizard-parts.js';
import type { Draft, DraftPatch } from '../wizard-draft.js';
import { PageThrough } from './page-through.js';
import { Blockers, ReviewChoices, SeverityPages } from './review-rules.js';

/** The plan: the declaration in one line, warnings, who is paged, what runs, the CLI twin. */
function PlanDetails(props: {
  plan: DeclarationPlan;
  input: DeclarationInput | null;
  needsService: boolean;
  pagerdutyConnected: boolean;
}): ReactNode {
  const { plan, needsService } = props;
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <>
      {props.input ? (
        <p className="review__summary">
          <SeverityBadge severity={props.input.severity} /> <strong>{props.input.summary}</strong>
          {props.input.service ? <span className="muted"> · {props.input.service}</span> : null}
          {props.input.region ? <span className="muted"> · {props.input.region}</span> : null}
        </p>
      ) : null}
      {plan.warnings.length ? (
        <ul className="plain-list review__warnings">
          {plan.warnings.map((w) => (
            <li key={w} className="callout-warning">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      <section aria-labelledby="review-paged">
        <h3 className="review__heading" id="review-paged">
          Who will be paged
        </h3>
        {props.pagerdutyConnected && needsService ? (
          <p className="muted">Choose the PagerDuty service to page above.</p>
        ) : plan.pagerduty ? (
          <p className="review-list__item">
            PagerDuty service <strong>{plan.pagerduty.serviceName}</strong> is paged (its escalation
            policy decides who), at {plan.pagerduty.urgency} urgency.
          </p>
        ) : plan.pagedPeople.length ? (
          <>
            <SeverityPages plan={plan} />
            <ul className="plain-list review-list" aria-label="People paged">
              {plan.pagedPeople.map((p) => (
                <li key={p.person.id} className="review-list__item">
                  <strong>{p.person.name}</strong> <span className="muted">— {p.why}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">Nobody.</p>
        )}
      </section>
      <section aria-labelledby="review-actions">
        <h3 className="review__heading" id="review-actions">
          What will run
        </h3>
        <ul className="plain-list review-list">
          {plan.actions.map((a) => (
            <li key={a.id} className="review-list__item">
              <span
                className={`run-icon run-icon--${a.willRun ? 'done' : 'skipped'}`}
                aria-hidden="true"
              >
                {a.willRun ? '✓' : '–'}
              </span>{' '}
              {a.label}
              {a.willRun ? null : <span className="muted"> — skipped: {a.skippedReason}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="review-cli">
        <h3 className="review__heading" id="review-cli">
          The same from a terminal
        </h3>
        <div className="cli">
          <code className="cli__code">{plan.cliCommand}</code>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              void navigator.clipboard
                ?.writeText(plan.cliCommand)
                .then(() => setCopied('Copied.'))
                .catch(() => setCopied('Could not copy: select the command and copy it.'));
            }}
          >
            Copy command
          </button>
          <span role="status" className="muted">
            {copied}
          </span>
        </div>
        {plan.cliNote ? <p className="field__hint">{plan.cliNote}</p> : null}
      </section>
    </>
  );
}

/** The fourth step's form; Declare needs a PagerDuty service when paging through PagerDuty. */
export function ReviewStep(props: {
  plan: DeclarationPlan | null;
  planError: string | null;
  input: DeclarationInput | null;
  busy: boolean;
  startError: string | null;
  draft: Draft;
  set: (patch: DraftPatch) => void;
  pagerdutyConnected: boolean;
  onBack: () => void;
  onStart: () => void;
  /** The playbook's investigator count ("usually two"). */
  playbookInvestigators: number;
}): ReactNode {
  const { plan, draft } = props;
  const [pickError, setPickError] = useState<string | null>(null);
  const needsService = draft.pagingVia === 'pagerduty' && !draft.pdServiceId;
  return (
    <StepForm
      blocker={() => {
        if (plan && plan.blockers.length > 0)
          return { message: `Not yet: ${plan.blockers.join(' ')}` };
        if (props.pagerdutyConnected && needsService)
          return {
            message: 'Choose the PagerDuty service to page, or page through the Zephyr platform.',
            focusId: 'declare-pd-service',
          };
        return null;
      }}
      onBlocked={setPickError}
      onNext={props.onStart}
      next={props.busy ? 'Declaring…' : 'Declare incident'}
      onBack={props.onBack}
      busy={props.busy || !plan}
      error={pickError ?? props.startError}
    >
      {props.pagerdutyConnected ? (
        <PageThrough
          draft={draft}
          set={(patch) => {
            setPickError(null);
            props.set(patch);
          }}
        />
      ) : null}
      {!plan ? (
        props.planError ? (
          <ErrorText message={`Could not plan the declaration: ${props.planError}`} />
        ) : (
          <p className="muted">Planning…</p>
        )
      ) : (
        <>
          <Blockers plan={plan} />
          <ReviewChoices
            plan={plan}
            draft={draft}
            set={(patch) => {
              setPickError(null);
              props.set(patch);
            }}
            investigatorCount={draft.investigatorIds.length}
            playbookInvestigators={props.playbookInvestigators}
          />
          <PlanDetails
            plan={plan}
            input={props.input}
            needsService={needsService}
            pagerdutyConnected={props.pagerdutyConnected}
          />
        </>
      )}
    </StepForm>
  );
}
