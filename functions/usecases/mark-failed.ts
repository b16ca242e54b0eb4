import { FINAL_STATUSES } from '../domain/claim.ts';
import type { LinkedWrite } from '../ports/claims-store.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { reverseApproval } from './ledger.ts';
import { changeOnce, loadClaim } from './step-support.ts';

export interface StepFailure {
  readonly Error: string;
  readonly Cause?: string;
}

const KNOWN: Readonly<Record<string, string>> = {
  'States.Timeout': 'no approval decision was taken before the approval level expired',
  BudgetExhausted: 'the budget cannot pay this claim',
  NoEligibleApprover: 'no approver of the unit may decide this claim',
  ExecutionAborted: "the claim's workflow execution was stopped",
  ExecutionTimedOut: "the claim's workflow execution reached its time limit",
  ExecutionFailed: "the claim's workflow execution failed",
};

/** A readable reason from a Catch payload: the error name and its message, never a stack trace. */
export function failureReason(failure: StepFailure): string {
  let message = failure.Cause ?? '';
  try {
    const parsed: unknown = JSON.parse(message);
    if (parsed !== null && typeof parsed === 'object' && 'errorMessage' in parsed) {
      message = String((parsed as { errorMessage: unknown }).errorMessage);
    }
  } catch {
    // Cause is plain text.
  }
  message = message.split('\n')[0]?.slice(0, 300) ?? '';
  const known = KNOWN[failure.Error];
  if (known !== undefined)
    return message === '' || message === failure.Error ? known : `${known}: ${message}`;
  return message === '' ? failure.Error : `${failure.Error}: ${message}`;
}

/** Workflow step: the claim ends FAILED with its reason, and an open approval level is closed. */
export async function markFailed(
  deps: Pick<Deps, 'claims' | 'now'>,
  input: { claimId: string; failure: StepFailure },
): Promise<{ status: string }> {
  const claim = await loadClaim(deps.claims, input.claimId);
  if (FINAL_STATUSES.has(claim.status)) return { status: claim.status };
  const reason = failureReason(input.failure);
  const levels = Math.max(1, claim.approvalChain?.length ?? 0);
  const requests = await Promise.all(
    Array.from({ length: levels }, (_, i) => deps.claims.getApprovalRequest(claim.claimId, i + 1)),
  );
  const linked: LinkedWrite[] = [
    ...requests.flatMap((r) =>
      r !== null && !r.closed ? [{ kind: 'closeApproval', level: r.level } as const] : [],
    ),
    ...reverseApproval(claim),
  ];
  const failed = await changeOnce(
    deps.claims,
    claim,
    {
      to: 'FAILED',
      actor: SYSTEM('mark-failed'),
      action: 'failed',
      reason,
      at: deps.now().toISOString(),
      set: { failure: { error: input.failure.Error, reason } },
    },
    linked,
  );
  return { status: failed.status };
}
