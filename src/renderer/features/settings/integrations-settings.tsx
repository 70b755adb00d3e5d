/**
 * Settings → Integrations: the Zephyr platform, Slack, Statuspage and Linear, each with its
 * settings, its token (write-only: the renderer only learns "set" or "not set"), "Test connection"
 * (which names what is wrong) and "Remove token". Values the environment manages are read-only.
 */
import { useState, type ReactNode } from 'react';
import type {
  SecretName,
  Settings,
  SettingsView as SettingsViewModel,
} from '../../../shared/contract.js';
import type { IntegrationName, IntegrationTestResult } from '../../../shared/declaration.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { envNameFor } from './env-names.js';
import '../declare/declare.css';

type TextField =
  | 'platformUrl'
  | 'slackApiUrl'
  | 'statuspagePageId'
  | 'statuspageApiUrl'
  | 'linearTeam'
  | 'linearApiUrl';

interface IntegrationSpec {
  id: IntegrationName;
  title: string;
  intro: string;
  /** Absent for the platform, whose token is edited with the other Platform settings. */
  secret?: { name: SecretName; label: string; placeholder: string };
  fields: { field: TextField; label: string; hint: string; type: 'url' | 'text' }[];
}

const SPECS: IntegrationSpec[] = [
  {
    id: 'platform',
    title: 'Zephyr platform',
    intro:
      'Where pages come from and incidents are opened: its URL and token are under Platform above.',
    fields: [],
  },
  {
    id: 'slack',
    title: 'Slack',
    intro:
      'Creates the incident channel, invites the roles, posts the kick-off and pins the runbook.',
    secret: { name: 'slackToken', label: 'Slack bot token', placeholder: 'xoxb-…' },
    fields: [
      {
        field: 'slackApiUrl',
        label: 'Slack API URL',
        hint: 'Leave empty for slack.com (GovSlack and Enterprise Grid use their own).',
        type: 'url',
      },
    ],
  },
  {
    id: 'statuspage',
    title: 'Statuspage',
    intro: 'Posts “investigating” on the status page for SEV-1 and SEV-2.',
    secret: {
      name: 'statuspageToken',
      label: 'Statuspage API key',
      placeholder: 'Paste your API key',
    },
    fields: [
      {
        field: 'statuspagePageId',
        label: 'Page ID',
        hint: 'From the page’s API info in Statuspage, e.g. kctbh9vrtdwd.',
        type: 'text',
      },
      {
        field: 'statuspageApiUrl',
        label: 'Statuspage API URL',
        hint: 'Leave empty for api.statuspage.io.',
        type: 'url',
      },
    ],
  },
  {
    id: 'linear',
    title: 'Linear',
    intro: 'Opens the incident ticket, labelled with the severity.',
    secret: { name: 'linearToken', label: 'Linear API key', placeholder: 'lin_api_…' },
    fields: [
      { field: 'linearTeam', label: 'Team', hint: 'The team key, e.g. OPS.', type: 'text' },
      {
        field: 'linearApiUrl',
        label: 'Linear API URL',
        hint: 'Leave empty for api.linear.app.',
        type: 'url',
      },
    ],
  },
];

function ManagedHint(props: { id: string; name: string }): ReactNode {
  return (
    <p className="field__hint field__hint--managed" id={props.id}>
      Managed by your organisation ({envNameFor(props.name)})
    </p>
  );
}

function IntegrationCard(props: {
  spec: IntegrationSpec;
  view: SettingsViewModel;
  onChange: (view: SettingsViewModel) => void;
}): ReactNode {
  const { spec, view } = props;
  const [draft, setDraft] = useState<Partial<Record<TextField, string>>>(() =>
    Object.fromEntries(spec.fields.map((f) => [f.field, String(view.values[f.field])])),
  );
  const [token, setToken] = useState('');
  const [saved, setSaved] = useState(false);
  const [result, setResult] = useState<IntegrationTestResult | null>(null);
  const update = useCommand('settings:update');
  const setSecret = useCommand('settings:set-secret');
  const clearSecret = useCommand('settings:clear-secret');
  const test = useCommand('integrations:test');
  const secret = (spec.secret && view.secrets[spec.secret.name]) || { set: false, managed: false };
  const managed = (field: TextField): boolean => view.origins[field] === 'env';

  const save = async (): Promise<SettingsViewModel | undefined> => {
    setSaved(false);
    setResult(null);
    let latest: SettingsViewModel | undefined = view;
    const patch: Partial<Settings> = {};
    for (const f of spec.fields) {
      const value = (draft[f.field] ?? '').trim();
      if (!managed(f.field) && value !== view.values[f.field]) patch[f.field] = value;
    }
    if (Object.keys(patch).length > 0) {
      latest = await update.run({ patch });
      if (!latest) return undefined;
    }
    if (spec.secret && token && !secret.managed) {
      latest = await setSecret.run({ name: spec.secret.name, value: token });
      if (!latest) return undefined;
      setToken('');
    }
    props.onChange(latest);
    setSaved(true);
    return latest;
  };

  const busy = update.busy || setSecret.busy || clearSecret.busy || test.busy;
  const base = `integration-${spec.id}`;
  return (
    <form
      className="card fieldset integration"
      aria-labelledby={`${base}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2 className="card__title" id={`${base}-title`}>
        {spec.title}
      </h2>
      <p className="field__hint fieldset__intro">{spec.intro}</p>
      {spec.fields.map((f) => {
        const id = `${base}-${f.field}`;
        return (
          <div className="field" key={f.field}>
            <label className="field__label" htmlFor={id}>
              {f.label}
            </label>
            <input
              id={id}
              className="input"
              type={f.type}
              value={draft[f.field] ?? ''}
              readOnly={managed(f.field)}
              aria-describedby={`${id}-hint`}
              onChange={(e) => {
                setSaved(false);
                setDraft((d) => ({ ...d, [f.field]: e.target.value }));
              }}
            />
            {managed(f.field) ? (
              <ManagedHint id={`${id}-hint`} name={f.field} />
            ) : (
              <p className="field__hint" id={`${id}-hint`}>
                {f.hint}
              </p>
            )}
          </div>
        );
      })}
      {spec.secret ? (
        <div className="field">
          <label className="field__label" htmlFor={`secret-${spec.secret.name}`}>
            {spec.secret.label}{' '}
            <span className={`pill ${secret.set ? 'pill--ok' : 'pill--muted'}`}>
              {secret.set ? 'set' : 'not set'}
            </span>
          </label>
          <input
            id={`secret-${spec.secret.name}`}
            className="input"
            type="password"
            autoComplete="off"
            value={token}
            readOnly={secret.managed}
            placeholder={secret.set ? 'Enter a new one to replace it' : spec.secret.placeholder}
            aria-describedby={`secret-${spec.secret.name}-hint`}
            onChange={(e) => {
              setSaved(false);
              setToken(e.target.value);
            }}
          />
          {secret.managed ? (
            <ManagedHint id={`secret-${spec.secret.name}-hint`} name={spec.secret.name} />
          ) : (
            <p className="field__hint" id={`secret-${spec.secret.name}-hint`}>
              Stored by the Zephyr service, never shown again.
            </p>
          )}
        </div>
      ) : null}
      <div className="integration__buttons" aria-live="polite">
        {spec.fields.length > 0 || spec.secret ? (
          <button type="submit" className="button button--primary" disabled={busy}>
            Save
          </button>
        ) : null}
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() =>
            void (async () => {
              // Unsaved edits are saved first: the test checks what declarations will use.
              const dirty =
                token !== '' ||
                spec.fields.some(
                  (f) =>
                    !managed(f.field) && (draft[f.field] ?? '').trim() !== view.values[f.field],
                );
              if (dirty && !(await save())) return;
              setResult((await test.run({ integration: spec.id })) ?? null);
            })()
          }
        >
          {test.busy ? 'Testing…' : 'Test connection'}
        </button>
        {spec.secret && secret.set && !secret.managed ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() =>
              spec.secret &&
              void clearSecret.run({ name: spec.secret.name }).then((v) => {
                if (v) {
                  setResult(null);
                  props.onChange(v);
                }
              })
            }
          >
            Remove {spec.secret.label.toLowerCase()}
          </button>
        ) : null}
        {saved && !result ? <p className="saved">Saved.</p> : null}
      </div>
      {result ? (
        <p
          className={`integration__status integration__status--${result.ok ? 'ok' : 'bad'}`}
          role={result.ok ? 'status' : 'alert'}
        >
          {result.message}
        </p>
      ) : null}
      <ErrorText message={update.error ?? setSecret.error ?? clearSecret.error ?? test.error} />
    </form>
  );
}

/** The Integrations section of Settings; `onChange` receives the settings view after a change. */
export function IntegrationsSettings(props: {
  view: SettingsViewModel;
  onChange: (view: SettingsViewModel) => void;
}): ReactNode {
  return (
    <section className="integrations" aria-labelledby="integrations-title">
      <h2 className="view__subtitle" id="integrations-title">
        Integrations
      </h2>
      {SPECS.map((spec) => (
        <IntegrationCard key={spec.id} spec={spec} view={props.view} onChange={props.onChange} />
      ))}
    </section>
  );
}
