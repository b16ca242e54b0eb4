import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ArchivedEvent } from '../domain/audit-archive.ts';
import type { ArchiveDigest, ArchiveDigestStore } from '../ports/archive-digest-store.ts';
import type { AuditArchive } from '../ports/audit-archive.ts';

const ID = /^[A-Za-z0-9-]{1,64}$/;
const KEY = /^events\/([A-Za-z0-9-]{1,64})\/(\d{6,})-([0-9a-f]{64})\.json$/;
const DIGEST_KEY = /^digests\/(\d{4}-\d{2}-\d{2}T\d{2})\.json$/;

/** `events/<claimId>/<seq, 6 digits>-<hash>.json`: a listing alone gives every record's place and hash. */
export const archiveKeyOf = (e: Pick<ArchivedEvent, 'claimId' | 'seq' | 'hash'>) =>
  `events/${e.claimId}/${String(e.seq).padStart(6, '0')}-${e.hash}.json`;

/**
 * The archive in an S3 bucket with Object Lock (compliance mode, default retention) and versioning:
 * one object per event, never overwritten in effect (a put of the same key keeps the locked version).
 * A rewritten event archived again lands under a different key, next to the original.
 */
export class S3AuditArchive implements AuditArchive, ArchiveDigestStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async append(events: readonly ArchivedEvent[]): Promise<void> {
    for (const event of events) {
      const { claimId, seq, hash, prevHash, at } = event;
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: archiveKeyOf(event),
          Body: JSON.stringify({ claimId, seq, hash, prevHash, at }),
          ContentType: 'application/json',
          // Object Lock requires an integrity checksum on every put.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    }
  }

  private async *keys(prefix: string) {
    let token: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      yield (out.Contents ?? []).map((o) => ({ key: o.Key ?? '', at: o.LastModified?.toISOString() ?? '' }));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  private async *records(prefix: string): AsyncIterable<ArchivedEvent> {
    for await (const page of this.keys(prefix)) {
      for (const { key, at } of page) {
        const match = KEY.exec(key);
        if (match === null) continue;
        // prevHash is in the object; the comparison needs only the place and the hash. `at` is when
        // the record was archived (the object's time).
        const [, claimId, seq, hash] = match as unknown as [string, string, string, string];
        yield { claimId, seq: Number(seq), hash, prevHash: '', at };
      }
    }
  }

  async eventsOf(claimId: string): Promise<ArchivedEvent[]> {
    if (!ID.test(claimId)) return [];
    const out: ArchivedEvent[] = [];
    for await (const record of this.records(`events/${claimId}/`)) out.push(record);
    return out;
  }

  all(): AsyncIterable<ArchivedEvent> {
    return this.records('events/');
  }

  /** Records archived in [from, to): a listing of every event (a full listing an hour; keys only). */
  async archivedBetween(fromIso: string, toIso: string): Promise<ArchivedEvent[]> {
    const out: ArchivedEvent[] = [];
    for await (const record of this.all()) if (record.at >= fromIso && record.at < toIso) out.push(record);
    return out;
  }

  async getDigest(hour: string): Promise<ArchiveDigest | null> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `digests/${hour}.json` }),
      );
      return JSON.parse((await out.Body?.transformToString('utf8')) ?? 'null') as ArchiveDigest | null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async listDigests(): Promise<ArchiveDigest[]> {
    const digests: ArchiveDigest[] = [];
    for await (const page of this.keys('digests/')) {
      for (const { key } of page) {
        const hour = DIGEST_KEY.exec(key)?.[1];
        const digest = hour === undefined ? null : await this.getDigest(hour);
        if (digest !== null) digests.push(digest);
      }
    }
    return digests;
  }

  async putDigest(digest: ArchiveDigest): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `digests/${digest.hour}.json`,
        Body: JSON.stringify(digest),
        ContentType: 'application/json',
        ChecksumAlgorithm: 'SHA256',
        // Never replaces a digest written before (a second run of the hour finds it first).
        IfNoneMatch: '*',
      }),
    );
  }
}
