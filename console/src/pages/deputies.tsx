import { useState } from 'preact/hooks';
import { deleteJson, getJson, sendJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ActionForm } from '../form.tsx';
import { beijingTime, beijingToday } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Field, type Loaded, Loading, Page, Table, useAction, useLoad } from '../ui.tsx';

/** An approver's deputy as `GET /units/{unitCode}/approvers` answers it. */
interface DeputyView {
  deputyApproverId: string;
  deputyName: string;
  from: string;
  to: string;
  reason: string;
  coversToday: boolean;
}
interface UnitApprover {
  approverId: string;
  name: string;
  deputy: DeputyView | null;
}
interface UnitApprovers {
  unitCode: string;
  today: string;
  approvers: UnitApprover[];
}
/** A change of the deputy as the approver's audit events record it (`after` is the delegation set). */
interface ApproverEvent {
  at: string;
  actor: { kind?: string; id?: string };
  action: string;
  reason: string;
  after?: { deputyApproverId: string; from: string; to: string } | null;
}

/**
 * A unit's approvers and their deputies: who stands in while an approver is away, and for which Beijing
 * days. An approver sees their own unit's at once, their own record chosen; staff above the unit and
 * admins name the unit. Setting and ending are the API's `PUT`/`DELETE /approvers/{approverId}/deputy`,
 * which decide who may.
 */
export function DeputiesPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const ownUnit = session.who.unitCode ?? '';
  const [unitCode, setUnitCode] = useState(ownUnit);
  const [shown, setShown] = useState(ownUnit);
  const [chosen, setChosen] = useState(session.who.approverId ?? '');
  return (
    <Page title={t('deputies')} intro={t('deputiesIntro')}>
      <form
        class="inline"
        aria-label={t('unitApprovers')}
        onSubmit={(e) => {
          e.preventDefault();
          setShown(unitCode.trim());
        }}
      >
        <Field label={t('unitCode')}>
          {(p) => (
            <input {...p} required value={unitCode} onInput={(e) => setUnitCode(e.currentTarget.value)} />
          )}
        </Field>
        <button type="submit">{t('show')}</button>
      </form>
      {shown !== '' && <Unit key={shown} unitCode={shown} chosen={chosen} onChoose={setChosen} />}
    </Page>
  );
}

function Unit(props: { unitCode: string; chosen: string; onChoose: (approverId: string) => void }) {
  const { t } = useI18n();
  const list = useLoad(
    () => getJson<UnitApprovers>(`/units/${encodeURIComponent(props.unitCode)}/approvers`),
    [props.unitCode],
  );
  return (
    <>
      <section class="panel" aria-labelledby="unit-approvers-title">
        <h2 id="unit-approvers-title">
          {t('unitApprovers')} {props.unitCode}
        </h2>
        <Loading state={list}>
          {({ approvers }) =>
            approvers.length === 0 ? (
              <p>{t('noApprovers')}</p>
            ) : (
              <Table caption={`${t('unitApprovers')} ${props.unitCode}`}>
                <thead>
                  <tr>
                    <th scope="col">{t('approverId')}</th>
                    <th scope="col">{t('approverName')}</th>
                    <th scope="col">{t('currentDeputy')}</th>
                    <th scope="col">{t('period')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('choose')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {approvers.map((a) => (
                    <tr key={a.approverId} data-approver={a.approverId}>
                      <td>{a.approverId}</td>
                      <td>{a.name}</td>
                      <td>
                        {a.deputy === null
                          ? t('noDeputy')
                          : `${a.deputy.deputyName} ${a.deputy.deputyApproverId}`}
                      </td>
                      <td>{a.deputy === null ? '—' : <DeputyDays deputy={a.deputy} />}</td>
                      <td>
                        <button
                          type="button"
                          aria-label={`${t('choose')} ${a.approverId}`}
                          aria-pressed={a.approverId === props.chosen}
                          onClick={() => props.onChoose(a.approverId)}
                        >
                          {t('choose')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )
          }
        </Loading>
      </section>
      {props.chosen !== '' && <Deputy key={props.chosen} approverId={props.chosen} list={list} />}
    </>
  );
}

function DeputyDays({ deputy }: { deputy: DeputyView }) {
  const { t } = useI18n();
  return (
    <>
      {deputy.from} – {deputy.to} · {deputy.coversToday ? t('inForceToday') : t('notInForceToday')}
    </>
  );
}

function Deputy({ approverId, list }: { approverId: string; list: Loaded<UnitApprovers> }) {
  const { t, lang } = useI18n();
  const history = useLoad(
    () => getJson<{ events: ApproverEvent[] }>(`/audit/approver/${encodeURIComponent(approverId)}`),
    [approverId],
  );
  const approver = list.data?.approvers.find((a) => a.approverId === approverId);
  // An approver of another unit than the one listed: nothing to show here.
  if (approver === undefined) return null;
  const { deputy } = approver;
  const changed = () => {
    list.reload();
    history.reload();
  };
  return (
    <section class="panel" aria-labelledby="deputy-title">
      <h2 id="deputy-title">
        {t('approverId')} {approverId} {approver.name}
      </h2>
      <dl class="facts">
        <dt>{t('currentDeputy')}</dt>
        <dd data-deputy={deputy?.deputyApproverId ?? ''}>
          {deputy === null ? (
            t('noDeputy')
          ) : (
            <>
              {deputy.deputyApproverId} {deputy.deputyName} · <DeputyDays deputy={deputy} />
            </>
          )}
        </dd>
        {deputy !== null && (
          <>
            <dt>{t('reason')}</dt>
            <dd>{deputy.reason}</dd>
          </>
        )}
      </dl>
      <SetDeputy approverId={approverId} onSaved={changed} />
      <EndDeputy approverId={approverId} onEnded={changed} />
      <Loading state={history}>
        {({ events }) =>
          events.length > 0 && (
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
          )
        }
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
