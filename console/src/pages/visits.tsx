import { useState } from 'preact/hooks';
import { sendJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ActionForm } from '../form.tsx';
import { beijingToday } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Field, Page, useAction } from '../ui.tsx';

export function VisitsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    program: 'psychological-care',
    service: 'counselling',
    memberId: '',
    unitCode: session.who.unitCode ?? '',
    visitedOn: beijingToday(),
    note: '',
  });
  const action = useAction();
  const input = (name: keyof typeof form, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label}>
      {(p) => (
        <input
          {...p}
          {...extra}
          value={form[name]}
          onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  return (
    <Page title={t('visits')} intro={t('visitsIntro')}>
      <ActionForm
        class="panel"
        action={action}
        button={t('submit')}
        submit={async () => {
          const recorded = await sendJson<{ visitId: string }>(
            'POST',
            '/service-visits',
            { ...form, memberId: form.memberId.trim(), unitCode: form.unitCode.trim() },
            { 'idempotency-key': crypto.randomUUID() },
          );
          return `${t('visitRecorded')} ${recorded.visitId}`;
        }}
      >
        {input('program', t('program'), { required: true })}
        {input('service', t('service'), { required: true })}
        {input('memberId', t('memberId'), { required: true, pattern: 'M\\d{6,9}' })}
        {input('unitCode', t('unitCode'), { required: true })}
        {input('visitedOn', t('visitedOn'), { required: true, type: 'date' })}
        {input('note', t('note'))}
      </ActionForm>
    </Page>
  );
}
