import * as z from 'zod';
import { AmountRule, isMoneyBenefit } from './program-amounts.ts';
import {
  benefitId,
  benefitRequirement,
  evidenceKind,
  IsoDate,
  monthDay,
  positiveFen,
  programId,
  requirement,
  text,
  wholeNumber,
} from './program-fields.ts';

/**
 * Programs as versioned data. Admins POST new versions as JSON; `ProgramVersion.safeParse` rejects
 * anything inconsistent with a message on the field (`benefits.2.amount.capFen`). Money is integer
 * fen, ratios are integer basis points (10000 bp = 100%). Pure: no I/O.
 */

/** A campaign window on the claim date, `MM-DD` to `MM-DD` inclusive; `from` after `to` wraps the year end. */
export const CampaignWindow = z.strictObject({ from: monthDay, to: monthDay });
export type CampaignWindow = z.infer<typeof CampaignWindow>;

export const BenefitDef = z
  .strictObject({
    id: benefitId,
    zh: text,
    en: text,
    amount: AmountRule,
    /** Evidence kinds at least one of which must be given (at least one kind for money benefits). */
    evidenceKinds: z.array(evidenceKind),
    /** Benefit-level eligibility, on top of the program's. */
    requires: benefitRequirement.optional(),
    /** Per member, per calendar year of the incident, across claims of this benefit. */
    annualCapFen: positiveFen.nullable().optional(),
    maxClaimsPerYear: wholeNumber('claims').min(1, { error: 'must be 1 or more' }).nullable().optional(),
    window: CampaignWindow.nullable().optional(),
    /**
     * The benefit may be paid to someone other than the member (a death benefit goes to the family), when
     * the claim's evidence includes `relationEvidence`, the document that names the payee's relation.
     * Otherwise the payee must be the member, under the name the real-name registry holds.
     */
    beneficiaryAllowed: z.boolean().optional(),
    relationEvidence: evidenceKind.optional(),
    /**
     * The documents (evidence kinds) a claim must have uploaded and verified (STORED) before it goes to
     * approval; a claim missing one waits in AWAITING_DOCUMENTS. A subset of `evidenceKinds`.
     */
    requiredDocuments: z.array(evidenceKind).optional(),
    /** Days a claim waits for its missing required documents before it is rejected (absent: 30). */
    documentsWindowDays: wholeNumber('days')
      .min(1, { error: 'must be 1 day or more' })
      .max(365, { error: 'must be 365 days or fewer' })
      .optional(),
  })
  .superRefine((benefit, ctx) => {
    if (benefit.beneficiaryAllowed === true && benefit.relationEvidence === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['relationEvidence'],
        message: 'must name the evidence kind that shows the relation, for a benefit paid to a beneficiary',
      });
    }
    const money = benefit.amount.kind !== 'service';
    if (money && benefit.evidenceKinds.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['evidenceKinds'],
        message: 'must list at least one evidence kind for a benefit that pays money',
      });
    }
    if (new Set(benefit.evidenceKinds).size !== benefit.evidenceKinds.length) {
      ctx.addIssue({ code: 'custom', path: ['evidenceKinds'], message: 'must not repeat a kind' });
    }
    const required = benefit.requiredDocuments ?? [];
    // A money benefit without evidence kinds is refused above, once.
    const kindsKnown = !(money && benefit.evidenceKinds.length === 0);
    required.forEach((kind, i) => {
      if (kindsKnown && !benefit.evidenceKinds.includes(kind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requiredDocuments', i],
          message: `must be one of the benefit's evidenceKinds (${kind} is not)`,
        });
      }
    });
    if (new Set(required).size !== required.length) {
      ctx.addIssue({ code: 'custom', path: ['requiredDocuments'], message: 'must not repeat a kind' });
    }
    if (!money) {
      for (const field of ['annualCapFen', 'maxClaimsPerYear'] as const) {
        if (benefit[field] !== undefined && benefit[field] !== null) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'must be null or absent: a service benefit pays no money and takes no claims',
          });
        }
      }
    }
    const { amount, annualCapFen } = benefit;
    if (amount.kind === 'fixed' && annualCapFen != null && annualCapFen < amount.fen) {
      ctx.addIssue({
        code: 'custom',
        path: ['annualCapFen'],
        message: `must be at least the fixed amount (${amount.fen} fen), or the benefit could never pay`,
      });
    }
  });
export type BenefitDef = z.infer<typeof BenefitDef>;

/** Default approval timeouts (PROGRAMS.md / issue 4): a reminder after 24 hours, escalation after 72. */
export const DEFAULT_APPROVAL_TIMEOUTS = {
  remindAfterSeconds: 86_400,
  escalateAfterSeconds: 259_200,
} as const;

/**
 * How long an approval level waits for a decision: the approvers are reminded after
 * `remindAfterSeconds`, and the level escalates to the next tier after `escalateAfterSeconds`
 * (counted from the level's opening). At most 30 days, so a local timer can hold it.
 */
export const ApprovalTimeouts = z
  .strictObject({
    remindAfterSeconds: wholeNumber('seconds')
      .min(60, { error: 'must be 60 seconds or more' })
      .max(30 * 86_400, { error: 'must be 30 days or fewer' }),
    escalateAfterSeconds: wholeNumber('seconds')
      .min(120, { error: 'must be 120 seconds or more' })
      .max(30 * 86_400, { error: 'must be 30 days or fewer' }),
  })
  .superRefine((timeouts, ctx) => {
    if (timeouts.escalateAfterSeconds <= timeouts.remindAfterSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalateAfterSeconds'],
        message: 'must be later than remindAfterSeconds',
      });
    }
  });
export type ApprovalTimeouts = z.infer<typeof ApprovalTimeouts>;

export const ProgramVersion = z
  .strictObject({
    programId,
    version: z.string().trim().min(1, { error: 'must name the version, e.g. 2015.1' }).max(40),
    effectiveFrom: IsoDate,
    /** True: the program is retired (准入退出) from `effectiveFrom` on; nothing can be claimed. */
    retired: z.boolean({ error: 'must be true or false' }),
    zh: text,
    en: text,
    /** Days after the incident within which a claim must be submitted. */
    claimDeadlineDays: wholeNumber('days')
      .min(1, { error: 'must be 1 day or more' })
      .max(3660, { error: 'must be 3660 days or fewer' }),
    /** Days after joining before an incident counts. */
    waitingPeriodDays: wholeNumber('days')
      .min(0, { error: 'must not be negative' })
      .max(3660, { error: 'must be 3660 days or fewer' }),
    requires: requirement,
    /** Per member, per calendar year of the incident, across all claims of the program. */
    annualCapFen: positiveFen.nullable(),
    benefits: z.array(BenefitDef),
    /** Reminder and escalation of approval levels; absent: DEFAULT_APPROVAL_TIMEOUTS. */
    approvalTimeouts: ApprovalTimeouts.optional(),
  })
  .superRefine((version, ctx) => {
    const seen = new Set<string>();
    version.benefits.forEach((benefit, i) => {
      if (seen.has(benefit.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['benefits', i, 'id'],
          message: `repeats benefit ${benefit.id}`,
        });
      }
      seen.add(benefit.id);
    });
    if (!version.retired && version.benefits.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['benefits'],
        message: 'must list at least one benefit (or set retired: true)',
      });
    }
    if (version.annualCapFen !== null && !version.benefits.some(isMoneyBenefit)) {
      ctx.addIssue({
        code: 'custom',
        path: ['annualCapFen'],
        message: 'must be null: the program has no benefit that pays money',
      });
    }
  });
export type ProgramVersion = z.infer<typeof ProgramVersion>;

function changeReason(why: string) {
  return z
    .string({ error: why })
    .trim()
    .min(2, { error: why })
    .max(500, { error: 'must be 500 characters or fewer' });
}

/** POST /programs/{programId}/retire: from `effectiveFrom` on, the program takes no new claims. */
export const RetireRequest = z.object({
  effectiveFrom: IsoDate,
  reason: changeReason('must say why the program is retired'),
});
/** DELETE /programs/{programId}/retire: a retirement not yet in force is withdrawn. */
export const WithdrawRetirementRequest = z.object({
  reason: changeReason('must say why the retirement is withdrawn'),
});

/** The zod schemas under explicit names, for callers that prefer them to the value/type pairs. */
export const ProgramVersionSchema = ProgramVersion;
export const BenefitDefSchema = BenefitDef;
export const AmountRuleSchema = AmountRule;
