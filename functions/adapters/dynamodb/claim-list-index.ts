import type { Claim } from '../../domain/claim.ts';
import { claimKeys } from './keys.ts';
import { type ScopedPartitions, scopedIndex } from './scoped-index.ts';

/** The claims' partitions of the byUnit and byMonth indexes. */
export const CLAIM_PARTITIONS: ScopedPartitions = {
  unit: claimKeys.unitClaims,
  month: claimKeys.monthClaims,
};

/** The claims list's index attributes of a claim item (adapters/dynamodb/scoped-index.ts), set once when stored. */
export function claimListIndex(claim: Pick<Claim, 'claimId' | 'unitCode' | 'submittedAt'>) {
  return scopedIndex(CLAIM_PARTITIONS, {
    unitCode: claim.unitCode,
    createdAt: claim.submittedAt,
    id: claim.claimId,
  });
}
