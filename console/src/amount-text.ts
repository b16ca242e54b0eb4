/** A program benefit's amount rule in words, for the Programs page and its form's change summary. */
import { cny } from './format.ts';
import type { Key } from './i18n.ts';
import { type AmountRule, percentOfBp } from './program-form.ts';

/** A benefit's amount rule in words, amounts in CNY from integer fen. */
export function amountText(rule: AmountRule, t: (key: Key) => string): string {
  switch (rule.kind) {
    case 'fixed':
      return `${t('amount_fixed')} ${cny(rule.fen)}`;
    case 'byRank':
      return `${t('amount_byRank')}: ${rule.bands.map((b) => `${t('rankUpTo')} ${b.maxRank} ${cny(b.fen)}`).join('；')}`;
    case 'byDisabilityLevel':
      return `${t('amount_byDisabilityLevel')}: 1–${rule.levels} ${t('levelsOf')} ${cny(rule.baseFen)}`;
    case 'lossUpToCap':
      return `${t('amount_lossUpToCap')} ${cny(rule.capFen)}`;
    case 'ratioAboveDeductible':
      return (
        `${t('amount_ratioAboveDeductible')}: ${t('deductible')} ${cny(rule.deductibleFen)} ` +
        `(${t(rule.deductiblePer === 'claim' ? 'perClaim' : 'perYear')}), ${t('ratio')} ${percentOfBp(rule.ratioBp)}%` +
        (rule.capFen === null ? '' : `, ${t('capPerClaim')} ${cny(rule.capFen)}`)
      );
    case 'dailyAllowance':
      return `${t('amount_dailyAllowance')} ${cny(rule.perDayFen)}, ${t('maxDays')} ${rule.maxDaysPerYear} ${t('days')}`;
    case 'service':
      return t('amount_service');
  }
}
