import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionRecord } from './types.ts';

const TEMP_SUFFIX = '.tmp';

interface Slot {
  latest: ExecutionRecord;
  writing: Promise<void> | undefined;
  queued: Promise<void> | undefined;
}

function isRecord(value: unknown): value is ExecutionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<ExecutionRecord>;
  return (
    r.formatVersion === 1 &&
    typeof r.executionArn === 'string' &&
    typeof r.stateMachineArn === 'string' &&
    typeof r.name === 'string' &&
    typeof r.status === 'string' &&
    typeof r.startDate === 'number' &&
    typeof r.input === 'string' &&
    typeof r.redriveCount === 'number' &&
    Array.isArray(r.taskTokenHashes) &&
    Array.isArray(r.history)
  );
}

/** One JSON file per execution under `dir`. Each file is replaced atomically (temp file + rename), so a
 *  crash at any moment leaves it parseable; writes of one execution are serialised and coalesced
 *  (a write always stores the record as it is when the write starts). */
export class ExecutionStore {
  private readonly slots = new Map<string, Slot>();
  private tempCounter = 0;

  constructor(
    readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  fileFor(record: ExecutionRecord): string {
    const machine = encodeURIComponent(record.stateMachineArn.split(':').at(-1) ?? 'machine');
    return join(this.dir, `${machine}.${encodeURIComponent(record.name)}.json`);
  }

  /** Creates the directory, removes temp files a crash left behind, and reads every record. */
  async loadAll(): Promise<ExecutionRecord[]> {
    await mkdir(this.dir, { recursive: true });
    const records: ExecutionRecord[] = [];
    for (const entry of await readdir(this.dir)) {
      const path = join(this.dir, entry);
      if (entry.endsWith(TEMP_SUFFIX)) {
        await rm(path, { force: true });
        continue;
      }
      if (!entry.endsWith('.json')) continue;
      try {
        const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
        if (isRecord(parsed)) records.push(parsed);
        else this.log(`sfn: ignoring ${entry}: not an execution record`);
      } catch (error) {
        this.log(`sfn: ignoring ${entry}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return records;
  }

  /** Schedules a write of the record; resolves once a write that includes the record's current content is on disk. */
  save(record: ExecutionRecord): Promise<void> {
    const file = this.fileFor(record);
    let slot = this.slots.get(file);
    if (!slot) {
      slot = { latest: record, writing: undefined, queued: undefined };
      this.slots.set(file, slot);
    }
    slot.latest = record;
    if (slot.queued) return slot.queued;
    const s = slot;
    const queued = (async () => {
      // Always yields at least once, so `s.queued` is set before the write below takes its snapshot.
      await s.writing?.catch(() => undefined);
      s.queued = undefined;
      const write = this.writeAtomically(file, JSON.stringify(s.latest));
      s.writing = write;
      try {
        await write;
      } finally {
        if (s.writing === write) s.writing = undefined;
      }
    })();
    s.queued = queued;
    return queued;
  }

  /** Resolves when every scheduled write has finished (failed ones included). */
  async flush(): Promise<void> {
    for (;;) {
      const pending: Promise<void>[] = [];
      for (const slot of this.slots.values()) {
        if (slot.queued) pending.push(slot.queued);
        if (slot.writing) pending.push(slot.writing);
      }
      if (pending.length === 0) return;
      await Promise.allSettled(pending);
    }
  }

  private async writeAtomically(file: string, data: string): Promise<void> {
    this.tempCounter += 1;
    const temp = `${file}.${process.pid}.${this.tempCounter}${TEMP_SUFFIX}`;
    try {
      await writeFile(temp, data, 'utf8');
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
