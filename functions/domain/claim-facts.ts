import { factsSchemaFor } from '../schemas/claim-facts.ts';
import { isMoneyBenefit } from '../schemas/program-amounts.ts';
import type { ProgramVersion } from '../schemas/programs.ts';
import type { FieldError } from './errors.ts';

/**
 * The facts of a claim of `benefitId` under this program version, as field errors (`facts.rank`);
 * empty when they fit. An unknown or service benefit, or a retired program, is named as such.
 */
export function validateFacts(version: ProgramVersion, benefitId: string, facts: unknown): FieldError[] {
  if (version.retired) {
    return [{ field: 'program', message: `was retired on ${version.effectiveFrom}` }];
  }
  const benefit = version.benefits.find((b) => b.id === benefitId);
  if (benefit === undefined) {
    return [{ field: 'benefit', message: `is not a benefit of ${version.programId}` }];
  }
  if (!isMoneyBenefit(benefit)) {
    return [{ field: 'benefit', message: 'is a service: record it as a service visit' }];
  }
  const parsed = factsSchemaFor(benefit.amount).safeParse(facts);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    field: ['facts', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}
