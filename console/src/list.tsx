/** A list the API pages with a cursor: the first page, then "more" until the API's cursor ends. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from './i18n.ts';
import { Loading, Outcome, useAction, useLoad } from './ui.tsx';

export interface CursorPage<T> {
  readonly rows: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * Loads the first page once (give the list a `key` to start it again), shows "nothing" when it is empty,
 * and otherwise `children(rows)` (a table) with a "more" button while the API answers a cursor; a page
 * that cannot be read is said under the button, the rows so far stay.
 */
export function CursorList<T>({
  load,
  children,
}: {
  load: (cursor: string | null) => Promise<CursorPage<T>>;
  children: (rows: readonly T[]) => ComponentChildren;
}) {
  const { t } = useI18n();
  const first = useLoad(() => load(null), []);
  const [more, setMore] = useState<readonly T[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const action = useAction();
  return (
    <Loading state={first}>
      {(page) => {
        const rows = [...page.rows, ...more];
        const next = cursor === undefined ? page.nextCursor : cursor;
        return rows.length === 0 ? (
          <p>{t('nothing')}</p>
        ) : (
          <>
            {children(rows)}
            {next !== null && (
              <button
                type="button"
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    const following = await load(next);
                    setMore([...more, ...following.rows]);
                    setCursor(following.nextCursor);
                    return null;
                  })
                }
              >
                {t('more')}
              </button>
            )}
            <Outcome action={action} />
          </>
        );
      }}
    </Loading>
  );
}
