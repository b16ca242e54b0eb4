import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalAuditArchive, localArchiveFile } from '../../../functions/adapters/local-audit-archive.ts';

const event = (seq: number) => ({
  claimId: 'C1',
  seq,
  hash: `h${seq}`,
  prevHash: `h${seq - 1}`,
  at: `2026-12-05T10:00:0${seq}.000Z`,
});

describe('LocalAuditArchive', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  describe('append', () => {
    it('appends one line an event, making its folder when it is missing (also after it was removed)', async () => {
      // Prepare
      root = await mkdtemp(join(tmpdir(), 'archive-test-'));
      const archive = new LocalAuditArchive(localArchiveFile(root));

      // Act
      await archive.append([event(1)]);
      await rm(join(root, 'audit-archive'), { recursive: true });
      await archive.append([event(2), event(3)]);
      await archive.append([]);

      // Assess
      expect((await archive.eventsOf('C1')).map((e) => e.seq)).toEqual([2, 3]);
    });
  });
});
