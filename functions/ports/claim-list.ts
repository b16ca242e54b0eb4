import type { Claim } from '../domain/claim.ts';
import type { ScopedListPage, ScopedListQuery, ScopedListSource } from './scoped-list.ts';

/** Where a page of the claims list is read from: the scoped indexes, or one member's claims. */
export type ClaimListSource = ScopedListSource | { readonly kind: 'member'; readonly memberId: string };

/** The claims list (GET /claims): pages of claims newest first, read through indexes, never a scan. */
export interface ClaimList {
  page(query: ScopedListQuery<Claim, ClaimListSource>): Promise<ScopedListPage<Claim>>;
}

/** A claim's position in the list: newest first by submission time, then by id. */
export const claimPosition = (claim: Pick<Claim, 'submittedAt' | 'claimId'>) =>
  `${claim.submittedAt}#${claim.claimId}`;
