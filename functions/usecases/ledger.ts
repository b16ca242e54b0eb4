import { beijingYear } from '../domain/calendar.ts';
import type { Claim, ClaimStatus, Evidence, PayoutOutcome, RulesConsumption } from '../domain/claim.ts';
import type { LinkedWrite, UsageLimits } from '../ports/claims-store.ts';
import type { BudgetKey } from '../ports/funds-queue.ts';
import type { PayoutRecord } from '../ports/payments-store.ts';
import type { UsageKey } from '../ports/usage-ledger.ts';
import type { ProgramVersion } from '../schemas/programs.ts';
import type { Deps } from './deps.ts';

/**
 * The ledger of a claim: what it holds in the member's annual usage, in the evidence numbers and in its
 * unit's budget, and the moves that change it. Every move is a set of linked writes that commit in the
 * same transaction as the claim change that causes it:
 *
 * - reserve: a claim that passes the rules reserves its usage (within the annual limits) and holds its
 *   paying evidence;
 * - commit: the final approval commits its amount against its budget;
 * - pay: the payout moves the amount from committed to paid;
 * - release: a claim that will not be paid gives back its usage and evidence;
 * - reverse an approval: an approved claim that ends unpaid also gives back its commitment;
 * - reverse a payout: a payout the bank returned gives the budget its amount back (owed to the claim
 *   again) and the member their usage.
 */

/** Budgets are kept per calendar year in Beijing time. */
export const budgetYear = beijingYear;

/**
 * The budget an approved claim draws on: its unit's, for its program, in the year it was approved
 * (committed then, paid from the same year's budget).
 */
export function budgetOf(claim: Claim, approvedAt: string): BudgetKey | null {
  if (claim.unitCode === null) return null;
  return { unitCode: claim.unitCode, programId: claim.program, year: budgetYear(new Date(approvedAt)) };
}

/** The budget a claim waits for or committed against: that of its approval (or of its last change). */
export function approvedBudget(claim: Claim): BudgetKey | null {
  return budgetOf(claim, claim.approval?.decidedAt ?? claim.updatedAt);
}

/** The annual limits of a benefit that a reservation must respect. */
export function usageLimits(version: ProgramVersion | null, benefitId: string): UsageLimits {
  const benefit = version?.benefits.find((b) => b.id === benefitId);
  return {
    programCapFen: version?.annualCapFen ?? null,
    benefitCapFen: benefit?.annualCapFen ?? null,
    maxDays: benefit?.amount.kind === 'dailyAllowance' ? benefit.amount.maxDaysPerYear : null,
    maxClaims: benefit?.maxClaimsPerYear ?? null,
  };
}

export function usageKey(claim: Claim): UsageKey {
  return {
    memberId: claim.memberId,
    program: claim.program,
    benefit: claim.benefit,
    year: claim.rules?.consumes?.year ?? Number(claim.incidentDate.slice(0, 4)),
  };
}

/** What a claim that passed the rules consumes of the member's annual usage (none otherwise). */
function consumesOf(claim: Claim): RulesConsumption | undefined {
  return claim.rules?.passed ? claim.rules.consumes : undefined;
}

/** Reserve: the claim's use of the member's annual limits, and the evidence numbers it holds. */
export function reserve(
  claim: Claim,
  consumes: RulesConsumption,
  limits: UsageLimits,
  evidence?: readonly Evidence[],
): LinkedWrite[] {
  return [
    { kind: 'reserveUsage', key: usageKey(claim), consumes, limits },
    ...(evidence === undefined ? [] : [{ kind: 'holdEvidence', evidence } as const]),
  ];
}

/** Reserve again what a claim that passed the rules consumes (it is paid again after a returned payout). */
export function reserveAgain(claim: Claim, version: ProgramVersion | null): LinkedWrite[] {
  const consumes = consumesOf(claim);
  return consumes === undefined ? [] : reserve(claim, consumes, usageLimits(version, claim.benefit));
}

/** Gives back what a claim that will not be paid reserved: its annual usage and its evidence numbers. */
export function release(claim: Claim): LinkedWrite[] {
  const consumes = consumesOf(claim);
  if (consumes === undefined || claim.status === 'PAID') return [];
  return [
    { kind: 'releaseUsage', key: usageKey(claim), consumes },
    { kind: 'releaseEvidence', evidence: claim.heldEvidence ?? [] },
  ];
}

/** The amount an approved claim commits against its budget (sign 1), or gives back when it fails (−1). */
function commitment(claim: Claim, approvedAt: string, sign: 1 | -1): LinkedWrite[] {
  const budget = budgetOf(claim, approvedAt);
  const amountFen = claim.rules?.passed ? claim.rules.amountFen : 0;
  return budget === null || amountFen === 0 ? [] : [{ kind: 'commitBudget', budget, amountFen, sign }];
}

/** Commit: the final approval commits the claim's amount against its budget of the approval's year. */
export function commit(claim: Claim, approvedAt: string): LinkedWrite[] {
  return commitment(claim, approvedAt, 1);
}

/** The statuses in which an approved claim's amount stands committed against its budget, unpaid. */
const COMMITTED: ReadonlySet<ClaimStatus> = new Set(['APPROVED', 'AWAITING_FUNDS', 'ON_HOLD']);

/**
 * Reverse an approval: a claim that ends unpaid (rejected, failed, out of time) gives back what it
 * holds: its reservations, and, once approved and not yet paid, its budget commitment.
 */
export function reverseApproval(claim: Claim): LinkedWrite[] {
  const approvedAt = claim.approval?.decidedAt;
  const committed = approvedAt !== undefined && COMMITTED.has(claim.status);
  return [...release(claim), ...(committed ? commitment(claim, approvedAt, -1) : [])];
}

/** Pay: the payout is recorded and the budget charged (committed → paid), if it covers the amount. */
export function pay(payout: PayoutOutcome, budget: BudgetKey): LinkedWrite[] {
  return [{ kind: 'recordPayout', payout, budget }];
}

/**
 * Reverse a payout the bank returned: the payout and its budget (the claim is owed the amount again,
 * committed and unpaid, while it waits for corrected payee details), and the member's annual usage.
 */
export function reversePayout(claim: Claim, payout: PayoutRecord, at: string, reason: string): LinkedWrite[] {
  const budget = { unitCode: payout.unitCode, programId: payout.programId, year: payout.year };
  const consumes = consumesOf(claim);
  return [
    { kind: 'returnPayout', payoutId: payout.payoutId, budget, amountFen: payout.amountFen, at, reason },
    ...(consumes === undefined ? [] : [{ kind: 'releaseUsage', key: usageKey(claim), consumes } as const]),
  ];
}

/** A claim no longer waits for funds (it ended, or is held): it leaves its budget's queue. */
export async function leaveFundsQueue(deps: Pick<Deps, 'fundsQueue'>, claim: Claim): Promise<void> {
  const budget = approvedBudget(claim);
  if (budget !== null) await deps.fundsQueue.remove(budget, claim.submittedAt, claim.claimId);
}

/** SendTaskSuccess errors that mean the task no longer waits on that token. */
const STALE_TOKEN = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/**
 * Resumes the waiting claims of a budget in submission order, oldest first, as far as what is available
 * covers them (a later, smaller claim never pays ahead of an older one). A claim already resumed and
 * trying to pay counts against what is available but is not sent again. Returns the claims resumed.
 */
export async function wakeWaiting(
  deps: Pick<Deps, 'claims' | 'budgets' | 'fundsQueue' | 'workflow'>,
  budget: BudgetKey,
): Promise<string[]> {
  const [view, queue] = await Promise.all([
    deps.budgets.get(budget.unitCode, budget.programId, budget.year),
    deps.fundsQueue.list(budget),
  ]);
  let left = view?.availableFen ?? 0;
  const resumed: string[] = [];
  for (const entry of queue) {
    const inFlight = entry.resumedToken === entry.taskToken;
    if (inFlight) {
      // Resumed before: still trying to pay, or ended (paid, or failed by another step) and left behind.
      const claim = await deps.claims.get(entry.claimId);
      if (claim === null || claim.status !== 'AWAITING_FUNDS') {
        await deps.fundsQueue.remove(budget, entry.submittedAt, entry.claimId);
        continue;
      }
    }
    if (entry.amountFen > left) break;
    left -= entry.amountFen;
    if (inFlight) continue;
    try {
      await deps.workflow.sendTaskSuccess(entry.taskToken, { resumed: true });
      resumed.push(entry.claimId);
    } catch (error) {
      if (!(error instanceof Error) || !STALE_TOKEN.has(error.name)) throw error;
    }
    await deps.fundsQueue.markResumed(entry, entry.taskToken);
  }
  return resumed;
}
