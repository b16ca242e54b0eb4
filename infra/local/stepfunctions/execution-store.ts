import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionRecord, StoredHistoryEvent } from './types.ts';

const TEMP_SUFFIX = '.tmp';
/** History files kept open at most; past it, the least recently written idle one is closed. */
const MAX_OPEN_HISTORIES = 64;
const STATE_SUFFIX = '.json';
const HISTORY_SUFFIX = '.history.jsonl';

interface Slot {
  latest: ExecutionRecord;
  writing: Promise<void> | undefined;
  queued: Promise<void> | undefined;
  /** How many of the record's history events are in its history file, and the bytes they fill. */
  eventsOnDisk: number;
  bytesOnDisk: number;
  /** The state file's content as last written (undefined: not written by this store yet). */
  stateOnDisk: string | undefined;
  /** The history file, open for appending while its execution runs (closed when it ends, or to make room). */
  history: FileHandle | undefined;
}

const IDLE = { writing: undefined, queued: undefined, history: undefined } as const;

/** What the state file holds: the record without its history. */
type ExecutionState = Omit<ExecutionRecord, 'history'>;

function isState(value: unknown): value is ExecutionState & { history?: unknown } {
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
    (r.history === undefined || Array.isArray(r.history))
  );
}

function stateOf(record: ExecutionRecord): string {
  const { history: _history, ...state } = record;
  return JSON.stringify(state);
}

/**
 * The events of a history file, numbered 1, 2, ... in order, and the length of the text they fill. A line
 * a crash cut short (no newline, or not an event with the next number) ends the history there: the
 * events before it are whole, each having been appended with its newline in one write.
 */
export function parseHistory(text: string): { events: StoredHistoryEvent[]; bytes: number } {
  const events: StoredHistoryEvent[] = [];
  let offset = 0;
  for (;;) {
    const end = text.indexOf('\n', offset);
    if (end < 0) break;
    let event: StoredHistoryEvent;
    try {
      event = JSON.parse(text.slice(offset, end)) as StoredHistoryEvent;
    } catch {
      break;
    }
    if (typeof event !== 'object' || event === null || event.id !== events.length + 1) break;
    events.push(event);
    offset = end + 1;
  }
  return { events, bytes: Buffer.byteLength(text.slice(0, offset), 'utf8') };
}

/**
 * Two files per execution under `dir`: its history, appended one JSON line per event and never
 * rewritten, and a small state file (status, position, waiting callback, token hashes: the record
 * without its history), replaced atomically (temp file + rename) and only when its content changed.
 * Each write appends the new events first, then the state, so the state never names an event that is not
 * on disk. Writes of one execution are serialised and coalesced (a write stores the record as it is when
 * the write starts). On load a history line cut short by a crash is dropped and cut off the file.
 * A running execution's history file stays open (O_APPEND), so an append is one write, not an open, a
 * write and a close; it is closed when the execution ends, when more than MAX_OPEN_HISTORIES are open
 * (the least recently written first), and by close().
 */
export class ExecutionStore {
  private readonly slots = new Map<string, Slot>();
  /** Slots whose history file is open, least recently written first. */
  private readonly open = new Set<Slot>();
  private tempCounter = 0;

  constructor(
    readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** The state file of an execution (its history file is beside it, ending in `.history.jsonl`). */
  fileFor(record: Pick<ExecutionRecord, 'stateMachineArn' | 'name'>): string {
    return `${this.baseFor(record)}${STATE_SUFFIX}`;
  }

  historyFileFor(record: Pick<ExecutionRecord, 'stateMachineArn' | 'name'>): string {
    return `${this.baseFor(record)}${HISTORY_SUFFIX}`;
  }

  private baseFor(record: Pick<ExecutionRecord, 'stateMachineArn' | 'name'>): string {
    const machine = encodeURIComponent(record.stateMachineArn.split(':').at(-1) ?? 'machine');
    return join(this.dir, `${machine}.${encodeURIComponent(record.name)}`);
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
      if (!entry.endsWith(STATE_SUFFIX)) continue;
      try {
        const text = await readFile(path, 'utf8');
        const parsed: unknown = JSON.parse(text);
        if (!isState(parsed)) {
          this.log(`sfn: ignoring ${entry}: not an execution record`);
          continue;
        }
        records.push(await this.withHistory(parsed, text));
      } catch (error) {
        this.log(`sfn: ignoring ${entry}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return records;
  }

  /** The record with its history: from its history file, or (a record written whole, before history files) inline. */
  private async withHistory(
    state: ExecutionState & { history?: unknown },
    text: string,
  ): Promise<ExecutionRecord> {
    const historyFile = this.historyFileFor(state);
    let slot: Omit<Slot, 'latest'>;
    let history: StoredHistoryEvent[];
    if (Array.isArray(state.history)) {
      // Written whole: the next write moves its history to the history file and rewrites the state without it.
      history = state.history as StoredHistoryEvent[];
      await rm(historyFile, { force: true });
      slot = { ...IDLE, eventsOnDisk: 0, bytesOnDisk: 0, stateOnDisk: undefined };
    } else {
      const raw = await readFile(historyFile).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return Buffer.alloc(0);
        throw error;
      });
      const { events, bytes } = parseHistory(raw.toString('utf8'));
      if (bytes < raw.length) {
        this.log(`sfn: ${state.name}: history cut short by a crash, kept ${events.length} whole event(s)`);
        await truncate(historyFile, bytes);
      }
      history = events;
      slot = { ...IDLE, eventsOnDisk: events.length, bytesOnDisk: bytes, stateOnDisk: text };
    }
    const record = { ...state, history } as ExecutionRecord;
    this.slots.set(this.fileFor(record), { ...slot, latest: record });
    return record;
  }

  /** Schedules a write of the record; resolves once a write that includes the record's current content is on disk. */
  save(record: ExecutionRecord): Promise<void> {
    const file = this.fileFor(record);
    let slot = this.slots.get(file);
    if (!slot) {
      slot = { ...IDLE, latest: record, eventsOnDisk: 0, bytesOnDisk: 0, stateOnDisk: undefined };
      this.slots.set(file, slot);
    }
    slot.latest = record;
    if (slot.queued) return slot.queued;
    const s = slot;
    const queued = (async () => {
      // Always yields at least once, so `s.queued` is set before the write below takes its snapshot.
      await s.writing?.catch(() => undefined);
      s.queued = undefined;
      const write = this.write(file, s);
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

  /** Appends the events not yet on disk, then replaces the state file if it changed (both as they are now). */
  private async write(file: string, slot: Slot): Promise<void> {
    const record = slot.latest;
    const events = record.history.slice(slot.eventsOnDisk);
    const state = stateOf(record);
    if (events.length > 0) {
      const lines = Buffer.from(events.map((event) => `${JSON.stringify(event)}\n`).join(''), 'utf8');
      const historyFile = this.historyFileFor(record);
      try {
        const handle = await this.historyHandle(slot, historyFile);
        await handle.appendFile(lines);
      } catch (error) {
        // Part of it may have been written: cut it off, so the next write appends these events again whole.
        await this.closeHistory(slot);
        await truncate(historyFile, slot.bytesOnDisk).catch(() => undefined);
        throw error;
      }
      slot.eventsOnDisk += events.length;
      slot.bytesOnDisk += lines.length;
    }
    if (state !== slot.stateOnDisk) {
      await this.writeAtomically(file, state);
      slot.stateOnDisk = state;
    }
    if (record.status !== 'RUNNING') await this.closeHistory(slot);
  }

  /** The slot's history file, open for appending (opened now if it is not). */
  private async historyHandle(slot: Slot, historyFile: string): Promise<FileHandle> {
    if (slot.history !== undefined) {
      // Most recently written last.
      this.open.delete(slot);
      this.open.add(slot);
      return slot.history;
    }
    for (const other of this.open) {
      if (this.open.size < MAX_OPEN_HISTORIES) break;
      if (other.writing === undefined) await this.closeHistory(other);
    }
    const handle = await open(historyFile, 'a');
    slot.history = handle;
    this.open.add(slot);
    return handle;
  }

  private async closeHistory(slot: Slot): Promise<void> {
    const handle = slot.history;
    if (handle === undefined) return;
    slot.history = undefined;
    this.open.delete(slot);
    await handle.close().catch(() => undefined);
  }

  /** Finishes every scheduled write, then closes the history files still open. */
  async close(): Promise<void> {
    await this.flush();
    for (const slot of [...this.open]) await this.closeHistory(slot);
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
