import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalAuditArchive } from '../../../functions/adapters/local-audit-archive.ts';
import { GENESIS_HASH } from '../../../functions/domain/audit-chain.ts';
import {
  ARCHIVE_DIGEST_BREAKS,
  recordArchiveDigest,
  verifyArchiveDigests,
} from '../../../functions/usecases/archive-digest.ts';

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

describe('verifyArchiveDigests', () => {
  /** Three hours of records, each hour's digest recorded, in a fresh archive folder. */
  async function digestedArchive(dir: string): Promise<LocalAuditArchive> {
    const archive = new LocalAuditArchive(join(dir, 'events.jsonl'));
    await archive.append([
      record('C01A', 1, '2026-12-05T01:10:00.000Z'),
      record('C01B', 1, '2026-12-05T02:30:00.000Z'),
      record('C01A', 2, '2026-12-05T03:20:00.000Z'),
    ]);
    for (const hour of ['2026-12-05T01', '2026-12-05T02', '2026-12-05T03'])
      await recordArchiveDigest(archive, new Date('2026-12-05T04:05:00.000Z'), hour);
    return archive;
  }

  /** The digests file with `edit` applied to the digest of `hour`. */
  async function editDigest(dir: string, hour: string, edit: (d: Record<string, unknown>) => void) {
    const file = join(dir, 'digests.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    const edited = lines.map((line) => {
      const digest = JSON.parse(line) as Record<string, unknown>;
      if (digest.hour === hour) edit(digest);
      return JSON.stringify(digest);
    });
    await writeFile(file, `${edited.join('\n')}\n`, 'utf8');
  }

  it.each([
    [
      'an untouched archive holds every digest',
      async (_dir: string) => undefined,
      [] as { hour: string; reason: string }[],
    ],
    [
      'a record removed from the archive breaks its hour',
      async (dir: string) => {
        const file = join(dir, 'events.jsonl');
        const kept = (await readFile(file, 'utf8')).split('\n').filter((line) => !line.includes('"C01B"'));
        await writeFile(file, kept.join('\n'), 'utf8');
      },
      [{ hour: '2026-12-05T02', reason: ARCHIVE_DIGEST_BREAKS.archiveDiffers }],
    ],
    [
      'a digest whose heads were rewritten to match an edited archive no longer hashes to itself',
      (dir: string) =>
        editDigest(dir, '2026-12-05T02', (d) => {
          d.headsDigest = '0'.repeat(64);
        }),
      [{ hour: '2026-12-05T02', reason: ARCHIVE_DIGEST_BREAKS.selfHash }],
    ],
    [
      'a digest recomputed whole after an edit no longer chains the hour after it',
      (dir: string) =>
        editDigest(dir, '2026-12-05T02', (d) => {
          d.chained = 'f'.repeat(64);
          d.previous = GENESIS_HASH;
        }),
      [
        { hour: '2026-12-05T02', reason: ARCHIVE_DIGEST_BREAKS.unchained },
        { hour: '2026-12-05T03', reason: ARCHIVE_DIGEST_BREAKS.unchained },
      ],
    ],
  ])('%s', async (_title, tamper, broken) => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-verify-'));
    try {
      // Prepare
      const archive = await digestedArchive(dir);
      await tamper(dir);
      // Act
      const report = await verifyArchiveDigests(archive);
      // Assess
      expect(report).toEqual({ checked: 3, broken });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
