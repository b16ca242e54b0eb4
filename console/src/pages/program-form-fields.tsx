/** The labelled controls of the program version form: an error shown and read out with its field. */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** Errors by field path (`benefits.0.amount.fen`), in the page's words or the API's. */
export type Errors = Record<string, string>;

/** The form's error for a field (a refused required document under its list). */
export const errorAt = (errors: Errors, path: string) =>
  errors[path] ??
  Object.entries(errors).find(([field]) => field.startsWith(`${path}.`) && /\.\d+$/.test(field))?.[1];

export function FormField({
  label,
  path,
  errors,
  hint,
  children,
}: {
  label: string;
  path: string;
  errors: Errors;
  hint?: string;
  children: (props: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
  }) => ComponentChildren;
}) {
  const id = useId();
  const error = errorAt(errors, path);
  const described = [hint === undefined ? '' : `${id}-hint`, error === undefined ? '' : `${id}-error`]
    .filter((x) => x !== '')
    .join(' ');
  return (
    <div class="field" data-field={path}>
      <label for={id}>{label}</label>
      {children({
        id,
        ...(described === '' ? {} : { 'aria-describedby': described }),
        ...(error === undefined ? {} : { 'aria-invalid': true }),
      })}
      {hint !== undefined && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error !== undefined && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** A text field of the form. */
export function TextField(props: {
  label: string;
  path: string;
  errors: Errors;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  type?: 'text' | 'date';
  mode?: 'decimal' | 'numeric';
  required?: boolean;
}) {
  return (
    <FormField label={props.label} path={props.path} errors={props.errors} hint={props.hint}>
      {(p) =>
        props.type === 'date' ? (
          <input
            {...p}
            type="date"
            required={props.required}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        ) : (
          <input
            {...p}
            type="text"
            inputMode={props.mode}
            required={props.required}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        )
      }
    </FormField>
  );
}

export function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const id = useId();
  return (
    <div class="check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <label for={id}>{label}</label>
    </div>
  );
}
