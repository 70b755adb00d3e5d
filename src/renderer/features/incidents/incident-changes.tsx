/**
 * Changes during an incident, in the console: the severity (raising it pages whoever the new
 * severity adds, after a confirmation naming them; lowering it pages no one) and the role holders
 * (commander, Comms, investigators, picked from the rotation feed). Each answer says who was
 * paged or invited and what failed, with a retry for pages that failed; under it, what each
 * severity change did after (`change-follow-ups.tsx`).
 */
import { useEffect, useState, type ReactNode } from 'react';
import type {
  ChangeResult,
  SeverityChange as SeverityChangeMade,
} from '../../../shared/aftercare/timeline.js';
import type { IntegrationsView } from '../../../shared/aftercare/views.js';
import type { CommandOutput } from '../../../shared/contract.js';
import type { Incident, Severity } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { SeverityChangeFollowUps } from './change-follow-ups.js';

type Options = {
  people: CommandOutput<'declarations:defaults'>['people'];
  playbook: CommandOutput<'playbook:get'>['playbook'] | null;
};

/** The roster to pick from and the playbook (rule and role names), read once. */
function useChangeOptions(): Options {
  const defaults = useCommand('declarations:defaults');
  const playbook = useCommand('playbook:get');
  const [options, setOptions] = useState<Options>({ people: [], playbook: null });
  const runDefaults = defaults.run;
  const runPlaybook = playbook.run;
  useEffect(() => {
    let cancelled = false;
    void Promise.all([runDefaults({ answers: {} }), runPlaybook({})]).then(([d, p]) => {
      if (!cancelled) setOptions({ people: d?.people ?? [], playbook: p?.playbook ?? null });
    });
    return () => {
      cancelled = true;
    };
  }, [runDefaults, runPlaybook]);
  return options;
}

/** What the last change did: who was paged or invited, what failed. */
function ChangeOutcome(props: { result: ChangeResult | null }): ReactNode {
  const { result } = props;
  if (!result) return null;
  const lines = [...result.entries.map((e) => e.text), ...result.notes];
  return (
    <ul className="plain-list ac-change-outcome" aria-label="What the change did">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

function SeverityChange(props: {
  incident: Incident;
  options: Options;
  onChanged: (r: ChangeResult) => void;
}): ReactNode {
  const { incident } = props;
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [confirming, setConfirming] = useState(false);
  const change = useCommand('incidents:change-severity');
  const rule = props.options.playbook?.severities.find((s) => s.level === severity);
  const raising = severity < incident.severity;
  const send = (level: Severity) =>
    void change.run({ incidentId: incident.id, severity: level }).then((r) => {
      setConfirming(false);
      if (r) props.onChanged(r);
    });
  return (
    <div className="ac-change">
      <div className="ac-inline">
        <label className="field">
          <span className="field__label">Severity</span>
          <select
            className="input select"
            value={severity}
            onChange={(e) => {
              setSeverity(Number(e.target.value) as Severity);
              setConfirming(false);
            }}
          >
            {([1, 2, 3] as const).map((level) => (
              <option key={level} value={level}>
                SEV-{level}
                {level === incident.severity ? ' (now)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--secondary"
          disabled={severity === incident.severity || change.busy}
          onClick={() => setConfirming(true)}
        >
          Change severity…
        </button>
      </div>
      {confirming ? (
        <div className="callout-warning" role="group" aria-label="Confirm the severity change">
          <p>
            {raising
              ? `Raise to SEV-${severity}? It pages whoever SEV-${severity} adds (${rule?.whoJoins ?? 'per the playbook'}); nobody already paged is paged again.`
              : `Lower to SEV-${severity}? Nobody is paged.`}
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={change.busy}
              onClick={() => send(severity)}
            >
              {change.busy ? 'Changing…' : `Yes, ${raising ? 'raise' : 'lower'} to SEV-${severity}`}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <ErrorText message={change.error} />
    </div>
  );
}

function RolePicker(props: {
  incident: Incident;
  role: 'commander' | 'comms';
  title: string;
  options: Options;
  onChanged: (r: ChangeResult) => void;
}): ReactNode {
  const holder = props.incident.roles[props.role];
  const [personId, setPersonId] = useState(holder?.id ?? '');
  const change = useCommand('incidents:change-role');
  const id = `change-${props.role}`;
  return (
    <>
      <div className="ac-inline">
        <label className="field" htmlFor={id}>
          <span className="field__label">{props.title}</span>
          <select
            id={id}
            className="input select"
            value={personId}
            onChange={(e) => setPersonId(e.target.value)}
          >
            {holder ? null : <option value="">Nobody yet</option>}
            {props.options.people.map((p) => (
              <option key={p.person.id} value={p.person.id}>
                {p.person.name}
                {p.person.id === holder?.id ? ' (now)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--secondary"
          disabled={!personId || personId === holder?.id || change.busy}
          onClick={() =>
            void change
              .run({ incidentId: props.incident.id, role: props.role, personId })
              .then((r) => r && props.onChanged(r))
          }
        >
          Change {props.title}
        </button>
      </div>
      <ErrorText message={change.error} />
    </>
  );
}

function InvestigatorsPicker(props: {
  incident: Incident;
  options: Options;
  onChanged: (r: ChangeResult) => void;
}): ReactNode {
  const current = props.incident.roles.investigators.map((p) => p.id);
  const [ids, setIds] = useState<string[]>(current);
  const change = useCommand('incidents:change-role');
  const title = props.options.playbook?.roles.investigators.title ?? 'Investigators';
  const same = ids.length === current.length && ids.every((i) => current.includes(i));
  return (
    <fieldset className="ac-change-investigators">
      <legend className="field__label">{title}</legend>
      <ul className="plain-list ac-change-people">
        {props.options.people.map((p) => (
          <li key={p.person.id}>
            <label>
              <input
                type="checkbox"
                className="checkbox"
                checked={ids.includes(p.person.id)}
                onChange={(e) =>
                  setIds(
                    e.target.checked ? [...ids, p.person.id] : ids.filter((x) => x !== p.person.id),
                  )
                }
              />{' '}
              {p.person.name}
            </label>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button--secondary"
        disabled={same || change.busy}
        onClick={() =>
          void change
            .run({ incidentId: props.incident.id, role: 'investigators', personIds: ids })
            .then((r) => r && props.onChanged(r))
        }
      >
        Save {title.toLowerCase()}
      </button>
      <ErrorText message={change.error} />
    </fieldset>
  );
}

/** The console's "Change severity or roles" card (open incidents only). */
export function IncidentChangesCard(props: {
  incident: Incident;
  /** The severity changes made here, each with its follow-ups (Slack, topic, status page). */
  changes: readonly SeverityChangeMade[];
  /** Which integrations are connected now (a step skipped for want of one offers Retry once it is). */
  integrations: IntegrationsView;
  onChanged: () => void;
}): ReactNode {
  const { incident } = props;
  const options = useChangeOptions();
  const [result, setResult] = useState<ChangeResult | null>(null);
  const retry = useCommand('incidents:change-severity');
  const roles = options.playbook?.roles;
  const changed = (r: ChangeResult) => {
    setResult(r);
    props.onChanged();
  };
  const failed = result?.pages.some((p) => p.status === 'failed') ?? false;
  // A new severity or holder re-keys the pickers, so they start from what holds now.
  const key = `${incident.severity}:${incident.roles.commander?.id}:${incident.roles.comms?.id}:${incident.roles.investigators.map((p) => p.id).join(',')}`;
  return (
    <section className="card" aria-labelledby="ac-change">
      <h2 className="card__title" id="ac-change">
        Change severity or roles
      </h2>
      <div key={key}>
        <SeverityChange incident={incident} options={options} onChanged={changed} />
        <RolePicker
          incident={incident}
          role="commander"
          title={roles?.commander.title ?? 'Incident commander'}
          options={options}
          onChanged={changed}
        />
        <RolePicker
          incident={incident}
          role="comms"
          title={roles?.comms.title ?? 'Comms'}
          options={options}
          onChanged={changed}
        />
        <InvestigatorsPicker incident={incident} options={options} onChanged={changed} />
      </div>
      {options.people.length === 0 ? (
        <p className="muted">The rotation feed has not been read yet: nobody to pick.</p>
      ) : null}
      <ChangeOutcome result={result} />
      {failed ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={retry.busy}
          onClick={() =>
            void retry
              .run({ incidentId: incident.id, severity: incident.severity })
              .then((r) => r && changed(r))
          }
        >
          Retry the pages that failed
        </button>
      ) : null}
      <ErrorText message={retry.error} />
      <SeverityChangeFollowUps
        incidentId={incident.id}
        changes={props.changes}
        integrations={props.integrations}
        onChanged={props.onChanged}
      />
    </section>
  );
}
