import { useState } from 'preact/hooks';
import { ApiError, getJson, uploadThenPost } from '../api.ts';
import { ActionForm } from '../form.tsx';
import { useI18n } from '../i18n.ts';
import { Field, Message, Outcome, Page, Table, useAction } from '../ui.tsx';

interface Found {
  memberId: string;
  nameMasked: string;
  idNumberMasked: string;
  mobileMasked: string;
  unitCode: string;
}

interface Report {
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { row?: number; field?: string; message?: string }[];
  errorCount: number;
  dryRun: boolean;
  written: boolean;
}

export function MembersPage() {
  const { t } = useI18n();
  return (
    <Page title={t('members')} intro={t('membersIntro')}>
      <Lookup />
      <Import />
    </Page>
  );
}

function Lookup() {
  const { t } = useI18n();
  const [idNumber, setIdNumber] = useState('');
  const [found, setFound] = useState<Found | null | 'none'>(null);
  const action = useAction();
  return (
    <section aria-labelledby="lookup-title" class="panel">
      <h2 id="lookup-title">{t('lookUp')}</h2>
      <ActionForm
        class="inline"
        action={action}
        button={t('lookUp')}
        submit={async () => {
          setFound(null);
          try {
            setFound(await getJson<Found>(`/members?idNumber=${encodeURIComponent(idNumber.trim())}`));
          } catch (error) {
            if (error instanceof ApiError && error.status === 404) setFound('none');
            else throw error;
          }
          return null;
        }}
      >
        <Field label={t('idNumber')}>
          {(p) => (
            <input
              {...p}
              required
              autoComplete="off"
              value={idNumber}
              onInput={(e) => setIdNumber(e.currentTarget.value)}
            />
          )}
        </Field>
      </ActionForm>
      {found === 'none' && <Message kind="info">{t('notFound')}</Message>}
      {found !== null && found !== 'none' && (
        <dl class="facts" aria-label={found.memberId}>
          <dt>{t('memberId')}</dt>
          <dd>{found.memberId}</dd>
          <dt>{t('name')}</dt>
          <dd>{found.nameMasked}</dd>
          <dt>{t('idNumber')}</dt>
          <dd>{found.idNumberMasked}</dd>
          <dt>{t('mobile')}</dt>
          <dd>{found.mobileMasked}</dd>
          <dt>{t('unit')}</dt>
          <dd>{found.unitCode}</dd>
        </dl>
      )}
    </section>
  );
}

function Import() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const action = useAction();
  return (
    <section aria-labelledby="import-title" class="panel">
      <h2 id="import-title">{t('importCsv')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file === null) return;
          void action.run(async () => {
            setReport(null);
            setProgress(0);
            // The bytes as they are, sent whole by POST /uploads: the API finds the encoding (UTF-8 or GB18030).
            const answer = await uploadThenPost<Report>(
              'member-import',
              `/members/import${dryRun ? '?dryRun=true' : ''}`,
              file,
              'application/octet-stream',
              setProgress,
            );
            setReport(answer);
            return null;
          });
        }}
      >
        <Field label={t('csvFile')}>
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
        <div class="check">
          <input
            id="dry-run"
            type="checkbox"
            checked={dryRun}
            onChange={(e) => setDryRun(e.currentTarget.checked)}
          />
          <label for="dry-run">{t('dryRun')}</label>
        </div>
        <button type="submit" disabled={action.busy || file === null}>
          {t('upload')}
        </button>
      </form>
      {progress !== null && (
        <div class="progress">
          <label for="import-progress">{t('uploading')}</label>
          <progress id="import-progress" max={100} value={Math.round(progress * 100)}>
            {Math.round(progress * 100)}%
          </progress>
        </div>
      )}
      <Outcome action={action} />
      {report !== null && <ImportReport report={report} />}
    </section>
  );
}

function ImportReport({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="report-title">
      <h3 id="report-title">{t('importReport')}</h3>
      <dl class="facts">
        <dt>{t('rows')}</dt>
        <dd data-count="rows">{report.rows}</dd>
        <dt>{t('valid')}</dt>
        <dd>{report.valid}</dd>
        <dt>{t('invalid')}</dt>
        <dd>{report.invalid}</dd>
        <dt>{t('created')}</dt>
        <dd data-count="created">{report.created}</dd>
        <dt>{t('updated')}</dt>
        <dd>{report.updated}</dd>
        <dt>{t('unchanged')}</dt>
        <dd>{report.unchanged}</dd>
      </dl>
      {report.errors.length > 0 && (
        <Table caption={t('problem')}>
          <thead>
            <tr>
              <th scope="col">{t('row')}</th>
              <th scope="col">{t('field')}</th>
              <th scope="col">{t('problem')}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((error, i) => (
              <tr key={i}>
                <td class="num">{error.row ?? ''}</td>
                <td>{error.field ?? ''}</td>
                <td>{error.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
