/** A form that runs one action against the API and says how it went: done, or the API's problem. */
import type { ComponentChildren } from 'preact';
import { Outcome, type useAction } from './ui.tsx';

/**
 * Its fields (`children`), one submit button (disabled while the action runs, or when `disabled`), and
 * under them the outcome: the text `submit` answers, or the refusal's problem (status, title, detail and
 * the fields it names) as an alert.
 */
export function ActionForm({
  action,
  submit,
  label,
  button,
  disabled = false,
  class: className,
  children,
}: {
  action: ReturnType<typeof useAction>;
  /** The action: answers the message to show when it is done (null: none). */
  submit: () => Promise<string | null>;
  /** The button's text. */
  button: string;
  /** The form's accessible name, when the page has more than one form. */
  label?: string;
  disabled?: boolean;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <form
      class={className}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(submit);
      }}
    >
      {children}
      <button type="submit" disabled={action.busy || disabled}>
        {button}
      </button>
      <Outcome action={action} />
    </form>
  );
}
