/** A satisfaction link a member got after a payout or a service visit, and its answer once given. */
export interface FeedbackRequest {
  /** SHA-256 of the link's token (the item's key); the token itself is never stored. */
  readonly tokenHash: string;
  /** What the token is derived from with the link key (see linkIdFromSeed). */
  readonly seed: string;
  readonly subject: { readonly kind: 'claim' | 'visit'; readonly id: string };
  readonly memberId: string;
  readonly program: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly rating?: number;
  readonly comment?: string;
  readonly answeredAt?: string;
}

export interface FeedbackAnswer {
  readonly rating: number;
  readonly comment: string;
  readonly answeredAt: string;
}

/** Satisfaction links and ratings (in the claims table). */
export interface FeedbackStore {
  /** Creates the link unless one exists for the same subject; returns the subject's link either way. */
  createForSubject(request: FeedbackRequest): Promise<FeedbackRequest>;
  /** The link stored under the hash of its token (see linkHash). */
  get(tokenHash: string): Promise<FeedbackRequest | null>;
  /** Records the answer once (the answer is kept: TTL no longer removes it); false when already answered. */
  answer(tokenHash: string, answer: FeedbackAnswer): Promise<boolean>;
  /** The answered ratings of a program's year (by answer time), oldest first. */
  listRatings(program: string, year: number): Promise<FeedbackRequest[]>;
}
