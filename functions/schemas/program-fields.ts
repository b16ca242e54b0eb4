import * as z from 'zod';

/** The fields program versions are made of: ids, texts, dates, money in integer fen, requirements. */

const ID = /^[a-z][a-z-]{1,39}$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
/** Days in each month; February allows the 29th so that a window can end on a leap day. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** Nothing the federation pays comes near this: 1 000 000 CNY. Guards against a unit mix-up (yuan vs fen). */
const MAX_FEN = 1_000_000_00;

export const programId = z.string().regex(ID, { error: 'must be a lower-case id such as skill-boost' });
export const benefitId = z.string().regex(ID, { error: 'must be a lower-case id such as technician' });
export const evidenceKind = z.string().regex(ID, { error: 'must be an evidence kind such as invoice' });
export const text = z.string().trim().min(1, { error: 'must not be empty' }).max(120);
/** A calendar date that exists (`2026-12-32` and `2026-02-29` do not), as YYYY-MM-DD. */
export const IsoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

export function wholeNumber(what: string) {
  return z.number({ error: `must be a number (${what})` }).int({ error: `must be a whole number (${what})` });
}

/** An amount of money: integer fen, more than zero. */
export const positiveFen = wholeNumber('integer fen')
  .min(1, { error: 'must be more than 0 fen' })
  .max(MAX_FEN, { error: 'is implausibly large (more than 1 000 000 CNY)' });
/** An amount of money that may be zero (a deductible). */
export const nonNegativeFen = wholeNumber('integer fen')
  .min(0, { error: 'must not be negative' })
  .max(MAX_FEN, { error: 'is implausibly large (more than 1 000 000 CNY)' });

export const monthDay = z.string().refine(
  (value) => {
    const match = MONTH_DAY.exec(value);
    if (match === null) return false;
    const month = Number(match[1]);
    const day = Number(match[2]);
    const days = DAYS_IN_MONTH[month - 1];
    return days !== undefined && day >= 1 && day <= days;
  },
  { error: 'must be a day of the year as MM-DD, e.g. 12-15' },
);

export const REQUIREMENTS = ['none', 'hardship', 'modelWorker', 'hardshipOrModelWorker'] as const;
export const BENEFIT_REQUIREMENTS = [...REQUIREMENTS, 'female'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];
export type BenefitRequirement = (typeof BENEFIT_REQUIREMENTS)[number];

export const requirement = z.enum(REQUIREMENTS, { error: `must be one of ${REQUIREMENTS.join(', ')}` });
export const benefitRequirement = z.enum(BENEFIT_REQUIREMENTS, {
  error: `must be one of ${BENEFIT_REQUIREMENTS.join(', ')}`,
});
