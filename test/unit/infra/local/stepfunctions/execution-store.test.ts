import { appendFile, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutionStore, parseHistory } from '../../../../../infra/local/stepfunctions/execution-store.ts';
import { appendEvent } from '../../../../../infra/local/stepfunctions/history.ts';
import type { ExecutionRecord } from '../../../../../infra/local/stepfunctions/types.ts';

/** The files this process holds open (Linux). */
async function openFiles(): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith('/'));
}

const MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:ClaimWorkflow';

function newRecord(name: string): ExecutionRecord {
  const record: ExecutionRecord = {
    formatVersion: 1,
    executionArn: `arn:aws:states:us-east-1:000000000000:execution:ClaimWorkflow:${name}`,
    stateMachineArn: MACHINE_ARN,
    name,
    status: 'RUNNING',
    startDate: 1_700_000_000_000,
    input: '{"claimId":"c1"}',
    redriveCount: 0,
    taskTokenHashes: [],
    history: [],
  };
  appendEvent(record, { type: 'ExecutionStarted', executionStartedEventDetails: { input: record.input } });
  return record;
}

function enter(record: ExecutionRecord, stateName: string): void {
  const event = appendEvent(record, {
    type: 'TaskStateEntered',
    stateEnteredEventDetails: { name: stateName, input: '{}' },
  });
  record.position = { stateName, input: '{}', enteredEventId: event.id };
}

describe('ExecutionStore', () => {
  let dir: string;
  let logged: string[];
  let store: ExecutionStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-sfn-store-'));
    logged = [];
    store = new ExecutionStore(dir, (line) => logged.push(line));
    await store.loadAll();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('save', () => {
    it('appends each history event once, and replaces the state file only when the state changed', async () => {
      // Prepare
      const record = newRecord('append-only');
      enter(record, 'Assess');
      await store.save(record);
      const historyFile = store.historyFileFor(record);
      const firstHistory = await readFile(historyFile, 'utf8');
      const firstState = await stat(store.fileFor(record));

      // Act: two events, the position unchanged
      appendEvent(record, { type: 'TaskScheduled' });
      appendEvent(record, { type: 'TaskStarted' });
      await store.save(record);

      // Assess
      const history = await readFile(historyFile, 'utf8');
      expect(history.startsWith(firstHistory)).toBe(true);
      expect(parseHistory(history).events).toEqual(record.history);
      expect((await stat(store.fileFor(record))).ino).toBe(firstState.ino);

      // Act: the position changes
      enter(record, 'RequestApproval');
      await store.save(record);

      // Assess: the state file is replaced, without the history in it
      expect((await stat(store.fileFor(record))).ino).not.toBe(firstState.ino);
      const state = JSON.parse(await readFile(store.fileFor(record), 'utf8'));
      expect(state.history).toBeUndefined();
      expect(state.position).toEqual(record.position);
      expect(parseHistory(await readFile(historyFile, 'utf8')).events).toHaveLength(5);
    });

    it('keeps the history file of a running execution open for its appends, and closes it when the execution ends', async () => {
      // Prepare
      const record = newRecord('kept-open');
      const historyFile = store.historyFileFor(record);
      await store.save(record);
      const opened = await openFiles();

      // Act: more events of the running execution, then its end
      appendEvent(record, { type: 'TaskScheduled' });
      await store.save(record);
      const stillOpen = await openFiles();
      record.status = 'SUCCEEDED';
      appendEvent(record, { type: 'ExecutionSucceeded' });
      await store.save(record);

      // Assess: one descriptor of the file while it ran, none after; every event on disk
      expect(opened.filter((f) => f === historyFile)).toHaveLength(1);
      expect(stillOpen.filter((f) => f === historyFile)).toHaveLength(1);
      expect(await openFiles()).not.toContain(historyFile);
      expect(parseHistory(await readFile(historyFile, 'utf8')).events).toEqual(record.history);
    });

    it('keeps at most 64 history files open, closing the least recently written, and close() closes the rest', async () => {
      // Prepare
      const records = Array.from({ length: 70 }, (_, i) => newRecord(`many-${i}`));

      // Act
      for (const record of records) await store.save(record);
      appendEvent(records[0] as ExecutionRecord, { type: 'TaskScheduled' });
      await store.save(records[0] as ExecutionRecord);
      const whileRunning = (await openFiles()).filter((f) => f.startsWith(dir));
      await store.close();

      // Assess: the first was closed to make room and opened again for its new event
      expect(whileRunning).toHaveLength(64);
      expect(whileRunning).toContain(store.historyFileFor(records[0] as ExecutionRecord));
      expect((await openFiles()).filter((f) => f.startsWith(dir))).toEqual([]);
      for (const record of records) {
        expect(parseHistory(await readFile(store.historyFileFor(record), 'utf8')).events).toEqual(
          record.history,
        );
      }
    });
  });

  describe('loadAll', () => {
    it('reads a record as it was saved: its state and its whole history', async () => {
      // Prepare
      const record = newRecord('reload');
      enter(record, 'Assess');
      record.taskTokenHashes.push('abc');
      await store.save(record);

      // Act
      const [loaded] = await new ExecutionStore(dir, () => undefined).loadAll();

      // Assess
      expect(loaded).toEqual(record);
    });

    it('drops a last history line a crash cut short, cuts it off the file, and appends whole lines after it', async () => {
      // Prepare: a crash in the middle of an append
      const record = newRecord('torn');
      enter(record, 'Assess');
      await store.save(record);
      const historyFile = store.historyFileFor(record);
      await appendFile(historyFile, '{"type":"TaskScheduled","id":3,"previousEv');

      // Act
      const restarted = new ExecutionStore(dir, (line) => logged.push(line));
      const [loaded] = await restarted.loadAll();
      if (loaded === undefined) throw new Error('no record loaded');
      appendEvent(loaded, { type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 1 } });
      await restarted.save(loaded);

      // Assess
      expect(loaded.history.map((e) => e.type)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'ExecutionRedriven',
      ]);
      expect(logged.some((line) => line.includes('cut short'))).toBe(true);
      const [again] = await new ExecutionStore(dir, () => undefined).loadAll();
      expect(again?.history).toEqual(loaded.history);
    });

    it('reads a record written whole, with its history inline, and moves the history to the history file', async () => {
      // Prepare: the format before history files
      const record = newRecord('whole');
      enter(record, 'Assess');
      await writeFile(store.fileFor(record), JSON.stringify(record));

      // Act
      const restarted = new ExecutionStore(dir, () => undefined);
      const [loaded] = await restarted.loadAll();
      if (loaded === undefined) throw new Error('no record loaded');
      appendEvent(loaded, { type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 1 } });
      await restarted.save(loaded);

      // Assess
      expect(loaded.history).toHaveLength(3);
      expect(JSON.parse(await readFile(store.fileFor(record), 'utf8')).history).toBeUndefined();
      const [again] = await new ExecutionStore(dir, () => undefined).loadAll();
      expect(again).toEqual(loaded);
    });
  });
});
