import { useState } from 'preact/hooks';
import { download, getJson, sendJson, upload } from '../api.ts';
import type { Session } from '../auth.ts';
import { beijingToday, cny } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Field, Outcome, Page, Table, useAction } from '../ui.tsx';

interface Batch {
  batchId: string;
  unitCode: string;
  date: string;
  count: number;
  totalFen: number;
}
interface BatchStatus {
  batch: Batch;
  lines: { payoutId: string; claimId: string; amountFen: number; status: string }[];
}
interface Reconciliation {
  applied: unknown[];
  waiting: unknown[];
  refused: { row?: number; reason?: string }[];
  unchanged: unknown[];
  reconciliationId: string | null;
}

export function BatchesPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const [batchId, setBatchId] = useState('');
  return (
    <Page title={t('batches')} intro={t('batchesIntro')}>
      <Cut unitCode={session.who.unitCode ?? ''} onCut={setBatchId} />
      <Status batchId={batchId} setBatchId={setBatchId} />
      <Reconcile />
    </Page>
  );
}

function Cut({ unitCode: initial, onCut }: { unitCode: string; onCut: (batchId: string) => void }) {
  const { t } = useI18n();
  const [unitCode, setUnitCode] = useState(initial);
  const [date, setDate] = useState(beijingToday());
  const action = useAction();
  return (
    <section class="panel" aria-labelledby="cut-title">
      <h2 id="cut-title">{t('cutBatch')}</h2>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const batch = await sendJson<Batch>('POST', '/payment-batches', {
              unitCode: unitCode.trim(),
              date,
            });
            onCut(batch.batchId);
            return `${t('batchId')} ${batch.batchId}: ${batch.count} · ${cny(batch.totalFen)}`;
          });
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
        <button type="submit" disabled={action.busy}>
          {t('cutBatch')}
        </button>
      </form>
      <Outcome action={action} />
    </section>
  );
}

function Status({ batchId, setBatchId }: { batchId: string; setBatchId: (id: string) => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<BatchStatus | null>(null);
  const action = useAction();
  const path = `/payment-batches/${encodeURIComponent(batchId.trim())}`;
  return (
    <section class="panel" aria-labelledby="status-title">
      <h2 id="status-title">{t('batchStatus')}</h2>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            setStatus(await getJson<BatchStatus>(path));
            return null;
          });
        }}
      >
        <Field label={t('batchId')}>
          {(p) => (
            <input {...p} required value={batchId} onInput={(e) => setBatchId(e.currentTarget.value)} />
          )}
        </Field>
        <button type="submit" disabled={action.busy || batchId.trim() === ''}>
          {t('show')}
        </button>
        <button
          type="button"
          disabled={action.busy || batchId.trim() === ''}
          onClick={() =>
            void action.run(async () => {
              await download(path, `${batchId.trim()}.csv`, 'text/csv');
              return null;
            })
          }
        >
          {t('downloadBankFile')}
        </button>
      </form>
      <Outcome action={action} />
      {status !== null && (
        <Table caption={`${t('lines')} ${status.batch.batchId}`}>
          <thead>
            <tr>
              <th scope="col">{t('payout')}</th>
              <th scope="col">{t('claim')}</th>
              <th scope="col">{t('amount')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {status.lines.map((line) => (
              <tr key={line.payoutId}>
                <td>{line.payoutId}</td>
                <td>{line.claimId}</td>
                <td class="num">{cny(line.amountFen)}</td>
                <td class="status">{line.status}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
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
            const answer = await upload<Reconciliation>(
              '/payment-batches/reconciliations',
              file,
              'text/csv; charset=utf-8',
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
