import { getJson } from '../api.ts';
import { beijingTime, cny } from '../format.ts';
import { statusName, useI18n } from '../i18n.ts';
import { Loading, Page, Table, useLoad } from '../ui.tsx';

interface AuditEvent {
  seq: number;
  at: string;
  actor: { kind?: string; id?: string };
  action: string;
  from: string | null;
  to: string;
  reason: string;
}
interface ClaimView {
  claimId: string;
  status: string;
  program: string;
  benefit: string;
  memberId: string;
  unitCode: string | null;
  incidentDate: string;
  amounts: { approvedFen: number | null; paidFen: number | null };
  reasons: {
    step: string;
    rule?: string;
    passed?: boolean;
    reason?: { zh?: string; en?: string } | string;
  }[];
  approvalChain: { level?: number; approverId?: string; decision?: string; decidedAt?: string }[];
  submittedAt: string;
  timeline: AuditEvent[];
}
interface ClaimAudit {
  events: AuditEvent[];
  verification: { archived: number | null; pendingArchive: number; intact?: boolean; valid?: boolean };
}

const text = (reason: ClaimView['reasons'][number]['reason'], lang: 'zh' | 'en') =>
  typeof reason === 'string' ? reason : (reason?.[lang] ?? '');

/** One claim: its state, the rules' reasons, approvals, timeline and whether its audit chain verifies. */
export function ClaimPage({ claimId }: { claimId: string }) {
  const { t, lang } = useI18n();
  const claim = useLoad(() => getJson<ClaimView>(`/claims/${encodeURIComponent(claimId)}`), [claimId]);
  const audit = useLoad(() => getJson<ClaimAudit>(`/claims/${encodeURIComponent(claimId)}/audit`), [claimId]);
  return (
    <Page title={`${t('claim')} ${claimId}`}>
      <Loading state={claim}>
        {(c) => (
          <>
            <dl class="facts">
              <dt>{t('status')}</dt>
              <dd class="status">{statusName(t, c.status)}</dd>
              <dt>{t('program')}</dt>
              <dd>
                {c.program} · {c.benefit}
              </dd>
              <dt>{t('member')}</dt>
              <dd>{c.memberId}</dd>
              <dt>{t('unit')}</dt>
              <dd>{c.unitCode ?? '—'}</dd>
              <dt>{t('amount')}</dt>
              <dd>{cny(c.amounts.approvedFen)}</dd>
              <dt>{t('amountPaid')}</dt>
              <dd>{cny(c.amounts.paidFen)}</dd>
              <dt>{t('submittedAt')}</dt>
              <dd>{beijingTime(c.submittedAt, lang)}</dd>
            </dl>
            <h2>{t('ruleReasons')}</h2>
            <ul>
              {c.reasons.map((r, i) => (
                <li key={i}>
                  {r.rule ?? r.step}: {text(r.reason, lang)}
                </li>
              ))}
            </ul>
            {c.approvalChain.length > 0 && (
              <>
                <h2>{t('approvalChain')}</h2>
                <ul>
                  {c.approvalChain.map((a, i) => (
                    <li key={i}>
                      {t('level')} {a.level ?? i + 1}: {a.approverId ?? ''} {a.decision ?? ''}{' '}
                      {a.decidedAt === undefined ? '' : beijingTime(a.decidedAt, lang)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h2>{t('timeline')}</h2>
            <Table caption={t('timeline')}>
              <thead>
                <tr>
                  <th scope="col">{t('time')}</th>
                  <th scope="col">{t('action')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('actor')}</th>
                  <th scope="col">{t('reason')}</th>
                </tr>
              </thead>
              <tbody>
                {c.timeline.map((e) => (
                  <tr key={e.seq}>
                    <td>{beijingTime(e.at, lang)}</td>
                    <td>{e.action}</td>
                    <td>{statusName(t, e.to)}</td>
                    <td>{[e.actor.kind, e.actor.id].filter(Boolean).join(' ')}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </Loading>
      <h2>{t('auditVerification')}</h2>
      <Loading state={audit}>
        {(a) => (
          <dl class="facts" aria-label={t('auditVerification')}>
            <dt>{t('auditChain')}</dt>
            <dd data-chain>{a.events.length}</dd>
            <dt>{t('archived')}</dt>
            <dd>{a.verification.archived ?? '—'}</dd>
            <dt>{t('pendingArchive')}</dt>
            <dd>{a.verification.pendingArchive}</dd>
          </dl>
        )}
      </Loading>
    </Page>
  );
}
