import { FINAL_STATUSES, isHeld } from '../domain/claim.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { leaveFundsQueue, reverseApproval } from './ledger.ts';
import { changeOnce, loadClaim, resumeWithStoredToken, StepStateError } from './step-support.ts';

type HoldDeps = Pick<Deps, 'claims' | 'fraud' | 'workflow' | 'now'>;

/** What the AwaitRelease step tells the workflow: pay (`cleared`) or reject (`confirmed`). */
export interface ReleaseOutput {
  readonly outcome: 'cleared' | 'confirmed';
}

/**
 * Resumes a claim waiting ON_HOLD once its flags are decided: a confirmed flag rejects it; with no flag left
 * open it goes back to APPROVED and on to payout. Does nothing while a flag is still open.
 */
export async function releaseIfDecided(deps: HoldDeps, claimId: string): Promise<void> {
  let claim = await loadClaim(deps.claims, claimId);
  if (claim.status !== 'ON_HOLD') return;
  const confirmed = (claim.fraudHold?.confirmed ?? 0) > 0;
  if (!confirmed && (claim.fraudHold?.open ?? 0) > 0) return;
  if (!confirmed) {
    claim = await changeOnce(deps.claims, claim, {
      to: 'APPROVED',
      actor: SYSTEM('fraud-hold'),
      action: 'hold-released',
      reason: 'every fraud flag on the claim was cleared: it goes on to payout',
      at: deps.now().toISOString(),
    });
    if (claim.status === 'ON_HOLD') return;
  }
  const output: ReleaseOutput = { outcome: confirmed ? 'confirmed' : 'cleared' };
  await resumeWithStoredToken(deps.workflow, () => deps.fraud.getHoldToken(claimId), output);
}

/**
 * Workflow callback step (AwaitRelease), reached when Payout found the claim held: the claim waits ON_HOLD
 * with the task token kept on the server until staff decide its flags. Decided meanwhile: resumed at once.
 */
export async function awaitRelease(
  deps: HoldDeps,
  input: { claimId: string; taskToken: string },
): Promise<void> {
  const claim = await loadClaim(deps.claims, input.claimId);
  if (!isHeld(claim) && claim.status !== 'ON_HOLD') {
    await deps.workflow.sendTaskSuccess(input.taskToken, { outcome: 'cleared' } satisfies ReleaseOutput);
    return;
  }
  await deps.fraud.saveHoldToken(claim.claimId, input.taskToken);
  if (claim.status === 'APPROVED' || claim.status === 'AWAITING_FUNDS') {
    const hold = claim.fraudHold ?? { open: 0, confirmed: 0 };
    await changeOnce(deps.claims, claim, {
      to: 'ON_HOLD',
      actor: SYSTEM('fraud-hold'),
      action: 'held',
      reason: `payout waits: ${hold.open} open and ${hold.confirmed} confirmed fraud flag(s); staff of a higher tier clear or confirm them`,
      at: deps.now().toISOString(),
    });
  } else if (claim.status !== 'ON_HOLD') {
    throw new StepStateError(`claim ${claim.claimId} is ${claim.status}, not held for payout`);
  }
  // Decided between the payout step and now: the token is stored, so resume with it.
  await releaseIfDecided(deps, claim.claimId);
}

/** Workflow step after a confirmed flag: the held claim ends REJECTED and gives back what it held. */
export async function rejectHeld(
  deps: Pick<Deps, 'claims' | 'fundsQueue' | 'now'>,
  input: { claimId: string },
): Promise<{ status: string }> {
  const claim = await loadClaim(deps.claims, input.claimId);
  if (FINAL_STATUSES.has(claim.status)) return { status: claim.status };
  if (claim.status !== 'ON_HOLD')
    throw new StepStateError(`claim ${claim.claimId} is ${claim.status}, not ON_HOLD`);
  const after = await changeOnce(
    deps.claims,
    claim,
    {
      to: 'REJECTED',
      actor: SYSTEM('fraud-hold'),
      action: 'rejected-fraud',
      reason: 'a fraud flag on the claim was confirmed by union staff',
      at: deps.now().toISOString(),
    },
    reverseApproval(claim),
  );
  if (after.status === 'REJECTED') await leaveFundsQueue(deps, claim);
  return { status: after.status };
}
