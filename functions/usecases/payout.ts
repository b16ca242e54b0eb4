import { beijingYear } from '../domain/calendar.ts';
import type { Claim, PayoutOutcome } from '../domain/claim.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { loadClaim, StepStateError } from './step-support.ts';

/** The unit's budget for the program and year cannot pay this claim. Not retryable. */
export class BudgetError extends Error {
  override readonly name = 'BudgetExhausted';
}

/** Budgets are kept per calendar year in Beijing time. */
export const budgetYear = beijingYear;

/**
 * The budget an approved claim draws on: its unit's, for its program, in the year it was approved
 * (committed then, paid from the same year's budget).
 */
export function budgetOf(
  claim: Claim,
  approvedAt: string,
): { unitCode: string; programId: string; year: number } | null {
  if (claim.unitCode === null) return null;
  return { unitCode: claim.unitCode, programId: claim.program, year: budgetYear(new Date(approvedAt)) };
}

/**
 * Workflow step: pays an approved claim exactly once. The claim becomes PAID, the payout record is
 * created only if none exists, and the budget is charged under the condition that it covers the
 * amount: all in one transaction, so a retry, a redrive or a concurrent run pays at most once.
 */
export async function payout(deps: Pick<Deps, 'claims' | 'now'>, claimId: string): Promise<PayoutOutcome> {
  const claim = await loadClaim(deps.claims, claimId);
  if (claim.payout !== undefined) return claim.payout;
  if (claim.status !== 'APPROVED')
    throw new StepStateError(`claim ${claimId} is ${claim.status}, not APPROVED`);
  if (claim.unitCode === null || claim.rules === undefined || !claim.rules.passed) {
    throw new StepStateError(`claim ${claimId} has no unit or no passed rule decision`);
  }
  const now = deps.now();
  const outcome: PayoutOutcome = {
    payoutId: `P${claimId.slice(1)}`,
    amountFen: claim.rules.amountFen,
    paidAt: now.toISOString(),
  };
  const budget = budgetOf(claim, claim.approval?.decidedAt ?? outcome.paidAt);
  if (budget === null) throw new StepStateError(`claim ${claimId} has no unit`);
  const { year } = budget;
  try {
    const paid = await deps.claims.change(
      claim,
      {
        to: 'PAID',
        actor: SYSTEM('payout'),
        action: 'paid',
        reason: `paid CNY ${(outcome.amountFen / 100).toFixed(2)} from the ${year} ${claim.program} budget of ${claim.unitCode}`,
        at: outcome.paidAt,
        set: { payout: outcome },
      },
      [{ kind: 'recordPayout', payout: outcome, budget }],
    );
    return paid.payout ?? outcome;
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    if (error.conflict === 'budget-exhausted' || error.conflict === 'no-budget') {
      throw new BudgetError(`${error.message} (${claim.unitCode}, ${claim.program}, ${year})`);
    }
    // Another run paid it, or is changing it now: what is stored is the answer.
    const again = await loadClaim(deps.claims, claimId);
    if (again.payout !== undefined) return again.payout;
    throw error;
  }
}
