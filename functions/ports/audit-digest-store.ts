import type { AuditEvent } from '../domain/claim.ts';

/**
 * The daily digest of all claim chains: for a day (Beijing date, UTC+8), SHA-256 over the sorted lines
 * `claimId hash\n` where `hash` is the last chained event of that claim that day, for every claim that
 * changed that day. Recorded once (never rewritten), so a chain rewritten later no longer matches it.
 */
export interface DailyDigest {
  /** The Beijing date, YYYY-MM-DD. */
  readonly date: string;
  /** Hex SHA-256 over the day's (claimId, last hash) lines. */
  readonly digest: string;
  /** How many claims changed that day. */
  readonly claims: number;
  readonly computedAt: string;
}

/** Where the digest reads the day's events and keeps digests (the claims table, `DIGEST#<date>`). */
export interface AuditDigestStore {
  /** Every audit event with `at` in [fromIso, toIso). */
  eventsBetween(fromIso: string, toIso: string): Promise<AuditEvent[]>;
  getDigest(date: string): Promise<DailyDigest | null>;
  /** Stores the digest unless one exists for its date; returns whether it did. */
  putDigestIfAbsent(digest: DailyDigest): Promise<boolean>;
}
