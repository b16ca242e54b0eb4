/** The advanced way to add a program version: the version in force as raw JSON (amounts in fen). */
import { useState } from 'preact/hooks';
import { sendJson } from '../api.ts';
import { ActionForm } from '../form.tsx';
import { useI18n } from '../i18n.ts';
import type { Version } from '../program-form.ts';
import { Field, useAction } from '../ui.tsx';

/** The version as raw JSON (amounts in fen), for a field the form does not show. */
export function JsonForm({ base, onAdded }: { base: Version; onAdded: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(base, null, 2));
  const action = useAction();
  return (
    <ActionForm
      label={`${t('advancedJson')} ${base.programId}`}
      action={action}
      button={t('save')}
      submit={async () => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (error) {
          throw new Error(`${t('notJson')}${(error as Error).message}`);
        }
        await sendJson('POST', `/programs/${encodeURIComponent(base.programId)}/versions`, body);
        onAdded();
        return t('versionAdded');
      }}
    >
      <Field label={t('versionJson')} hint={t('versionJsonHint')}>
        {(p) => (
          <textarea
            {...p}
            required
            rows={12}
            spellcheck={false}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        )}
      </Field>
    </ActionForm>
  );
}
