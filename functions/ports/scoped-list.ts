/**
 * A list read newest first through the byUnit and byMonth indexes (claims, payment batches): one unit's
 * records, or every unit's within a unit path's subtree (or all), paged by position.
 */
export type ScopedListSource =
  | { readonly kind: 'unit'; readonly unitCode: string }
  | { readonly kind: 'all'; readonly scopePath: string | null };

export interface ScopedListQuery<T, S = ScopedListSource> {
  readonly source: S;
  /** Records created at or after this instant (ISO 8601 UTC), or null for no lower bound. */
  readonly from: string | null;
  /**
   * The page starts below this position (exclusive): `<createdAt>#<id>` of the last record of the page
   * before, or an instant (the end of the `to` day).
   */
  readonly before: string;
  /** The filters the indexes do not key on, applied to each record read. */
  readonly accept: (record: T) => boolean;
  readonly limit: number;
}

export interface ScopedListPage<T> {
  /** Newest first. */
  readonly items: readonly T[];
  /** Where the next page starts (a position), or null when there is no more. */
  readonly next: string | null;
}
