import * as z from 'zod';
import { nonNegativeFen, positiveFen, wholeNumber } from './program-fields.ts';

export const AMOUNT_KINDS = [
  'fixed',
  'byRank',
  'byDisabilityLevel',
  'lossUpToCap',
  'ratioAboveDeductible',
  'dailyAllowance',
  'service',
] as const;

/** How a benefit's amount follows from the claim's facts. */
export const AmountRule = z.discriminatedUnion(
  'kind',
  [
    /** A fixed sum. */
    z.strictObject({ kind: z.literal('fixed'), fen: positiveFen }),
    /** Competition rank bands: the first band whose `maxRank` ≥ rank pays; ranks beyond the last pay nothing. */
    z
      .strictObject({
        kind: z.literal('byRank'),
        bands: z
          .array(
            z.strictObject({
              maxRank: wholeNumber('a rank').min(1, { error: 'must be 1 or more' }),
              fen: positiveFen,
            }),
          )
          .min(1, { error: 'must list at least one band' }),
      })
      .superRefine((rule, ctx) => {
        rule.bands.forEach((band, i) => {
          const previous = rule.bands[i - 1];
          if (previous !== undefined && band.maxRank <= previous.maxRank) {
            ctx.addIssue({
              code: 'custom',
              path: ['bands', i, 'maxRank'],
              message: `must be above the previous band's maxRank (${previous.maxRank})`,
            });
          }
        });
      }),
    /** Disability level k (1 = most severe … levels) pays base × (levels + 1 − k) / levels. */
    z.strictObject({
      kind: z.literal('byDisabilityLevel'),
      baseFen: positiveFen,
      levels: wholeNumber('a count of levels')
        .min(1, { error: 'must be 1 or more' })
        .max(100, { error: 'must be 100 or fewer' }),
    }),
    /** The documented loss (`facts.lossFen`), up to a cap. */
    z.strictObject({ kind: z.literal('lossUpToCap'), capFen: positiveFen }),
    /**
     * Documented costs (`facts.costsFen`) above the deductible not yet met, times the ratio, rounded down
     * to the fen, at most `capFen` a claim. A `year` deductible is met by the member's earlier documented
     * costs of the benefit in the calendar year; a `claim` deductible applies to each claim (admission).
     */
    z.strictObject({
      kind: z.literal('ratioAboveDeductible'),
      deductibleFen: nonNegativeFen,
      deductiblePer: z.enum(['claim', 'year'], { error: 'must be claim or year' }),
      ratioBp: wholeNumber('basis points')
        .min(1, { error: 'must be 1 to 10000 basis points' })
        .max(10_000, { error: 'must be 1 to 10000 basis points' }),
      capFen: positiveFen.nullable(),
    }),
    /** A sum per day (`facts.days`), at most `maxDaysPerYear` days in the calendar year of the incident. */
    z.strictObject({
      kind: z.literal('dailyAllowance'),
      perDayFen: positiveFen,
      maxDaysPerYear: wholeNumber('days')
        .min(1, { error: 'must be 1 to 366 days' })
        .max(366, { error: 'must be 1 to 366 days' }),
    }),
    /** A service, not money: recorded as a real-name service visit, never claimable. */
    z.strictObject({ kind: z.literal('service') }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? `must be one of ${AMOUNT_KINDS.join(', ')}` : undefined,
  },
);
export type AmountRule = z.infer<typeof AmountRule>;

/** Does the benefit pay money (and so go through a claim)? Services are recorded as visits instead. */
export function isMoneyBenefit(benefit: { readonly amount: AmountRule }): boolean {
  return benefit.amount.kind !== 'service';
}
