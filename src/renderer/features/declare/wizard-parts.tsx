/** The wizard's frame: the step heading that takes focus, the stepper, and the step buttons. */
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorText } from '../../components/error-text.js';
import { STEPS, stepIndex, type WizardStep } from './wizard-draft.js';

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
export function Actions(props: {
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
