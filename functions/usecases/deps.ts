import type { AuditArchive } from '../ports/audit-archive.ts';
import type { BudgetsStore } from '../ports/budgets-store.ts';
import type { ClaimsStore } from '../ports/claims-store.ts';
import type { DelegationsStore } from '../ports/delegations-store.ts';
import type { DocumentFiles } from '../ports/document-files.ts';
import type { DocumentHashes } from '../ports/document-hashes.ts';
import type { DocumentWaits } from '../ports/document-waits.ts';
import type { DocumentsStore } from '../ports/documents-store.ts';
import type { FeedbackStore } from '../ports/feedback-store.ts';
import type { FraudStore } from '../ports/fraud-store.ts';
import type { FundsQueue } from '../ports/funds-queue.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { PaymentsStore } from '../ports/payments-store.ts';
import type { ProgramsStore } from '../ports/programs-store.ts';
import type { RegistryStore } from '../ports/registry-store.ts';
import type { ImageDates } from '../ports/thumbnails.ts';
import type { TicketsStore } from '../ports/tickets-store.ts';
import type { UploadsStore } from '../ports/uploads-store.ts';
import type { UsageLedger } from '../ports/usage-ledger.ts';
import type { VisitsStore } from '../ports/visits-store.ts';
import type { Workflow } from '../ports/workflow.ts';

/** Everything a use case may need; each takes only the part it uses. */
export interface Deps {
  readonly claims: ClaimsStore;
  readonly registry: RegistryStore;
  readonly programs: ProgramsStore;
  readonly budgets: BudgetsStore;
  readonly visits: VisitsStore;
  readonly tickets: TicketsStore;
  readonly usage: UsageLedger;
  /** Approvers' deputies (delegation for a date range). */
  readonly delegations: DelegationsStore;
  /** Claims in AWAITING_FUNDS, per budget, in submission order, with their callback tokens. */
  readonly fundsQueue: FundsQueue;
  /** Claims in AWAITING_DOCUMENTS: their task tokens, windows and upload links. */
  readonly documentWaits: DocumentWaits;
  readonly workflow: Workflow;
  /** Members' satisfaction links and ratings. */
  readonly feedback: FeedbackStore;
  /** Fraud flags, the scan's cursor and index, and the task tokens of claims ON_HOLD. */
  readonly fraud: FraudStore;
  readonly notifier: Notifier;
  readonly now: () => Date;
  /** Base of approval links, without a trailing slash. */
  readonly linkBaseUrl: string;
  /** The key link ids are derived from (with each link's stored seed); read when first needed. */
  readonly linkKey: () => Promise<string>;
  /** The key of the payee hashes pinned in claims' chains (domain/payments/payee-hash.ts); read when first needed. */
  readonly payeeKey: () => Promise<string>;
  /** How long an approval level (and its links) stays open unless the workflow passes the program's escalateAfterSeconds. */
  readonly approvalTtlSeconds: number;
  /** Payout records as the bank sees them, and the daily payment batches. */
  readonly payments: PaymentsStore;
  /** Claims' documents (the `DOC#` items of the claims table). */
  readonly documents: DocumentsStore;
  /** The documents' bytes: the private documents bucket, or files under the data folder locally. */
  readonly documentFiles: DocumentFiles;
  /** Stored documents by SHA-256 (`DOCHASH#…`): the duplicate check's index. */
  readonly documentHashes: DocumentHashes;
  /** When an image was taken, as it says itself (EXIF). */
  readonly imageDates: ImageDates;
  /** Staff's file uploads (the `UPLOAD#` items of the claims table); their bytes are in `documentFiles`. */
  readonly uploads: UploadsStore;
  /** The append-only copy of the claims' audit events (null: none configured). */
  readonly auditArchive?: AuditArchive | null;
}

export const SYSTEM = (step: string) => ({ kind: 'system', id: step }) as const;
