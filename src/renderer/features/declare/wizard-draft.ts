/**
 * The declare wizard's state as a pure reducer: the step, the draft the user is writing, and the
 * defaults (people, suggested roles and severity) last answered for it.
 */
import {
  SUMMARY_MAX,
  type DeclarationDefaults,
  type DeclarationInput,
  type SeverityAnswers,
} from '../../../shared/declaration.js';
import type { AppState, Person, Severity } from '../../../shared/domain.js';

/** The wizard's steps, in order. */
export type WizardStep = 'what' | 'how-bad' | 'who' | 'review' | 'run';

/** Every step and its title, in order (the stepper shows them). */
export const STEPS: readonly { step: WizardStep; title: string }[] = [
  { step: 'what', title: 'What is happening' },
  { step: 'how-bad', title: 'How bad' },
  { step: 'who', title: 'Who' },
  { step: 'review', title: 'Review' },
  { step: 'run', title: 'Run' },
];

/** The position of `step` in `STEPS` (0 for the first). */
export function stepIndex(step: WizardStep): number {
  return STEPS.findIndex((s) => s.step === step);
}

/** What the user has written or chosen so far. */
export interface Draft {
  summary: string;
  service: string;
  region: string;
  answers: SeverityAnswers;
  severity: Severity | null;
  commanderId: string;
  commsId: string;
  investigatorIds: string[];
  /** True once the user picked a role: later defaults no longer replace the picks. */
  rolesTouched: boolean;
  pagingVia: 'platform' | 'pagerduty';
  /** The PagerDuty service picked on the Review step (`''`: none yet). */
  pdServiceId: string;
  pdServiceName: string;
  /** The rotation picked for the service owner's page when none owns the service (`''`: none). */
  serviceRotationId: string;
  /** Fewer investigators than the playbook's count, confirmed at review. */
  fewerInvestigatorsConfirmed: boolean;
  /** The status page entry unticked at review, and why (the reason goes on the timeline). */
  statusPageOptOut: boolean;
  statusPageOptOutReason: string;
}

/** A change to the draft. */
export type DraftPatch = Partial<Draft>;

/** The wizard's whole state. */
export interface WizardState {
  step: WizardStep;
  draft: Draft;
  defaults: DeclarationDefaults | null;
  /** The request number of the defaults answer applied last (0: none yet). */
  defaultsSeq: number;
}

/** What can happen to the wizard. */
export type WizardAction =
  | { type: 'edit'; patch: DraftPatch }
  | { type: 'go'; step: WizardStep }
  /** The answer to the `seq`-th `declarations:defaults` request (numbered from 1, in asking order). */
  | { type: 'defaults-answered'; seq: number; defaults: DeclarationDefaults };

/** The first draft: empty, or prefilled from the page `key` names (summary, service, severity). */
export function draftFromPage(state: AppState, key: string | undefined): Draft {
  const page = state.pages.find((p) => p.key === key)?.page;
  return {
    summary: page ? page.title.slice(0, SUMMARY_MAX) : '',
    service: page?.service ?? '',
    region: '',
    answers: {},
    severity: page?.severity ?? null,
    commanderId: '',
    commsId: '',
    investigatorIds: [],
    rolesTouched: false,
    pagingVia: 'platform',
    pdServiceId: '',
    pdServiceName: '',
    serviceRotationId: '',
    fewerInvestigatorsConfirmed: false,
    statusPageOptOut: false,
    statusPageOptOutReason: '',
  };
}

/** The wizard at its first step with `draft`. */
export function initialWizard(draft: Draft): WizardState {
  return { step: 'what', draft, defaults: null, defaultsSeq: 0 };
}

function withDefaults(draft: Draft, v: DeclarationDefaults): Draft {
  if (draft.rolesTouched) return draft;
  return {
    ...draft,
    commanderId: v.roles.commander?.id ?? v.me?.id ?? v.people[0]?.person.id ?? '',
    commsId: v.roles.comms?.id ?? '',
    investigatorIds: v.roles.investigators.map((p) => p.id),
  };
}

/**
 * The next state. A defaults answer older than the one already applied is ignored: answers can
 * arrive out of order, and a stale one must not replace the roles suggested for the newer draft.
 */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'edit':
      return { ...state, draft: { ...state.draft, ...action.patch } };
    case 'go':
      return { ...state, step: action.step };
    case 'defaults-answered':
      if (action.seq <= state.defaultsSeq) return state;
      return {
        ...state,
        defaults: action.defaults,
        defaultsSeq: action.seq,
        draft: withDefaults(state.draft, action.defaults),
      };
  }
}

/**
 * The severity in force: the one chosen, else the suggested one, else `null`: the declarer answers
 * or picks (nothing defaults to SEV-1, which would page the founder).
 */
export function severityOf(state: WizardState): Severity | null {
  return state.draft.severity ?? state.defaults?.suggestion?.severity ?? null;
}

/** The parts of the draft a declaration is made of (what the plan depends on). */
export interface InputFields {
  summary: string;
  service: string;
  region: string;
  /** `null` while neither chosen nor suggested: no declaration yet. */
  severity: Severity | null;
  commanderId: string;
  commsId: string;
  investigatorIds: readonly string[];
  /** The PagerDuty service to page through (`''`: the platform). */
  pdServiceId: string;
  pdServiceName: string;
  serviceRotationId: string;
  fewerInvestigatorsConfirmed: boolean;
  /** The reason the status page entry is unticked (`null`: it is not). */
  statusPageOptOutReason: string | null;
}

/** The declaration the fields describe, or null while no severity or known commander is chosen. */
export function toInput(
  fields: InputFields,
  people: DeclarationDefaults['people'],
): DeclarationInput | null {
  const byId = new Map<string, Person>(people.map((p) => [p.person.id, p.person]));
  const commander = byId.get(fields.commanderId);
  if (!commander || fields.severity === null) return null;
  const optOut = fields.statusPageOptOutReason?.trim();
  const comms = byId.get(fields.commsId);
  return {
    summary: fields.summary.trim(),
    ...(fields.service.trim() ? { service: fields.service.trim() } : {}),
    ...(fields.region.trim() ? { region: fields.region.trim() } : {}),
    severity: fields.severity,
    ...(fields.pdServiceId
      ? {
          paging: {
            via: 'pagerduty' as const,
            serviceId: fields.pdServiceId,
            serviceName: fields.pdServiceName,
          },
        }
      : {}),
    ...(fields.serviceRotationId ? { serviceRotationId: fields.serviceRotationId } : {}),
    ...(fields.fewerInvestigatorsConfirmed ? { fewerInvestigatorsConfirmed: true } : {}),
    ...(optOut ? { statusPageOptOut: { reason: optOut } } : {}),
    roles: {
      commander,
      ...(comms ? { comms } : {}),
      investigators: fields.investigatorIds.flatMap((id) => {
        const p = byId.get(id);
        return p ? [p] : [];
      }),
    },
  };
}
