import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArchivedEvent } from '../domain/audit-archive.ts';
import type { AuditArchive } from '../ports/audit-archive.ts';

const ID = /^[A-Za-z0-9-]{1,64}$/;
const KEY = /^events\/([A-Za-z0-9-]{1,64})\/(\d{6,})-([0-9a-f]{64})\.json$/;

/** `events/<claimId>/<seq, 6 digits>-<hash>.json`: a listing alone gives every record's place and hash. */
export const archiveKeyOf = (e: Pick<ArchivedEvent, 'claimId' | 'seq' | 'hash'>) =>
  `events/${e.claimId}/${String(e.seq).padStart(6, '0')}-${e.hash}.json`;

/**
 * The archive in an S3 bucket with Object Lock (compliance mode, default retention) and versioning:
 * one object per event, never overwritten in effect (a put of the same key keeps the locked version).
 * A rewritten event archived again lands under a different key, next to the original.
 */
export class S3AuditArchive implements AuditArchive {
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
      yield (out.Contents ?? []).map((o) => o.Key ?? '');
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  private async *records(prefix: string): AsyncIterable<ArchivedEvent> {
    for await (const page of this.keys(prefix)) {
      for (const key of page) {
        const match = KEY.exec(key);
        if (match === null) continue;
        // prevHash and at are in the object; the comparison needs only the place and the hash.
        const [, claimId, seq, hash] = match as unknown as [string, string, string, string];
        yield { claimId, seq: Number(seq), hash, prevHash: '', at: '' };
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
}
