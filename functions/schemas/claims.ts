import * as z from 'zod';

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
