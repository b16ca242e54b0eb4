import type { ArchivedEvent } from '../domain/audit-archive.ts';

/**
 * The append-only copy of every claim's audit events, kept outside the claims table: in AWS an S3
 * bucket under Object Lock (compliance mode) fed by the table's stream, locally a write-once file
 * appended as each event is written. Nothing is ever rewritten or removed; an event delivered twice
 * is the same record twice.
 */
export interface AuditArchive {
  /** Appends the records (after the events were committed to the table). */
  append(events: readonly ArchivedEvent[]): Promise<void>;
  /** Every record archived for a claim, in no particular order (duplicates possible). */
  eventsOf(claimId: string): Promise<ArchivedEvent[]>;
  /** Every record of every claim (what a verification of all claims reads first). */
  all(): AsyncIterable<ArchivedEvent>;
}
