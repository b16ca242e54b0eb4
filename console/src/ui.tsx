/** Small shared pieces of the pages: a loader hook, messages, a labelled field, a table wrapper. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { useI18n } from './i18n.ts';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  reload(): void;
}

/** Runs `load` now and on reload(); `deps` start it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error: (error as Error).message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

export function Message({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ComponentChildren }) {
  const { t } = useI18n();
  if (kind === 'error')
    return (
      <div class="message error" role="alert">
        <strong>{t('error')}: </strong>
        {children}
      </div>
    );
  return (
    <div class={`message ${kind}`} role="status">
      {children}
    </div>
  );
}

export function Loading<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  const { t } = useI18n();
  if (state.error !== null)
    return (
      <Message kind="error">
        {state.error}{' '}
        <button type="button" class="link" onClick={state.reload}>
          {t('retry')}
        </button>
      </Message>
    );
  if (state.data === null)
    return (
      <p role="status" aria-live="polite">
        {t('loading')}
      </p>
    );
  return <>{children(state.data)}</>;
}

/** A label and its control, tied by id; `hint` is read out with the control. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (props: { id: string; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children(hint === undefined ? { id } : { id, 'aria-describedby': hintId })}
      {hint !== undefined && (
        <small id={hintId} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

export function Page({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: string;
  children: ComponentChildren;
}) {
  return (
    <>
      <h1 tabIndex={-1} id="page-title">
        {title}
      </h1>
      {intro !== undefined && <p class="intro">{intro}</p>}
      {children}
    </>
  );
}

/** A table that scrolls sideways on a phone instead of overflowing the page. */
export function Table({ caption, children }: { caption: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take the keyboard's focus to scroll
    <section class="table-wrap" aria-label={caption} tabIndex={0}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        {children}
      </table>
    </section>
  );
}

/** Runs an action, keeping its outcome (a message or an error) for the page to show. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await action());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}

export function Outcome({ action }: { action: ReturnType<typeof useAction> }) {
  return (
    <>
      {action.error !== null && <Message kind="error">{action.error}</Message>}
      {action.done !== null && <Message kind="ok">{action.done}</Message>}
    </>
  );
}
