import * as z from 'zod';
import { factsSchemaFor, isMoneyBenefit, type ProgramVersion } from './programs/schema.ts';

const isoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

const evidence = z.strictObject({
  kind: z.string().regex(/^[a-z][a-z-]{1,39}$/, { error: 'must be an evidence kind such as certificate' }),
  number: z
    .string()
    .trim()
    .min(3, { error: 'must be the document number' })
    .max(64)
    .regex(/^[\p{L}\p{N}\-_/#.]+$/u, { error: 'may hold letters, digits and - _ / # . only' }),
});

const payee = z.strictObject({
  name: z.string().trim().min(1).max(60),
  bankName: z.string().trim().min(2).max(80),
  accountNumber: z.string().regex(/^\d{12,30}$/, { error: 'must be 12 to 30 digits' }),
});

/** The body of `PUT /claims/{claimId}/payee`: corrected bank details after the bank returned a payout. */
export const PayeeDetails = payee;

/**
 * The body of `POST /claims`: its shape only. The facts a benefit needs depend on the program version
 * in force on the incident date: check them with `validateFacts`.
 */
export const ClaimSubmission = z.strictObject({
  program: z.string().regex(/^[a-z][a-z-]{1,39}$/, { error: 'must be a program id such as skill-boost' }),
  benefit: z.string().regex(/^[a-z][a-z-]{1,39}$/, { error: 'must be a benefit id such as technician' }),
  memberId: z.string().regex(/^M\d{6,9}$/, { error: 'must be a member id such as M000001' }),
  /** The member's name as the claimant writes it: checked against the real-name registry. */
  memberName: z.string().trim().min(1).max(60).optional(),
  incidentDate: isoDate,
  facts: z.record(z.string(), z.unknown()).default({}),
  evidence: z.array(evidence).min(1, { error: 'must list at least one document' }).max(20),
  payee,
});

export type ClaimSubmission = z.infer<typeof ClaimSubmission>;

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** zod issues as `{field, message}` with dotted field paths (`payee.accountNumber`, `evidence.0.number`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

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
