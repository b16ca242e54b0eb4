import * as z from 'zod';

export const ClaimStepInput = z.object({ claimId: z.string().min(1).max(80) });

export const ApprovalStepInput = z.object({
  claimId: z.string().min(1).max(80),
  level: z.number().int().min(1).max(9),
  taskToken: z.string().min(1).max(8192),
  /** `open` (RequestApproval) or `remind` (RemindApprovers); absent: open. */
  mode: z.enum(['open', 'remind']).optional(),
  escalateAfterSeconds: z.number().int().min(1).optional(),
});

export const EscalationStepInput = z.object({
  claimId: z.string().min(1).max(80),
  level: z.number().int().min(1).max(9),
  /** The Catch payload that led here: States.Timeout, NoEligibleApprover or ApprovalLevelClosed. */
  cause: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

export const FailedStepInput = z.object({
  claimId: z.string().min(1).max(80),
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

export const CorrectionStepInput = z.object({
  claimId: z.string().min(1).max(80),
  taskToken: z.string().min(1).max(8192),
});
