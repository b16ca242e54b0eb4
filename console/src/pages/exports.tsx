import { useState } from 'preact/hooks';
import { getJson, sendJson } from '../api.ts';
import { ActionForm } from '../form.tsx';
import { beijingToday } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Field, Loading, Page, useAction, useLoad } from '../ui.tsx';

interface ExportJob {
  exportId: string;
  status: string;
  downloads?: Record<string, string>;
}

export function ExportsPage() {
  const { t } = useI18n();
  const [year, setYear] = useState(String(Number(beijingToday().slice(0, 4)) - 1));
  const [month, setMonth] = useState('');
  const action = useAction();
  const list = useLoad(() => getJson<{ exports: ExportJob[] }>('/exports'), []);
  return (
    <Page title={t('exports')} intro={t('exportsIntro')}>
      <ActionForm
        class="inline"
        action={action}
        button={t('startExport')}
        submit={async () => {
          const started = await sendJson<{ exportId: string }>('POST', '/exports', {
            year: Number(year),
            ...(month === '' ? {} : { month: Number(month) }),
          });
          list.reload();
          return `${t('exportStarted')} ${started.exportId}`;
        }}
      >
        <Field label={t('year')}>
          {(p) => (
            <input
              {...p}
              required
              inputMode="numeric"
              pattern="\d{4}"
              value={year}
              onInput={(e) => setYear(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('month')}>
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              pattern="\d{1,2}"
              value={month}
              onInput={(e) => setMonth(e.currentTarget.value)}
            />
          )}
        </Field>
      </ActionForm>
      <h2>
        {t('exports')}{' '}
        <button type="button" class="link" onClick={list.reload}>
          {t('refresh')}
        </button>
      </h2>
      <Loading state={list}>
        {({ exports }) =>
          exports.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <ul class="records">
              {exports.map((job) => (
                <ExportItem key={job.exportId} job={job} />
              ))}
            </ul>
          )
        }
      </Loading>
    </Page>
  );
}

function ExportItem({ job }: { job: ExportJob }) {
  const { t } = useI18n();
  const detail = useLoad(
    () => getJson<ExportJob>(`/exports/${encodeURIComponent(job.exportId)}`),
    [job.status],
  );
  return (
    <li class="record">
      <h3>
        {t('exportId')} {job.exportId}
      </h3>
      <p>
        {t('status')}: <span class="status">{job.status}</span>
      </p>
      <Loading state={detail}>
        {(d) =>
          d.downloads === undefined ? null : (
            <>
              <h4>{t('downloads')}</h4>
              <ul>
                {Object.entries(d.downloads).map(([name, url]) => (
                  <li key={name}>
                    <a href={url} download={name}>
                      {name}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </Loading>
    </li>
  );
}
