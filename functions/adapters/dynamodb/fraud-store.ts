import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beijingDate, beijingDaysThrough } from '../../domain/calendar.ts';
import type { ApprovalOutcome, Claim } from '../../domain/claim.ts';
import {
  type FraudClaim,
  type FraudDecision,
  type FraudMember,
  fraudClaimOf,
} from '../../domain/fraud/index.ts';
import { baselinePlan, isoWeekOf } from '../../domain/fraud/unit-weeks.ts';
import { evidenceKey } from '../../domain/rules.ts';
import type { LinkedWrite } from '../../ports/claims-store.ts';
import type { FlagState, FraudStore, ScanClaim, StoredFlag } from '../../ports/fraud-store.ts';
import { getAll, putAll } from './batch.ts';
import { isConditionFailure } from './conditions.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { queryAll, queryPages, scanPages } from './query.ts';
import type { TransactItem } from './transact.ts';

/**
 * A fraud flag on a claim, written once with the claim's change: filed under its state on the byMember
 * index (the review list for flags raised on paid claims), newest first.
 */
export function raiseFlagItem(table: string, claimId: string, flag: StoredFlag): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...claimKeys.flag(claimId, flag.key),
        type: 'flag',
        gsi1pk: claimKeys.flagsIn(flag.state, flag.review),
        gsi1sk: `${flag.raisedAt}#${claimId}`,
        ...flag,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** An open flag cleared or confirmed (it moves to that state's list), under the condition that it is still open. */
export function resolveFlagItem(
  table: string,
  claimId: string,
  resolution: Extract<LinkedWrite, { kind: 'resolveFlag' }>,
): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: claimKeys.flag(claimId, resolution.key),
      UpdateExpression:
        'SET #state = :state, resolvedAt = :at, resolvedBy = :by, reason = :reason, gsi1pk = :gsi1pk',
      ConditionExpression: '#state = :open',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':state': resolution.state,
        ':at': resolution.resolvedAt,
        ':by': resolution.resolvedBy,
        ':reason': resolution.reason,
        ':gsi1pk': claimKeys.flagsIn(resolution.state, resolution.review),
        ':open': 'OPEN',
      },
    },
  };
}

/**
 * One more claim submitted in its unit's week: an ADD on the unit's weekly counter, written in the
 * transaction that stores the new claim (so a claim is counted once, when it is stored). None without a unit.
 */
export function unitWeekCountItem(
  table: string,
  claim: Pick<Claim, 'unitCode' | 'submittedAt'>,
): TransactItem[] {
  if (!claim.unitCode) return [];
  return [
    {
      Update: {
        TableName: table,
        Key: claimKeys.unitWeek(claim.unitCode, isoWeekOf(Date.parse(claim.submittedAt))),
        UpdateExpression: 'ADD claims :one SET #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'unit-week' },
      },
    },
  ];
}

/**
 * The sort key of an index partition's directory: the ids filed under it (each with its member), so that
 * a batch reads its partitions with a few BatchGetItem requests instead of a query each.
 */
const DIRECTORY = '#IDS';
/**
 * The most ids a directory keeps, the newest: well under DynamoDB's 400 KB item limit, and far above what
 * any rule needs to match (two claims on one certificate, three members on one account or mobile).
 */
export const DIRECTORY_LIMIT = 2000;
/** Batch writes of the index at once. */
const WRITES_IN_FLIGHT = 8;

/**
 * The scan's index items of a claim snapshot: by member (the snapshot) and by unit (by submission); the
 * payee and evidence partitions hold only their directories, which name each claim's member.
 */
export function indexItems(claim: FraudClaim): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [
    {
      pk: claimKeys.fraudIndex('MEMBER', claim.memberId),
      sk: `CLAIM#${claim.claimId}`,
      type: 'fraud-index',
      c: claim,
    },
  ];
  if (claim.unitCode) {
    items.push({
      pk: claimKeys.fraudIndex('UNIT', claim.unitCode),
      sk: `${claim.submittedAt}#${claim.claimId}`,
      type: 'fraud-index',
      c: claim,
    });
  }
  return items;
}

/** The partitions whose directories name a claim: its member's, its payee account's, its evidence's. */
export function claimPartitions(claim: FraudClaim): string[] {
  return [
    claimKeys.fraudIndex('MEMBER', claim.memberId),
    ...(claim.payeeAccountHash ? [claimKeys.fraudIndex('PAYEE', claim.payeeAccountHash)] : []),
    ...new Set(claim.evidence.map((e) => claimKeys.fraudIndex('EVIDENCE', evidenceKey(e)))),
  ];
}

export class DynamoFraudStore implements FraudStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getCursor(): Promise<string | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.fraudCursor(), ConsistentRead: true }),
    );
    return typeof out.Item?.at === 'string' ? out.Item.at : null;
  }

  async setCursor(at: string, summary: Record<string, unknown>): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...claimKeys.fraudCursor(), type: 'cursor', at, summary },
      }),
    );
  }

  async takeLease(owner: string, now: string, expiresAt: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...claimKeys.fraudLease(), type: 'lease', owner, takenAt: now, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseLease(owner: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: claimKeys.fraudLease(),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async changedClaims(
    since: string | null,
    until: string,
    onPage: (claimIds: string[]) => Promise<void>,
  ): Promise<void> {
    if (since === null) {
      // The first scan reads every claim once.
      const pages = scanPages(this.doc, {
        TableName: this.table,
        FilterExpression: 'sk = :meta',
        ExpressionAttributeValues: { ':meta': 'META' },
        ProjectionExpression: 'claimId',
      });
      for await (const page of pages) {
        const ids = (page.Items ?? []).map((i) => String(i.claimId));
        if (ids.length > 0) await onPage(ids);
      }
      return;
    }
    // Audit events are indexed by their Beijing day: read the days from the cursor to now.
    for (const day of beijingDaysThrough(Date.parse(since), beijingDate(new Date(until)))) {
      const pages = queryPages(this.doc, {
        TableName: this.table,
        IndexName: 'byMember',
        KeyConditionExpression: 'gsi1pk = :day AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':day': claimKeys.changes(day), ':from': since, ':to': `${until}~` },
      });
      for await (const page of pages) {
        const ids = [...new Set((page.Items ?? []).map((i) => String(i.claimId)))];
        if (ids.length > 0) await onPage(ids);
      }
    }
  }

  async readClaims(claimIds: readonly string[], hash: (value: string) => string): Promise<ScanClaim[]> {
    const keys = claimIds.flatMap((id) => [
      claimKeys.meta(id),
      claimKeys.payee(id),
      claimKeys.payeeInClaim(id),
    ]);
    const items = await getAll(this.doc, this.table, keys);
    const claims = new Map<string, Claim>();
    const accounts = new Map<string, string>();
    for (const item of items) {
      const id = String(item.pk).replace(/^(CLAIM|PAYEE)#/, '');
      if (item.sk === 'META') claims.set(id, stripKeys<Claim>(item));
      // The payee's own partition wins over a copy kept in the claim's from before.
      else if (
        typeof item.accountNumber === 'string' &&
        (item.pk === claimKeys.payee(id).pk || !accounts.has(id))
      )
        accounts.set(id, item.accountNumber);
    }
    const found = claimIds.flatMap((id) => {
      const claim = claims.get(id);
      return claim === undefined ? [] : [claim];
    });
    const decisions = await this.decisions(found);
    return found.map((claim) => {
      const account = accounts.get(claim.claimId);
      const fraud = fraudClaimOf(
        claim,
        account === undefined ? null : hash(account),
        decisions.get(claim.claimId) ?? [],
      );
      return { fraud, approverUnits: (claim.approvalChain ?? []).map((step) => step.unitCode) };
    });
  }

  /** The approval decisions of claims in approval, by claim: one batch read of their chains' levels. */
  private async decisions(claims: readonly Claim[]): Promise<Map<string, FraudDecision[]>> {
    const keys = claims.flatMap((c) =>
      c.approval === undefined
        ? []
        : (c.approvalChain ?? []).map((step) => claimKeys.approval(c.claimId, step.level)),
    );
    const out = new Map<string, FraudDecision[]>();
    const items = (await getAll(this.doc, this.table, keys)) as {
      pk: string;
      level: number;
      decision?: ApprovalOutcome | null;
    }[];
    for (const r of items.sort((a, b) => a.level - b.level)) {
      if (r.decision === null || r.decision === undefined) continue;
      const id = String(r.pk).slice('CLAIM#'.length);
      out.set(id, [
        ...(out.get(id) ?? []),
        {
          level: r.level,
          approverId: r.decision.approverId,
          decision: r.decision.decision,
          decidedAt: r.decision.decidedAt,
        },
      ]);
    }
    return out;
  }

  async filedUnder(partitions: readonly string[]): Promise<Map<string, Map<string, string>>> {
    const items = await getAll(
      this.doc,
      this.table,
      [...new Set(partitions)].map((pk) => ({ pk, sk: DIRECTORY })),
    );
    const out = new Map<string, Map<string, string>>();
    for (const p of partitions) out.set(p, new Map());
    for (const item of items) {
      // A list of [id, memberId], oldest first (a DynamoDB map would not keep the order).
      const filed = item.filed as [string, string][] | Record<string, string>;
      out.set(String(item.pk), new Map(Array.isArray(filed) ? filed : Object.entries(filed)));
    }
    return out;
  }

  async claimsAt(refs: readonly { partition: string; claimId: string }[]): Promise<FraudClaim[]> {
    const keys = refs.map((r) => ({ pk: r.partition, sk: `CLAIM#${r.claimId}` }));
    return (await getAll(this.doc, this.table, keys)).map((i) => i.c as FraudClaim);
  }

  async membersAt(refs: readonly { partition: string; memberId: string }[]): Promise<FraudMember[]> {
    const keys = refs.map((r) => ({ pk: r.partition, sk: `MEMBER#${r.memberId}` }));
    return (await getAll(this.doc, this.table, keys)).map((i) => i.m as FraudMember);
  }

  async index(
    claims: readonly FraudClaim[],
    members: readonly FraudMember[],
    filed: ReadonlyMap<string, ReadonlyMap<string, string>>,
  ): Promise<number> {
    const items = claims.flatMap(indexItems);
    // Each partition's directory (not the units': they are counted by time range) gains the new ids.
    const gained = new Map<string, Map<string, string>>();
    const file = (pk: string, id: string, memberId: string) => {
      const known = filed.get(pk);
      if (known?.get(id) === memberId) return;
      const ids = gained.get(pk) ?? new Map(known);
      ids.delete(id);
      ids.set(id, memberId);
      for (const oldest of ids.keys()) {
        if (ids.size <= DIRECTORY_LIMIT) break;
        ids.delete(oldest);
      }
      gained.set(pk, ids);
    };
    for (const c of claims) for (const pk of claimPartitions(c)) file(pk, c.claimId, c.memberId);
    for (const m of members) {
      if (!m.mobileHash) continue;
      const pk = claimKeys.fraudIndex('MOBILE', m.mobileHash);
      items.push({ pk, sk: `MEMBER#${m.memberId}`, type: 'fraud-index', m });
      file(pk, m.memberId, m.memberId);
    }
    for (const [pk, ids] of gained)
      items.push({ pk, sk: DIRECTORY, type: 'fraud-directory', filed: [...ids] });
    await putAll(this.doc, this.table, items, WRITES_IN_FLIGHT);
    return items.length;
  }

  async claimsUnder(partition: string, fromSk?: string): Promise<FraudClaim[]> {
    const items = await queryAll<{ c?: FraudClaim }>(this.doc, {
      TableName: this.table,
      KeyConditionExpression: fromSk === undefined ? 'pk = :pk' : 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': partition, ...(fromSk === undefined ? {} : { ':from': fromSk }) },
    });
    return items.flatMap((i) => (i.c === undefined ? [] : [i.c]));
  }

  async countUnder(partition: string, fromSk: string, toSk: string): Promise<number> {
    let count = 0;
    const pages = queryPages(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': partition, ':from': fromSk, ':to': toSk },
      Select: 'COUNT',
    });
    for await (const page of pages) count += page.Count ?? 0;
    return count;
  }

  async unitBaseline(unitCode: string, from: string, to: string, countersFrom: string): Promise<number> {
    const plan = baselinePlan(Date.parse(from), Date.parse(to), countersFrom);
    const partition = claimKeys.fraudIndex('UNIT', unitCode);
    const counters = new Map<string, number>();
    for (const item of await getAll(
      this.doc,
      this.table,
      plan.weeks.map((w) => claimKeys.unitWeek(unitCode, w.week)),
    )) {
      if (typeof item.claims === 'number') counters.set(String(item.sk).slice('WEEK#'.length), item.claims);
    }
    const ranges = [
      ...plan.counted,
      // A week without a counter (none stored yet for it): counted from the index, as before.
      ...plan.weeks.filter((w) => !counters.has(w.week)).map((w) => ({ fromSk: w.from, toSk: w.to })),
    ];
    const counted = await Promise.all(ranges.map((r) => this.countUnder(partition, r.fromSk, r.toSk)));
    return [...counters.values(), ...counted].reduce((a, b) => a + b, 0);
  }

  flagsOf(claimId: string): Promise<StoredFlag[]> {
    return queryAll<StoredFlag>(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :flag)',
      ExpressionAttributeValues: { ':pk': claimKeys.meta(claimId).pk, ':flag': 'FLAG#' },
      ConsistentRead: true,
    });
  }

  async getFlag(claimId: string, key: string): Promise<StoredFlag | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.flag(claimId, key), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<StoredFlag>(out.Item);
  }

  listFlags(state: FlagState, review: boolean, limit: number): Promise<StoredFlag[]> {
    return queryAll<StoredFlag>(
      this.doc,
      {
        TableName: this.table,
        IndexName: 'byMember',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': claimKeys.flagsIn(state, review) },
        ScanIndexForward: false,
      },
      limit,
    );
  }

  async saveHoldToken(claimId: string, taskToken: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...claimKeys.hold(claimId), type: 'hold', taskToken },
      }),
    );
  }

  async getHoldToken(claimId: string): Promise<string | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.hold(claimId), ConsistentRead: true }),
    );
    return typeof out.Item?.taskToken === 'string' ? out.Item.taskToken : null;
  }
}
