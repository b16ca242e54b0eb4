import type { Identity } from '../domain/identity.ts';
import type { BudgetView } from '../ports/budgets-store.ts';
import type { WaitingClaim } from '../ports/funds-queue.ts';
import { readableBudget } from './budgets.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { approvedBudget, leaveFundsQueue, reverseApproval, wakeWaiting } from './ledger.ts';
import { changeOnce, loadClaim, StepStateError } from './step-support.ts';

/** How long a claim waits for funds before it ends FAILED (the AwaitFunds step's TimeoutSeconds). */
export const FUNDS_WAIT_DAYS = 90;
export const NO_FUNDS_REASON = `no funds within ${FUNDS_WAIT_DAYS} days`;

/**
 * Workflow callback step (AwaitFunds): keeps the task token in the claim's place in its budget's queue
 * (submission order) and waits until a budget raise resumes it. A redrive or a claim that still could not
 * pay registers its new token in the same place. A claim no longer waiting is resumed at once.
 */
export async function awaitFunds(
  deps: Pick<Deps, 'claims' | 'budgets' | 'fundsQueue' | 'workflow' | 'now'>,
  input: { claimId: string; taskToken: string },
): Promise<void> {
  const claim = await loadClaim(deps.claims, input.claimId);
  if (claim.status !== 'AWAITING_FUNDS') {
    // Paid or ended meanwhile: the Payout step after the wait reads what is stored.
    await deps.workflow.sendTaskSuccess(input.taskToken, { resumed: true });
    return;
  }
  const budget = approvedBudget(claim);
  if (budget === null || claim.rules === undefined || !claim.rules.passed) {
    throw new StepStateError(`claim ${claim.claimId} has no budget to wait for`);
  }
  await deps.fundsQueue.register({
    budget,
    claimId: claim.claimId,
    submittedAt: claim.submittedAt,
    memberId: claim.memberId,
    amountFen: claim.rules.amountFen,
    taskToken: input.taskToken,
    at: deps.now().toISOString(),
  });
  // The budget may have been raised between the failed payout and now: the queue decides who goes.
  await wakeWaiting(deps, budget);
}

/** Workflow step after AwaitFunds timed out: the claim ends FAILED and gives back what it held. */
export async function fundsTimedOut(
  deps: Pick<Deps, 'claims' | 'fundsQueue' | 'now'>,
  input: { claimId: string },
): Promise<{ status: string }> {
  const claim = await loadClaim(deps.claims, input.claimId);
  if (claim.status !== 'AWAITING_FUNDS') return { status: claim.status };
  const after = await changeOnce(
    deps.claims,
    claim,
    {
      to: 'FAILED',
      actor: SYSTEM('funds-timed-out'),
      action: 'failed',
      reason: NO_FUNDS_REASON,
      at: deps.now().toISOString(),
      set: { failure: { error: 'NoFunds', reason: NO_FUNDS_REASON } },
    },
    reverseApproval(claim),
  );
  if (after.status === 'FAILED') await leaveFundsQueue(deps, claim);
  return { status: after.status };
}

export type WaitingView = Omit<WaitingClaim, 'taskToken' | 'resumedToken'> & { readonly resumed: boolean };

/** GET /budgets/{unitCode}/{year}/{programId}/waiting: the budget and its queue, oldest submission first. */
export async function listWaiting(
  deps: Pick<Deps, 'budgets' | 'registry' | 'fundsQueue'>,
  request: { identity: Identity; unitCode: string; year: string | undefined; programId: string },
): Promise<{ budget: BudgetView | null; waiting: WaitingView[] }> {
  const { unit, year } = await readableBudget(deps, request);
  const key = { unitCode: unit.code, programId: request.programId, year };
  const [budget, queue] = await Promise.all([
    deps.budgets.get(key.unitCode, key.programId, key.year),
    deps.fundsQueue.list(key),
  ]);
  return {
    budget,
    waiting: queue.map(({ taskToken, resumedToken, ...entry }) => ({
      ...entry,
      resumed: resumedToken !== null && resumedToken === taskToken,
    })),
  };
}
