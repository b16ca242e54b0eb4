import { getJson } from '../api.ts';
import { BarChart } from '../charts.tsx';
import { beijingTime, cny, percent } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Loading, useLoad } from '../ui.tsx';

interface PlanFigures {
  year: number;
  scope: { level: string; unitCode: string | null; name: string | null; nameEn: string | null };
  computedAt: string | null;
  coverage: {
    registeredMembers: number | null;
    membersServed: number | null;
    valueBp: number | null;
    targetBp: number;
    meetsTarget: boolean | null;
    path: { year: number; targetBp: number }[];
  };
  serviceSpend: {
    allocatedFen: number | null;
    paidFen: number | null;
    valueBp: number | null;
    floorBp: number;
    meetsFloor: boolean | null;
  };
  satisfaction: { count: number | null; mean: number | null; ratings: number[] | null };
  claims: { submitted: number; open: number; paid: number; rejected: number; failed: number } | null;
}

/** The home page's figures of the plan, for the caller's scope, as charts with their numbers beside them. */
export function Figures() {
  const { t, lang } = useI18n();
  const figures = useLoad(() => getJson<PlanFigures>('/plan-figures'), []);
  const pct = (bp: number | null) => (bp === null ? '—' : percent(bp / 10_000, lang));
  const verdict = (ok: boolean | null) =>
    ok === null ? null : <span class={ok ? 'meets' : 'misses'}>{ok ? t('meets') : t('misses')}</span>;
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">{t('figures')}</h2>
      <Loading state={figures}>
        {(f) => (
          <>
            <p>
              {t('figuresOf')}: {(lang === 'zh' ? f.scope.name : f.scope.nameEn) ?? f.scope.unitCode ?? '—'} ·{' '}
              {f.year}
              {f.computedAt !== null && ` · ${t('computedAt')} ${beijingTime(f.computedAt, lang)}`}
            </p>
            {f.computedAt === null ? (
              <p role="status">{t('noFigures')}</p>
            ) : (
              <div class="figures">
                <div class="figure">
                  <h3>{t('coverage')}</h3>
                  <BarChart
                    title={t('coverage')}
                    description={`${t('coverageText')}: ${pct(f.coverage.valueBp)} / ${t('target')} ${pct(f.coverage.targetBp)}`}
                    max={10_000}
                    bars={[
                      {
                        label: t('coverageNow'),
                        value: f.coverage.valueBp ?? 0,
                        text: pct(f.coverage.valueBp),
                      },
                      ...f.coverage.path.map((p) => ({
                        label: String(p.year),
                        value: p.targetBp,
                        text: pct(p.targetBp),
                      })),
                    ]}
                    target={{
                      value: f.coverage.targetBp,
                      label: `${t('target')} ${pct(f.coverage.targetBp)}`,
                    }}
                  />
                  <p>
                    {f.coverage.membersServed ?? '—'} / {f.coverage.registeredMembers ?? '—'} ·{' '}
                    {verdict(f.coverage.meetsTarget)}
                  </p>
                </div>
                <div class="figure">
                  <h3>{t('serviceSpend')}</h3>
                  <BarChart
                    title={t('serviceSpend')}
                    description={`${t('serviceSpendText')}: ${pct(f.serviceSpend.valueBp)}`}
                    max={10_000}
                    bars={[
                      {
                        label: t('paid'),
                        value: f.serviceSpend.valueBp ?? 0,
                        text: pct(f.serviceSpend.valueBp),
                      },
                    ]}
                    target={{
                      value: f.serviceSpend.floorBp,
                      label: `${t('floor')} ${pct(f.serviceSpend.floorBp)}`,
                    }}
                  />
                  <p>
                    {cny(f.serviceSpend.paidFen)} / {cny(f.serviceSpend.allocatedFen)} ·{' '}
                    {verdict(f.serviceSpend.meetsFloor)}
                  </p>
                </div>
                <div class="figure">
                  <h3>{t('satisfaction')}</h3>
                  <BarChart
                    title={t('satisfaction')}
                    description={`${t('satisfactionText')}: ${(f.satisfaction.ratings ?? []).join(', ')}`}
                    max={Math.max(1, ...(f.satisfaction.ratings ?? [0]))}
                    bars={(f.satisfaction.ratings ?? [0, 0, 0, 0, 0]).map((n, i) => ({
                      label: `${i + 1} ★`,
                      value: n,
                    }))}
                  />
                  <p>
                    {t('mean')} {f.satisfaction.mean ?? '—'} · {f.satisfaction.count ?? 0} {t('ratings')}
                  </p>
                </div>
                <div class="figure">
                  <h3>{t('claimsByStatus')}</h3>
                  {f.claims === null ? (
                    <p>—</p>
                  ) : (
                    <BarChart
                      title={t('claimsByStatus')}
                      description={t('claimsByStatusText')}
                      max={Math.max(1, f.claims.submitted)}
                      bars={(['submitted', 'open', 'paid', 'rejected', 'failed'] as const).map((k) => ({
                        label: t(`c_${k}`),
                        value: f.claims?.[k] ?? 0,
                      }))}
                    />
                  )}
                </div>
              </div>
            )}
          </>
        )}
      </Loading>
    </section>
  );
}
