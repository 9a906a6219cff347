/**
 * A ValidationError names each invalid field by its path in the mutation's arguments
 * (`["input", "base", "birthday"]`); a form shows each message at its own input.
 */
import type { ChangeEvent } from 'react';

export type FieldErrors = Record<string, string>;

/** Keyed by the path below `input`: `base.birthday`, `phone`. */
export function byField(
  fieldErrors: ReadonlyArray<{ path: readonly string[]; message: string }>,
): FieldErrors {
  const out: FieldErrors = {};
  for (const { path, message } of fieldErrors) {
    const key = (path[0] === 'input' ? path.slice(1) : path).join('.') || 'input';
    out[key] ??= message;
  }
  return out;
}

/** An input with its label and, when the server refused it, its message. */
export function Field(props: {
  /** Names the form, so two forms on a page give their inputs distinct ids. */
  form: string;
  name: string;
  label: string;
  errors: FieldErrors;
  type?: string;
  defaultValue?: string;
  value?: string;
  onChange?: (value: string) => void;
  autoComplete?: string;
}) {
  const id = `${props.form}-${props.name.replaceAll('.', '-')}`;
  const message = props.errors[props.name];
  const { onChange } = props;
  const control = onChange
    ? {
        value: props.value ?? '',
        onChange: (event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value),
      }
    : { defaultValue: props.defaultValue };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
        {...control}
      />
      {message ? (
        <span id={`${id}-error`} className="field-error">
          {message}
        </span>
      ) : null}
    </div>
  );
}

/** A form field's text without the spaces around it (FormData holds strings for text inputs). */
export function text(form: FormData, name: string): string {
  return password(form, name).trim();
}

/**
 * A password exactly as typed: spaces at either end are part of it (the server's policy allows any
 * character), so trimming would send another password and sign in would fail.
 */
export function password(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
