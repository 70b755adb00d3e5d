/**
 * The inputs of the Settings form: one setting (text, URL, number, range or checkbox) or one
 * write-only secret, each with its hint, "managed by your organisation" when the environment sets
 * it, and what is wrong with it, said at the field.
 */
import type { ReactNode } from 'react';
import type { SecretName, Settings } from '../../../shared/contract.js';
import { ErrorText } from '../../components/error-text.js';
import { envNameFor } from './env-names.js';

/** A setting the form edits. */
export type Field = Exclude<keyof Settings, 'firstRunDone'>;

/** How one setting is shown. */
export interface FieldSpec {
  field: Field;
  label: string;
  hint: string;
  kind: 'text' | 'url' | 'number' | 'range' | 'checkbox';
  min?: number;
  max?: number;
}

/** How one secret is shown. */
export interface SecretSpec {
  name: SecretName;
  label: string;
}

function Managed(props: { name: string; id: string }): ReactNode {
  return (
    <p className="field__hint field__hint--managed" id={props.id}>
      Managed by your organisation ({envNameFor(props.name)})
    </p>
  );
}

function Hint(props: { managed: boolean; name: string; id: string; text: string }): ReactNode {
  return props.managed ? (
    <Managed name={props.name} id={props.id} />
  ) : (
    <p className="field__hint" id={props.id}>
      {props.text}
    </p>
  );
}

/** One setting's input with its label, hint and error. */
export function FieldInput(props: {
  spec: FieldSpec;
  value: string | boolean;
  managed: boolean;
  /** What is wrong with the saved value, said at the field. */
  error?: string | null;
  onChange: (value: string | boolean) => void;
}): ReactNode {
  const { spec, value, managed } = props;
  const id = `setting-${spec.field}`;
  const hintId = `${id}-hint`;
  if (spec.kind === 'checkbox') {
    return (
      <div className="field field--checkbox">
        <input
          id={id}
          type="checkbox"
          className="checkbox"
          checked={value === true}
          disabled={managed}
          aria-describedby={hintId}
          onChange={(event) => props.onChange(event.target.checked)}
        />
        <label htmlFor={id} className="field__label">
          {spec.label}
        </label>
        <Hint managed={managed} name={spec.field} id={hintId} text={spec.hint} />
      </div>
    );
  }
  if (spec.kind === 'range') {
    const volume = Number(value);
    return (
      <div className="field">
        <label htmlFor={id} className="field__label">
          {spec.label} <span className="muted">{Math.round(volume * 100)}%</span>
        </label>
        <input
          id={id}
          className="range"
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={volume}
          disabled={managed}
          aria-describedby={hintId}
          onChange={(event) => props.onChange(event.target.value)}
        />
        <Hint
          managed={managed}
          name={spec.field}
          id={hintId}
          text={volume === 0 ? 'Muted: pages will ring silently.' : spec.hint}
        />
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {spec.label}
      </label>
      <input
        id={id}
        className="input"
        type={spec.kind}
        value={String(value)}
        min={spec.min}
        max={spec.max}
        readOnly={managed}
        aria-describedby={props.error ? `${hintId} ${id}-error` : hintId}
        aria-invalid={props.error ? true : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <Hint managed={managed} name={spec.field} id={hintId} text={spec.hint} />
      <ErrorText message={props.error ?? null} id={`${id}-error`} />
    </div>
  );
}

/** One secret's write-only input: "set" or "not set", never its value. */
export function SecretInput(props: {
  spec: SecretSpec;
  state: { set: boolean; managed: boolean };
  value: string;
  /** What is wrong with the token (a refused one), said at the field. */
  error?: string | null;
  onChange: (value: string) => void;
}): ReactNode {
  const { spec, state } = props;
  const id = `secret-${spec.name}`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {spec.label}{' '}
        <span className={`pill ${state.set ? 'pill--ok' : 'pill--muted'}`}>
          {state.set ? 'set' : 'not set'}
        </span>
      </label>
      <input
        id={id}
        className="input"
        type="password"
        autoComplete="off"
        value={props.value}
        readOnly={state.managed}
        placeholder={state.set ? 'Enter a new token to replace it' : 'Paste your token'}
        aria-describedby={props.error ? `${id}-hint ${errorId}` : `${id}-hint`}
        aria-invalid={props.error ? true : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <Hint
        managed={state.managed}
        name={spec.name}
        id={`${id}-hint`}
        text="Stored by the Zephyr service, never shown again."
      />
      <ErrorText message={props.error ?? null} id={errorId} />
    </div>
  );
}
