import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalAuditArchive } from '../../../functions/adapters/local-audit-archive.ts';
import { GENESIS_HASH } from '../../../functions/domain/audit-chain.ts';
import { recordArchiveDigest } from '../../../functions/usecases/archive-digest.ts';

const record = (claimId: string, seq: number, at: string) => ({
  claimId,
  seq,
  hash: String(seq).repeat(64).slice(0, 64),
  prevHash: GENESIS_HASH,
  at,
});

describe('recordArchiveDigest', () => {
  it('digests each hour’s heads once, chained to the hour before', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-digest-'));
    try {
      const archive = new LocalAuditArchive(join(dir, 'events.jsonl'));
      await archive.append([
        record('C01A', 1, '2026-12-05T01:10:00.000Z'),
        record('C01A', 2, '2026-12-05T01:20:00.000Z'),
        record('C01B', 1, '2026-12-05T02:30:00.000Z'),
      ]);
      // Act
      const first = await recordArchiveDigest(archive, new Date('2026-12-05T02:05:00.000Z'));
      const second = await recordArchiveDigest(archive, new Date('2026-12-05T03:05:00.000Z'));
      const again = await recordArchiveDigest(archive, new Date('2026-12-05T03:06:00.000Z'));
      // Assess
      expect(first).toMatchObject({
        outcome: 'written',
        digest: { hour: '2026-12-05T01', heads: 1, previous: GENESIS_HASH },
      });
      expect(second).toMatchObject({
        outcome: 'written',
        digest: { hour: '2026-12-05T02', heads: 1, previous: first.digest.chained },
      });
      expect(again).toEqual({ outcome: 'exists', digest: second.digest });
      expect(await archive.getDigest('2026-12-05T01')).toEqual(first.digest);
      await expect(
        recordArchiveDigest(archive, new Date('2026-12-05T03:30:00.000Z'), '2026-12-05T03'),
      ).rejects.toThrow(/not ended/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
