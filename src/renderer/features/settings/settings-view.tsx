/**
 * "Settings": every setting with where its value comes from. Values managed through the
 * environment are read-only; tokens are write-only (the renderer only learns "set" or "not set").
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  Settings,
  type CommandOutput,
  type SecretName,
  type SettingsView as SettingsViewModel,
} from '../../../shared/contract.js';
import { ErrorText } from '../../components/error-text.js';
import { RecoveredFilesNotice } from '../../components/banners.js';
import type { AppState } from '../../../shared/domain.js';
import { useCommand } from '../../lib/use-command.js';
import { FieldInput, SecretInput, type FieldSpec, type SecretSpec } from './settings-inputs.js';
import { PagerDutySettings } from './pagerduty-settings.js';
import { IntegrationsSettings } from './integrations-settings.js';
import { ViewHeader } from '../../components/view-header.js';
import { PlatformCheckStatus, usePlatformCheck } from '../../components/platform-connect.js';

interface Group {
  title: string;
  intro?: string;
  fields: FieldSpec[];
  secrets: SecretSpec[];
  playbook?: boolean;
}

const GROUPS: Group[] = [
  {
    title: 'Platform',
    fields: [
      {
        field: 'platformUrl',
        label: 'Platform URL',
        hint: "Your Zephyr platform's address. Leave empty to run on the built-in demo.",
        kind: 'url',
      },
    ],
    secrets: [{ name: 'platformToken', label: 'Platform token' }],
  },
  {
    title: 'Alerts',
    fields: [
      {
        field: 'pollIntervalSeconds',
        label: 'Poll interval (seconds)',
        hint: 'How often the feeds are checked, 1 to 300 seconds.',
        kind: 'number',
        min: 1,
        max: 300,
      },
      {
        field: 'feedAlarmSeconds',
        label: 'Feed alarm after (seconds)',
        hint: 'Raise the alarm when the feed has failed this long while you are on call, 1 to 3600.',
        kind: 'number',
        min: 1,
        max: 3600,
      },
      {
        field: 'alertVolume',
        label: 'Alert volume',
        hint: 'Volume of the looping alarm while a page rings.',
        kind: 'range',
      },
      {
        field: 'launchAtLogin',
        label: 'Launch at login',
        hint: 'Start Zephyr when you log in, so pages reach you after a restart.',
        kind: 'checkbox',
      },
      {
        field: 'quietHoursStart',
        label: 'Quiet hours from (HH:MM)',
        hint: 'Low-urgency pages in your quiet hours wait for a digest; high urgency always rings.',
        kind: 'text',
      },
      {
        field: 'quietHoursEnd',
        label: 'Quiet hours until (HH:MM)',
        hint: 'Local time, 24-hour; may cross midnight (22:00 to 07:00). Empty both for none.',
        kind: 'text',
      },
    ],
    secrets: [],
  },
  {
    title: 'Playbook',
    fields: [
      {
        field: 'playbookPath',
        label: 'Playbook file',
        hint: "A JSON or YAML file with your team's playbook. Leave empty for the company policy.",
        kind: 'text',
      },
      {
        field: 'platformRepoPath',
        label: 'Platform repo checkout',
        hint: 'Folder of your local clone of the platform repo: team templates are read from it and post-mortems pushed to its remote with your own git set-up.',
        kind: 'text',
      },
    ],
    secrets: [],
    playbook: true,
  },
];

const SPECS = GROUPS.flatMap((g) => g.fields);
const SECRETS = GROUPS.flatMap((g) => g.secrets);

type Draft = Record<string, string | boolean>;

function draftFrom(values: Settings): Draft {
  const draft: Draft = {};
  for (const spec of SPECS) {
    const value = values[spec.field];
    draft[spec.field] = typeof value === 'boolean' ? value : String(value);
  }
  return draft;
}

/** The fields of `draft` that differ from the view and are not managed by the environment. */
export function patchFrom(
  draft: Draft,
  view: SettingsViewModel,
): { patch: Partial<Settings> } | { error: string } {
  const patch: Record<string, unknown> = {};
  for (const spec of SPECS) {
    if (view.origins[spec.field] === 'env') continue;
    const raw = draft[spec.field];
    const value =
      spec.kind === 'checkbox'
        ? raw === true
        : spec.kind === 'number' || spec.kind === 'range'
          ? String(raw).trim() === ''
            ? NaN
            : Number(raw)
          : String(raw).trim();
    if (value !== view.values[spec.field]) patch[spec.field] = value;
  }
  // Validate only: the parsed value would carry every default, and the patch must not.
  const parsed = Settings.partial().safeParse(patch);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      const label = SPECS.find((s) => s.field === field)?.label.replace(/ \(.*\)$/, '') ?? field;
      return `${label}: ${issue.message}`;
    });
    return { error: issues.join('; ') };
  }
  return { patch: patch as Partial<Settings> };
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

/** Why the playbook file is rejected (null when it is not), checked on demand. */
function usePlaybookError(): { error: string | null; checks: number; check(): Promise<void> } {
  const get = useCommand('playbook:get');
  const [state, setState] = useState<{ error: string | null; checks: number }>({
    error: null,
    checks: 0,
  });
  const { run } = get;
  const apply = useCallback((value: { error?: string } | undefined): void => {
    setState((s) => ({
      error: value?.error ? `This playbook file was rejected: ${value.error}` : null,
      checks: s.checks + 1,
    }));
  }, []);
  const check = useCallback(async (): Promise<void> => apply(await run({})), [run, apply]);
  useEffect(() => {
    void run({}).then(apply);
  }, [run, apply]);
  return { ...state, check };
}

/**
 * The platform connection to test before saving, or null when none needs a test: the URL in force
 * after the save (the environment's when it manages it) with the typed token, when either changes
 * and the URL is not empty (empty: the built-in demo).
 */
export function platformToTest(
  draft: Draft,
  typedToken: string | undefined,
  view: SettingsViewModel,
): { url: string; token?: string } | null {
  const url =
    view.origins.platformUrl === 'env'
      ? view.values.platformUrl
      : String(draft.platformUrl ?? '').trim();
  const token = view.secrets.platformToken?.managed ? undefined : typedToken || undefined;
  if (url === '' || (url === view.values.platformUrl && token === undefined)) return null;
  return token === undefined ? { url } : { url, token };
}

function SettingsForm(props: {
  view: SettingsViewModel;
  onSaved: (view: SettingsViewModel) => void;
}): ReactNode {
  const { view } = props;
  const [draft, setDraft] = useState<Draft>(() => draftFrom(view.values));
  const [tokens, setTokens] = useState<Partial<Record<SecretName, string>>>({});
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const playbookError = usePlaybookError();
  const platform = usePlatformCheck();
  const update = useCommand('settings:update');
  const setSecret = useCommand('settings:set-secret');
  const secretState = (name: SecretName): { set: boolean; managed: boolean } =>
    view.secrets[name] ?? { set: false, managed: false };

  const save = async (): Promise<void> => {
    setSaved(false);
    setLocalError(null);
    const patch = patchFrom(draft, view);
    if ('error' in patch) {
      setLocalError(`Not saved: ${patch.error}`);
      return;
    }
    // A platform is saved only once it answered who the token belongs to: until then the one in
    // use (or the demo) stays, and nothing else of the form is saved either.
    const target = platformToTest(draft, tokens.platformToken, view);
    if (target && !(await platform.check(target.url, target.token))) {
      setLocalError('Not saved: the platform could not be connected (see Platform above).');
      return;
    }
    if (!target) platform.reset();
    let latest: SettingsViewModel | undefined = view;
    // Tokens first: the platform is never started on its new URL with the old token.
    for (const spec of SECRETS) {
      const value = tokens[spec.name];
      if (!value || secretState(spec.name).managed) continue;
      latest = await setSecret.run({ name: spec.name, value });
      if (!latest) return;
      setTokens((t) => ({ ...t, [spec.name]: '' }));
    }
    if (Object.keys(patch.patch).length > 0) {
      latest = await update.run({ patch: patch.patch });
      if (!latest) return;
    }
    setDraft(draftFrom(latest.values));
    await playbookError.check();
    setSaved(true);
    props.onSaved(latest);
  };

  const busy = update.busy || setSecret.busy || platform.busy;
  return (
    <form
      className="settings-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {GROUPS.map((group) => (
        <fieldset className="card fieldset" key={group.title}>
          <legend className="card__title">{group.title}</legend>
          {group.intro ? <p className="field__hint fieldset__intro">{group.intro}</p> : null}
          {group.fields.map((spec) => (
            <FieldInput
              key={spec.field}
              spec={spec}
              value={draft[spec.field] ?? ''}
              managed={view.origins[spec.field] === 'env'}
              error={
                spec.field === 'playbookPath'
                  ? playbookError.error
                  : spec.field === 'platformUrl'
                    ? platform.urlError
                    : null
              }
              onChange={(value) => {
                setSaved(false);
                if (spec.field === 'platformUrl') platform.reset();
                setDraft((d) => ({ ...d, [spec.field]: value }));
              }}
            />
          ))}
          {group.secrets.map((spec) => (
            <SecretInput
              key={spec.name}
              spec={spec}
              state={secretState(spec.name)}
              value={tokens[spec.name] ?? ''}
              error={spec.name === 'platformToken' ? platform.tokenError : null}
              onChange={(value) => {
                setSaved(false);
                if (spec.name === 'platformToken') platform.reset();
                setTokens((t) => ({ ...t, [spec.name]: value }));
              }}
            />
          ))}
          {group.secrets.some((spec) => spec.name === 'platformToken') ? (
            <PlatformCheckStatus state={platform} />
          ) : null}
          {group.playbook ? <PlaybookInfo key={playbookError.checks} /> : null}
        </fieldset>
      ))}

      <div className="form-actions" aria-live="polite">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
        {saved && playbookError.error ? (
          <p className="error-text">Saved, but the playbook file was rejected: see above.</p>
        ) : saved ? (
          <p className="saved">Saved.</p>
        ) : null}
        <ErrorText message={localError ?? update.error ?? setSecret.error} />
      </div>
    </form>
  );
}

/**
 * The Settings view: loads 'settings:get', then edits through 'settings:update' and
 * 'settings:set-secret'.
 */
export function SettingsView(): ReactNode {
  const load = useCommand('settings:get');
  const appState = useCommand('app:get-state');
  const [recovered, setRecovered] = useState<AppState['recoveredFiles']>([]);
  const runState = appState.run;
  useEffect(() => {
    void runState({}).then((value) => setRecovered(value?.recoveredFiles ?? []));
  }, [runState]);
  const [view, setView] = useState<SettingsViewModel | null>(null);
  const { run } = load;
  const fetchSettings = (): void => {
    void run({}).then((value) => {
      if (value) setView(value);
    });
  };
  useEffect(fetchSettings, [run]);
  return (
    <div className="view">
      <ViewHeader title="Settings" />
      <RecoveredFilesNotice files={recovered} />
      {view ? <SettingsForm view={view} onSaved={setView} /> : null}
      {view ? <IntegrationsSettings view={view} onChange={setView} /> : null}
      {view ? (
        <PagerDutySettings view={view} onChange={setView} />
      ) : load.busy ? (
        <p className="muted">Loading settings…</p>
      ) : null}
      {load.error ? (
        <div className="card">
          <ErrorText message={`Could not load your settings: ${load.error}`} />
          <button type="button" className="button button--secondary" onClick={fetchSettings}>
            Try again
          </button>
        </div>
      ) : null}
    </div>
  );
}
