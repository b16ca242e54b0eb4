import { amountText } from '../amount-text.ts';
import { getJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { evidenceName } from '../evidence.ts';
import { cny } from '../format.ts';
import { type Key, useI18n } from '../i18n.ts';
import { DEFAULT_TIMEOUTS, type Version } from '../program-form.ts';
import { Loading, Page, Table, useLoad } from '../ui.tsx';
import { AddVersion } from './program-version-form.tsx';

interface Program {
  programId: string;
  state: 'active' | 'retired' | 'not-yet' | 'unknown';
  inForce: Version | null;
  versions: { version: string; effectiveFrom: string; retired: boolean }[];
}

/** The programs and their versions in force, read by every staff role; admins add versions. */
export function ProgramsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const programs = useLoad(() => getJson<{ programs: Program[] }>('/programs'), []);
  const admin = session.who.roles.includes('admin');
  return (
    <Page title={t('programs')} intro={t('programsIntro')}>
      <p>{t('approvalLevelsText')}</p>
      <Loading state={programs}>
        {({ programs: list }) =>
          list.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <ul class="records">
              {list.map((program) => (
                <ProgramItem
                  key={program.programId}
                  program={program}
                  admin={admin}
                  onAdded={programs.reload}
                />
              ))}
            </ul>
          )
        }
      </Loading>
    </Page>
  );
}

function ProgramItem({ program, admin, onAdded }: { program: Program; admin: boolean; onAdded: () => void }) {
  const { t, lang } = useI18n();
  const v = program.inForce;
  const timeouts = v?.approvalTimeouts ?? DEFAULT_TIMEOUTS;
  const hours = (seconds: number) => `${Math.round(seconds / 360) / 10} ${t('hours')}`;
  return (
    <li class="record" data-program={program.programId}>
      <details>
        <summary>
          <h2>
            {v === null ? program.programId : v[lang]} · {t(`programState_${program.state}` as Key)}
          </h2>
        </summary>
        <dl class="facts">
          <dt>{t('programId')}</dt>
          <dd>{program.programId}</dd>
          <dt>{t('version')}</dt>
          <dd>{v === null ? '—' : `${v.version} (${t('effectiveFrom')} ${v.effectiveFrom})`}</dd>
          {v !== null && (
            <>
              <dt>{t('annualCap')}</dt>
              <dd>{v.annualCapFen === null ? t('noCap') : cny(v.annualCapFen)}</dd>
              <dt>{t('claimDeadline')}</dt>
              <dd>
                {v.claimDeadlineDays} {t('days')}
              </dd>
              <dt>{t('waitingPeriod')}</dt>
              <dd>
                {v.waitingPeriodDays} {t('days')}
              </dd>
              <dt>{t('approvalTimes')}</dt>
              <dd>
                {hours(timeouts.remindAfterSeconds)} / {hours(timeouts.escalateAfterSeconds)}
              </dd>
            </>
          )}
          <dt>{t('versions')}</dt>
          <dd>{program.versions.map((x) => `${x.version} (${x.effectiveFrom})`).join('、')}</dd>
        </dl>
        {v !== null && v.benefits.length > 0 && (
          <Table caption={`${v[lang]}: ${t('benefit')}`}>
            <thead>
              <tr>
                <th scope="col">{t('benefit')}</th>
                <th scope="col">{t('amount')}</th>
                <th scope="col">{t('annualCap')}</th>
                <th scope="col">{t('maxClaimsPerYear')}</th>
                <th scope="col">{t('evidenceKinds')}</th>
                <th scope="col">{t('requiredDocuments')}</th>
              </tr>
            </thead>
            <tbody>
              {v.benefits.map((b) => (
                <tr key={b.id} data-benefit={b.id}>
                  <th scope="row">{b[lang]}</th>
                  <td class="amount">{amountText(b.amount, t)}</td>
                  <td class="num">{b.annualCapFen == null ? t('noCap') : cny(b.annualCapFen)}</td>
                  <td class="num">{b.maxClaimsPerYear ?? t('noCap')}</td>
                  <td>{b.evidenceKinds.map((k) => evidenceName(k, lang)).join('、') || '—'}</td>
                  <td class="required">
                    {(b.requiredDocuments ?? []).map((k) => evidenceName(k, lang)).join('、') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {admin && v !== null && <AddVersion base={v} onAdded={onAdded} />}
      </details>
    </li>
  );
}
