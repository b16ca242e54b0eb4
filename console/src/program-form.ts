/**
 * The Programs page's form for a new program version, as pure functions: amounts typed in CNY to integer
 * fen and percentages to basis points with string arithmetic only (never a float on money), the version in
 * force to the form's fields and back (every field the form does not show is kept as it is), and what
 * changes between the two, for the admin to confirm before saving. No DOM, no I/O.
 */
import { EVIDENCE_LABELS } from '../../functions/domain/programs/labels.ts';
import { evidenceName } from './evidence.ts';

/** How a benefit's amount follows from the claim's facts (functions/schemas/program-amounts.ts). */
export type AmountRule =
  | { kind: 'fixed'; fen: number }
  | { kind: 'byRank'; bands: { maxRank: number; fen: number }[] }
  | { kind: 'byDisabilityLevel'; baseFen: number; levels: number }
  | { kind: 'lossUpToCap'; capFen: number }
  | {
      kind: 'ratioAboveDeductible';
      deductibleFen: number;
      deductiblePer: 'claim' | 'year';
      ratioBp: number;
      capFen: number | null;
    }
  | { kind: 'dailyAllowance'; perDayFen: number; maxDaysPerYear: number }
  | { kind: 'service' };

export interface Benefit {
  id: string;
  zh: string;
  en: string;
  amount: AmountRule;
  evidenceKinds: string[];
  annualCapFen?: number | null;
  maxClaimsPerYear?: number | null;
  requiredDocuments?: string[];
  documentsWindowDays?: number;
  [other: string]: unknown;
}
export interface Version {
  programId: string;
  version: string;
  effectiveFrom: string;
  retired: boolean;
  zh: string;
  en: string;
  claimDeadlineDays: number;
  waitingPeriodDays: number;
  annualCapFen: number | null;
  benefits: Benefit[];
  approvalTimeouts?: { remindAfterSeconds: number; escalateAfterSeconds: number };
  [other: string]: unknown;
}

/** The programs' defaults when a version names no approval times (DEFAULT_APPROVAL_TIMEOUTS). */
export const DEFAULT_TIMEOUTS = { remindAfterSeconds: 86_400, escalateAfterSeconds: 259_200 };

/** Why a field of the form is refused before anything is sent; each is a string of the console (i18n). */
export type FormProblem =
  | 'formRequired'
  | 'formCny'
  | 'formCnyNegative'
  | 'formPercent'
  | 'formWhole'
  | 'formDateAfter'
  | 'formRequiredNotAccepted';

/** A refused field: its path as the API names it (`benefits.0.amount.fen`) and why. */
export interface FormError {
  field: string;
  problem: FormProblem;
}

type Parsed = { ok: true; value: number } | { ok: false; problem: FormProblem };

/** A decimal typed with up to `places` decimals → the integer of it times 10^places, by string arithmetic. */
function scaled(text: string, places: number, invalid: FormProblem): Parsed {
  const plain = text.replace(/[,，¥\s]/g, '');
  if (plain === '') return { ok: false, problem: 'formRequired' };
  if (/^-/.test(plain)) return { ok: false, problem: 'formCnyNegative' };
  const match = /^(\d{1,12})(?:\.(\d*))?$/.exec(plain);
  const decimals = match?.[2] ?? '';
  if (match === null || decimals.length > places) return { ok: false, problem: invalid };
  const digits = `${match[1]}${decimals.padEnd(places, '0')}`.replace(/^0+(?=\d)/, '');
  return { ok: true, value: Number(digits) };
}

/** `"12.3"` CNY → 1230 fen; more than 2 decimals, a negative or no amount is refused with its reason. */
export function fenOfCny(text: string): Parsed {
  return scaled(text, 2, 'formCny');
}

/** 1230 fen → `"12.30"`, 50000 → `"500"`: how the form shows an amount to edit. */
export function cnyOfFen(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(yuan) : `${yuan}.${String(cents).padStart(2, '0')}`;
}

/** `"75.5"` percent → 7550 basis points; up to 2 decimals. */
export function bpOfPercent(text: string): Parsed {
  const parsed = scaled(text, 2, 'formPercent');
  return !parsed.ok && parsed.problem === 'formCnyNegative' ? { ok: false, problem: 'formPercent' } : parsed;
}

/** 7550 basis points → `"75.5"` percent. */
export function percentOfBp(bp: number): string {
  const rest = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${Math.floor(bp / 100)}${rest === '' ? '' : `.${rest}`}`;
}

/** A whole number typed (days, a rank, levels). */
function wholeOf(text: string): Parsed {
  const plain = text.trim();
  if (plain === '') return { ok: false, problem: 'formRequired' };
  return /^\d{1,9}$/.test(plain) ? { ok: true, value: Number(plain) } : { ok: false, problem: 'formWhole' };
}

/** Hours with up to 2 decimals → whole seconds (36 per hundredth of an hour, so always whole). */
function secondsOfHours(text: string): Parsed {
  const parsed = scaled(text, 2, 'formWhole');
  if (!parsed.ok) return parsed.problem === 'formCnyNegative' ? { ok: false, problem: 'formWhole' } : parsed;
  return { ok: true, value: parsed.value * 36 };
}

const hoursOfSeconds = (seconds: number) => percentOfBp(Math.round(seconds / 36));

/** Hours as typed; the version in force's seconds when they are shown unchanged (they may not be whole 0.01 h). */
const keptSeconds = (text: string, seconds: number): Parsed =>
  text.trim() === hoursOfSeconds(seconds) ? { ok: true, value: seconds } : secondsOfHours(text);

/** A benefit's amount rule as the form edits it: every parameter as typed. */
export interface AmountDraft {
  kind: AmountRule['kind'];
  fen: string;
  bands: { maxRank: string; fen: string }[];
  baseFen: string;
  levels: string;
  capFen: string;
  deductibleFen: string;
  deductiblePer: 'claim' | 'year';
  ratioPercent: string;
  ratioCapped: boolean;
  perDayFen: string;
  maxDaysPerYear: string;
}

export interface BenefitDraft {
  id: string;
  zh: string;
  en: string;
  amount: AmountDraft;
  capped: boolean;
  annualCap: string;
  limited: boolean;
  maxClaimsPerYear: string;
  evidenceKinds: string[];
  requiredDocuments: string[];
  /** Empty: the schema's default (the field stays absent). */
  documentsWindowDays: string;
}

export interface VersionDraft {
  version: string;
  effectiveFrom: string;
  zh: string;
  en: string;
  capped: boolean;
  annualCap: string;
  claimDeadlineDays: string;
  waitingPeriodDays: string;
  remindHours: string;
  escalateHours: string;
  benefits: BenefitDraft[];
}

function amountDraft(rule: AmountRule): AmountDraft {
  const draft: AmountDraft = {
    kind: rule.kind,
    fen: '',
    bands: [],
    baseFen: '',
    levels: '',
    capFen: '',
    deductibleFen: '',
    deductiblePer: 'claim',
    ratioPercent: '',
    ratioCapped: false,
    perDayFen: '',
    maxDaysPerYear: '',
  };
  switch (rule.kind) {
    case 'fixed':
      return { ...draft, fen: cnyOfFen(rule.fen) };
    case 'byRank':
      return {
        ...draft,
        bands: rule.bands.map((b) => ({ maxRank: String(b.maxRank), fen: cnyOfFen(b.fen) })),
      };
    case 'byDisabilityLevel':
      return { ...draft, baseFen: cnyOfFen(rule.baseFen), levels: String(rule.levels) };
    case 'lossUpToCap':
      return { ...draft, capFen: cnyOfFen(rule.capFen) };
    case 'ratioAboveDeductible':
      return {
        ...draft,
        deductibleFen: cnyOfFen(rule.deductibleFen),
        deductiblePer: rule.deductiblePer,
        ratioPercent: percentOfBp(rule.ratioBp),
        ratioCapped: rule.capFen !== null,
        capFen: rule.capFen === null ? '' : cnyOfFen(rule.capFen),
      };
    case 'dailyAllowance':
      return { ...draft, perDayFen: cnyOfFen(rule.perDayFen), maxDaysPerYear: String(rule.maxDaysPerYear) };
    case 'service':
      return draft;
  }
}

/** The form's fields, prefilled from the version in force; the new version's id and date are left to type. */
export function draftOf(base: Version): VersionDraft {
  const timeouts = base.approvalTimeouts ?? DEFAULT_TIMEOUTS;
  return {
    version: '',
    effectiveFrom: '',
    zh: base.zh,
    en: base.en,
    capped: base.annualCapFen !== null,
    annualCap: base.annualCapFen === null ? '' : cnyOfFen(base.annualCapFen),
    claimDeadlineDays: String(base.claimDeadlineDays),
    waitingPeriodDays: String(base.waitingPeriodDays),
    remindHours: hoursOfSeconds(timeouts.remindAfterSeconds),
    escalateHours: hoursOfSeconds(timeouts.escalateAfterSeconds),
    benefits: base.benefits.map((b) => ({
      id: b.id,
      zh: b.zh,
      en: b.en,
      amount: amountDraft(b.amount),
      capped: b.annualCapFen != null,
      annualCap: b.annualCapFen == null ? '' : cnyOfFen(b.annualCapFen),
      limited: b.maxClaimsPerYear != null,
      maxClaimsPerYear: b.maxClaimsPerYear == null ? '' : String(b.maxClaimsPerYear),
      evidenceKinds: [...b.evidenceKinds],
      requiredDocuments: [...(b.requiredDocuments ?? [])],
      documentsWindowDays: b.documentsWindowDays === undefined ? '' : String(b.documentsWindowDays),
    })),
  };
}

/** Collects a form's refusals while reading its fields. */
class Reader {
  readonly errors: FormError[] = [];
  read(field: string, parsed: Parsed): number {
    if (parsed.ok) return parsed.value;
    this.errors.push({ field, problem: parsed.problem });
    return 0;
  }
  text(field: string, value: string): string {
    if (value.trim() === '') this.errors.push({ field, problem: 'formRequired' });
    return value.trim();
  }
}

function amountOf(r: Reader, at: string, d: AmountDraft): AmountRule {
  switch (d.kind) {
    case 'fixed':
      return { kind: 'fixed', fen: r.read(`${at}.fen`, fenOfCny(d.fen)) };
    case 'byRank':
      return {
        kind: 'byRank',
        bands: d.bands.map((b, i) => ({
          maxRank: r.read(`${at}.bands.${i}.maxRank`, wholeOf(b.maxRank)),
          fen: r.read(`${at}.bands.${i}.fen`, fenOfCny(b.fen)),
        })),
      };
    case 'byDisabilityLevel':
      return {
        kind: 'byDisabilityLevel',
        baseFen: r.read(`${at}.baseFen`, fenOfCny(d.baseFen)),
        levels: r.read(`${at}.levels`, wholeOf(d.levels)),
      };
    case 'lossUpToCap':
      return { kind: 'lossUpToCap', capFen: r.read(`${at}.capFen`, fenOfCny(d.capFen)) };
    case 'ratioAboveDeductible':
      return {
        kind: 'ratioAboveDeductible',
        deductibleFen: r.read(`${at}.deductibleFen`, fenOfCny(d.deductibleFen)),
        deductiblePer: d.deductiblePer,
        ratioBp: r.read(`${at}.ratioBp`, bpOfPercent(d.ratioPercent)),
        capFen: d.ratioCapped ? r.read(`${at}.capFen`, fenOfCny(d.capFen)) : null,
      };
    case 'dailyAllowance':
      return {
        kind: 'dailyAllowance',
        perDayFen: r.read(`${at}.perDayFen`, fenOfCny(d.perDayFen)),
        maxDaysPerYear: r.read(`${at}.maxDaysPerYear`, wholeOf(d.maxDaysPerYear)),
      };
    case 'service':
      return { kind: 'service' };
  }
}

/**
 * The new version: the version in force with only what the form edits overwritten (every other field,
 * e.g. `requires`, a benefit's `window` or `beneficiaryAllowed`, kept as it is), or the fields refused.
 */
export function versionOf(
  base: Version,
  d: VersionDraft,
): { ok: true; version: Version } | { ok: false; errors: FormError[] } {
  const r = new Reader();
  const timeouts = base.approvalTimeouts ?? DEFAULT_TIMEOUTS;
  const effectiveFrom = r.text('effectiveFrom', d.effectiveFrom);
  if (effectiveFrom !== '' && effectiveFrom <= base.effectiveFrom)
    r.errors.push({ field: 'effectiveFrom', problem: 'formDateAfter' });
  const version: Version = {
    ...structuredClone(base),
    version: r.text('version', d.version),
    effectiveFrom,
    zh: r.text('zh', d.zh),
    en: r.text('en', d.en),
    annualCapFen: d.capped ? r.read('annualCapFen', fenOfCny(d.annualCap)) : null,
    claimDeadlineDays: r.read('claimDeadlineDays', wholeOf(d.claimDeadlineDays)),
    waitingPeriodDays: r.read('waitingPeriodDays', wholeOf(d.waitingPeriodDays)),
    approvalTimeouts: {
      remindAfterSeconds: r.read(
        'approvalTimeouts.remindAfterSeconds',
        keptSeconds(d.remindHours, timeouts.remindAfterSeconds),
      ),
      escalateAfterSeconds: r.read(
        'approvalTimeouts.escalateAfterSeconds',
        keptSeconds(d.escalateHours, timeouts.escalateAfterSeconds),
      ),
    },
    benefits: base.benefits.map((b, i) => {
      const bd = d.benefits[i];
      if (bd === undefined) return structuredClone(b);
      const at = `benefits.${i}`;
      const next: Benefit = {
        ...structuredClone(b),
        zh: r.text(`${at}.zh`, bd.zh),
        en: r.text(`${at}.en`, bd.en),
        amount: amountOf(r, `${at}.amount`, bd.amount),
        evidenceKinds: [...bd.evidenceKinds],
      };
      if (bd.capped) next.annualCapFen = r.read(`${at}.annualCapFen`, fenOfCny(bd.annualCap));
      else if (b.annualCapFen !== undefined) next.annualCapFen = null;
      if (bd.limited) next.maxClaimsPerYear = r.read(`${at}.maxClaimsPerYear`, wholeOf(bd.maxClaimsPerYear));
      else if (b.maxClaimsPerYear !== undefined) next.maxClaimsPerYear = null;
      if (bd.requiredDocuments.length > 0 || b.requiredDocuments !== undefined)
        next.requiredDocuments = [...bd.requiredDocuments];
      bd.requiredDocuments.forEach((kind, k) => {
        if (!bd.evidenceKinds.includes(kind))
          r.errors.push({ field: `${at}.requiredDocuments.${k}`, problem: 'formRequiredNotAccepted' });
      });
      if (bd.documentsWindowDays.trim() !== '')
        next.documentsWindowDays = r.read(`${at}.documentsWindowDays`, wholeOf(bd.documentsWindowDays));
      else delete next.documentsWindowDays;
      return next;
    }),
  };
  if (base.approvalTimeouts === undefined && sameTimeouts(version, DEFAULT_TIMEOUTS))
    delete version.approvalTimeouts;
  return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, version };
}

const sameTimeouts = (v: Version, t: typeof DEFAULT_TIMEOUTS) =>
  v.approvalTimeouts?.remindAfterSeconds === t.remindAfterSeconds &&
  v.approvalTimeouts.escalateAfterSeconds === t.escalateAfterSeconds;

/** The evidence kinds to offer as checkboxes: every kind the console names, then any other the benefit has. */
export function evidenceChoices(benefit: BenefitDraft): string[] {
  const known = Object.keys(EVIDENCE_LABELS);
  const extra = [...benefit.evidenceKinds, ...benefit.requiredDocuments].filter((k) => !known.includes(k));
  return [...known, ...new Set(extra)];
}

/** What a change is about, in the page's words (a console string), and its values before and after. */
export type ChangeField =
  | 'version'
  | 'effectiveFrom'
  | 'nameZh'
  | 'nameEn'
  | 'annualCap'
  | 'claimDeadline'
  | 'waitingPeriod'
  | 'remindAfter'
  | 'escalateAfter'
  | 'amount'
  | 'maxClaimsPerYear'
  | 'evidenceKinds'
  | 'requiredDocuments'
  | 'documentsWindow';

export interface Change {
  /** The benefit's name in the page's language, or null for the program itself. */
  benefit: string | null;
  field: ChangeField;
  from: string;
  to: string;
}

/** Words a change's values need, in the page's language. */
export interface ChangeWords {
  lang: 'zh' | 'en';
  noCap: string;
  none: string;
  /** An amount rule in words (the page's amountText). */
  amount: (rule: AmountRule) => string;
}

const money = (fen: number | null | undefined, w: ChangeWords) =>
  fen == null ? w.noCap : `CNY ${cnyOfFen(fen)}`;

/** The amount rule's change, in CNY where it is one sum (`CNY 500 → 600`), else the rule in words. */
function amountChange(from: AmountRule, to: AmountRule, w: ChangeWords): [string, string] | null {
  if (JSON.stringify(from) === JSON.stringify(to)) return null;
  const single = (rule: AmountRule) =>
    rule.kind === 'fixed' ? rule.fen : rule.kind === 'lossUpToCap' ? rule.capFen : null;
  const a = single(from);
  const b = single(to);
  if (from.kind === to.kind && a !== null && b !== null) return [`CNY ${cnyOfFen(a)}`, cnyOfFen(b)];
  return [w.amount(from), w.amount(to)];
}

/** What the new version changes against the version in force, one line a field, for the admin to confirm. */
export function changesOf(base: Version, next: Version, w: ChangeWords): Change[] {
  const changes: Change[] = [];
  const add = (benefit: string | null, field: ChangeField, from: string, to: string) => {
    if (from !== to) changes.push({ benefit, field, from, to });
  };
  add(null, 'version', base.version, next.version);
  add(null, 'effectiveFrom', base.effectiveFrom, next.effectiveFrom);
  add(null, 'nameZh', base.zh, next.zh);
  add(null, 'nameEn', base.en, next.en);
  add(null, 'annualCap', money(base.annualCapFen, w), money(next.annualCapFen, w));
  add(null, 'claimDeadline', String(base.claimDeadlineDays), String(next.claimDeadlineDays));
  add(null, 'waitingPeriod', String(base.waitingPeriodDays), String(next.waitingPeriodDays));
  const was = base.approvalTimeouts ?? DEFAULT_TIMEOUTS;
  const is = next.approvalTimeouts ?? DEFAULT_TIMEOUTS;
  add(null, 'remindAfter', hoursOfSeconds(was.remindAfterSeconds), hoursOfSeconds(is.remindAfterSeconds));
  add(
    null,
    'escalateAfter',
    hoursOfSeconds(was.escalateAfterSeconds),
    hoursOfSeconds(is.escalateAfterSeconds),
  );
  const kinds = (list: string[] | undefined) =>
    (list ?? []).map((k) => evidenceName(k, w.lang)).join('、') || w.none;
  next.benefits.forEach((b, i) => {
    const old = base.benefits[i];
    if (old === undefined) return;
    const name = b[w.lang];
    add(name, 'nameZh', old.zh, b.zh);
    add(name, 'nameEn', old.en, b.en);
    const amount = amountChange(old.amount, b.amount, w);
    if (amount !== null) changes.push({ benefit: name, field: 'amount', from: amount[0], to: amount[1] });
    add(name, 'annualCap', money(old.annualCapFen, w), money(b.annualCapFen, w));
    add(
      name,
      'maxClaimsPerYear',
      String(old.maxClaimsPerYear ?? w.noCap),
      String(b.maxClaimsPerYear ?? w.noCap),
    );
    add(name, 'evidenceKinds', kinds(old.evidenceKinds), kinds(b.evidenceKinds));
    add(name, 'requiredDocuments', kinds(old.requiredDocuments), kinds(b.requiredDocuments));
    add(
      name,
      'documentsWindow',
      String(old.documentsWindowDays ?? '30'),
      String(b.documentsWindowDays ?? '30'),
    );
  });
  return changes;
}
