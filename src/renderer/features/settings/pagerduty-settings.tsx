/**
 * The PagerDuty section of Settings: the API token (write-only: the renderer only learns "set" or
 * "not set"), the API host (US, EU or a custom one), "Test connection", and values the environment
 * manages shown read-only. The region picker and its URL rules are shared with the first-run form.
 */
import { useId, useState, type ReactNode } from 'react';
import type { CommandOutput, SettingsView as SettingsViewModel } from '../../../shared/contract.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';

/** PagerDuty's US service region API host (the default). */
export const PD_US_API_URL = 'https://api.pagerduty.com';
/** PagerDuty's EU service region API host. */
export const PD_EU_API_URL = 'https://api.eu.pagerduty.com';

/** Which API host a form shows: one of the two regions, or a custom host. */
export type PdRegion = 'us' | 'eu' | 'custom';

/** The region a stored `pagerdutyApiUrl` stands for (empty means the default, US). */
export function regionOf(apiUrl: string): PdRegion {
  const url = apiUrl.trim().replace(/\/+$/, '');
  if (url === '' || url === PD_US_API_URL) return 'us';
  if (url === PD_EU_API_URL) return 'eu';
  return 'custom';
}

/**
 * The `pagerdutyApiUrl` to store for a choice: empty for US (the default), the EU host, or the
 * custom host, which must be an `https://` URL (or `http://` on loopback, for local fakes).
 */
export function apiUrlFor(region: PdRegion, custom: string): { url: string } | { error: string } {
  if (region === 'us') return { url: '' };
  if (region === 'eu') return { url: PD_EU_API_URL };
  const url = custom.trim();
  if (
    /^https:\/\/\S+$/.test(url) ||
    /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/\S*)?$/.test(url)
  ) {
    return { url };
  }
  return { error: 'Enter the custom API host as an https:// URL.' };
}

/** The US / EU / custom choice, with the custom host's field. */
export function PdRegionPicker(props: {
  region: PdRegion;
  custom: string;
  disabled?: boolean;
  onRegion: (region: PdRegion) => void;
  onCustom: (url: string) => void;
  hintId?: string;
  /** Shown under the choice (its id should be `hintId`). */
  hint?: ReactNode;
}): ReactNode {
  const name = useId();
  const options: { value: PdRegion; label: string; detail?: string }[] = [
    { value: 'us', label: 'US', detail: PD_US_API_URL },
    { value: 'eu', label: 'EU', detail: PD_EU_API_URL },
    { value: 'custom', label: 'Custom' },
  ];
  return (
    <div
      className="field"
      role="radiogroup"
      aria-labelledby={`${name}-label`}
      aria-describedby={props.hintId}
    >
      <p className="field__label" id={`${name}-label`}>
        API host (service region)
      </p>
      {options.map((option) => (
        <div className="field--checkbox" key={option.value}>
          <input
            id={`${name}-${option.value}`}
            type="radio"
            className="checkbox"
            name={name}
            value={option.value}
            checked={props.region === option.value}
            disabled={props.disabled}
            onChange={() => props.onRegion(option.value)}
          />
          <label htmlFor={`${name}-${option.value}`}>
            {option.label}
            {option.detail ? <span className="muted"> ({option.detail})</span> : null}
          </label>
        </div>
      ))}
      {props.region === 'custom' ? (
        <input
          className="input"
          type="url"
          aria-label="Custom PagerDuty API host"
          placeholder="https://pagerduty-proxy.example.com"
          value={props.custom}
          readOnly={props.disabled}
          onChange={(event) => props.onCustom(event.target.value)}
        />
      ) : null}
      {props.hint}
    </div>
  );
}

/** What "Test connection" found, as a status line or an error naming what is wrong. */
export function PdTestResult(props: {
  result: CommandOutput<'sources:test'> | null;
  onUseRegion?: (url: string) => void;
}): ReactNode {
  const { result } = props;
  if (!result) return null;
  if (result.ok) {
    return (
      <p className="saved" role="status" data-testid="pd-test-result">
        {result.message}
      </p>
    );
  }
  return (
    <div data-testid="pd-test-result">
      <ErrorText message={result.message} />
      {result.problem === 'wrong-region' && result.suggestedApiUrl && props.onUseRegion ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => props.onUseRegion?.(result.suggestedApiUrl ?? '')}
        >
          Use {regionOf(result.suggestedApiUrl) === 'eu' ? 'EU' : 'this host'}
        </button>
      ) : null}
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
  const [region, setRegion] = useState<PdRegion>(() => regionOf(stored));
  const [custom, setCustom] = useState(() => (regionOf(stored) === 'custom' ? stored : ''));
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
    const chosen = apiUrlFor(region, custom);
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
      data-testid="pagerduty-settings"
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
      <div className="field">
        <label htmlFor="pd-token" className="field__label">
          API token{' '}
          <span className={`pill ${tokenState.set ? 'pill--ok' : 'pill--muted'}`}>
            {tokenState.set ? 'set' : 'not set'}
          </span>
        </label>
        <input
          id="pd-token"
          className="input"
          type="password"
          autoComplete="off"
          value={token}
          readOnly={tokenState.managed}
          placeholder={
            tokenState.managed
              ? ''
              : tokenState.set
                ? 'Enter a new token to replace it'
                : 'Paste your token'
          }
          aria-describedby="pd-token-hint"
          onChange={(event) => {
            setSaved(false);
            setToken(event.target.value);
          }}
        />
        <p
          className={`field__hint${tokenState.managed ? ' field__hint--managed' : ''}`}
          id="pd-token-hint"
        >
          {tokenState.managed
            ? `Managed by your organisation (${view.envNames.pagerdutyToken ?? 'ZEPHYR_PAGERDUTY_TOKEN'})`
            : 'Stored by the Zephyr service, never shown again.'}
        </p>
        {tokenState.set && !tokenState.managed ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void clear()}
          >
            Remove token
          </button>
        ) : null}
      </div>
      <PdRegionPicker
        region={hostManaged ? regionOf(stored) : region}
        custom={hostManaged ? stored : custom}
        disabled={hostManaged}
        hintId="pd-host-hint"
        onRegion={(value) => {
          setSaved(false);
          setRegion(value);
        }}
        onCustom={(value) => {
          setSaved(false);
          setCustom(value);
        }}
        hint={
          <p
            className={`field__hint${hostManaged ? ' field__hint--managed' : ''}`}
            id="pd-host-hint"
          >
            {hostManaged
              ? `Managed by your organisation (${view.envNames.pagerdutyApiUrl ?? 'ZEPHYR_PAGERDUTY_API_URL'})`
              : 'EU accounts (you sign in at <name>.eu.pagerduty.com) use the EU host.'}
          </p>
        }
      />
      <div className="form-actions" aria-live="polite">
        {tokenState.managed && hostManaged ? null : (
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save PagerDuty'}
          </button>
        )}
        <button
          type="button"
          className="button button--secondary"
          disabled={test.busy}
          onClick={() => void runTest()}
        >
          {test.busy ? 'Testing…' : 'Test connection'}
        </button>
        {saved ? <p className="saved">Saved.</p> : null}
      </div>
      <PdTestResult
        result={result}
        onUseRegion={(url) => {
          setRegion(regionOf(url));
          if (regionOf(url) === 'custom') setCustom(url);
          setResult(null);
        }}
      />
      <ErrorText
        message={localError ?? update.error ?? setSecret.error ?? clearSecret.error ?? test.error}
      />
    </form>
  );
}
