/**
 * "Settings": every setting with where its value comes from. Values managed through the
 * environment are read-only; the token is write-only (the renderer only learns "set" or "not set").
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  Settings,
  type CommandOutput,
  type SettingsView as SettingsViewModel,
} from '../../../shared/contract.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { envNameFor } from './env-names.js';

type Field = Exclude<keyof Settings, 'firstRunDone'>;

const LABELS: Record<Field, string> = {
  platformUrl: 'Platform URL',
  pollIntervalSeconds: 'Poll interval',
  feedAlarmSeconds: 'Feed alarm',
  alertVolume: 'Alert volume',
  launchAtLogin: 'Launch at login',
  playbookPath: 'Playbook file',
};

interface Draft {
  platformUrl: string;
  pollIntervalSeconds: string;
  feedAlarmSeconds: string;
  alertVolume: number;
  launchAtLogin: boolean;
  playbookPath: string;
}

function draftFrom(values: Settings): Draft {
  return {
    platformUrl: values.platformUrl,
    pollIntervalSeconds: String(values.pollIntervalSeconds),
    feedAlarmSeconds: String(values.feedAlarmSeconds),
    alertVolume: values.alertVolume,
    launchAtLogin: values.launchAtLogin,
    playbookPath: values.playbookPath,
  };
}

/** The fields of `draft` that differ from `values` and are not managed by the environment. */
function patchFrom(
  draft: Draft,
  view: SettingsViewModel,
): { patch: Partial<Settings> } | { error: string } {
  const candidate: Record<string, unknown> = {
    platformUrl: draft.platformUrl.trim(),
    pollIntervalSeconds:
      draft.pollIntervalSeconds.trim() === '' ? NaN : Number(draft.pollIntervalSeconds),
    feedAlarmSeconds: draft.feedAlarmSeconds.trim() === '' ? NaN : Number(draft.feedAlarmSeconds),
    alertVolume: draft.alertVolume,
    launchAtLogin: draft.launchAtLogin,
    playbookPath: draft.playbookPath.trim(),
  };
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(candidate)) {
    if (view.origins[field] === 'env') continue;
    if (value !== view.values[field as Field]) patch[field] = value;
  }
  // Validate only: the parsed value would carry every default, and the patch must not.
  const parsed = Settings.partial().safeParse(patch);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      return `${LABELS[field as Field] ?? field}: ${issue.message}`;
    });
    return { error: issues.join('; ') };
  }
  return { patch: patch as Partial<Settings> };
}

function Managed(props: { field: string; id: string }): ReactNode {
  return (
    <p className="field__hint field__hint--managed" id={props.id}>
      Managed by your organisation ({envNameFor(props.field)})
    </p>
  );
}

function TextField(props: {
  field: Field;
  label: string;
  hint: string;
  value: string;
  view: SettingsViewModel;
  type?: 'text' | 'url' | 'number';
  min?: number;
  max?: number;
  onChange: (value: string) => void;
}): ReactNode {
  const managed = props.view.origins[props.field] === 'env';
  const id = `setting-${props.field}`;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      <input
        id={id}
        className="input"
        type={props.type ?? 'text'}
        value={props.value}
        min={props.min}
        max={props.max}
        readOnly={managed}
        aria-describedby={`${id}-hint`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {managed ? (
        <Managed field={props.field} id={`${id}-hint`} />
      ) : (
        <p className="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

function PlaybookInfo(): ReactNode {
  const playbook = useCommand('playbook:get');
  const [info, setInfo] = useState<CommandOutput<'playbook:get'> | null>(null);
  const { run } = playbook;
  useEffect(() => {
    void run({}).then((value) => {
      if (value) setInfo(value);
    });
  }, [run]);
  return (
    <div className="playbook-info" aria-live="polite">
      {info ? (
        <>
          <p>
            In force: <strong>{info.playbook.name}</strong>{' '}
            <span className="muted">({info.origin})</span>
          </p>
          {info.error ? (
            <p className="error-text" role="alert">
              Your playbook file was rejected: {info.error}. Running on the last good playbook.
            </p>
          ) : null}
        </>
      ) : playbook.busy ? (
        <p className="muted">Loading the playbook…</p>
      ) : null}
      <ErrorText message={playbook.error} />
    </div>
  );
}

function SettingsForm(props: {
  view: SettingsViewModel;
  onSaved: (view: SettingsViewModel) => void;
}): ReactNode {
  const { view } = props;
  const [draft, setDraft] = useState<Draft>(() => draftFrom(view.values));
  const [token, setToken] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const update = useCommand('settings:update');
  const setSecret = useCommand('settings:set-secret');
  const tokenState = view.secrets.platformToken ?? { set: false, managed: false };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const save = async (): Promise<void> => {
    setSaved(false);
    setLocalError(null);
    const patch = patchFrom(draft, view);
    if ('error' in patch) {
      setLocalError(`Not saved: ${patch.error}`);
      return;
    }
    let latest: SettingsViewModel | undefined = view;
    if (Object.keys(patch.patch).length > 0) {
      latest = await update.run({ patch: patch.patch });
      if (!latest) return;
    }
    if (token !== '' && !tokenState.managed) {
      latest = await setSecret.run({ name: 'platformToken', value: token });
      if (!latest) return;
      setToken('');
    }
    setDraft(draftFrom(latest.values));
    setSaved(true);
    props.onSaved(latest);
  };

  const busy = update.busy || setSecret.busy;
  return (
    <form
      className="settings-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <fieldset className="card fieldset">
        <legend className="card__title">Platform</legend>
        <TextField
          field="platformUrl"
          label="Platform URL"
          hint="Your Zephyr platform's address. Leave empty to run on the built-in demo."
          type="url"
          value={draft.platformUrl}
          view={view}
          onChange={(v) => set('platformUrl', v)}
        />
        <div className="field">
          <label htmlFor="setting-platformToken" className="field__label">
            Platform token{' '}
            <span className={`pill ${tokenState.set ? 'pill--ok' : 'pill--muted'}`}>
              {tokenState.set ? 'set' : 'not set'}
            </span>
          </label>
          <input
            id="setting-platformToken"
            className="input"
            type="password"
            autoComplete="off"
            value={token}
            readOnly={tokenState.managed}
            placeholder={tokenState.set ? 'Enter a new token to replace it' : 'Paste your token'}
            aria-describedby="setting-platformToken-hint"
            onChange={(event) => {
              setSaved(false);
              setToken(event.target.value);
            }}
          />
          {tokenState.managed ? (
            <Managed field="platformToken" id="setting-platformToken-hint" />
          ) : (
            <p className="field__hint" id="setting-platformToken-hint">
              Stored by the Zephyr service, never shown again.
            </p>
          )}
        </div>
      </fieldset>

      <fieldset className="card fieldset">
        <legend className="card__title">Alerts</legend>
        <TextField
          field="pollIntervalSeconds"
          label="Poll interval (seconds)"
          hint="How often the feeds are checked, 1 to 300 seconds."
          type="number"
          min={1}
          max={300}
          value={draft.pollIntervalSeconds}
          view={view}
          onChange={(v) => set('pollIntervalSeconds', v)}
        />
        <TextField
          field="feedAlarmSeconds"
          label="Feed alarm after (seconds)"
          hint="Raise the alarm when the feed has failed this long while you are on call, 10 to 3600."
          type="number"
          min={10}
          max={3600}
          value={draft.feedAlarmSeconds}
          view={view}
          onChange={(v) => set('feedAlarmSeconds', v)}
        />
        <div className="field">
          <label htmlFor="setting-alertVolume" className="field__label">
            Alert volume <span className="muted">{Math.round(draft.alertVolume * 100)}%</span>
          </label>
          <input
            id="setting-alertVolume"
            className="range"
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={draft.alertVolume}
            disabled={view.origins.alertVolume === 'env'}
            aria-describedby="setting-alertVolume-hint"
            onChange={(event) => set('alertVolume', Number(event.target.value))}
          />
          {view.origins.alertVolume === 'env' ? (
            <Managed field="alertVolume" id="setting-alertVolume-hint" />
          ) : (
            <p className="field__hint" id="setting-alertVolume-hint">
              {draft.alertVolume === 0
                ? 'Muted: pages will ring silently.'
                : 'Volume of the looping alarm while a page rings.'}
            </p>
          )}
        </div>
        <div className="field field--checkbox">
          <input
            id="setting-launchAtLogin"
            type="checkbox"
            className="checkbox"
            checked={draft.launchAtLogin}
            disabled={view.origins.launchAtLogin === 'env'}
            aria-describedby="setting-launchAtLogin-hint"
            onChange={(event) => set('launchAtLogin', event.target.checked)}
          />
          <label htmlFor="setting-launchAtLogin" className="field__label">
            Launch at login
          </label>
          {view.origins.launchAtLogin === 'env' ? (
            <Managed field="launchAtLogin" id="setting-launchAtLogin-hint" />
          ) : (
            <p className="field__hint" id="setting-launchAtLogin-hint">
              Start Zephyr when you log in, so pages reach you after a restart.
            </p>
          )}
        </div>
      </fieldset>

      <fieldset className="card fieldset">
        <legend className="card__title">Playbook</legend>
        <TextField
          field="playbookPath"
          label="Playbook file"
          hint="A JSON or YAML file with your team's playbook. Leave empty for the company policy."
          value={draft.playbookPath}
          view={view}
          onChange={(v) => set('playbookPath', v)}
        />
        <PlaybookInfo />
      </fieldset>

      <div className="form-actions" aria-live="polite">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
        {saved ? <p className="saved">Saved.</p> : null}
        <ErrorText message={localError ?? update.error ?? setSecret.error} />
      </div>
    </form>
  );
}

/** The Settings view: loads 'settings:get', then edits through 'settings:update' and 'settings:set-secret'. */
export function SettingsView(): ReactNode {
  const load = useCommand('settings:get');
  const [view, setView] = useState<SettingsViewModel | null>(null);
  const { run } = load;
  useEffect(() => {
    void run({}).then((value) => {
      if (value) setView(value);
    });
  }, [run]);
  return (
    <div className="view">
      <div className="view__header">
        <h1 className="view__title">Settings</h1>
      </div>
      {view ? (
        <SettingsForm view={view} onSaved={setView} />
      ) : load.busy ? (
        <p className="muted">Loading settings…</p>
      ) : null}
      {load.error ? (
        <div className="card">
          <ErrorText message={`Could not load your settings: ${load.error}`} />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              void run({}).then((value) => {
                if (value) setView(value);
              });
            }}
          >
            Try again
          </button>
        </div>
      ) : null}
    </div>
  );
}
