import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Claim } from '../../domain/claim.ts';
import {
  type ClaimList,
  type ClaimListPage,
  type ClaimListQuery,
  claimPosition,
} from '../../ports/claim-list.ts';
import { getAll } from './batch.ts';
import { claimKeys, stripKeys } from './keys.ts';

/** Index entries read per request; a page reads at most {@link MAX_READS} requests of them. */
const CHUNK = 100;
const MAX_READS = 12;
/** Without `from`, the months walked back go no further than this many years before the page's start. */
const YEARS_BACK = 5;

type Item = Record<string, unknown>;

/** `YYYY-MM` of the month before. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

export class DynamoClaimList implements ClaimList {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async page(query: ClaimListQuery): Promise<ClaimListPage> {
    const lower = query.from ?? '0';
    if (lower >= query.before) return { claims: [], next: null };
    if (query.source.kind === 'member') return this.memberPage(query.source.memberId, lower, query);
    const claims: Claim[] = [];
    let before = query.before;
    const floorMonth = (query.from ?? `${Number(query.before.slice(0, 4)) - YEARS_BACK}-01`).slice(0, 7);
    const positionOf = (entry: Item) => String(entry.gsi2sk ?? entry.gsi3sk);
    for (let reads = 0; reads < MAX_READS; reads++) {
      const out = await this.doc.send(
        new QueryCommand({ ...this.indexQuery(query, lower, before), Limit: CHUNK, ScanIndexForward: false }),
      );
      // The bounds are inclusive: the entry at `before` itself was on the page before.
      const entries = (out.Items ?? []).filter((entry) => positionOf(entry) < before);
      const metas = await this.metas(entries);
      for (const entry of entries) {
        const claim = metas.get(String(entry.pk));
        if (claim === undefined || !query.accept(claim)) continue;
        claims.push(claim);
        if (claims.length === query.limit) return { claims, next: positionOf(entry) };
      }
      if (out.LastEvaluatedKey !== undefined) {
        before = positionOf(out.LastEvaluatedKey);
        continue;
      }
      // The partition is read to its end: a unit's list ends; the list of all goes on a month earlier.
      if (query.source.kind === 'unit') return { claims, next: null };
      const month = previousMonth(before.slice(0, 7));
      if (month < floorMonth || month < lower.slice(0, 7)) return { claims, next: null };
      before = `${month}-99`;
    }
    // The page's reading budget is spent: the next page goes on from where this one stopped.
    return { claims, next: before };
  }

  /** The index query of the page from `lower` up to `before` (exclusive; the entry at `before` is skipped). */
  private indexQuery(query: ClaimListQuery, lower: string, before: string): QueryCommandInput {
    const { source } = query;
    if (source.kind === 'unit') {
      return {
        TableName: this.table,
        IndexName: 'byUnit',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :lower AND :before',
        ExpressionAttributeValues: {
          ':pk': claimKeys.unitClaims(source.unitCode),
          ':lower': lower,
          ':before': before,
        },
      };
    }
    const scope = source.kind === 'all' ? source.scopePath : null;
    return {
      TableName: this.table,
      IndexName: 'byMonth',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :lower AND :before',
      ...(scope === null ? {} : { FilterExpression: 'unitPath = :scope OR begins_with(unitPath, :below)' }),
      ExpressionAttributeValues: {
        ':pk': claimKeys.monthClaims(before.slice(0, 7)),
        ':lower': lower,
        ':before': before,
        ...(scope === null ? {} : { ':scope': scope, ':below': `${scope}/` }),
      },
    };
  }

  /** The claim items of index entries, by partition key. */
  private async metas(entries: readonly Item[]): Promise<Map<string, Claim>> {
    const keys = entries.map((entry) => ({ pk: entry.pk, sk: entry.sk }));
    const items = keys.length === 0 ? [] : await getAll(this.doc, this.table, keys);
    return new Map(items.map((item) => [String(item.pk), stripKeys<Claim>(item)]));
  }

  /** A member's claims: their partition of the byMember index (whole items), few enough to read at once. */
  private async memberPage(memberId: string, lower: string, query: ClaimListQuery): Promise<ClaimListPage> {
    const claims: Claim[] = [];
    let start: Item | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'byMember',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lower AND :upper',
          FilterExpression: '#type = :claim',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':pk': claimKeys.byMember(memberId),
            ':lower': lower,
            ':upper': query.before.split('#')[0] ?? query.before,
            ':claim': 'claim',
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const claim = stripKeys<Claim>(item);
        if (claimPosition(claim) < query.before && query.accept(claim)) claims.push(claim);
      }
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    claims.sort((a, b) => (claimPosition(a) < claimPosition(b) ? 1 : -1));
    const page = claims.slice(0, query.limit);
    const last = page.at(-1);
    return {
      claims: page,
      next: claims.length > query.limit && last !== undefined ? claimPosition(last) : null,
    };
  }
}
