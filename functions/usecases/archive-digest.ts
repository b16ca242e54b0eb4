import { createHash } from 'node:crypto';
import type { ArchivedEvent } from '../domain/audit-archive.ts';
import { GENESIS_HASH } from '../domain/audit-chain.ts';
import type { ArchiveDigest, ArchiveDigestStore } from '../ports/archive-digest-store.ts';
import { digestOf } from './audit-digest.ts';

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
const HOUR_MS = 3_600_000;

/** Each claim's record with the highest seq (ties: the lowest hash, so the digest never depends on order). */
function headsOf(records: readonly ArchivedEvent[]): { claimId: string; hash: string }[] {
  const last = new Map<string, ArchivedEvent>();
  for (const r of records) {
    const seen = last.get(r.claimId);
    if (seen === undefined || r.seq > seen.seq || (r.seq === seen.seq && r.hash < seen.hash))
      last.set(r.claimId, r);
  }
  return [...last.values()].map((r) => ({ claimId: r.claimId, hash: r.hash }));
}

export const hourOf = (at: Date) => at.toISOString().slice(0, 13);

function hourBounds(hour: string): { from: string; to: string } {
  const start = Date.parse(`${hour}:00:00.000Z`);
  if (!HOUR.test(hour) || Number.isNaN(start)) throw new RangeError(`not an hour (YYYY-MM-DDTHH): ${hour}`);
  return { from: new Date(start).toISOString(), to: new Date(start + HOUR_MS).toISOString() };
}

const hourBefore = (hour: string) => hourOf(new Date(Date.parse(`${hour}:00:00.000Z`) - HOUR_MS));

const chainedOf = (previous: string, hour: string, headsDigest: string) =>
  createHash('sha256').update(`${previous}\n${hour}\n${headsDigest}`, 'utf8').digest('hex');

/** Records the digest of the hour before `now` (or `hour`), chained to the one before it. */
export async function recordArchiveDigest(
  store: ArchiveDigestStore,
  now: Date,
  hour = hourOf(new Date(now.getTime() - HOUR_MS)),
): Promise<{ outcome: 'written' | 'exists'; digest: ArchiveDigest }> {
  const { from, to } = hourBounds(hour);
  if (Date.parse(to) > now.getTime()) throw new RangeError(`the hour ${hour} has not ended yet`);
  const existing = await store.getDigest(hour);
  if (existing !== null) return { outcome: 'exists', digest: existing };
  const previous = (await store.getDigest(hourBefore(hour)))?.chained ?? GENESIS_HASH;
  const heads = headsOf(await store.archivedBetween(from, to));
  const headsDigest = digestOf(heads);
  const digest = {
    hour,
    heads: heads.length,
    headsDigest,
    previous,
    chained: chainedOf(previous, hour, headsDigest),
  };
  await store.putDigest(digest);
  return { outcome: 'written', digest };
}

/** Why a recorded hourly digest no longer holds. */
export const ARCHIVE_DIGEST_BREAKS = {
  unchained: 'it does not chain to the digest of the hour before (a digest removed or rewritten)',
  selfHash: 'its chained hash is not the hash of its own fields (the digest was edited)',
  archiveDiffers:
    'the archive of that hour no longer has the heads it had (records removed, added or edited)',
} as const;

export interface ArchiveDigestsReport {
  readonly checked: number;
  readonly broken: readonly { readonly hour: string; readonly reason: string }[];
}

/**
 * Checks every recorded hourly digest against the one before it and against the archive as it is now:
 * an edit of the archive that a table edit hid as well (a claim removed from both) shows here.
 */
export async function verifyArchiveDigests(store: ArchiveDigestStore): Promise<ArchiveDigestsReport> {
  const digests = (await store.listDigests()).sort((a, b) => a.hour.localeCompare(b.hour));
  const first = digests[0];
  const last = digests.at(-1);
  if (first === undefined || last === undefined) return { checked: 0, broken: [] };
  // One read of the archive for the whole span, grouped by hour.
  const byHour = new Map<string, ArchivedEvent[]>();
  for (const record of await store.archivedBetween(hourBounds(first.hour).from, hourBounds(last.hour).to)) {
    const hour = hourOf(new Date(record.at));
    const records = byHour.get(hour);
    if (records === undefined) byHour.set(hour, [record]);
    else records.push(record);
  }
  const recorded = new Map(digests.map((d) => [d.hour, d]));
  const broken: { hour: string; reason: string }[] = [];
  for (const digest of digests) {
    const previous = recorded.get(hourBefore(digest.hour))?.chained ?? GENESIS_HASH;
    const heads = headsOf(byHour.get(digest.hour) ?? []);
    const reason =
      digest.previous !== previous
        ? ARCHIVE_DIGEST_BREAKS.unchained
        : chainedOf(digest.previous, digest.hour, digest.headsDigest) !== digest.chained
          ? ARCHIVE_DIGEST_BREAKS.selfHash
          : digestOf(heads) !== digest.headsDigest || heads.length !== digest.heads
            ? ARCHIVE_DIGEST_BREAKS.archiveDiffers
            : null;
    if (reason !== null) broken.push({ hour: digest.hour, reason });
  }
  return { checked: digests.length, broken };
}
