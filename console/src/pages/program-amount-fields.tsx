/** The parameters of a benefit's amount rule in the program version form, by kind, amounts in CNY. */
import { type Key, useI18n } from '../i18n.ts';
import type { AmountDraft } from '../program-form.ts';
import { Field } from '../ui.tsx';
import { Check, type Errors, TextField } from './program-form-fields.tsx';

export function AmountFields({
  at,
  amount: a,
  errors,
  edit,
}: {
  at: string;
  amount: AmountDraft;
  errors: Errors;
  edit: (change: (a: AmountDraft) => void) => void;
}) {
  const { t } = useI18n();
  const cnyField = (label: Key, field: 'fen' | 'baseFen' | 'capFen' | 'deductibleFen' | 'perDayFen') => (
    <TextField
      label={t(label)}
      path={`${at}.${field}`}
      errors={errors}
      mode="decimal"
      value={a[field]}
      onInput={(v) =>
        edit((x) => {
          x[field] = v;
        })
      }
    />
  );
  return (
    <fieldset data-field={at}>
      <legend>
        {t('amountRule')}: {t(`amount_${a.kind}` as Key)}
      </legend>
      {a.kind === 'fixed' && cnyField('amountCny', 'fen')}
      {a.kind === 'byRank' && (
        <>
          {a.bands.map((band, j) => (
            <div class="actions" key={String(j)} data-band={j}>
              <TextField
                label={`${t('band')} ${j + 1}: ${t('bandMaxRank')}`}
                path={`${at}.bands.${j}.maxRank`}
                errors={errors}
                mode="numeric"
                value={band.maxRank}
                onInput={(v) =>
                  edit((x) => {
                    (x.bands[j] as typeof band).maxRank = v;
                  })
                }
              />
              <TextField
                label={`${t('band')} ${j + 1}: ${t('amountCny')}`}
                path={`${at}.bands.${j}.fen`}
                errors={errors}
                mode="decimal"
                value={band.fen}
                onInput={(v) =>
                  edit((x) => {
                    (x.bands[j] as typeof band).fen = v;
                  })
                }
              />
              <button
                type="button"
                class="link"
                disabled={a.bands.length === 1}
                onClick={() => edit((x) => void x.bands.splice(j, 1))}
              >
                {t('removeBand')} {j + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            class="link"
            onClick={() => edit((x) => void x.bands.push({ maxRank: '', fen: '' }))}
          >
            {t('addBand')}
          </button>
        </>
      )}
      {a.kind === 'byDisabilityLevel' && (
        <>
          {cnyField('baseCny', 'baseFen')}
          <TextField
            label={t('disabilityLevels')}
            path={`${at}.levels`}
            errors={errors}
            mode="numeric"
            value={a.levels}
            onInput={(v) =>
              edit((x) => {
                x.levels = v;
              })
            }
          />
        </>
      )}
      {a.kind === 'lossUpToCap' && cnyField('capCny', 'capFen')}
      {a.kind === 'ratioAboveDeductible' && (
        <>
          {cnyField('deductibleCny', 'deductibleFen')}
          <Field label={t('deductiblePer')}>
            {(p) => (
              <select
                {...p}
                value={a.deductiblePer}
                onChange={(e) =>
                  edit((x) => {
                    x.deductiblePer = e.currentTarget.value === 'year' ? 'year' : 'claim';
                  })
                }
              >
                <option value="claim">{t('perClaim')}</option>
                <option value="year">{t('perYear')}</option>
              </select>
            )}
          </Field>
          <TextField
            label={t('ratioPercent')}
            path={`${at}.ratioBp`}
            errors={errors}
            mode="decimal"
            value={a.ratioPercent}
            onInput={(v) =>
              edit((x) => {
                x.ratioPercent = v;
              })
            }
          />
          <Check
            label={`${t('capPerClaim')}: ${t('noCap')}`}
            checked={!a.ratioCapped}
            onChange={(on) =>
              edit((x) => {
                x.ratioCapped = !on;
              })
            }
          />
          {a.ratioCapped && cnyField('capCny', 'capFen')}
        </>
      )}
      {a.kind === 'dailyAllowance' && (
        <>
          {cnyField('perDayCny', 'perDayFen')}
          <TextField
            label={t('maxDaysPerYear')}
            path={`${at}.maxDaysPerYear`}
            errors={errors}
            mode="numeric"
            value={a.maxDaysPerYear}
            onInput={(v) =>
              edit((x) => {
                x.maxDaysPerYear = v;
              })
            }
          />
        </>
      )}
    </fieldset>
  );
}
