/**
 * The declare wizard's state and commands: the draft (a `wizardReducer`), the playbook, the
 * defaults re-asked whenever the service or the answers change, the plan on the Review step, and
 * starting the declaration.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { CommandOutput } from '../../../shared/contract.js';
import type { DeclarationInput, DeclarationPlan } from '../../../shared/declaration.js';
import type { AppState, Severity } from '../../../shared/domain.js';
import { declarePageKey } from '../../lib/route.js';
import { useCommand } from '../../lib/use-command.js';
import {
  draftFromPage,
  initialWizard,
  severityOf,
  toInput,
  wizardReducer,
  type DraftPatch,
  type WizardState,
  type WizardStep,
} from './wizard-draft.js';

/** The playbook as `playbook:get` answers it. */
export type Playbook = CommandOutput<'playbook:get'>['playbook'];

/** Everything the wizard's steps read and do. */
export interface DeclareDraft extends WizardState {
  playbook: Playbook | null;
  /** `null` until the declarer answers or picks. */
  severity: Severity | null;
  /** The declaration the draft describes (null while no commander is chosen). */
  input: DeclarationInput | null;
  /** The plan for `input`, on the Review step and after (null while planning). */
  plan: DeclarationPlan | null;
  planError: string | null;
  /** The running declaration's id, once started. */
  declarationId: string | null;
  starting: boolean;
  startError: string | null;
  /** Why the playbook or the defaults could not be read. */
  loadError: string | null;
  set(patch: DraftPatch): void;
  go(step: WizardStep): void;
  start(): void;
}

function usePlaybook(): { playbook: Playbook | null; error: string | null } {
  const cmd = useCommand('playbook:get');
  const run = cmd.run;
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  useEffect(() => {
    void run({}).then((v) => v && setPlaybook(v.playbook));
  }, [run]);
  return { playbook, error: cmd.error };
}

/** The wizard's draft, prefilled from the page `#/declare?page=<key>` names. */
export function useDeclareDraft(state: AppState): DeclareDraft {
  const [wizard, dispatch] = useReducer(wizardReducer, undefined, () =>
    initialWizard(draftFromPage(state, declarePageKey(window.location.hash))),
  );
  const { draft, step, defaults } = wizard;
  const { playbook, error: playbookError } = usePlaybook();
  const defaultsCmd = useCommand('declarations:defaults');
  const planCmd = useCommand('declarations:plan');
  const startCmd = useCommand('declarations:start');
  const [planned, setPlanned] = useState<{ for: DeclarationInput; plan: DeclarationPlan } | null>(
    null,
  );
  const [declarationId, setDeclarationId] = useState<string | null>(null);

  const runDefaults = defaultsCmd.run;
  const asked = useRef(0);
  const service = draft.service.trim();
  const answers = draft.answers;
  useEffect(() => {
    const seq = ++asked.current;
    void runDefaults({ ...(service ? { service } : {}), answers }).then(
      (v) => v && dispatch({ type: 'defaults-answered', seq, defaults: v }),
    );
  }, [runDefaults, service, answers]);

  const severity = severityOf(wizard);
  const viaPagerDuty = draft.pagingVia === 'pagerduty';
  const input = useMemo(
    () =>
      toInput(
        {
          summary: draft.summary,
          service: draft.service,
          region: draft.region,
          severity,
          commanderId: draft.commanderId,
          commsId: draft.commsId,
          investigatorIds: draft.investigatorIds,
          pdServiceId: viaPagerDuty ? draft.pdServiceId : '',
          pdServiceName: viaPagerDuty ? draft.pdServiceName : '',
          serviceRotationId: draft.serviceRotationId,
          fewerInvestigatorsConfirmed: draft.fewerInvestigatorsConfirmed,
          statusPageOptOutReason: draft.statusPageOptOut ? draft.statusPageOptOutReason : null,
        },
        defaults?.people ?? [],
      ),
    [
      draft.summary,
      draft.service,
      draft.region,
      severity,
      draft.commanderId,
      draft.commsId,
      draft.investigatorIds,
      viaPagerDuty,
      draft.pdServiceId,
      draft.pdServiceName,
      draft.serviceRotationId,
      draft.fewerInvestigatorsConfirmed,
      draft.statusPageOptOut,
      draft.statusPageOptOutReason,
      defaults,
    ],
  );

  const runPlan = planCmd.run;
  const onReview = step === 'review';
  useEffect(() => {
    if (!onReview || !input) return;
    void runPlan({ input }).then((plan) => plan && setPlanned({ for: input, plan }));
  }, [onReview, runPlan, input]);

  const set = useCallback((patch: DraftPatch) => dispatch({ type: 'edit', patch }), []);
  const go = useCallback((to: WizardStep) => {
    // Entering Review plans afresh: the old plan is not shown while the new one is made.
    if (to === 'review') setPlanned(null);
    dispatch({ type: 'go', step: to });
  }, []);
  const runStart = startCmd.run;
  const start = (): void => {
    if (!input) return;
    void runStart({ input }).then((answer) => {
      if (!answer) return;
      setDeclarationId(answer.id);
      dispatch({ type: 'go', step: 'run' });
    });
  };

  return {
    ...wizard,
    playbook,
    severity,
    input,
    plan: planned && planned.for === input ? planned.plan : null,
    planError: planCmd.error,
    declarationId,
    starting: startCmd.busy,
    startError: startCmd.error,
    loadError: defaultsCmd.error ?? playbookError,
    set,
    go,
    start,
  };
}
