import type { Claim } from '../domain/claim.ts';

/**
 * Where a page of the claims list is read from: one unit's claims, every unit's (within a unit path's
 * subtree, or all), or one member's.
 */
export type ClaimListSource =
  | { readonly kind: 'unit'; readonly unitCode: string }
  | { readonly kind: 'all'; readonly scopePath: string | null }
  | { readonly kind: 'member'; readonly memberId: string };

export interface ClaimListQuery {
  readonly source: ClaimListSource;
  /** Claims submitted at or after this instant (ISO 8601 UTC), or null for no lower bound. */
  readonly from: string | null;
  /**
   * The page starts below this position (exclusive): `<submittedAt>#<claimId>` of the last claim of the
   * page before, or an instant (the end of the `to` day).
   */
  readonly before: string;
  /** The filters the index does not key on (status, program), applied to each claim read. */
  readonly accept: (claim: Claim) => boolean;
  readonly limit: number;
}

export interface ClaimListPage {
  /** Newest first. */
  readonly claims: readonly Claim[];
  /** Where the next page starts (a position), or null when there is no more. */
  readonly next: string | null;
}

/** The claims list (GET /claims): pages of claims newest first, read through indexes, never a scan. */
export interface ClaimList {
  page(query: ClaimListQuery): Promise<ClaimListPage>;
}

/** A claim's position in the list: newest first by submission time, then by id. */
export const claimPosition = (claim: Pick<Claim, 'submittedAt' | 'claimId'>) =>
  `${claim.submittedAt}#${claim.claimId}`;
