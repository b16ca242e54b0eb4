/** A data-correction dispatch (派单): the member's union must fix registry data before a claim can go on. */
export type CorrectionKind = 'name-mismatch' | 'renewal-pending' | 'unit-unknown' | 'payee-mismatch';

export interface CorrectionTicket {
  readonly ticketId: string;
  readonly claimId: string;
  readonly round: number;
  readonly memberId: string;
  /** The unit that must act, and its path for staff scope. */
  readonly unitCode: string;
  readonly unitPath: string;
  readonly kinds: readonly CorrectionKind[];
  /** What verification found, in Chinese and English. */
  readonly detail: { readonly zh: string; readonly en: string };
  readonly status: 'open' | 'resolved' | 'expired';
  readonly createdAt: string;
  readonly dueAt: string;
  readonly resolution: {
    readonly outcome: 'corrected' | 'rejected';
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  } | null;
  /** The callback step's task token: never leaves the server. */
  readonly taskToken: string;
  readonly notified: boolean;
  /** Set once the resolution was handed on to the execution (a retried resolve then resumes nothing). */
  readonly resumed?: boolean;
  /** The documents staff asked the member for on this ticket (at most one request a ticket). */
  readonly documentRequest?: TicketDocumentRequest;
}

/**
 * Staff ask the claim's member for documents on a correction ticket: evidence kinds of the claim's
 * benefit, a note the member reads, and the member's upload link (stored as a seed: its token is
 * derived with the link key, and only the token's hash keys the link). The link expires with the ticket.
 */
export interface TicketDocumentRequest {
  readonly kinds: readonly string[];
  readonly note: string;
  /** The token subject of who asked. */
  readonly by: string;
  readonly at: string;
  /** What the upload link's token is derived from (domain/ids.ts linkIdFromSeed). */
  readonly seed: string;
  /** SHA-256 of the upload link's token. */
  readonly linkHash: string;
  /** Set once the member's SMS with the upload link went out. */
  readonly notified: boolean;
}

export interface TicketsStore {
  /** Creates the ticket of a claim's correction round unless it exists; returns the stored ticket. */
  open(ticket: CorrectionTicket): Promise<CorrectionTicket>;
  get(claimId: string, round: number): Promise<CorrectionTicket | null>;
  replaceTaskToken(claimId: string, round: number, taskToken: string): Promise<void>;
  markNotified(claimId: string, round: number): Promise<void>;
  /** Records that the resolution resumed the execution (or that nothing waits on it any more). */
  markResumed(claimId: string, round: number): Promise<void>;
  /** The ticket whose document request's upload link has this token hash. */
  getByLink(linkHash: string): Promise<CorrectionTicket | null>;
  markDocumentsNotified(claimId: string, round: number): Promise<void>;
  /** Tickets in a status of the units under a path (null: all), oldest first. */
  list(
    status: CorrectionTicket['status'],
    scopePath: string | null,
    limit: number,
  ): Promise<CorrectionTicket[]>;
}
