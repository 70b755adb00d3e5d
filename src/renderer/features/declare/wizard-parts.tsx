/** The wizard's frame: the focused step heading, the stepper, a step's form and its buttons. */
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorText } from '../../components/error-text.js';
import type { Playbook } from './use-declare-draft.js';
import { STEPS, stepIndex, type Draft, type DraftPatch, type WizardStep } from './wizard-draft.js';

/** What each of the first three steps gets: the draft and its setter, the playbook, Back and Next. */
export interface StepProps {
  draft: Draft;
  set: (patch: DraftPatch) => void;
  playbook: Playbook | null;
  onBack: () => void;
  onNext: () => void;
}

/** The step's `<h2>`; it takes focus whenever the step changes. */
export function StepHeading(props: { step: WizardStep; children: ReactNode }): ReactNode {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const heading = ref.current;
    heading?.focus();
    if (document.activeElement === heading) return;
    // A closing modal (the alert panel) keeps the page inert until its own effect has run.
    const timer = setTimeout(() => heading?.focus(), 0);
    return () => clearTimeout(timer);
  }, [props.step]);
  return (
    <h2 className="wizard__title" tabIndex={-1} ref={ref} id="wizard-step-title">
      {props.children}
    </h2>
  );
}

/** The steps, the current one marked, the earlier ones ticked. */
export function Stepper(props: { step: WizardStep }): ReactNode {
  const current = stepIndex(props.step);
  return (
    <ol className="stepper" aria-label="Steps">
      {STEPS.map(({ title }, i) => (
        <li
          key={title}
          className={`stepper__item${i < current ? ' stepper__item--done' : ''}`}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="stepper__num" aria-hidden="true">
            {i < current ? '✓' : i + 1}
          </span>
          <span className="stepper__name">{title}</span>
        </li>
      ))}
    </ol>
  );
}

/** A step's error, its Back button (when it has one) and its submit button. */
function Actions(props: {
  onBack?: () => void;
  next: string;
  busy?: boolean;
  error?: string | null;
}): ReactNode {
  return (
    <div className="wizard__actions">
      <ErrorText message={props.error ?? null} />
      <div className="wizard__buttons">
        {props.onBack ? (
          <button type="button" className="button button--secondary" onClick={props.onBack}>
            Back
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={props.busy}>
          {props.next}
        </button>
      </div>
    </div>
  );
}

/** Why a step cannot go on yet: what to tell, and the id of the field to focus. */
interface StepBlocker {
  message: string;
  focusId?: string;
}

/**
 * A step's form (the browser's own validation off), ending in its `Actions`. On submit (Enter or
 * the submit button), `blocker` says why the step cannot go on yet: `onBlocked` shows it and its
 * field takes focus; with no blocker the step goes on (`onNext`).
 */
export function StepForm(props: {
  blocker: () => StepBlocker | null;
  onBlocked: (message: string) => void;
  onNext: () => void;
  /** The submit button's text. */
  next: string;
  onBack?: () => void;
  busy?: boolean;
  error: string | null;
  children: ReactNode;
}): ReactNode {
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const blocked = props.blocker();
        if (!blocked) {
          props.onNext();
          return;
        }
        props.onBlocked(blocked.message);
        if (blocked.focusId) document.getElementById(blocked.focusId)?.focus();
      }}
    >
      {props.children}
      <Actions next={props.next} onBack={props.onBack} busy={props.busy} error={props.error} />
    </form>
  );
}
