import { FINAL_STATUSES } from '../domain/claim.ts';
import { ClaimConflictError } from '../ports/claims-store.ts';
import type { StoredFlag } from '../ports/fraud-store.ts';
import { type Deps, SYSTEM } from './deps.ts';

/** A flag as a fraud rule found it, before it is written on a claim. */
export type FlagToRaise = Pick<StoredFlag, 'key' | 'rule' | 'score' | 'what' | 'claimIds' | 'memberIds'>;

/**
 * Writes a fraud flag on one claim, once, with the claim's audit event, under the claim's version (read
 * again when the claim moved on). On a claim in flight it counts in `fraudHold` (payout waits); on a paid
 * claim it goes to the review list. Null when the claim is gone or already has the flag.
 */
export async function raiseFlagOn(
  deps: Pick<Deps, 'claims'>,
  claimId: string,
  flag: FlagToRaise,
  step: string,
  at: string,
): Promise<StoredFlag | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = await deps.claims.get(claimId);
    if (claim === null) return null;
    const holds = !FINAL_STATUSES.has(claim.status);
    const stored: StoredFlag = {
      claimId,
      key: flag.key,
      rule: flag.rule,
      score: flag.score,
      state: 'OPEN',
      raisedAt: at,
      what: flag.what,
      claimIds: flag.claimIds.slice(0, 50),
      memberIds: flag.memberIds.slice(0, 50),
      unitPath: claim.unitPath,
      claimStatus: claim.status,
      review: claim.status === 'PAID',
      holds,
    };
    const hold = claim.fraudHold ?? { open: 0, confirmed: 0 };
    try {
      await deps.claims.change(
        claim,
        {
          to: claim.status,
          actor: SYSTEM(step),
          action: 'fraud-flagged',
          reason: `${flag.rule} (score ${flag.score}): ${flag.what.en}`.slice(0, 500),
          at,
          set: holds ? { fraudHold: { ...hold, open: hold.open + 1 } } : {},
        },
        [{ kind: 'raiseFlag', flag: stored }],
      );
      return stored;
    } catch (error) {
      if (!(error instanceof ClaimConflictError)) throw error;
      if (error.conflict === 'flag-exists') return null;
      if (error.conflict !== 'stale-claim') throw error;
    }
  }
  return null;
}
