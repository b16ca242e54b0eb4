import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { archiveKeyOf, S3AuditArchive } from '../../../functions/adapters/s3-audit-archive.ts';

const s3 = mockClient(S3Client);
const HASH = 'a'.repeat(64);
const EVENT = {
  claimId: 'C01TEST',
  seq: 3,
  hash: HASH,
  prevHash: 'b'.repeat(64),
  at: '2026-12-05T01:00:00.000Z',
};

describe('S3AuditArchive', () => {
  beforeEach(() => s3.reset());

  it('puts each event under events/<claim>/<seq>-<hash>.json with a checksum (Object Lock needs one)', async () => {
    s3.on(PutObjectCommand).resolves({});
    await new S3AuditArchive(new S3Client({}), 'archive').append([EVENT]);
    const input = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      Bucket: 'archive',
      Key: `events/C01TEST/000003-${HASH}.json`,
      ChecksumAlgorithm: 'SHA256',
    });
    expect(JSON.parse(String(input?.Body))).toEqual(EVENT);
  });

  it('reads a claim’s records from the listing alone, across pages, ignoring foreign keys', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: archiveKeyOf(EVENT) }, { Key: 'events/C01TEST/notes.txt' }],
        IsTruncated: true,
        NextContinuationToken: 't',
      })
      .resolves({ Contents: [{ Key: archiveKeyOf({ ...EVENT, seq: 4, hash: 'c'.repeat(64) }) }] });
    const records = await new S3AuditArchive(new S3Client({}), 'archive').eventsOf('C01TEST');
    expect(records.map((r) => [r.claimId, r.seq, r.hash])).toEqual([
      ['C01TEST', 3, HASH],
      ['C01TEST', 4, 'c'.repeat(64)],
    ]);
    expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input.Prefix).toBe('events/C01TEST/');
    expect(s3.commandCalls(ListObjectsV2Command)[1]?.args[0].input.ContinuationToken).toBe('t');
  });
});
