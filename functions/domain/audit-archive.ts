/**
 * Comparing a claim's chain in the table with its copy in the append-only archive. The table can be
 * edited by anyone with write access; the archive cannot. So:
 *
 * - an archived event missing from the table, or different there, is tampering (a deleted tail, a
 *   moved head, a rewritten event), found even right after the events were written;
 * - an archived claim without its claim item is a removed claim;
 * - two different archived records at one seq mean the event was rewritten after it was archived;
 * - a chained event in the table not archived yet is pending for ARCHIVE_GRACE_MS (the stream delivers
 *   within a minute, the local runtime appends right after the commit), and a break after that.
 */
import type { AuditEvent } from './claim.ts';

/** What the archive keeps of each event: enough to pin it in its chain. */
export interface ArchivedEvent {
  readonly claimId: string;
  readonly seq: number;
  readonly hash: string;
  readonly prevHash: string;
  readonly at: string;
}

/** How long a chained event may be missing from the archive before it is a break rather than pending. */
export const ARCHIVE_GRACE_MS = 15 * 60_000;

/**
 * The archive began on 2026-12-05 (UTC): chained events written before then were never archived and are
 * not required to be.
 */
export const ARCHIVE_CUT_OVER = '2026-12-05T00:00:00.000Z';

export const ARCHIVE_BREAKS = {
  claimRemoved: 'claim removed: the archive holds events of a claim the table no longer has',
  eventMissing: 'archived event missing from the table: events were deleted or the head moved back',
  eventDiffers: 'event differs from its archived copy: the event was rewritten',
  archiveForked: 'the archive holds two different events at this seq: the event was rewritten',
  notArchived: 'event not in the archive after the grace period',
} as const;

/** The archive record of a chained event. */
export function archivedOf(event: AuditEvent): ArchivedEvent {
  if (typeof event.hash !== 'string' || typeof event.prevHash !== 'string')
    throw new Error(`event ${event.claimId}/${event.seq} is not chained`);
  return { claimId: event.claimId, seq: event.seq, hash: event.hash, prevHash: event.prevHash, at: event.at };
}

export interface ArchiveComparison {
  readonly firstBroken: { readonly seq: number; readonly reason: string } | null;
  /** Distinct events the archive holds of the claim. */
  readonly archived: number;
  /** Chained events in the table within the grace period and not archived yet. */
  readonly pending: number;
}

/**
 * Compares a claim's events in the table (`claimExists` false: its claim item is gone) with its
 * archived records, at `now`. The first break is the one at the lowest seq.
 */
export function compareWithArchive(
  input: {
    readonly claimExists: boolean;
    readonly events: readonly AuditEvent[];
    readonly archived: readonly ArchivedEvent[];
  },
  now: Date,
): ArchiveComparison {
  const breaks: { seq: number; reason: string }[] = [];
  const bySeq = new Map<number, ArchivedEvent>();
  for (const record of [...input.archived].sort((a, b) => a.seq - b.seq)) {
    const seen = bySeq.get(record.seq);
    if (seen === undefined) bySeq.set(record.seq, record);
    else if (seen.hash !== record.hash)
      breaks.push({ seq: record.seq, reason: ARCHIVE_BREAKS.archiveForked });
  }
  const first = [...bySeq.keys()][0];
  if (!input.claimExists && first !== undefined)
    breaks.push({ seq: first, reason: ARCHIVE_BREAKS.claimRemoved });
  const table = new Map(input.events.map((e) => [e.seq, e]));
  for (const [seq, record] of bySeq) {
    const event = table.get(seq);
    if (event === undefined) breaks.push({ seq, reason: ARCHIVE_BREAKS.eventMissing });
    else if (event.hash !== record.hash) breaks.push({ seq, reason: ARCHIVE_BREAKS.eventDiffers });
  }
  let pending = 0;
  for (const event of input.events) {
    if (typeof event.hash !== 'string' || bySeq.has(event.seq)) continue;
    const at = Date.parse(event.at);
    if (!(at >= Date.parse(ARCHIVE_CUT_OVER))) continue;
    if (now.getTime() - at <= ARCHIVE_GRACE_MS) pending++;
    else breaks.push({ seq: event.seq, reason: ARCHIVE_BREAKS.notArchived });
  }
  breaks.sort((a, b) => a.seq - b.seq);
  return { firstBroken: breaks[0] ?? null, archived: bySeq.size, pending };
}
