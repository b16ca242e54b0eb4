/**
 * Admins add a program version with a form prefilled from the version in force (amounts in CNY, ratios in
 * percent, times in hours); they confirm a summary of the changes before it is sent. The raw JSON stays
 * behind an "advanced" disclosure for a field the form lacks.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { amountText } from '../amount-text.ts';
import { ApiError, sendJson } from '../api.ts';
import { evidenceName } from '../evidence.ts';
import { ActionForm } from '../form.tsx';
import { type Key, useI18n } from '../i18n.ts';
import {
  type BenefitDraft,
  type Change,
  changesOf,
  draftOf,
  evidenceChoices,
  type Version,
  type VersionDraft,
  versionOf,
} from '../program-form.ts';
import { useAction } from '../ui.tsx';
import { AmountFields } from './program-amount-fields.tsx';
import { Check, type Errors, errorAt, TextField } from './program-form-fields.tsx';
import { JsonForm } from './program-version-json.tsx';

/** Admins only (the API refuses everyone else): a new version, starting from the one in force. */
export function AddVersion({ base, onAdded }: { base: Version; onAdded: () => void }) {
  const { t } = useI18n();
  return (
    <details>
      <summary>{t('addVersion')}</summary>
      <VersionForm base={base} onAdded={onAdded} />
      <details class="advanced">
        <summary>{t('advancedJson')}</summary>
        <JsonForm base={base} onAdded={onAdded} />
      </details>
    </details>
  );
}

/** The last part of a field's path → the words of its label. */
const LABELS: Record<string, Key> = {
  version: 'versionId',
  effectiveFrom: 'effectiveFrom',
  zh: 'nameZh',
  en: 'nameEn',
  annualCapFen: 'annualCapCny',
  claimDeadlineDays: 'claimDeadlineDays',
  waitingPeriodDays: 'waitingPeriodDays',
  remindAfterSeconds: 'remindHours',
  escalateAfterSeconds: 'escalateHours',
  fen: 'amountCny',
  maxRank: 'bandMaxRank',
  baseFen: 'baseCny',
  levels: 'disabilityLevels',
  capFen: 'capCny',
  deductibleFen: 'deductibleCny',
  deductiblePer: 'deductiblePer',
  ratioBp: 'ratioPercent',
  perDayFen: 'perDayCny',
  maxDaysPerYear: 'maxDaysPerYear',
  maxClaimsPerYear: 'maxClaimsPerYear',
  evidenceKinds: 'evidenceKinds',
  requiredDocuments: 'requiredDocuments',
  documentsWindowDays: 'documentsWindowDays',
};

/** A field's path in the page's words: `benefits.0.amount.fen` → "孤寡救助 · 金额（元）". */
function fieldName(path: string, base: Version, t: (key: Key) => string, lang: 'zh' | 'en'): string {
  const parts = path.split('.');
  const benefit = parts[0] === 'benefits' ? base.benefits[Number(parts[1])] : undefined;
  const key = [...parts].reverse().find((p) => LABELS[p] !== undefined);
  const label = key === undefined ? path : t(LABELS[key] as Key);
  return benefit === undefined ? label : `${benefit[lang]} · ${label}`;
}

/** A change in words: "孤寡救助 · 金额: CNY 500 → 600". */
function changeText(change: Change, t: (key: Key) => string): string {
  const what = t(`change_${change.field}` as Key);
  return `${change.benefit === null ? '' : `${change.benefit} · `}${what}: ${change.from} → ${change.to}`;
}

function VersionForm({ base, onAdded }: { base: Version; onAdded: () => void }) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<VersionDraft>(() => draftOf(base));
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState<{ version: Version; changes: Change[] } | null>(null);
  const action = useAction();
  const summaryTitle = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (pending !== null) summaryTitle.current?.focus();
  }, [pending]);
  const edit = (change: (d: VersionDraft) => void) => {
    setDraft((d) => {
      const next = structuredClone(d);
      change(next);
      return next;
    });
    setPending(null);
  };
  const listed = Object.entries(errors);

  const review = async () => {
    const result = versionOf(base, draft);
    if (!result.ok) {
      setErrors(Object.fromEntries(result.errors.map((e) => [e.field, t(e.problem)])));
      throw new Error(t('formInvalid'));
    }
    setErrors({});
    setPending({
      version: result.version,
      changes: changesOf(base, result.version, {
        lang,
        noCap: t('noCap'),
        none: '—',
        amount: (rule) => amountText(rule, t),
      }),
    });
    return null;
  };
  const save = async (version: Version) => {
    try {
      await sendJson('POST', `/programs/${encodeURIComponent(base.programId)}/versions`, version);
    } catch (error) {
      setPending(null);
      const body = error instanceof ApiError ? (error.body as { errors?: unknown }) : null;
      if (body !== null && Array.isArray(body.errors))
        setErrors(
          Object.fromEntries(
            (body.errors as { field?: string; message?: string }[]).map((e) => [
              e.field ?? '(body)',
              e.message ?? '',
            ]),
          ),
        );
      throw error;
    }
    setPending(null);
    setDraft(draftOf(base));
    onAdded();
    return t('versionAdded');
  };

  return (
    <ActionForm
      label={`${t('addVersion')} ${base.programId}`}
      action={action}
      button={pending === null ? t('reviewChanges') : t('confirmSave')}
      submit={() => (pending === null ? review() : save(pending.version))}
    >
      <fieldset>
        <legend>{t('programFacts')}</legend>
        <TextField
          label={t('versionId')}
          path="version"
          errors={errors}
          required
          value={draft.version}
          onInput={(v) =>
            edit((d) => {
              d.version = v;
            })
          }
        />
        <TextField
          label={t('effectiveFrom')}
          path="effectiveFrom"
          errors={errors}
          type="date"
          required
          hint={`${t('effectiveFromHint')} ${base.effectiveFrom}`}
          value={draft.effectiveFrom}
          onInput={(v) =>
            edit((d) => {
              d.effectiveFrom = v;
            })
          }
        />
        <TextField
          label={t('nameZh')}
          path="zh"
          errors={errors}
          value={draft.zh}
          onInput={(v) =>
            edit((d) => {
              d.zh = v;
            })
          }
        />
        <TextField
          label={t('nameEn')}
          path="en"
          errors={errors}
          value={draft.en}
          onInput={(v) =>
            edit((d) => {
              d.en = v;
            })
          }
        />
        <Check
          label={`${t('annualCap')}: ${t('noCap')}`}
          checked={!draft.capped}
          onChange={(on) =>
            edit((d) => {
              d.capped = !on;
            })
          }
        />
        {draft.capped && (
          <TextField
            label={t('annualCapCny')}
            path="annualCapFen"
            errors={errors}
            mode="decimal"
            value={draft.annualCap}
            onInput={(v) =>
              edit((d) => {
                d.annualCap = v;
              })
            }
          />
        )}
        <TextField
          label={t('claimDeadlineDays')}
          path="claimDeadlineDays"
          errors={errors}
          mode="numeric"
          value={draft.claimDeadlineDays}
          onInput={(v) =>
            edit((d) => {
              d.claimDeadlineDays = v;
            })
          }
        />
        <TextField
          label={t('waitingPeriodDays')}
          path="waitingPeriodDays"
          errors={errors}
          mode="numeric"
          value={draft.waitingPeriodDays}
          onInput={(v) =>
            edit((d) => {
              d.waitingPeriodDays = v;
            })
          }
        />
        <TextField
          label={t('remindHours')}
          path="approvalTimeouts.remindAfterSeconds"
          errors={errors}
          mode="decimal"
          value={draft.remindHours}
          onInput={(v) =>
            edit((d) => {
              d.remindHours = v;
            })
          }
        />
        <TextField
          label={t('escalateHours')}
          path="approvalTimeouts.escalateAfterSeconds"
          errors={errors}
          mode="decimal"
          value={draft.escalateHours}
          onInput={(v) =>
            edit((d) => {
              d.escalateHours = v;
            })
          }
        />
      </fieldset>
      {draft.benefits.map((b, i) => (
        <BenefitFields
          key={b.id}
          index={i}
          benefit={b}
          errors={errors}
          edit={(change) => edit((d) => change(d.benefits[i] as BenefitDraft))}
        />
      ))}
      {listed.length > 0 && (
        <div class="message error" data-form-errors>
          <p>{t('formErrors')}</p>
          <ul>
            {listed.map(([field, message]) => (
              <li key={field}>
                {fieldName(field, base, t, lang)}: {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {pending !== null && (
        <section class="panel" aria-labelledby={`changes-${base.programId}`} data-changes>
          <h3 id={`changes-${base.programId}`} tabIndex={-1} ref={summaryTitle}>
            {t('changesTitle')}
          </h3>
          <ul>
            {pending.changes.map((c) => (
              <li key={`${c.benefit}-${c.field}`}>{changeText(c, t)}</li>
            ))}
          </ul>
          <button type="button" class="link" onClick={() => setPending(null)}>
            {t('backToForm')}
          </button>
        </section>
      )}
    </ActionForm>
  );
}

function BenefitFields({
  index,
  benefit: b,
  errors,
  edit,
}: {
  index: number;
  benefit: BenefitDraft;
  errors: Errors;
  edit: (change: (b: BenefitDraft) => void) => void;
}) {
  const { t, lang } = useI18n();
  const at = `benefits.${index}`;
  const money = b.amount.kind !== 'service';
  const toggle = (list: string[], kind: string, on: boolean) =>
    on ? [...list.filter((k) => k !== kind), kind] : list.filter((k) => k !== kind);
  const required = errorAt(errors, `${at}.requiredDocuments`);
  const requiredId = `${at}-required-error`.replaceAll('.', '-');
  const accepted = errorAt(errors, `${at}.evidenceKinds`);
  const acceptedId = `${at}-accepted-error`.replaceAll('.', '-');
  return (
    <fieldset data-benefit-form={b.id}>
      <legend>
        {t('benefit')} {b[lang]} ({b.id})
      </legend>
      <TextField
        label={t('nameZh')}
        path={`${at}.zh`}
        errors={errors}
        value={b.zh}
        onInput={(v) =>
          edit((x) => {
            x.zh = v;
          })
        }
      />
      <TextField
        label={t('nameEn')}
        path={`${at}.en`}
        errors={errors}
        value={b.en}
        onInput={(v) =>
          edit((x) => {
            x.en = v;
          })
        }
      />
      <AmountFields
        at={`${at}.amount`}
        amount={b.amount}
        errors={errors}
        edit={(change) => edit((x) => change(x.amount))}
      />
      {money && (
        <>
          <Check
            label={`${t('annualCap')}: ${t('noCap')}`}
            checked={!b.capped}
            onChange={(on) =>
              edit((x) => {
                x.capped = !on;
              })
            }
          />
          {b.capped && (
            <TextField
              label={t('annualCapCny')}
              path={`${at}.annualCapFen`}
              errors={errors}
              mode="decimal"
              value={b.annualCap}
              onInput={(v) =>
                edit((x) => {
                  x.annualCap = v;
                })
              }
            />
          )}
          <Check
            label={`${t('maxClaimsPerYear')}: ${t('noCap')}`}
            checked={!b.limited}
            onChange={(on) =>
              edit((x) => {
                x.limited = !on;
              })
            }
          />
          {b.limited && (
            <TextField
              label={t('maxClaimsPerYear')}
              path={`${at}.maxClaimsPerYear`}
              errors={errors}
              mode="numeric"
              value={b.maxClaimsPerYear}
              onInput={(v) =>
                edit((x) => {
                  x.maxClaimsPerYear = v;
                })
              }
            />
          )}
        </>
      )}
      <fieldset
        data-field={`${at}.evidenceKinds`}
        {...(accepted === undefined ? {} : { 'aria-describedby': acceptedId })}
      >
        <legend>{t('evidenceKinds')}</legend>
        <div class="choices">
          {evidenceChoices(b).map((kind) => (
            <Check
              key={kind}
              label={evidenceName(kind, lang)}
              checked={b.evidenceKinds.includes(kind)}
              onChange={(on) =>
                edit((x) => {
                  x.evidenceKinds = toggle(x.evidenceKinds, kind, on);
                })
              }
            />
          ))}
        </div>
        {accepted !== undefined && (
          <small id={acceptedId} class="field-error">
            {accepted}
          </small>
        )}
      </fieldset>
      <fieldset
        data-field={`${at}.requiredDocuments`}
        {...(required === undefined ? {} : { 'aria-describedby': requiredId })}
      >
        <legend>{t('requiredDocuments')}</legend>
        <div class="choices">
          {evidenceChoices(b).map((kind) => (
            <Check
              key={kind}
              label={evidenceName(kind, lang)}
              checked={b.requiredDocuments.includes(kind)}
              onChange={(on) =>
                edit((x) => {
                  x.requiredDocuments = toggle(x.requiredDocuments, kind, on);
                })
              }
            />
          ))}
        </div>
        {required !== undefined && (
          <small id={requiredId} class="field-error">
            {required}
          </small>
        )}
      </fieldset>
      <TextField
        label={t('documentsWindowDays')}
        path={`${at}.documentsWindowDays`}
        errors={errors}
        mode="numeric"
        hint={t('documentsWindowHint')}
        value={b.documentsWindowDays}
        onInput={(v) =>
          edit((x) => {
            x.documentsWindowDays = v;
          })
        }
      />
    </fieldset>
  );
}
