import * as z from 'zod';
import type { AmountRule } from './program-amounts.ts';

const competitionName = z
  .string({ error: 'must be the name of the competition' })
  .trim()
  .min(2, { error: 'must be the name of the competition' })
  .max(120);

function factsInteger(what: string, min: number, max: number) {
  return z
    .number({ error: `must be a number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .min(min, { error: `must be ${min} or more` })
    .max(max, { error: `must be ${max} or less` });
}

/** Costs and losses a member documents: integer fen, more than 0, below 100 000 000 CNY. */
const factsFen = z
  .number({ error: 'must be a number of fen' })
  .int({ error: 'must be whole fen (integer)' })
  .positive({ error: 'must be more than 0' })
  .max(1_000_000_000_00, { error: 'is implausibly large' });

/** The facts a claim of a benefit with this amount rule must carry, as a strict object. */
export function factsSchemaFor(amount: AmountRule): z.ZodType<Record<string, unknown>> {
  switch (amount.kind) {
    case 'fixed':
    case 'service':
      return z.strictObject({});
    case 'byRank':
      return z.strictObject({ competitionName, rank: factsInteger('a rank', 1, 1_000_000) });
    case 'byDisabilityLevel':
      return z.strictObject({
        disabilityLevel: z
          .number({ error: `must be a disability level from 1 to ${amount.levels}` })
          .int({ error: 'must be a whole number' })
          .min(1, { error: `must be a disability level from 1 to ${amount.levels}` })
          .max(amount.levels, { error: `must be a disability level from 1 to ${amount.levels}` }),
      });
    case 'lossUpToCap':
      return z.strictObject({ lossFen: factsFen });
    case 'ratioAboveDeductible':
      return z.strictObject({ costsFen: factsFen });
    case 'dailyAllowance':
      return z.strictObject({ days: factsInteger('days', 1, 366) });
  }
}
