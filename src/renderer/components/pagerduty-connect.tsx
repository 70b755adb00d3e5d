/**
 * Connecting PagerDuty, written once for the first-run card and Settings → PagerDuty: the API host
 * (US, EU or custom) with its URL rules, the token field, and what "Test connection" found.
 */
import { useId, useState, type ReactNode } from 'react';
import type { CommandOutput } from '../../shared/contract.js';
import { ErrorText } from './error-text.js';

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
      <p className="saved" role="status">
        {result.message}
      </p>
    );
  }
  return (
    <div>
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

/** The host choice a form is editing, starting from the stored `pagerdutyApiUrl`. */
export interface PdHost {
  region: PdRegion;
  custom: string;
  setRegion(region: PdRegion): void;
  setCustom(url: string): void;
  /** The `pagerdutyApiUrl` to store for the current choice, or why it is not valid. */
  chosen(): { url: string } | { error: string };
  /** Switches to the host a wrong-region test result suggests. */
  takeSuggested(url: string): void;
}

/** The region and custom host a form edits, initialised from `stored`. */
export function usePdHost(stored: string): PdHost {
  const [region, setRegion] = useState<PdRegion>(() => regionOf(stored));
  const [custom, setCustom] = useState(() => (regionOf(stored) === 'custom' ? stored : ''));
  return {
    region,
    custom,
    setRegion,
    setCustom,
    chosen: () => apiUrlFor(region, custom),
    takeSuggested: (url) => {
      setRegion(regionOf(url));
      if (regionOf(url) === 'custom') setCustom(url);
    },
  };
}

/** The PagerDuty API token field (write-only: a password input); its hint is `<id>-hint`. */
export function PdTokenField(props: {
  id: string;
  label: ReactNode;
  hint: ReactNode;
  /** Marks the hint as managed by the environment. */
  managed?: boolean;
  value: string;
  onChange(value: string): void;
  readOnly?: boolean;
  placeholder?: string;
  /** After the hint (e.g. "Remove token"). */
  children?: ReactNode;
}): ReactNode {
  return (
    <div className="field">
      <label htmlFor={props.id} className="field__label">
        {props.label}
      </label>
      <input
        id={props.id}
        className="input"
        type="password"
        autoComplete="off"
        value={props.value}
        readOnly={props.readOnly}
        placeholder={props.placeholder}
        aria-describedby={`${props.id}-hint`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <p
        className={`field__hint${props.managed ? ' field__hint--managed' : ''}`}
        id={`${props.id}-hint`}
      >
        {props.hint}
      </p>
      {props.children}
    </div>
  );
}
