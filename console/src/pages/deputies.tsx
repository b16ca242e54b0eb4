import { useState } from 'preact/hooks';
import { deleteJson, getJson, sendJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ActionForm } from '../form.tsx';
import { beijingTime, beijingToday } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Field, Loading, Page, Table, useAction, useLoad } from '../ui.tsx';

/** A delegation as the approver's audit events record it (`before` and `after` of each change). */
interface DeputySummary {
  deputyApproverId: string;
  from: string;
  to: string;
  reason: string;
}
interface ApproverEvent {
  at: string;
  actor: { kind?: string; id?: string };
  action: string;
  reason: string;
  before?: DeputySummary | null;
  after?: DeputySummary | null;
}

/** The deputy in place now: what the approver's last change left (none after a removal). */
export function currentDeputy(events: readonly ApproverEvent[]): DeputySummary | null {
  const last = events.at(-1);
  return last?.after ?? null;
}

/**
 * An approver's deputy: who stands in while they are away, and for which Beijing days. The approver sees
 * their own; staff above the unit and admins look up an approver of their scope by number. Setting and
 * ending are the API's `PUT`/`DELETE /approvers/{approverId}/deputy`, which decide who may.
 */
export function DeputiesPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const own = session.who.approverId ?? '';
  const [approverId, setApproverId] = useState(own);
  const [shown, setShown] = useState(own);
  return (
    <Page title={t('deputies')} intro={t('deputiesIntro')}>
      <form
        class="inline"
        aria-label={t('approverToShow')}
        onSubmit={(e) => {
          e.preventDefault();
          setShown(approverId.trim());
        }}
      >
        <Field label={t('approverToShow')}>
          {(p) => (
            <input {...p} required value={approverId} onInput={(e) => setApproverId(e.currentTarget.value)} />
          )}
        </Field>
        <button type="submit">{t('show')}</button>
      </form>
      {shown !== '' && <Deputy key={shown} approverId={shown} />}
    </Page>
  );
}

function Deputy({ approverId }: { approverId: string }) {
  const { t, lang } = useI18n();
  const history = useLoad(
    () => getJson<{ events: ApproverEvent[] }>(`/audit/approver/${encodeURIComponent(approverId)}`),
    [approverId],
  );
  const today = beijingToday();
  return (
    <section class="panel" aria-labelledby="deputy-title">
      <h2 id="deputy-title">
        {t('approverId')} {approverId}
      </h2>
      <Loading state={history}>
        {({ events }) => {
          const deputy = currentDeputy(events);
          return (
            <>
              <dl class="facts">
                <dt>{t('currentDeputy')}</dt>
                <dd data-deputy={deputy?.deputyApproverId ?? ''}>
                  {deputy === null
                    ? t('noDeputy')
                    : `${deputy.deputyApproverId} · ${deputy.from} – ${deputy.to} · ${
                        deputy.from <= today && today <= deputy.to ? t('inForceToday') : t('notInForceToday')
                      }`}
                </dd>
                {deputy !== null && (
                  <>
                    <dt>{t('reason')}</dt>
                    <dd>{deputy.reason}</dd>
                  </>
                )}
              </dl>
              <SetDeputy approverId={approverId} onSaved={history.reload} />
              <EndDeputy approverId={approverId} onEnded={history.reload} />
              {events.length > 0 && (
                <>
                  <h3>{t('deputyHistory')}</h3>
                  <Table caption={`${t('deputyHistory')} ${approverId}`}>
                    <thead>
                      <tr>
                        <th scope="col">{t('time')}</th>
                        <th scope="col">{t('actor')}</th>
                        <th scope="col">{t('currentDeputy')}</th>
                        <th scope="col">{t('period')}</th>
                        <th scope="col">{t('reason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...events].reverse().map((e, i) => (
                        <tr key={`${e.at}-${i}`}>
                          <td>{beijingTime(e.at, lang)}</td>
                          <td>{e.actor.id ?? ''}</td>
                          <td>{e.after?.deputyApproverId ?? t('noDeputy')}</td>
                          <td>{e.after == null ? '—' : `${e.after.from} – ${e.after.to}`}</td>
                          <td>{e.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </Table>
                </>
              )}
            </>
          );
        }}
      </Loading>
    </section>
  );
}

function SetDeputy({ approverId, onSaved }: { approverId: string; onSaved: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    deputyApproverId: '',
    from: beijingToday(),
    to: beijingToday(),
    reason: '',
  });
  const action = useAction();
  return (
    <>
      <h3>{t('setDeputy')}</h3>
      <ActionForm
        label={t('setDeputy')}
        action={action}
        button={t('setDeputy')}
        submit={async () => {
          await sendJson('PUT', `/approvers/${encodeURIComponent(approverId)}/deputy`, {
            deputyApproverId: form.deputyApproverId.trim(),
            from: form.from,
            to: form.to,
            reason: form.reason.trim(),
          });
          onSaved();
          return t('deputySet');
        }}
      >
        <Field label={t('deputyApproverId')} hint={t('deputyHint')}>
          {(p) => (
            <input
              {...p}
              required
              value={form.deputyApproverId}
              onInput={(e) => setForm({ ...form, deputyApproverId: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label={t('deputyFrom')}>
          {(p) => (
            <input
              {...p}
              required
              type="date"
              value={form.from}
              onInput={(e) => setForm({ ...form, from: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label={t('deputyTo')}>
          {(p) => (
            <input
              {...p}
              required
              type="date"
              value={form.to}
              onInput={(e) => setForm({ ...form, to: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label={t('reason')} hint={t('reasonHint')}>
          {(p) => (
            <input
              {...p}
              required
              minLength={2}
              value={form.reason}
              onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })}
            />
          )}
        </Field>
      </ActionForm>
    </>
  );
}

function EndDeputy({ approverId, onEnded }: { approverId: string; onEnded: () => void }) {
  const { t } = useI18n();
  const action = useAction();
  return (
    <ActionForm
      label={t('endDeputy')}
      action={action}
      button={t('endDeputy')}
      submit={async () => {
        const answer = await deleteJson<{ removed: boolean }>(
          `/approvers/${encodeURIComponent(approverId)}/deputy`,
        );
        onEnded();
        return answer.removed ? t('deputyEnded') : t('deputyNone');
      }}
    >
      {null}
    </ActionForm>
  );
}
