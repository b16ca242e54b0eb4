import type { Actor } from '../domain/claim.ts';
import { lineRefusals } from '../domain/payments/line-check.ts';
import { parsePayoutId } from '../domain/payments/payout-ref.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { StoredFlag } from '../ports/fraud-store.ts';
import type { PayoutRecord } from '../ports/payments-store.ts';
import { readClaimRecord, verifyClaimRecord } from './claim-audit.ts';
import type { Deps } from './deps.ts';

/** A payout line left out of a batch, and why. */
export interface RefusedLine {
  readonly payoutId: string;
  readonly claimId: string;
  readonly amountFen: number;
  readonly reasons: readonly string[];
}

export type ScreeningDeps = Pick<Deps, 'claims' | 'budgets' | 'now' | 'auditArchive' | 'payeeKey'>;

/**
 * Checks a payout before it goes to the bank: the claim's chain verifies (with the archive when there
 * is one), and the payout's amount and payee are those the chain approved and paid, charged to a budget
 * that shows it paid (functions/domain/payments/line-check.ts). Returns the reasons to refuse it.
 */
export async function screenPayout(deps: ScreeningDeps, payout: PayoutRecord): Promise<string[]> {
  const archived = (await deps.auditArchive?.eventsOf(payout.claimId)) ?? null;
  const { claim, events } = await readClaimRecord(deps.claims, payout.claimId);
  const chain = verifyClaimRecord({ head: claim, events, archived }, deps.now());
  const [payee, budget, payeeHashKey] = await Promise.all([
    deps.claims.getPayee(payout.claimId, parsePayoutId(payout.payoutId)?.round ?? 1),
    deps.budgets.get(payout.unitCode, payout.programId, payout.year),
    deps.payeeKey(),
  ]);
  return lineRefusals({
    payout,
    claim,
    events,
    chainBreak: chain.firstBroken,
    payee,
    budgetPaidFen: budget?.paidFen ?? null,
    payeeHashKey,
  });
}

/**
 * A refused line is a fraud signal: a flag on the claim (rule `payout-mismatch`, one per payout) that
 * goes to the auditors' review list, with its audit event on the claim. Raised once.
 */
export async function flagRefusedPayout(
  deps: Pick<Deps, 'claims'>,
  line: RefusedLine,
  actor: Actor,
  at: string,
): Promise<void> {
  const key = `payout-mismatch#${line.payoutId}`;
  const en = `payout ${line.payoutId} refused from a bank batch: ${line.reasons.join('; ')}`.slice(0, 500);
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = await deps.claims.get(line.claimId);
    if (claim === null) return;
    const flag: StoredFlag = {
      claimId: line.claimId,
      key,
      rule: 'payout-mismatch',
      score: 100,
      state: 'OPEN',
      raisedAt: at,
      what: { zh: `付款 ${line.payoutId} 与审计链不符，未列入银行批次`, en },
      claimIds: [line.claimId],
      memberIds: [claim.memberId],
      unitPath: claim.unitPath,
      claimStatus: claim.status,
      review: true,
      holds: false,
    };
    try {
      await deps.claims.change(
        claim,
        {
          to: claim.status,
          actor,
          action: 'fraud-flagged',
          reason: `payout-mismatch: ${en}`.slice(0, 500),
          at,
        },
        [{ kind: 'raiseFlag', flag }],
      );
      return;
    } catch (error) {
      if (!(error instanceof ClaimConflictError)) throw error;
      if (error.conflict === 'flag-exists') return;
      if (error.conflict !== 'stale-claim') throw error;
    }
  }
}
