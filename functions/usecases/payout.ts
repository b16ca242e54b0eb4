import { type Claim, isHeld, type PayoutOutcome, standingPayout } from '../domain/claim.ts';
import { payeeHashOf } from '../domain/payments/payee-hash.ts';
import { parsePayoutId, payoutIdOf } from '../domain/payments/payout-ref.ts';
import { ClaimConflictError, type LinkedWrite } from '../ports/claims-store.ts';
import type { BudgetKey } from '../ports/funds-queue.ts';
import type { Deps } from './deps.ts';
import { SYSTEM } from './deps.ts';
import { budgetOf, pay, wakeWaiting } from './ledger.ts';
import { ClaimNotFoundError, changeOnce, loadClaim, StepStateError } from './step-support.ts';

/** What the Payout step tells the workflow: paid, or waiting in AWAITING_FUNDS (the AwaitFunds step follows). */
export type PayoutStepOutput =
  | {
      readonly paid: true;
      readonly waiting: false;
      readonly payout: PayoutOutcome;
      /** The claim as this run's payment left it (absent when an earlier run paid it). */
      readonly paidNow?: Claim;
    }
  /** A fraud flag is open or confirmed on the claim: nothing is paid (the AwaitRelease step follows). */
  | { readonly paid: false; readonly waiting: false; readonly held: true }
  | { readonly paid: false; readonly waiting: true; readonly shortfallFen: number };

const yuan = (fen: number) => `CNY ${(fen / 100).toFixed(2)}`;

/** A claim's place in its budget's queue: submission time, then claim id. */
const placeOf = (entry: { submittedAt: string; claimId: string }) => `${entry.submittedAt}#${entry.claimId}`;

type PayoutDeps = Pick<Deps, 'claims' | 'budgets' | 'fundsQueue' | 'workflow' | 'now' | 'payeeKey'>;

/** The budget cannot pay (or older claims wait for it): the claim waits in AWAITING_FUNDS. */
async function waitForFunds(
  deps: PayoutDeps,
  claim: Claim,
  budget: BudgetKey,
  amountFen: number,
  why: string,
): Promise<PayoutStepOutput> {
  const view = await deps.budgets.get(budget.unitCode, budget.programId, budget.year);
  const available = view?.availableFen ?? 0;
  const shortfallFen = Math.max(0, amountFen - available);
  if (claim.status === 'APPROVED') {
    const after = await changeOnce(deps.claims, claim, {
      to: 'AWAITING_FUNDS',
      actor: SYSTEM('payout'),
      action: 'awaiting-funds',
      reason:
        `${why}: the ${budget.year} ${budget.programId} budget of ${budget.unitCode} has ${yuan(available)} ` +
        `available for ${yuan(amountFen)} (short by ${yuan(shortfallFen)}); the claim waits for funds in submission order`,
      at: deps.now().toISOString(),
    });
    const standing = standingPayout(after);
    if (standing !== undefined) return { paid: true, waiting: false, payout: standing };
    if (after.status !== 'AWAITING_FUNDS')
      throw new StepStateError(`claim ${claim.claimId} is ${after.status}, not waiting for funds`);
  }
  return { paid: false, waiting: true, shortfallFen };
}

/**
 * Workflow step: pays an approved (or funds-awaiting) claim exactly once. The claim becomes PAID, the
 * payout record is created only if none exists, and the budget is charged under the condition that it
 * covers the amount: all in one transaction, so a retry, a redrive or a concurrent run pays at most once.
 * When the budget is short, the claim goes to AWAITING_FUNDS (the workflow waits in AwaitFunds).
 */
export async function payout(
  deps: PayoutDeps,
  claimId: string,
  /** Writes that commit with the payment, by payout round (the paid notice's satisfaction link). */
  withPayment: (claim: Claim, round: number) => Promise<readonly LinkedWrite[]> = async () => [],
): Promise<PayoutStepOutput> {
  // The claim and its first round's payee in one read.
  const read = await deps.claims.getWithFirstPayee(claimId);
  if (read.claim === null) throw new ClaimNotFoundError(`claim ${claimId} does not exist`);
  const claim = read.claim;
  const standing = standingPayout(claim);
  if (standing !== undefined) return { paid: true, waiting: false, payout: standing };
  // Already waiting on its hold (a replayed or retried step): the hold stands, the workflow waits in AwaitRelease.
  if (claim.status === 'ON_HOLD') return { paid: false, waiting: false, held: true };
  if (claim.status !== 'APPROVED' && claim.status !== 'AWAITING_FUNDS')
    throw new StepStateError(`claim ${claimId} is ${claim.status}, not APPROVED`);
  if (claim.unitCode === null || claim.rules === undefined || !claim.rules.passed) {
    throw new StepStateError(`claim ${claimId} has no unit or no passed rule decision`);
  }
  if (isHeld(claim)) return { paid: false, waiting: false, held: true };
  const now = deps.now();
  // After the bank returned a payout, the claim pays again in the next round, under a new payout id.
  const round = claim.payout === undefined ? 1 : (parsePayoutId(claim.payout.payoutId)?.round ?? 1) + 1;
  const outcome: PayoutOutcome = {
    payoutId: payoutIdOf(claimId, round),
    amountFen: claim.rules.amountFen,
    paidAt: now.toISOString(),
  };
  const budget = budgetOf(claim, claim.approval?.decidedAt ?? outcome.paidAt);
  if (budget === null) throw new StepStateError(`claim ${claimId} has no unit`);
  const { year } = budget;
  if (claim.status === 'APPROVED') {
    // Submission order: a newly approved claim does not pay ahead of older claims waiting for this budget.
    const [oldest] = await deps.fundsQueue.list(budget, 1);
    if (oldest !== undefined && placeOf(oldest) < placeOf(claim)) {
      return waitForFunds(deps, claim, budget, outcome.amountFen, 'older claims wait for this budget');
    }
  }
  // The chain pins what is paid and to whom: the amount and a hash of the round's payee details.
  const payee = round === 1 && read.payee !== null ? read.payee : await deps.claims.getPayee(claimId, round);
  if (payee === null) throw new StepStateError(`claim ${claimId} has no payee details for round ${round}`);
  try {
    const paid = await deps.claims.change(
      claim,
      {
        to: 'PAID',
        actor: SYSTEM('payout'),
        action: 'paid',
        reason: `paid ${yuan(outcome.amountFen)} from the ${year} ${claim.program} budget of ${claim.unitCode}`,
        at: outcome.paidAt,
        set: { payout: outcome },
        event: {
          amountFen: outcome.amountFen,
          payoutId: outcome.payoutId,
          payeeHash: payeeHashOf(await deps.payeeKey(), claimId, payee),
        },
      },
      [...pay(outcome, budget), ...(await withPayment(claim, round))],
    );
    if (claim.status === 'AWAITING_FUNDS') {
      // It left the queue; what is left of the budget may cover the claims behind it.
      await deps.fundsQueue.remove(budget, claim.submittedAt, claimId);
      await wakeWaiting(deps, budget);
    }
    return { paid: true, waiting: false, payout: standingPayout(paid) ?? outcome, paidNow: paid };
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    if (error.conflict === 'budget-exhausted' || error.conflict === 'no-budget') {
      return waitForFunds(deps, claim, budget, outcome.amountFen, error.message);
    }
    // Another run paid it, or is changing it now: what is stored is the answer.
    const again = await loadClaim(deps.claims, claimId);
    const paid = standingPayout(again);
    if (paid !== undefined) return { paid: true, waiting: false, payout: paid };
    // A fraud flag was raised meanwhile (it changes the claim's version): payout refuses while held.
    if (isHeld(again)) return { paid: false, waiting: false, held: true };
    if (again.status === 'AWAITING_FUNDS' && claim.status === 'APPROVED') {
      return { paid: false, waiting: true, shortfallFen: 0 };
    }
    throw error;
  }
}
