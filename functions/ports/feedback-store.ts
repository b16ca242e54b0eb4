/** A satisfaction link a member got after a payout or a service visit, and its answer once given. */
export interface FeedbackRequest {
  readonly token: string;
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
  get(token: string): Promise<FeedbackRequest | null>;
  /** Records the answer once; false when the link was already answered. */
  answer(token: string, answer: FeedbackAnswer): Promise<boolean>;
  /** The answered ratings of a program's year (by answer time), oldest first. */
  listRatings(program: string, year: number): Promise<FeedbackRequest[]>;
}
