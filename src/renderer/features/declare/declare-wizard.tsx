/**
 * "Declare an incident": five steps (what is happening, how bad, who, review, run), usable with
 * the keyboard alone: each step is a form (Enter goes on), choices are native radio groups
 * (arrow keys) and selects, and the step heading takes focus when a step opens.
 * `#/declare?page=<key>` prefills it from that page (summary, service, severity).
 * When PagerDuty is connected, the Review step offers to page through a PagerDuty service
 * (searched by name, picked from a native select) instead of the platform.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CommandOutput } from '../../../shared/contract.js';
import {
  SUMMARY_MAX,
  type DeclarationDefaults,
  type DeclarationInput,
  type DeclarationPlan,
  type PagerDutyServiceOption,
  type SeverityAnswers,
} from '../../../shared/declaration.js';
import type { AppState, Person, Severity } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { SeverityBadge } from '../../components/severity-badge.js';
import { useCommand } from '../../lib/use-command.js';
import { DeclarationRun } from './declare-run.js';
import './declare.css';

type Playbook = CommandOutput<'playbook:get'>['playbook'];

const STEPS = ['What is happening', 'How bad', 'Who', 'Review', 'Run'] as const;

const QUESTIONS: { key: keyof SeverityAnswers; text: string }[] = [
  { key: 'customerVisible', text: 'Can customers see it?' },
  { key: 'dataLostOrExposed', text: 'Was data lost or exposed?' },
  { key: 'multiTenantOrRegionDown', text: 'Are several tenants or a whole region down?' },
];

/** The page key in `#/declare?page=<key>`, if any. */
export function pageKeyFromHash(hash: string): string | undefined {
  const query = hash.split('?')[1];
  if (!query) return undefined;
  return new URLSearchParams(query).get('page') ?? undefined;
}

interface Draft {
  summary: string;
  service: string;
  region: string;
  answers: SeverityAnswers;
  severity: Severity | null;
  commanderId: string;
  commsId: string;
  investigatorIds: string[];
  rolesTouched: boolean;
  pagingVia: 'platform' | 'pagerduty';
  /** The PagerDuty service picked on the Review step (`''`: none yet). */
  pdServiceId: string;
  pdServiceName: string;
}

function draftFromPage(state: AppState, key: string | undefined): Draft {
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
  };
}

function StepHeading(props: { step: number; children: ReactNode }): ReactNode {
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

function Stepper(props: { step: number }): ReactNode {
  return (
    <ol className="stepper" aria-label="Steps">
      {STEPS.map((name, i) => (
        <li
          key={name}
          className={`stepper__item${i < props.step ? ' stepper__item--done' : ''}`}
          aria-current={i === props.step ? 'step' : undefined}
        >
          <span className="stepper__num" aria-hidden="true">
            {i < props.step ? '✓' : i + 1}
          </span>
          <span className="stepper__name">{name}</span>
        </li>
      ))}
    </ol>
  );
}

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

function WhatStep(props: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  services: string[];
  playbook: Playbook | null;
  onNext: () => void;
}): ReactNode {
  const { draft, set } = props;
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!draft.summary.trim()) {
          setError(
            'Write a short summary first: it names the channel, the ticket and the status page entry.',
          );
          document.getElementById('declare-summary')?.focus();
          return;
        }
        props.onNext();
      }}
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
      <Actions next="Next: how bad" error={error} />
    </form>
  );
}

function HowBadStep(props: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  playbook: Playbook | null;
  suggestion: DeclarationDefaults['suggestion'] | null;
  severity: Severity;
  onBack: () => void;
  onNext: () => void;
}): ReactNode {
  const { draft, set } = props;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onNext();
      }}
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
          <label
            key={rule.level}
            className={`severity-choice severity-choice--sev${rule.level}`}
            data-testid={`severity-${rule.level}`}
          >
            <input
              type="radio"
              name="severity"
              value={rule.level}
              checked={props.severity === rule.level}
              onChange={() => set({ severity: rule.level })}
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
      <Actions next="Next: who" onBack={props.onBack} />
    </form>
  );
}

function PersonSelect(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  people: DeclarationDefaults['people'];
  allowNone?: boolean;
  onChange: (id: string) => void;
}): ReactNode {
  return (
    <div className="field">
      <label className="field__label" htmlFor={props.id}>
        {props.label}
      </label>
      <select
        id={props.id}
        className="input select"
        value={props.value}
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.allowNone ? <option value="">Nobody yet</option> : null}
        {props.people.map((p) => (
          <option key={p.person.id} value={p.person.id}>
            {p.person.name}
            {p.onShift.length ? ` — ${p.onShift.join('; ')}` : ''}
          </option>
        ))}
      </select>
      <p className="field__hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
    </div>
  );
}

function WhoStep(props: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  defaults: DeclarationDefaults | null;
  playbook: Playbook | null;
  onBack: () => void;
  onNext: () => void;
}): ReactNode {
  const { draft, set, defaults } = props;
  const people = defaults?.people ?? [];
  const roles = props.playbook?.roles;
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!draft.commanderId) {
          setError('Choose an incident commander.');
          return;
        }
        props.onNext();
      }}
    >
      <div className="wizard__row">
        <PersonSelect
          id="declare-commander"
          label={roles?.commander.title ?? 'Incident commander'}
          hint={roles?.commander.description ?? ''}
          value={draft.commanderId}
          people={people}
          onChange={(id) => set({ commanderId: id, rolesTouched: true })}
        />
        <PersonSelect
          id="declare-comms"
          label={roles?.comms.title ?? 'Comms'}
          hint={roles?.comms.description ?? ''}
          value={draft.commsId}
          people={people}
          allowNone
          onChange={(id) => set({ commsId: id, rolesTouched: true })}
        />
      </div>
      <fieldset className="investigators">
        <legend className="field__label">{roles?.investigators.title ?? 'Investigators'}</legend>
        <p className="field__hint">
          {roles?.investigators.description ?? ''} The service owner and the platform on-call are
          suggested.
        </p>
        <ul className="plain-list people-list">
          {people.map((p) => {
            const id = `declare-inv-${p.person.id}`;
            return (
              <li key={p.person.id} className="people-list__item">
                <input
                  id={id}
                  type="checkbox"
                  className="checkbox"
                  checked={draft.investigatorIds.includes(p.person.id)}
                  onChange={(e) =>
                    set({
                      rolesTouched: true,
                      investigatorIds: e.target.checked
                        ? [...draft.investigatorIds, p.person.id]
                        : draft.investigatorIds.filter((x) => x !== p.person.id),
                    })
                  }
                />
                <label htmlFor={id}>
                  {p.person.name}
                  {defaults?.me?.id === p.person.id ? ' (me)' : ''}
                  <span className="muted">
                    {' '}
                    {p.onShift.length ? p.onShift.join('; ') : 'not on shift'}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
        {people.length === 0 ? (
          <p className="muted">The rotation feed has not been read yet: nobody to pick.</p>
        ) : null}
      </fieldset>
      <Actions next="Next: review" onBack={props.onBack} error={error} />
    </form>
  );
}

/** "Page through": the Zephyr platform (default) or a PagerDuty service searched by name. */
function PageThrough(props: { draft: Draft; set: (patch: Partial<Draft>) => void }): ReactNode {
  const { draft, set } = props;
  const [query, setQuery] = useState('');
  const [services, setServices] = useState<PagerDutyServiceOption[]>([]);
  const [more, setMore] = useState(false);
  const servicesCmd = useCommand('declarations:pagerduty-services');
  const runServices = servicesCmd.run;
  const viaPagerDuty = draft.pagingVia === 'pagerduty';
  useEffect(() => {
    if (!viaPagerDuty) return;
    let current = true;
    const q = query.trim();
    void runServices(q ? { query: q } : {}).then((v) => {
      // An answer to an older query must not replace the newer one's.
      if (!current || !v) return;
      setServices(v.services);
      setMore(v.more);
    });
    return () => {
      current = false;
    };
  }, [viaPagerDuty, query, runServices]);
  const picked = services.some((s) => s.id === draft.pdServiceId);
  return (
    <fieldset className="page-through" data-testid="page-through">
      <legend className="review__heading">Page through</legend>
      <div className="page-through__choices">
        <label className="page-through__choice">
          <input
            type="radio"
            name="page-through"
            value="platform"
            checked={!viaPagerDuty}
            onChange={() => set({ pagingVia: 'platform' })}
          />{' '}
          Zephyr platform <span className="muted">(the people the policy names)</span>
        </label>
        <label className="page-through__choice">
          <input
            type="radio"
            name="page-through"
            value="pagerduty"
            checked={viaPagerDuty}
            onChange={() => set({ pagingVia: 'pagerduty' })}
          />{' '}
          A PagerDuty service <span className="muted">(its escalation policy decides who)</span>
        </label>
      </div>
      {viaPagerDuty ? (
        <div className="wizard__row">
          <div className="field">
            <label className="field__label" htmlFor="declare-pd-search">
              Search PagerDuty services
            </label>
            <input
              id="declare-pd-search"
              className="input"
              type="search"
              value={query}
              maxLength={100}
              aria-describedby="declare-pd-search-hint"
              aria-controls="declare-pd-service"
              onChange={(e) => setQuery(e.target.value)}
            />
            <p className="field__hint" id="declare-pd-search-hint" role="status">
              {servicesCmd.busy
                ? 'Searching…'
                : `${services.length} service${services.length === 1 ? '' : 's'}${more ? ' (first 100: type to narrow)' : ''}.`}
            </p>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="declare-pd-service">
              PagerDuty service <span className="muted">(required)</span>
            </label>
            <select
              id="declare-pd-service"
              className="input select"
              value={draft.pdServiceId}
              aria-describedby="declare-pd-service-hint"
              onChange={(e) => {
                const service = services.find((s) => s.id === e.target.value);
                set({ pdServiceId: service?.id ?? '', pdServiceName: service?.name ?? '' });
              }}
            >
              <option value="">Choose a service</option>
              {draft.pdServiceId && !picked ? (
                <option value={draft.pdServiceId}>{draft.pdServiceName}</option>
              ) : null}
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.escalationPolicy ? ` — ${s.escalationPolicy}` : ''}
                </option>
              ))}
            </select>
            <p className="field__hint" id="declare-pd-service-hint">
              One incident opens on it; no platform page is sent.
            </p>
          </div>
        </div>
      ) : null}
      <ErrorText message={servicesCmd.error} />
    </fieldset>
  );
}

function ReviewStep(props: {
  plan: DeclarationPlan | null;
  planError: string | null;
  input: DeclarationInput | null;
  busy: boolean;
  startError: string | null;
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  pagerdutyConnected: boolean;
  onBack: () => void;
  onStart: () => void;
}): ReactNode {
  const { plan, draft } = props;
  const [copied, setCopied] = useState<string | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const needsService = draft.pagingVia === 'pagerduty' && !draft.pdServiceId;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (props.pagerdutyConnected && needsService) {
          setPickError(
            'Choose the PagerDuty service to page, or page through the Zephyr platform.',
          );
          document.getElementById('declare-pd-service')?.focus();
          return;
        }
        props.onStart();
      }}
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
          {props.input ? (
            <p className="review__summary">
              <SeverityBadge severity={props.input.severity} />{' '}
              <strong>{props.input.summary}</strong>
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
              <p className="review-list__item" data-testid="paged-pagerduty">
                PagerDuty service <strong>{plan.pagerduty.serviceName}</strong> is paged (its
                escalation policy decides who), at {plan.pagerduty.urgency} urgency.
              </p>
            ) : plan.pagedPeople.length ? (
              <ul className="plain-list review-list" data-testid="paged-people">
                {plan.pagedPeople.map((p) => (
                  <li key={p.person.id} className="review-list__item">
                    <strong>{p.person.name}</strong> <span className="muted">— {p.why}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Nobody.</p>
            )}
          </section>
          <section aria-labelledby="review-actions">
            <h3 className="review__heading" id="review-actions">
              What will run
            </h3>
            <ul className="plain-list review-list" data-testid="planned-actions">
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
              <code className="cli__code" data-testid="cli-command">
                {plan.cliCommand}
              </code>
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
      )}
      <Actions
        next={props.busy ? 'Declaring…' : 'Declare incident'}
        onBack={props.onBack}
        busy={props.busy || !plan}
        error={pickError ?? props.startError}
      />
    </form>
  );
}

function toInput(
  draft: Draft,
  severity: Severity,
  defaults: DeclarationDefaults | null,
): DeclarationInput | null {
  const people = new Map<string, Person>(
    (defaults?.people ?? []).map((p) => [p.person.id, p.person]),
  );
  const commander = people.get(draft.commanderId);
  if (!commander) return null;
  const comms = people.get(draft.commsId);
  return {
    summary: draft.summary.trim(),
    ...(draft.service.trim() ? { service: draft.service.trim() } : {}),
    ...(draft.region.trim() ? { region: draft.region.trim() } : {}),
    severity,
    ...(draft.pagingVia === 'pagerduty' && draft.pdServiceId
      ? {
          paging: {
            via: 'pagerduty' as const,
            serviceId: draft.pdServiceId,
            serviceName: draft.pdServiceName,
          },
        }
      : {}),
    roles: {
      commander,
      ...(comms ? { comms } : {}),
      investigators: draft.investigatorIds.flatMap((id) => {
        const p = people.get(id);
        return p ? [p] : [];
      }),
    },
  };
}

/** The declare-incident wizard (route `#/declare`). */
export function DeclareWizard(props: { state: AppState }): ReactNode {
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Draft>(() =>
    draftFromPage(props.state, pageKeyFromHash(window.location.hash)),
  );
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  const [defaults, setDefaults] = useState<DeclarationDefaults | null>(null);
  const [plan, setPlan] = useState<DeclarationPlan | null>(null);
  const [declarationId, setDeclarationId] = useState<string | null>(null);
  const playbookCmd = useCommand('playbook:get');
  const defaultsCmd = useCommand('declarations:defaults');
  const planCmd = useCommand('declarations:plan');
  const startCmd = useCommand('declarations:start');
  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));

  const runPlaybook = playbookCmd.run;
  useEffect(() => {
    void runPlaybook({}).then((v) => v && setPlaybook(v.playbook));
  }, [runPlaybook]);

  const runDefaults = defaultsCmd.run;
  const service = draft.service.trim();
  const answersKey = JSON.stringify(draft.answers);
  useEffect(() => {
    const answers = JSON.parse(answersKey) as SeverityAnswers;
    void runDefaults({ ...(service ? { service } : {}), answers }).then((v) => {
      if (!v) return;
      setDefaults(v);
      setDraft((d) =>
        d.rolesTouched
          ? d
          : {
              ...d,
              commanderId: v.roles.commander?.id ?? v.me?.id ?? v.people[0]?.person.id ?? '',
              commsId: v.roles.comms?.id ?? '',
              investigatorIds: v.roles.investigators.map((p) => p.id),
            },
      );
    });
  }, [runDefaults, service, answersKey]);

  const severity: Severity = draft.severity ?? defaults?.suggestion?.severity ?? 1;
  const input = toInput(draft, severity, defaults);

  const runPlan = planCmd.run;
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    if (step !== 3) return;
    setPlan(null);
    const parsed = JSON.parse(inputKey) as DeclarationInput | null;
    if (!parsed) return;
    void runPlan({ input: parsed }).then((v) => v && setPlan(v));
  }, [step, runPlan, inputKey]);

  const start = async (): Promise<void> => {
    if (!input) return;
    const answer = await startCmd.run({ input });
    if (answer) {
      setDeclarationId(answer.id);
      setStep(4);
    }
  };

  return (
    <div className="view wizard">
      <div className="view__header">
        <h1 className="view__title">Declare an incident</h1>
      </div>
      <Stepper step={step} />
      <section className="card wizard__card" aria-labelledby="wizard-step-title">
        <StepHeading step={step}>
          <span className="visually-hidden">
            Step {step + 1} of {STEPS.length}:{' '}
          </span>
          {STEPS[step]}
        </StepHeading>
        {step === 0 ? (
          <WhatStep
            draft={draft}
            set={set}
            services={defaults?.services ?? []}
            playbook={playbook}
            onNext={() => setStep(1)}
          />
        ) : step === 1 ? (
          <HowBadStep
            draft={draft}
            set={set}
            playbook={playbook}
            suggestion={defaults?.suggestion ?? null}
            severity={severity}
            onBack={() => setStep(0)}
            onNext={() => setStep(2)}
          />
        ) : step === 2 ? (
          <WhoStep
            draft={draft}
            set={set}
            defaults={defaults}
            playbook={playbook}
            onBack={() => setStep(1)}
            onNext={() => setStep(3)}
          />
        ) : step === 3 ? (
          <ReviewStep
            plan={plan}
            planError={planCmd.error}
            input={input}
            busy={startCmd.busy}
            startError={startCmd.error}
            draft={draft}
            set={set}
            pagerdutyConnected={defaults?.pagerdutyConnected === true}
            onBack={() => setStep(2)}
            onStart={() => void start()}
          />
        ) : declarationId ? (
          <DeclarationRun id={declarationId} plan={plan} />
        ) : null}
        <ErrorText message={defaultsCmd.error ?? playbookCmd.error} />
      </section>
    </div>
  );
}
