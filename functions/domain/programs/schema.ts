import { z } from 'zod';

/**
 * Programs as versioned data. Admins POST new versions as JSON; `ProgramVersion.safeParse` rejects
 * anything inconsistent with a message on the field (`benefits.2.amount.capFen`). Money is integer
 * fen, ratios are integer basis points (10000 bp = 100%). Pure: no I/O.
 */

const ID = /^[a-z][a-z-]{1,39}$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
/** Days in each month; February allows the 29th so that a window can end on a leap day. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** Nothing the federation pays comes near this: 1 000 000 CNY. Guards against a unit mix-up (yuan vs fen). */
const MAX_FEN = 1_000_000_00;

const programId = z.string().regex(ID, { error: 'must be a lower-case id such as skill-boost' });
const benefitId = z.string().regex(ID, { error: 'must be a lower-case id such as technician' });
const evidenceKind = z.string().regex(ID, { error: 'must be an evidence kind such as invoice' });
const text = z.string().trim().min(1, { error: 'must not be empty' }).max(120);
/** A calendar date that exists (`2026-12-32` and `2026-02-29` do not), as YYYY-MM-DD. */
export const IsoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

function wholeNumber(what: string) {
  return z.number({ error: `must be a number (${what})` }).int({ error: `must be a whole number (${what})` });
}

/** An amount of money: integer fen, more than zero. */
const positiveFen = wholeNumber('integer fen')
  .min(1, { error: 'must be more than 0 fen' })
  .max(MAX_FEN, { error: 'is implausibly large (more than 1 000 000 CNY)' });
/** An amount of money that may be zero (a deductible). */
const nonNegativeFen = wholeNumber('integer fen')
  .min(0, { error: 'must not be negative' })
  .max(MAX_FEN, { error: 'is implausibly large (more than 1 000 000 CNY)' });

const monthDay = z.string().refine(
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

const requirement = z.enum(REQUIREMENTS, { error: `must be one of ${REQUIREMENTS.join(', ')}` });
const benefitRequirement = z.enum(BENEFIT_REQUIREMENTS, {
  error: `must be one of ${BENEFIT_REQUIREMENTS.join(', ')}`,
});

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

/** Does the benefit pay money (and so go through a claim)? Services are recorded as visits instead. */
export function isMoneyBenefit(benefit: Pick<BenefitDef, 'amount'>): boolean {
  return benefit.amount.kind !== 'service';
}

/**
 * The version of a program in force on a date (ISO yyyy-mm-dd): the latest `effectiveFrom` on or before
 * it (of two with the same date, the later in the list), retired or not; null if none.
 */
export function versionInForce<V extends Pick<ProgramVersion, 'programId' | 'effectiveFrom'>>(
  versions: readonly V[],
  programId: string,
  onDate: string,
): V | null {
  let best: V | null = null;
  for (const version of versions) {
    if (version.programId !== programId || version.effectiveFrom > onDate) continue;
    if (best === null || version.effectiveFrom >= best.effectiveFrom) best = version;
  }
  return best;
}

/** What identifies a version of a program in the programs store (with the program's id). */
export type ProgramVersionRef = Pick<ProgramVersion, 'version' | 'effectiveFrom'>;

export function versionRef(version: ProgramVersionRef): ProgramVersionRef {
  return { version: version.version, effectiveFrom: version.effectiveFrom };
}

export type ProgramState = 'unknown' | 'not-yet' | 'active' | 'retired';

/** unknown: no version at all; not-yet: none in force yet on that date; else by the version in force. */
export function programState(
  versions: readonly Pick<ProgramVersion, 'programId' | 'effectiveFrom' | 'retired'>[],
  programId: string,
  onDate: string,
): ProgramState {
  if (!versions.some((v) => v.programId === programId)) return 'unknown';
  const version = versionInForce(versions, programId, onDate);
  if (version === null) return 'not-yet';
  return version.retired ? 'retired' : 'active';
}

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
