import { FINAL_STATUSES } from '../domain/claim.ts';
import type { LinkedWrite } from '../ports/claims-store.ts';
import { releaseReservations } from './check-rules.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { changeOnce, loadClaim } from './step-support.ts';

export interface StepFailure {
  readonly Error: string;
  readonly Cause?: string;
}

const KNOWN: Readonly<Record<string, string>> = {
  'States.Timeout': 'no approval decision was taken before the approval level expired',
  BudgetExhausted: 'the budget cannot pay this claim',
  NoEligibleApprover: 'no approver of the unit may decide this claim',
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
  const open = await deps.claims.getApprovalRequest(claim.claimId, 1);
  const linked: LinkedWrite[] = [
    ...(open !== null && !open.closed ? [{ kind: 'closeApproval', level: 1 } as const] : []),
    ...releaseReservations(claim),
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
