/**
 * "Declare an incident": five steps (what is happening, how bad, who, review, run), usable with
 * the keyboard alone: each step is a form (Enter goes on), choices are native radio groups
 * (arrow keys) and selects, and the step heading takes focus when a step opens.
 * `#/declare?page=<key>` prefills it from that page (summary, service, severity).
 * When PagerDuty is connected, the Review step offers to page through a PagerDuty service
 * (searched by name, picked from a native select) instead of the platform.
 * The state and commands live in `useDeclareDraft`; each step is a component in `steps/`.
 */
import type { ReactNode } from 'react';
import type { AppState } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { ViewHeader } from '../../components/view-header.js';
import { DeclarationRun } from './declare-run.js';
import { InterruptedDeclarations } from './declarations-panel.js';
import { HowBadStep } from './steps/how-bad-step.js';
import { ReviewStep } from './steps/review-step.js';
import { WhatStep } from './steps/what-step.js';
import { WhoStep } from './steps/who-step.js';
import { useDeclareDraft, type DeclareDraft } from './use-declare-draft.js';
import { StepHeading, Stepper } from './wizard-parts.js';
import { STEPS, stepIndex } from './wizard-draft.js';
import './declare.css';

function CurrentStep(props: { wizard: DeclareDraft }): ReactNode {
  const w = props.wizard;
  switch (w.step) {
    case 'what':
      return (
        <WhatStep
          draft={w.draft}
          set={w.set}
          services={w.defaults?.services ?? []}
          playbook={w.playbook}
          onNext={() => w.go('how-bad')}
        />
      );
    case 'how-bad':
      return (
        <HowBadStep
          draft={w.draft}
          set={w.set}
          playbook={w.playbook}
          suggestion={w.defaults?.suggestion ?? null}
          severity={w.severity}
          onBack={() => w.go('what')}
          onNext={() => w.go('who')}
        />
      );
    case 'who':
      return (
        <WhoStep
          draft={w.draft}
          set={w.set}
          defaults={w.defaults}
          playbook={w.playbook}
          onBack={() => w.go('how-bad')}
          onNext={() => w.go('review')}
        />
      );
    case 'review':
      return (
        <ReviewStep
          plan={w.plan}
          planError={w.planError}
          input={w.input}
          busy={w.starting}
          startError={w.startError}
          draft={w.draft}
          set={w.set}
          pagerdutyConnected={w.defaults?.pagerdutyConnected === true}
          onBack={() => w.go('who')}
          onStart={w.start}
          playbookInvestigators={w.playbook?.roles.investigators.count ?? 2}
        />
      );
    case 'run':
      return w.declarationId ? <DeclarationRun id={w.declarationId} plan={w.plan} /> : null;
  }
}

/** The declare-incident wizard (route `#/declare`). */
export function DeclareWizard(props: { state: AppState }): ReactNode {
  const wizard = useDeclareDraft(props.state);
  const index = stepIndex(wizard.step);
  return (
    <div className="view wizard">
      <ViewHeader title="Declare an incident" />
      <InterruptedDeclarations exceptId={wizard.declarationId} />
      <Stepper step={wizard.step} />
      <section className="card wizard__card" aria-labelledby="wizard-step-title">
        <StepHeading step={wizard.step}>
          <span className="visually-hidden">
            Step {index + 1} of {STEPS.length}:{' '}
          </span>
          {STEPS[index]?.title}
        </StepHeading>
        <CurrentStep wizard={wizard} />
        <ErrorText message={wizard.loadError} />
      </section>
    </div>
  );
}
