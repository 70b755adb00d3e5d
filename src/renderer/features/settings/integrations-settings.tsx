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

/** The text fields of one integration card. */
function IntegrationFields(props: {
  spec: IntegrationSpec;
  base: string;
  draft: Partial<Record<TextField, string>>;
  managed: (field: TextField) => boolean;
  onEdit: (field: TextField, value: string) => void;
}): ReactNode {
  return (
    <>
      {props.spec.fields.map((f) => {
        const id = `${props.base}-${f.field}`;
        return (
          <div className="field" key={f.field}>
            <label className="field__label" htmlFor={id}>
              {f.label}
            </label>
            <input
              id={id}
              className="input"
              type={f.type}
              value={props.draft[f.field] ?? ''}
              readOnly={props.managed(f.field)}
              aria-describedby={`${id}-hint`}
              onChange={(e) => props.onEdit(f.field, e.target.value)}
            />
            {props.managed(f.field) ? (
              <ManagedHint id={`${id}-hint`} name={f.field} />
            ) : (
              <p className="field__hint" id={`${id}-hint`}>
                {f.hint}
              </p>
            )}
          </div>
        );
      })}
    </>
  );
}

/** The token field of one integration card: shows whether one is set, never its value. */
function SecretField(props: {
  secret: NonNullable<IntegrationSpec['secret']>;
  state: { set: boolean; managed: boolean };
  token: string;
  onEdit: (value: string) => void;
}): ReactNode {
  return (
    <div className="field">
      <label className="field__label" htmlFor={`secret-${props.secret.name}`}>
        {props.secret.label}{' '}
        <span className={`pill ${props.state.set ? 'pill--ok' : 'pill--muted'}`}>
          {props.state.set ? 'set' : 'not set'}
        </span>
      </label>
      <input
        id={`secret-${props.secret.name}`}
        className="input"
        type="password"
        autoComplete="off"
        value={props.token}
        readOnly={props.state.managed}
        placeholder={props.state.set ? 'Enter a new one to replace it' : props.secret.placeholder}
        aria-describedby={`secret-${props.secret.name}-hint`}
        onChange={(e) => props.onEdit(e.target.value)}
      />
      {props.state.managed ? (
        <ManagedHint id={`secret-${props.secret.name}-hint`} name={props.secret.name} />
      ) : (
        <p className="field__hint" id={`secret-${props.secret.name}-hint`}>
          Stored by the Zephyr service, never shown again.
        </p>
      )}
    </div>
  );
}

/** Save, Test connection and (when a token is stored here) Remove, with the "Saved." note. */
function CardButtons(props: {
  canSave: boolean;
  busy: boolean;
  testing: boolean;
  saved: boolean;
  onTest: () => void;
  removeLabel?: string;
  onRemove?: () => void;
}): ReactNode {
  return (
    <div className="integration__buttons" aria-live="polite">
      {props.canSave ? (
        <button type="submit" className="button button--primary" disabled={props.busy}>
          Save
        </button>
      ) : null}
      <button
        type="button"
        className="button button--secondary"
        disabled={props.busy}
        onClick={props.onTest}
      >
        {props.testing ? 'Testing…' : 'Test connection'}
      </button>
      {props.removeLabel !== undefined ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={props.busy}
          onClick={props.onRemove}
        >
          Remove {props.removeLabel.toLowerCase()}
        </button>
      ) : null}
      {props.saved ? <p className="saved">Saved.</p> : null}
    </div>
  );
}

/** The last connection test's answer, announced politely when it worked, as an alert when not. */
function TestResultLine(props: { result: IntegrationTestResult | null }): ReactNode {
  const { result } = props;
  if (!result) return null;
  return (
    <p
      className={`integration__status integration__status--${result.ok ? 'ok' : 'bad'}`}
      role={result.ok ? 'status' : 'alert'}
    >
      {result.message}
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

  const runTest = async (): Promise<void> => {
    // Unsaved edits are saved first: the test checks what declarations will use.
    const dirty =
      token !== '' ||
      spec.fields.some(
        (f) => !managed(f.field) && (draft[f.field] ?? '').trim() !== view.values[f.field],
      );
    if (dirty && !(await save())) return;
    setResult((await test.run({ integration: spec.id })) ?? null);
  };
  const removeSecret = async (): Promise<void> => {
    if (!spec.secret) return;
    const v = await clearSecret.run({ name: spec.secret.name });
    if (v) {
      setResult(null);
      props.onChange(v);
    }
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
      <IntegrationFields
        spec={spec}
        base={base}
        draft={draft}
        managed={managed}
        onEdit={(field, value) => {
          setSaved(false);
          setDraft((d) => ({ ...d, [field]: value }));
        }}
      />
      {spec.secret ? (
        <SecretField
          secret={spec.secret}
          state={secret}
          token={token}
          onEdit={(value) => {
            setSaved(false);
            setToken(value);
          }}
        />
      ) : null}
      <CardButtons
        canSave={spec.fields.length > 0 || spec.secret !== undefined}
        busy={busy}
        testing={test.busy}
        saved={saved && !result}
        onTest={() => void runTest()}
        {...(spec.secret && secret.set && !secret.managed
          ? { removeLabel: spec.secret.label, onRemove: () => void removeSecret() }
          : {})}
      />
      <TestResultLine result={result} />
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
