import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { download, getJson, sendJson, uploadThenPost } from '../api.ts';
import type { Session } from '../auth.ts';
import { ActionForm } from '../form.tsx';
import { beijingTime, beijingToday, cny } from '../format.ts';
import { type Key, useI18n } from '../i18n.ts';
import { CursorList } from '../list.tsx';
import { BATCH_PAGE_SIZE } from '../pages.ts';
import { follow } from '../router.ts';
import { Field, Loading, Outcome, Page, Table, useAction, useLoad } from '../ui.tsx';

interface Batch {
  batchId: string;
  unitCode: string;
  date: string;
  status: 'cutting' | 'cut';
  createdAt: string;
  createdBy: string;
  count: number;
  totalFen: number;
}
interface CountAndTotal {
  count: number;
  totalFen: number;
}
interface BatchStatus {
  batch: Batch;
  totals: { PENDING: CountAndTotal; CONFIRMED: CountAndTotal; RETURNED: CountAndTotal };
  lines: { payoutId: string; claimId: string; amountFen: number; status: string }[];
}
interface BatchRow {
  batchId: string;
  unit: { code: string; name: string; nameEn: string };
  date: string;
  status: 'cutting' | 'cut';
  createdAt: string;
  cutBy: string;
  count: number;
  totalFen: number;
}
interface BatchListPage {
  batches: BatchRow[];
  nextCursor: string | null;
}
interface Reconciliation {
  applied: unknown[];
  waiting: unknown[];
  refused: { row?: number; reason?: string }[];
  unchanged: unknown[];
  reconciliationId: string | null;
}

const LINE_STATUSES = ['PENDING', 'CONFIRMED', 'RETURNED'] as const;
const lineStatusName = (t: (key: Key) => string, status: string) =>
  (LINE_STATUSES as readonly string[]).includes(status) ? t(`line_${status}` as Key) : status;
const batchPath = (batchId: string) => `/batches/${encodeURIComponent(batchId)}`;

const listQuery = (unitCode: string, cursor: string | null) => {
  const params = new URLSearchParams({ limit: String(BATCH_PAGE_SIZE) });
  if (unitCode.trim() !== '') params.set('unitCode', unitCode.trim());
  if (cursor !== null) params.set('cursor', cursor);
  return `/payment-batches?${params.toString()}`;
};

/**
 * A page of the list with rows, or the last one: the API may answer an empty page with a cursor when its
 * reading budget ran out in months without batches (a district's or the city's list); those are followed.
 */
async function pageOfBatches(unitCode: string, cursor: string | null): Promise<BatchListPage> {
  let page = await getJson<BatchListPage>(listQuery(unitCode, cursor));
  for (let follow = 0; follow < 10 && page.batches.length === 0 && page.nextCursor !== null; follow++)
    page = await getJson<BatchListPage>(listQuery(unitCode, page.nextCursor));
  return page;
}

/** The batches list (newest first, paged), cutting a day's batch, and the bank's result with its confirmation. */
export function BatchesPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const own = session.who.roles.includes('staff') ? (session.who.unitCode ?? '') : '';
  const [unitCode, setUnitCode] = useState(own);
  const [applied, setApplied] = useState(own);
  // A cut shows at the top of the list: the list loads again.
  const [round, setRound] = useState(0);
  return (
    <Page title={t('batches')} intro={t('batchesIntro')}>
      <Cut unitCode={session.who.unitCode ?? ''} onCut={() => setRound((r) => r + 1)} />
      <section class="panel" aria-labelledby="list-title">
        <h2 id="list-title">{t('batchList')}</h2>
        <form
          class="inline"
          aria-label={t('search')}
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(unitCode);
          }}
        >
          <Field label={t('unitCode')}>
            {(p) => <input {...p} value={unitCode} onInput={(e) => setUnitCode(e.currentTarget.value)} />}
          </Field>
          <button type="submit">{t('search')}</button>
        </form>
        <BatchList key={`${applied}|${round}`} unitCode={applied} />
      </section>
      <Reconcile />
    </Page>
  );
}

function BatchList({ unitCode }: { unitCode: string }) {
  const { t, lang } = useI18n();
  return (
    <CursorList
      load={async (cursor) => {
        const page = await pageOfBatches(unitCode, cursor);
        return { rows: page.batches, nextCursor: page.nextCursor };
      }}
    >
      {(rows) => (
        <Table caption={t('batchList')}>
          <thead>
            <tr>
              <th scope="col">{t('batchId')}</th>
              <th scope="col">{t('unit')}</th>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('count')}</th>
              <th scope="col">{t('total')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('createdAt')}</th>
              <th scope="col">{t('cutBy')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.batchId} data-batch={b.batchId}>
                <td>
                  <a
                    href={`${import.meta.env.BASE_URL}${batchPath(b.batchId).slice(1)}`}
                    onClick={(e) => follow(e, batchPath(b.batchId))}
                  >
                    {b.batchId}
                  </a>
                </td>
                <td>{lang === 'zh' ? b.unit.name : b.unit.nameEn}</td>
                <td>{b.date}</td>
                <td class="num">{b.count}</td>
                <td class="num">{cny(b.totalFen)}</td>
                <td>{t(`batch_${b.status}`)}</td>
                <td>{beijingTime(b.createdAt, lang)}</td>
                <td>{b.cutBy}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </CursorList>
  );
}

function Cut({ unitCode: initial, onCut }: { unitCode: string; onCut: (batchId: string) => void }) {
  const { t } = useI18n();
  const [unitCode, setUnitCode] = useState(initial);
  const [date, setDate] = useState(beijingToday());
  const [cut, setCut] = useState<string | null>(null);
  const action = useAction();
  return (
    <section class="panel" aria-labelledby="cut-title">
      <h2 id="cut-title">{t('cutBatch')}</h2>
      <ActionForm
        class="inline"
        action={action}
        button={t('cutBatch')}
        submit={async () => {
          setCut(null);
          const batch = await sendJson<Batch>('POST', '/payment-batches', {
            unitCode: unitCode.trim(),
            date,
          });
          setCut(batch.batchId);
          onCut(batch.batchId);
          return `${t('batchId')} ${batch.batchId}: ${batch.count} · ${cny(batch.totalFen)}`;
        }}
      >
        <Field label={t('unitCode')}>
          {(p) => (
            <input {...p} required value={unitCode} onInput={(e) => setUnitCode(e.currentTarget.value)} />
          )}
        </Field>
        <Field label={t('date')}>
          {(p) => (
            <input {...p} required type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          )}
        </Field>
      </ActionForm>
      {cut !== null && (
        <p>
          <a
            href={`${import.meta.env.BASE_URL}${batchPath(cut).slice(1)}`}
            onClick={(e) => follow(e, batchPath(cut))}
          >
            {t('openBatch')} {cut}
          </a>
        </p>
      )}
    </section>
  );
}

/** One batch (`/batches/{batchId}`): its facts, its lines' state and totals, and its bank file. */
export function BatchPage({ batchId }: { batchId: string }) {
  const { t, lang } = useI18n();
  const path = `/payment-batches/${encodeURIComponent(batchId)}`;
  const status = useLoad(() => getJson<BatchStatus>(path), [batchId]);
  const action = useAction();
  return (
    <Page title={`${t('batch')} ${batchId}`}>
      <p>
        <a href={`${import.meta.env.BASE_URL}batches`} onClick={(e) => follow(e, '/batches')}>
          {t('backToBatches')}
        </a>
      </p>
      <Loading state={status}>
        {({ batch, totals, lines }) => (
          <>
            <dl class="facts">
              <dt>{t('unitCode')}</dt>
              <dd>{batch.unitCode}</dd>
              <dt>{t('date')}</dt>
              <dd>{batch.date}</dd>
              <dt>{t('status')}</dt>
              <dd>{t(`batch_${batch.status}`)}</dd>
              <dt>{t('count')}</dt>
              <dd class="num">{batch.count}</dd>
              <dt>{t('total')}</dt>
              <dd class="num">{cny(batch.totalFen)}</dd>
              <dt>{t('createdAt')}</dt>
              <dd>{beijingTime(batch.createdAt, lang)}</dd>
              <dt>{t('cutBy')}</dt>
              <dd>{batch.createdBy}</dd>
              {LINE_STATUSES.map((s) => (
                <Fragment key={s}>
                  <dt>{lineStatusName(t, s)}</dt>
                  <dd data-total={s}>
                    {totals[s].count} · {cny(totals[s].totalFen)}
                  </dd>
                </Fragment>
              ))}
            </dl>
            <p>
              <button
                type="button"
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    await download(path, `${batchId}.csv`, 'text/csv');
                    return null;
                  })
                }
              >
                {t('downloadBankFile')}
              </button>
            </p>
            <Outcome action={action} />
            <Table caption={`${t('lines')} ${batch.batchId}`}>
              <thead>
                <tr>
                  <th scope="col">{t('payout')}</th>
                  <th scope="col">{t('claim')}</th>
                  <th scope="col">{t('amount')}</th>
                  <th scope="col">{t('status')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.payoutId}>
                    <td>{line.payoutId}</td>
                    <td>
                      <a
                        href={`${import.meta.env.BASE_URL}claims/${line.claimId}`}
                        onClick={(e) => follow(e, `/claims/${line.claimId}`)}
                      >
                        {line.claimId}
                      </a>
                    </td>
                    <td class="num">{cny(line.amountFen)}</td>
                    <td class="status">{lineStatusName(t, line.status)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </Loading>
    </Page>
  );
}

function Reconcile() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<Reconciliation | null>(null);
  const [confirmId, setConfirmId] = useState('');
  const action = useAction();
  return (
    <section class="panel" aria-labelledby="reconcile-title">
      <h2 id="reconcile-title">{t('uploadResult')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file === null) return;
          void action.run(async () => {
            setReport(null);
            setProgress(0);
            const answer = await uploadThenPost<Reconciliation>(
              'bank-result',
              '/payment-batches/reconciliations',
              file,
              'text/csv',
              setProgress,
            );
            setReport(answer);
            if (answer.reconciliationId !== null) setConfirmId(answer.reconciliationId);
            return null;
          });
        }}
      >
        <Field label={t('resultFile')}>
          {(p) => (
            <input
              {...p}
              type="file"
              required
              accept=".csv,text/csv"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          )}
        </Field>
        <button type="submit" disabled={action.busy || file === null}>
          {t('upload')}
        </button>
      </form>
      {progress !== null && (
        <div class="progress">
          <label for="result-progress">{t('uploading')}</label>
          <progress id="result-progress" max={100} value={Math.round(progress * 100)} />
        </div>
      )}
      {report !== null && (
        <dl class="facts" aria-label={t('uploadResult')}>
          <dt>{t('applied')}</dt>
          <dd data-count="applied">{report.applied.length}</dd>
          <dt>{t('unchanged')}</dt>
          <dd>{report.unchanged.length}</dd>
          <dt>{t('waiting')}</dt>
          <dd data-count="waiting">{report.waiting.length}</dd>
          <dt>{t('refused')}</dt>
          <dd data-count="refused">{report.refused.length}</dd>
          {report.reconciliationId !== null && (
            <>
              <dt>{t('reconciliationId')}</dt>
              <dd>{report.reconciliationId}</dd>
            </>
          )}
        </dl>
      )}
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            await sendJson(
              'POST',
              `/payment-batches/reconciliations/${encodeURIComponent(confirmId.trim())}/confirm`,
              {},
            );
            return t('confirmed');
          });
        }}
      >
        <Field label={t('reconciliationId')}>
          {(p) => (
            <input {...p} required value={confirmId} onInput={(e) => setConfirmId(e.currentTarget.value)} />
          )}
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('confirmReconciliation')}
        </button>
      </form>
      <Outcome action={action} />
    </section>
  );
}
