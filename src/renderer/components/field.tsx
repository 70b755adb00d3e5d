/** A labelled text input or textarea: the label, an optional hint, then the control. */
import type { ChangeEvent, ReactNode } from 'react';

/** What `Field` shows and reports. */
export interface FieldProps {
  label: ReactNode;
  /** Shown under the label, above the control. */
  hint?: ReactNode;
  value: string;
  onChange(value: string): void;
  /** A textarea of this many rows; without it, a one-line input. */
  rows?: number;
  /** The id of a `<datalist>` to suggest values from (inputs only). */
  list?: string;
  placeholder?: string;
  maxLength?: number;
  invalid?: boolean;
  /** Rendered after the control, inside the label (e.g. the datalist named by `list`). */
  children?: ReactNode;
}

/**
 * The house field: `<label class="field">` wrapping its `field__label` text, so the control is
 * named by the label without ids.
 */
export function Field(props: FieldProps): ReactNode {
  // What the textarea and the input share.
  const control = {
    value: props.value,
    maxLength: props.maxLength,
    placeholder: props.placeholder,
    'aria-invalid': props.invalid || undefined,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      props.onChange(e.target.value),
  };
  return (
    <label className="field">
      <span className="field__label">{props.label}</span>
      {props.hint !== undefined ? <span className="field__hint">{props.hint}</span> : null}
      {props.rows !== undefined ? (
        <textarea className="input ac-textarea" rows={props.rows} {...control} />
      ) : (
        <input className="input" list={props.list} {...control} />
      )}
      {props.children}
    </label>
  );
}
