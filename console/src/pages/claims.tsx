import { useState } from 'preact/hooks';
import { getJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { beijingTime, cny } from '../format.ts';
import { CLAIM_STATUSES, statusName, useI18n } from '../i18n.ts';
import { CursorList } from '../list.tsx';
import { follow } from '../router.ts';
import { Field, Page, Table } from '../ui.tsx';

interface Labelled {
  id: string;
  zh: string;
  en: string;
}
export interface ClaimRow {
  claimId: string;
  memberId: string;
  memberNameMasked: string | null;
  unit: { code: string; name: string; nameEn: string } | null;
  program: Labelled;
  benefit: Labelled;
  amountFen: number | null;
  paidFen: number | null;
  status: string;
  submittedAt: string;
}
interface ClaimPage {
  claims: ClaimRow[];
  nextCursor: string | null;
}

type Filters = { status: string; programId: string; unitCode: string; from: string; to: string };

const query = (filters: Filters, cursor: string | null) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value.trim() !== '') params.set(key, value.trim());
  if (cursor !== null) params.set('cursor', cursor);
  const text = params.toString();
  return `/claims${text === '' ? '' : `?${text}`}`;
};

export function ClaimsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({
    status: '',
    programId: '',
    unitCode: session.who.roles.includes('staff') ? (session.who.unitCode ?? '') : '',
    from: '',
    to: '',
  });
  const [applied, setApplied] = useState<Filters>(filters);
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) =>
    setFilters({ ...filters, [key]: e.currentTarget.value });
  return (
    <Page title={t('claims')} intro={t('claimsIntro')}>
      <form
        class="inline"
        aria-label={t('search')}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...filters });
        }}
      >
        <Field label={t('status')}>
          {(p) => (
            <select {...p} value={filters.status} onChange={set('status')}>
              <option value="">{t('anyStatus')}</option>
              {CLAIM_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statusName(t, status)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('programId')}>
          {(p) => <input {...p} value={filters.programId} onInput={set('programId')} />}
        </Field>
        <Field label={t('unitCode')}>
          {(p) => <input {...p} value={filters.unitCode} onInput={set('unitCode')} />}
        </Field>
        <Field label={t('from')}>
          {(p) => <input {...p} type="date" value={filters.from} onInput={set('from')} />}
        </Field>
        <Field label={t('to')}>
          {(p) => <input {...p} type="date" value={filters.to} onInput={set('to')} />}
        </Field>
        <button type="submit">{t('search')}</button>
      </form>
      <ClaimList key={JSON.stringify(applied)} filters={applied} />
    </Page>
  );
}

function ClaimList({ filters }: { filters: Filters }) {
  const { t, lang } = useI18n();
  return (
    <CursorList
      load={async (cursor) => {
        const page = await getJson<ClaimPage>(query(filters, cursor));
        return { rows: page.claims, nextCursor: page.nextCursor };
      }}
    >
      {(rows) => (
        <Table caption={t('claims')}>
          <thead>
            <tr>
              <th scope="col">{t('claim')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('program')}</th>
              <th scope="col">{t('member')}</th>
              <th scope="col">{t('unit')}</th>
              <th scope="col">{t('amount')}</th>
              <th scope="col">{t('submittedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.claimId}>
                <td>
                  <a
                    href={`${import.meta.env.BASE_URL}claims/${c.claimId}`}
                    onClick={(e) => follow(e, `/claims/${c.claimId}`)}
                  >
                    {c.claimId}
                  </a>
                </td>
                <td class="status">{statusName(t, c.status)}</td>
                <td>
                  {c.program[lang]} · {c.benefit[lang]}
                </td>
                <td>
                  {c.memberNameMasked ?? ''} {c.memberId}
                </td>
                <td>{c.unit === null ? '—' : lang === 'zh' ? c.unit.name : c.unit.nameEn}</td>
                <td class="num">{cny(c.paidFen ?? c.amountFen)}</td>
                <td>{beijingTime(c.submittedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </CursorList>
  );
}
