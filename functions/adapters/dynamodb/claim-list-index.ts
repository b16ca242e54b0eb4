import type { Claim } from '../../domain/claim.ts';
import { claimPosition } from '../../ports/claim-list.ts';
import { claimKeys } from './keys.ts';

/**
 * The claims list's index attributes of a claim item, set once when it is stored: its unit's partition
 * (byUnit, keys only) and its month's (byMonth, with the unit path for subtree filters), both sorted by
 * `<submittedAt>#<claimId>`. Neither changes with the claim's status, so each index takes one write per
 * claim, none per status change.
 */
export function claimListIndex(claim: Pick<Claim, 'claimId' | 'unitCode' | 'submittedAt'>) {
  const position = claimPosition(claim);
  return {
    gsi2pk: claimKeys.unitClaims(claim.unitCode),
    gsi2sk: position,
    gsi3pk: claimKeys.monthClaims(claim.submittedAt.slice(0, 7)),
    gsi3sk: position,
  };
}
