import { getJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { beijingTime, cny } from '../format.ts';
import { type Key, useI18n } from '../i18n.ts';
import { Loading, Message, Page, Table, useLoad } from '../ui.tsx';

interface Pending {
  claimId: string;
  program: string;
  benefit: string;
  amountFen: number | null;
  level: number;
  linkUrl: string;
  expiresAt: string;
  /** The level was assigned to the caller (they were e-mailed its link when it opened). */
  assignedToYou: boolean;
  /** Whom the level was assigned to (null: opened before assignment, or not delivered yet). */
  assignedTo: { approverId: string; name: string } | null;
}

/** Whose claim a row is: assigned to the caller, sent first to a colleague, or to no one in particular. */
function assignmentOf(t: (key: Key) => string, p: Pending): string {
  if (p.assignedToYou) return t('assignedToYou');
  if (p.assignedTo === null) return t('notAssigned');
  return t('sentToColleague').replace('{name}', p.assignedTo.name);
}

export function ApprovalsPage({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const approvals = useLoad(
    () =>
      session.who.approverId === null
        ? Promise.resolve({ approverId: '', pending: [] as Pending[] })
        : getJson<{ approverId: string; pending: Pending[] }>('/approvals'),
    [],
  );
  return (
    <Page title={t('approvals')} intro={t('approvalsIntro')}>
      {session.who.approverId === null && <Message kind="info">{t('notApprover')}</Message>}
      <Loading state={approvals}>
        {({ pending }) =>
          pending.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <Table caption={t('approvals')}>
              <thead>
                <tr>
                  <th scope="col">{t('claim')}</th>
                  <th scope="col">{t('assignment')}</th>
                  <th scope="col">{t('program')}</th>
                  <th scope="col">{t('amount')}</th>
                  <th scope="col">{t('level')}</th>
                  <th scope="col">{t('expiresAt')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('decide')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.map((p) => (
                  <tr
                    key={`${p.claimId}-${p.level}`}
                    data-assigned={p.assignedToYou ? 'you' : p.assignedTo === null ? 'none' : 'colleague'}
                  >
                    <td>{p.claimId}</td>
                    <td>
                      <span class={p.assignedToYou ? 'assignment mine' : 'assignment'}>
                        {assignmentOf(t, p)}
                      </span>
                    </td>
                    <td>
                      {p.program} / {p.benefit}
                    </td>
                    <td class="num">{cny(p.amountFen)}</td>
                    <td class="num">{p.level}</td>
                    <td>{beijingTime(p.expiresAt, lang)}</td>
                    <td>
                      <a href={p.linkUrl} aria-label={`${t('decide')} ${p.claimId}`}>
                        {t('decide')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )
        }
      </Loading>
    </Page>
  );
}
