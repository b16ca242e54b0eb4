import { appendFileSync, mkdirSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArchivedEvent } from '../domain/audit-archive.ts';
import type { ArchiveDigest, ArchiveDigestStore } from '../ports/archive-digest-store.ts';
import type { AuditArchive } from '../ports/audit-archive.ts';

/** Where the local runtime keeps its archive, under its data folder. */
export const localArchiveFile = (dataDir: string) => join(dataDir, 'audit-archive', 'events.jsonl');

/**
 * The local archive: one file, one JSON line per event, only ever opened for appending (O_APPEND), the
 * stand-in for the S3 bucket under Object Lock. A torn last line (a crash mid-append) is skipped.
 */
export class LocalAuditArchive implements AuditArchive, ArchiveDigestStore {
  constructor(private readonly file: string) {}

  async append(events: readonly ArchivedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const lines = events
      .map(
        ({ claimId, seq, hash, prevHash, at }) => `${JSON.stringify({ claimId, seq, hash, prevHash, at })}\n`,
      )
      .join('');
    // One synchronous append (open O_APPEND, write, close) of a few hundred bytes: a tenth of the CPU of
    // the same through the thread pool, on the one thread that runs the whole local stack. The folder is
    // made when an append finds it missing, not before every append.
    try {
      appendFileSync(this.file, lines, { encoding: 'utf8', flag: 'a' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(this.file), { recursive: true });
      appendFileSync(this.file, lines, { encoding: 'utf8', flag: 'a' });
    }
  }

  private async records(): Promise<ArchivedEvent[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: ArchivedEvent[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        records.push(JSON.parse(line) as ArchivedEvent);
      } catch {
        // A line cut short by a crash while appending: its event is pending, then reported unarchived.
      }
    }
    return records;
  }

  async eventsOf(claimId: string): Promise<ArchivedEvent[]> {
    return (await this.records()).filter((r) => r.claimId === claimId);
  }

  async *all(): AsyncIterable<ArchivedEvent> {
    yield* await this.records();
  }

  /** Locally a record is archived right after its event is written: its time is the event's. */
  async archivedBetween(fromIso: string, toIso: string): Promise<ArchivedEvent[]> {
    return (await this.records()).filter((r) => r.at >= fromIso && r.at < toIso);
  }

  private get digestFile(): string {
    return join(dirname(this.file), 'digests.jsonl');
  }

  async listDigests(): Promise<ArchiveDigest[]> {
    let text: string;
    try {
      text = await readFile(this.digestFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const digests: ArchiveDigest[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        digests.push(JSON.parse(line) as ArchiveDigest);
      } catch {
        // A torn last line.
      }
    }
    return digests;
  }

  async getDigest(hour: string): Promise<ArchiveDigest | null> {
    return (await this.listDigests()).find((digest) => digest.hour === hour) ?? null;
  }

  async putDigest(digest: ArchiveDigest): Promise<void> {
    if ((await this.getDigest(digest.hour)) !== null) return;
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.digestFile, `${JSON.stringify(digest)}\n`, { encoding: 'utf8', flag: 'a' });
  }
}
