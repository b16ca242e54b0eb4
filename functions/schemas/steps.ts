import * as z from 'zod';
import { levelToOpen } from '../usecases/approval-handoff.ts';
import { MEMBER_NOTICES } from '../usecases/member-notify.ts';

/** The inputs the claim workflow's states pass to their Lambda steps (workflows/claim.asl.json). */
export const ClaimStepInput = z.object({ claimId: z.string().min(1).max(80) });

const Level = z.number().int().min(1).max(9);

/**
 * The approval states pass `$.approval` (Assess's or EscalateApproval's output, or the Claim.NextLevel
 * Catch's `{Error, Cause}`) and the step opens the level it names (levelToOpen); `level` itself is still
 * taken as it is.
 */
function withLevel<T extends { level?: number | undefined; approval?: unknown }>(
  input: T,
  context: z.RefinementCtx,
): Omit<T, 'approval' | 'level'> & { level: number } {
  const { approval, level: given, ...rest } = input;
  const level = given ?? levelToOpen(approval);
  const parsed = Level.safeParse(level);
  if (!parsed.success) {
    context.addIssue({ code: 'custom', path: ['approval'], message: 'names no approval level' });
    return z.NEVER;
  }
  return { ...rest, level: parsed.data };
}

export const ApprovalStepInput = z
  .object({
    claimId: z.string().min(1).max(80),
    level: Level.optional(),
    /** `$.approval`: the level to open is its nextLevel, or the nextLevel in a Claim.NextLevel Cause. */
    approval: z.unknown().optional(),
    taskToken: z.string().min(1).max(8192),
    /** `open` (RequestApproval) or `remind` (RemindApprovers); absent: open. */
    mode: z.enum(['open', 'remind']).optional(),
    escalateAfterSeconds: z.number().int().min(1).optional(),
  })
  .transform((input, context) => {
    const step = withLevel(input, context);
    // This definition passes `approval` and takes a decision as success, Claim.Rejected or
    // Claim.NextLevel; the earlier one passed `level` and reads every decision from a success output.
    return input.approval === undefined ? step : { ...step, handOff: 'outcome' as const };
  });

export const EscalationStepInput = z
  .object({
    claimId: z.string().min(1).max(80),
    level: Level.optional(),
    /** `$.approval`, as RequestApproval reads it. */
    approval: z.unknown().optional(),
    /** The Catch payload that led here: States.Timeout, NoEligibleApprover or ApprovalLevelClosed. */
    cause: z.object({ Error: z.string(), Cause: z.string().optional() }),
  })
  .transform(withLevel);

export const FailedStepInput = z.object({
  claimId: z.string().min(1).max(80),
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

export const CorrectionStepInput = z.object({
  claimId: z.string().min(1).max(80),
  taskToken: z.string().min(1).max(8192),
});

/** NotifyMember: which notice the member gets. */
export const NotifyStepInput = z.object({
  claimId: z.string().min(1).max(80),
  notice: z.enum(MEMBER_NOTICES),
});
