import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RecordEvent } from '../../domain/audit.ts';
import { formatMemberId, memberIdNumber } from '../../domain/member-import/member-record.ts';
import type { Approver, Budget, Member, Unit } from '../../domain/registry.ts';
import type { MemberWrite, RegistryStore } from '../../ports/registry-store.ts';
import { isConditionFailure } from './conditions.ts';
import { registryKeys, stripKeys } from './keys.ts';
import { queryAll, scanPages } from './query.ts';

/** BatchWriteItem takes at most 25 puts, BatchGetItem at most 100 keys. */
const WRITE_BATCH = 25;
const READ_BATCH = 100;
/** Attempts at a batch whose items keep coming back unprocessed (throttling) before giving up. */
const MAX_BATCH_ATTEMPTS = 10;

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

export interface RegistryStoreOptions {
  /** Member ids reserved from the counter per update; the unused rest of a block is never handed out. */
  readonly idBlockSize?: number;
  /** BatchWriteItem requests in flight per `putMembers` / `putAll` call. */
  readonly writeConcurrency?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Exponential backoff with full jitter: 0..(25 ms × 2^attempt), at most 2 s. */
function backoff(attempt: number): Promise<void> {
  return sleep(Math.random() * Math.min(2000, 25 * 2 ** attempt));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `work` on every item with at most `limit` running at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function memberItem(member: Member): Item {
  return { ...registryKeys.member(member.memberId), type: 'member', ...member };
}

function lookupItem(idNumberHash: string, memberId: string): Item {
  return { ...registryKeys.idNumber(idNumberHash), type: 'idno', idNumberHash, memberId };
}

export class DynamoRegistryStore implements RegistryStore {
  private readonly idBlockSize: number;
  private readonly writeConcurrency: number;
  /** Member numbers reserved and not yet handed out: [next, end). */
  private idBlock = { next: 0, end: 0 };
  /** Serialises id allocation so concurrent callers never share a block. */
  private allocating: Promise<unknown> = Promise.resolve();
  private prepared = false;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    options: RegistryStoreOptions = {},
  ) {
    this.idBlockSize = options.idBlockSize ?? 1000;
    this.writeConcurrency = options.writeConcurrency ?? 4;
  }

  async getMember(memberId: string): Promise<Member | null> {
    return this.getItem<Member>(registryKeys.member(memberId));
  }

  async getUnit(code: string): Promise<Unit | null> {
    return this.getItem<Unit>(registryKeys.unit(code));
  }

  async listApprovers(unitCode: string): Promise<Approver[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': registryKeys.unit(unitCode).pk, ':prefix': 'APPROVER#' },
      }),
    );
    return (out.Items ?? []).map((item) => stripKeys<Approver>(item));
  }

  async getBudget(unitCode: string, programId: string, year: number): Promise<Budget | null> {
    const item = await this.getItem<Budget & { availableFen?: number }>(
      registryKeys.budget(unitCode, programId, year),
    );
    if (item === null) return null;
    const { availableFen: _available, ...budget } = item;
    return budget;
  }

  async putAll(records: Parameters<RegistryStore['putAll']>[0]): Promise<void> {
    const items: Item[] = [
      ...(records.units ?? []).map((u) => ({ ...registryKeys.unit(u.code), type: 'unit', ...u })),
      ...(records.approvers ?? []).map((a) => ({
        ...registryKeys.approver(a.unitCode, a.approverId),
        type: 'approver',
        ...a,
      })),
      ...(records.members ?? []).flatMap((m) => [memberItem(m), lookupItem(m.idNumberHash, m.memberId)]),
      ...(records.budgets ?? []).map((b) => ({
        ...registryKeys.budget(b.unitCode, b.programId, b.year),
        type: 'budget',
        ...b,
        availableFen: b.allocatedFen - b.paidFen,
      })),
    ];
    await this.writeAll(items);
  }

  async prepareMemberImport(): Promise<void> {
    if (this.prepared) return;
    const counter = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: registryKeys.memberCounter(), ConsistentRead: true }),
    );
    if (counter.Item === undefined) {
      // First import on this table: index the members already there, then start the counter above them.
      let highest = 0;
      const pages = scanPages(this.doc, {
        TableName: this.table,
        FilterExpression: 'sk = :member',
        ExpressionAttributeValues: { ':member': 'MEMBER' },
        ProjectionExpression: 'memberId, idNumberHash',
      });
      for await (const page of pages) {
        const lookups: Item[] = [];
        for (const item of page.Items ?? []) {
          const memberId = typeof item.memberId === 'string' ? item.memberId : '';
          highest = Math.max(highest, memberIdNumber(memberId) ?? 0);
          if (typeof item.idNumberHash === 'string' && item.idNumberHash !== '') {
            lookups.push(lookupItem(item.idNumberHash, memberId));
          }
        }
        await this.writeAll(lookups);
      }
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...registryKeys.memberCounter(), type: 'counter', last: highest },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        // Another import created it first: its value is as good as ours.
        if (!isConditionFailure(error)) throw error;
      }
    }
    this.prepared = true;
  }

  async findMemberIdByIdHash(idNumberHash: string): Promise<string | null> {
    return (await this.findMemberIdsByIdHash([idNumberHash])).get(idNumberHash) ?? null;
  }

  async findMemberIdsByIdHash(idNumberHashes: readonly string[]): Promise<Map<string, string>> {
    const keys = [...new Set(idNumberHashes)].map((hash) => registryKeys.idNumber(hash));
    const out = new Map<string, string>();
    for (const item of await this.getAll(keys, 'idNumberHash, memberId')) {
      if (typeof item.idNumberHash === 'string' && typeof item.memberId === 'string') {
        out.set(item.idNumberHash, item.memberId);
      }
    }
    return out;
  }

  async getMembers(memberIds: readonly string[]): Promise<Map<string, Member>> {
    const keys = [...new Set(memberIds)].map((id) => registryKeys.member(id));
    const out = new Map<string, Member>();
    for (const item of await this.getAll(keys)) {
      const member = stripKeys<Member>(item);
      out.set(member.memberId, member);
    }
    return out;
  }

  allocateMemberIds(count: number): Promise<string[]> {
    if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a whole number');
    const run = this.allocating.then(() => this.takeIds(count));
    this.allocating = run.catch(() => undefined);
    return run;
  }

  async putMembers(writes: readonly MemberWrite[]): Promise<void> {
    await this.writeAll(
      writes.flatMap(({ member, event }) =>
        event === null
          ? []
          : [
              {
                ...registryKeys.memberEvent(member.memberId, event.at, randomUUID()),
                type: 'event',
                ...event,
              },
            ],
      ),
    );
    const byId = new Map(writes.map(({ member }) => [member.memberId, member]));
    await this.writeAll(
      [...byId.values()].flatMap((m) => [memberItem(m), lookupItem(m.idNumberHash, m.memberId)]),
    );
  }

  async appendMemberEvent(memberId: string, event: RecordEvent): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...registryKeys.memberEvent(memberId, event.at, randomUUID()), type: 'event', ...event },
      }),
    );
  }

  memberHistory(memberId: string): Promise<RecordEvent[]> {
    return queryAll<RecordEvent>(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': registryKeys.memberEvent(memberId, '', '').pk },
    });
  }

  private async takeIds(count: number): Promise<string[]> {
    const ids: string[] = [];
    while (ids.length < count) {
      if (this.idBlock.next >= this.idBlock.end) {
        const size = Math.max(this.idBlockSize, count - ids.length);
        const last = await this.reserveIds(size);
        this.idBlock = { next: last - size + 1, end: last + 1 };
      }
      while (ids.length < count && this.idBlock.next < this.idBlock.end) {
        ids.push(formatMemberId(this.idBlock.next++));
      }
    }
    return ids;
  }

  /** Adds `size` to the counter; returns the new highest number reserved. */
  private async reserveIds(size: number): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: registryKeys.memberCounter(),
            UpdateExpression: 'ADD #last :size',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues: { ':size': size },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        const last = out.Attributes?.last;
        if (typeof last !== 'number') throw new Error('the member-id counter has no number');
        return last;
      } catch (error) {
        if (!isConditionFailure(error) || attempt > 0) throw error;
        this.prepared = false;
        await this.prepareMemberImport();
      }
    }
  }

  /** BatchWriteItem in batches of 25, some in parallel, retrying unprocessed items with backoff. */
  private async writeAll(items: readonly Item[]): Promise<void> {
    await eachLimited(chunks(items, WRITE_BATCH), this.writeConcurrency, async (batch) => {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        if (attempt >= MAX_BATCH_ATTEMPTS) {
          throw new Error(`DynamoDB kept returning ${pending.length} unprocessed item(s) of a batch write`);
        }
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        pending = (out.UnprocessedItems?.[this.table] ?? []) as typeof pending;
      }
    });
  }

  /** BatchGetItem in batches of 100, retrying unprocessed keys with backoff. */
  private async getAll(keys: readonly Key[], projection?: string): Promise<Item[]> {
    const found: Item[] = [];
    await eachLimited(chunks(keys, READ_BATCH), this.writeConcurrency, async (batch) => {
      let pending: Key[] = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        if (attempt >= MAX_BATCH_ATTEMPTS) {
          throw new Error(`DynamoDB kept returning ${pending.length} unprocessed key(s) of a batch read`);
        }
        const out = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: pending,
                ...(projection === undefined ? {} : { ProjectionExpression: projection }),
              },
            },
          }),
        );
        found.push(...(out.Responses?.[this.table] ?? []));
        pending = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Key[];
      }
    });
    return found;
  }

  private async getItem<T>(key: Key): Promise<T | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key }));
    return out.Item === undefined ? null : stripKeys<T>(out.Item);
  }
}
