import { z } from 'zod';

const isoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

const fen = z
  .number({ error: 'must be a number of fen' })
  .int({ error: 'must be whole fen (integer)' })
  .positive({ error: 'must be more than 0' })
  .max(1_000_000_000_00, { error: 'is implausibly large' });

/** Program facts, one schema per `program/benefit`. */
export const FACTS_SCHEMAS: Readonly<Record<string, z.ZodType<Record<string, unknown>>>> = {
  'skill-boost/technician': z.strictObject({}),
  'skill-boost/senior-technician': z.strictObject({}),
  'skill-boost/competition': z.strictObject({
    competitionName: z.string().trim().min(2).max(120),
    rank: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be 1 or more' }),
  }),
  'accident-protection/disability': z.strictObject({
    disabilityLevel: z
      .number()
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be a disability level from 1 to 10' })
      .max(10, { error: 'must be a disability level from 1 to 10' }),
  }),
  'accident-protection/death': z.strictObject({}),
  'accident-protection/fire': z.strictObject({ lossFen: fen }),
  'accident-protection/flood': z.strictObject({ lossFen: fen }),
};

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

/** The body of `POST /claims`. */
export const ClaimSubmission = z
  .strictObject({
    program: z.string().regex(/^[a-z][a-z-]{1,39}$/, { error: 'must be a program id such as skill-boost' }),
    benefit: z.string().regex(/^[a-z][a-z-]{1,39}$/, { error: 'must be a benefit id such as technician' }),
    memberId: z.string().regex(/^M\d{6,9}$/, { error: 'must be a member id such as M000001' }),
    incidentDate: isoDate,
    facts: z.record(z.string(), z.unknown()).default({}),
    evidence: z.array(evidence).min(1, { error: 'must list at least one document' }).max(20),
    payee,
  })
  .superRefine((claim, ctx) => {
    const factsSchema = FACTS_SCHEMAS[`${claim.program}/${claim.benefit}`];
    if (factsSchema === undefined) {
      const programKnown = Object.keys(FACTS_SCHEMAS).some((key) => key.startsWith(`${claim.program}/`));
      ctx.addIssue({
        code: 'custom',
        path: programKnown ? ['benefit'] : ['program'],
        message: programKnown
          ? `is not a benefit of ${claim.program}`
          : 'is not a program that pays money through claims',
      });
      return;
    }
    const facts = factsSchema.safeParse(claim.facts);
    if (!facts.success) {
      for (const issue of facts.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['facts', ...issue.path], message: issue.message });
      }
    }
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
