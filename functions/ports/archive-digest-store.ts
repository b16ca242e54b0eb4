import type { ArchivedEvent } from '../domain/audit-archive.ts';

/**
 * The hourly digest of the audit archive: for an hour (UTC) the heads (last seq's hash) of the claims
 * archived in it, chained to the digest of the hour before, so the archive's history is one chain too:
 *
 *   chained = hex(SHA-256(previous.chained + "\n" + hour + "\n" + digestOf(heads)))
 *
 * (GENESIS_HASH when no digest precedes it). Written once, next to the events (Object Lock in AWS).
 */
export interface ArchiveDigest {
  /** The hour, `YYYY-MM-DDTHH` (UTC). */
  readonly hour: string;
  readonly heads: number;
  readonly headsDigest: string;
  readonly previous: string;
  readonly chained: string;
}

/** Where the hourly digest reads what was archived and keeps digests (the archive itself). */
export interface ArchiveDigestStore {
  /** Records archived in [fromIso, toIso) (by when they were archived). */
  archivedBetween(fromIso: string, toIso: string): Promise<ArchivedEvent[]>;
  getDigest(hour: string): Promise<ArchiveDigest | null>;
  /** Every digest recorded, in no particular order (the verify command walks the chain of them). */
  listDigests(): Promise<ArchiveDigest[]>;
  /** Writes the digest once (a second write of the same hour keeps the first). */
  putDigest(digest: ArchiveDigest): Promise<void>;
}
