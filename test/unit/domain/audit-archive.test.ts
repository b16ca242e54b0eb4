import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalAuditArchive } from '../../../functions/adapters/local-audit-archive.ts';
import {
  ARCHIVE_BREAKS,
  ARCHIVE_GRACE_MS,
  archivedOf,
  compareWithArchive,
} from '../../../functions/domain/audit-archive.ts';
import { chainEvent } from '../../../functions/domain/audit-chain.ts';
import type { AuditEvent } from '../../../functions/domain/claim.ts';

const NOW = new Date('2026-12-05T10:00:00.000Z');

function chained(count: number, at = (i: number) => new Date(NOW.getTime() - (count - i) * 60_000)) {
  const out: AuditEvent[] = [];
  for (let i = 0; i < count; i++) {
    const raw: AuditEvent = {
      claimId: 'C01TEST',
      seq: i + 1,
      at: at(i).toISOString(),
      actor: { kind: 'system', id: 'step' },
      action: 'step',
      from: null,
      to: 'SUBMITTED',
      reason: `r${i}`,
    };
    out.push(chainEvent(raw, out.at(-1)?.hash ?? null));
  }
  return out;
}

describe('audit archive', () => {
  describe('compareWithArchive', () => {
    it('accepts a table that matches its archive, duplicates included', () => {
      const events = chained(4);
      const archived = [...events, events[1] as AuditEvent].map(archivedOf);
      expect(compareWithArchive({ claimExists: true, events, archived }, NOW)).toEqual({
        firstBroken: null,
        archived: 4,
        pending: 0,
      });
    });

    it('treats a recent unarchived event as pending, and an old one as a break', () => {
      const events = chained(3);
      const archived = events.slice(0, 2).map(archivedOf);
      expect(compareWithArchive({ claimExists: true, events, archived }, NOW)).toMatchObject({
        firstBroken: null,
        pending: 1,
      });
      const later = new Date(NOW.getTime() + ARCHIVE_GRACE_MS + 60_000);
      expect(compareWithArchive({ claimExists: true, events, archived }, later).firstBroken).toEqual({
        seq: 3,
        reason: ARCHIVE_BREAKS.notArchived,
      });
    });

    it('finds deleted, rewritten, forked and removed records', () => {
      const events = chained(4);
      const archived = events.map(archivedOf);
      const cut = compareWithArchive({ claimExists: true, events: events.slice(0, 2), archived }, NOW);
      expect(cut.firstBroken).toEqual({ seq: 3, reason: ARCHIVE_BREAKS.eventMissing });
      const other = chainEvent({ ...(events[1] as AuditEvent), reason: 'x' }, events[0]?.hash);
      const rewritten = compareWithArchive(
        { claimExists: true, events: [events[0] as AuditEvent, other, ...events.slice(2)], archived },
        NOW,
      );
      expect(rewritten.firstBroken).toEqual({ seq: 2, reason: ARCHIVE_BREAKS.eventDiffers });
      const forked = compareWithArchive(
        { claimExists: true, events, archived: [...archived, archivedOf(other)] },
        NOW,
      );
      expect(forked.firstBroken).toEqual({ seq: 2, reason: ARCHIVE_BREAKS.archiveForked });
      const removed = compareWithArchive({ claimExists: false, events: [], archived }, NOW);
      expect(removed.firstBroken).toEqual({ seq: 1, reason: ARCHIVE_BREAKS.claimRemoved });
    });
  });

  describe('LocalAuditArchive', () => {
    it('appends lines, reads them back per claim and skips a torn last line', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'archive-'));
      try {
        const file = join(dir, 'a', 'events.jsonl');
        const archive = new LocalAuditArchive(file);
        const events = chained(2).map(archivedOf);
        await archive.append(events);
        await archive.append([{ ...(events[0] as (typeof events)[0]), claimId: 'C02OTHER' }]);
        await writeFile(file, '{"claimId":"C01TE', { flag: 'a' });
        expect(await archive.eventsOf('C01TEST')).toEqual(events);
        const ids: string[] = [];
        for await (const record of archive.all()) ids.push(record.claimId);
        expect(ids).toEqual(['C01TEST', 'C01TEST', 'C02OTHER']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
