/**
 * The PagerDuty section of Settings: the API token (write-only: the renderer only learns "set" or
 * "not set"), the API host (US, EU or a custom one), "Test connection", and values the environment
 * manages shown read-only. The host picker, the token
 * field and the test result are shared with the first-run form (`components/pagerduty-connect`).
 */
import { useState, type ReactNode } from 'react';
import type { CommandOutput, SettingsView as SettingsViewModel } from '../../../shared/contract.js';
import { ErrorText } from '../../components/error-text.js';
import {
  PdRegionPicker,
  PdTestResult,
  PdTokenField,
  regionOf,
  usePdHost,
  type PdHost,
} from '../../components/pagerduty-connect.js';
import { useCommand } from '../../lib/use-command.js';

/** The token: set or not, write-only, managed by the environment or not, removable. */
function TokenField(props: {
  view: SettingsViewModel;
  token: string;
  busy: boolean;
  onToken(value: string): void;
  onClear(): void;
}): ReactNode {
  const { view, token, busy } = props;
  const tokenState = view.secrets.pagerdutyToken ?? { set: false, managed: false };
  return (
    <PdTokenField
      id="pd-token"
      label={
        <>
          API token{' '}
          <span className={`pill ${tokenState.set ? 'pill--ok' : 'pill--muted'}`}>
            {tokenState.set ? 'set' : 'not set'}
          </span>
        </>
      }
      managed={tokenState.managed}
      hint={
        tokenState.managed
          ? `Managed by your organisation (${view.envNames.pagerdutyToken ?? 'ZEPHYR_PAGERDUTY_TOKEN'})`
          : 'Stored by the Zephyr service, never shown again.'
      }
      value={token}
      readOnly={tokenState.managed}
      placeholder={
        tokenState.managed
          ? ''
          : tokenState.set
            ? 'Enter a new token to replace it'
            : 'Paste your token'
      }
      onChange={props.onToken}
    >
      {tokenState.set && !tokenState.managed ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={props.onClear}
        >
          Remove token
        </button>
      ) : null}
    </PdTokenField>
  );
}

/** The API host: read-only when the environment manages it. */
function HostPicker(props: { view: SettingsViewModel; host: PdHost; onEdit(): void }): ReactNode {
  const { view, host } = props;
  const stored = view.values.pagerdutyApiUrl;
  const hostManaged = view.origins.pagerdutyApiUrl === 'env';
  return (
    <PdRegionPicker
      region={hostManaged ? regionOf(stored) : host.region}
      custom={hostManaged ? stored : host.custom}
      disabled={hostManaged}
      hintId="pd-host-hint"
      onRegion={(value) => {
        props.onEdit();
        host.setRegion(value);
      }}
      onCustom={(value) => {
        props.onEdit();
        host.setCustom(value);
      }}
      hint={
        <p className={`field__hint${hostManaged ? ' field__hint--managed' : ''}`} id="pd-host-hint">
          {hostManaged
            ? `Managed by your organisation (${view.envNames.pagerdutyApiUrl ?? 'ZEPHYR_PAGERDUTY_API_URL'})`
            : 'EU accounts (you sign in at <name>.eu.pagerduty.com) use the EU host.'}
        </p>
      }
    />
  );
}

/** Save (unless the environment manages everything), Test connection, and "Saved.". */
function FormActions(props: {
  canSave: boolean;
  busy: boolean;
  testing: boolean;
  saved: boolean;
  onTest(): void;
}): ReactNode {
  return (
    <div className="form-actions" aria-live="polite">
      {!props.canSave ? null : (
        <button type="submit" className="button button--primary" disabled={props.busy}>
          {props.busy ? 'Saving…' : 'Save PagerDuty'}
        </button>
      )}
      <button
        type="button"
        className="button button--secondary"
        disabled={props.testing}
        onClick={props.onTest}
      >
        {props.testing ? 'Testing…' : 'Test connection'}
      </button>
      {props.saved ? <p className="saved">Saved.</p> : null}
    </div>
  );
}

/** The PagerDuty card of Settings; `onChange` receives the settings view after each change. */
export function PagerDutySettings(props: {
  view: SettingsViewModel;
  onChange: (view: SettingsViewModel) => void;
}): ReactNode {
  const { view } = props;
  const stored = view.values.pagerdutyApiUrl;
  const tokenState = view.secrets.pagerdutyToken ?? { set: false, managed: false };
  const hostManaged = view.origins.pagerdutyApiUrl === 'env';
  const [token, setToken] = useState('');
  const host = usePdHost(stored);
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [result, setResult] = useState<CommandOutput<'sources:test'> | null>(null);
  const update = useCommand('settings:update');
  const setSecret = useCommand('settings:set-secret');
  const clearSecret = useCommand('settings:clear-secret');
  const test = useCommand('sources:test');
  const busy = update.busy || setSecret.busy || clearSecret.busy;

  const chosenUrl = (): string | null => {
    if (hostManaged) return stored;
    const chosen = host.chosen();
    if ('error' in chosen) {
      setLocalError(chosen.error);
      return null;
    }
    return chosen.url;
  };

  const save = async (): Promise<void> => {
    setSaved(false);
    setLocalError(null);
    const url = chosenUrl();
    if (url === null) return;
    let latest: SettingsViewModel | undefined = view;
    // The host first: a new token must never be tried against the old region's host.
    if (!hostManaged && url !== stored) {
      latest = await update.run({ patch: { pagerdutyApiUrl: url } });
      if (!latest) return;
    }
    if (token !== '' && !tokenState.managed) {
      latest = await setSecret.run({ name: 'pagerdutyToken', value: token });
      if (!latest) return;
      setToken('');
    }
    setSaved(true);
    props.onChange(latest);
  };

  const clear = async (): Promise<void> => {
    setSaved(false);
    setResult(null);
    const latest = await clearSecret.run({ name: 'pagerdutyToken' });
    if (latest) props.onChange(latest);
  };

  const runTest = async (): Promise<void> => {
    setLocalError(null);
    setResult(null);
    const url = chosenUrl();
    if (url === null) return;
    const answer = await test.run({
      source: 'pagerduty',
      ...(token !== '' && !tokenState.managed ? { token } : {}),
      apiUrl: url,
    });
    if (answer) setResult(answer);
  };

  return (
    <form
      className="card fieldset"
      aria-labelledby="pd-settings-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2 className="card__title" id="pd-settings-title">
        PagerDuty
      </h2>
      <p className="field__hint fieldset__intro">
        Your PagerDuty schedules and incidents, alongside the Zephyr platform. Use a REST API user
        token (My Profile → User Settings → Create API User Token).
      </p>
      <TokenField
        view={view}
        token={token}
        busy={busy}
        onToken={(value) => {
          setSaved(false);
          setToken(value);
        }}
        onClear={() => void clear()}
      />
      <HostPicker view={view} host={host} onEdit={() => setSaved(false)} />
      <FormActions
        canSave={!(tokenState.managed && hostManaged)}
        busy={busy}
        testing={test.busy}
        saved={saved}
        onTest={() => void runTest()}
      />
      <PdTestResult
        result={result}
        onUseRegion={(url) => {
          host.takeSuggested(url);
          setResult(null);
        }}
      />
      <ErrorText
        message={localError ?? update.error ?? setSecret.error ?? clearSecret.error ?? test.error}
      />
    </form>
  );
}
