import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ScopedListPage, ScopedListQuery, ScopedListSource } from '../../ports/scoped-list.ts';
import { getAll } from './batch.ts';
import { stripKeys } from './keys.ts';
import type { ScopedPartitions } from './scoped-index.ts';

/** Index entries read per request; a page reads at most {@link MAX_READS} requests of them. */
const CHUNK = 100;
const MAX_READS = 12;
/** Without `from`, the months walked back go no further than January this many years before the page. */
const YEARS_BACK = 5;

type Item = Record<string, unknown>;

/** `YYYY-MM` of the month before. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * A page newest first: one Query of the unit's partition (byUnit), or the months' partitions (byMonth)
 * walked back from `before`, filtered to the subtree; the records themselves by BatchGetItem. At most
 * {@link MAX_READS} index queries a page: a page may end short, with a position to go on from.
 */
export async function readScopedList<T>(
  doc: DynamoDBDocumentClient,
  table: string,
  partitions: ScopedPartitions,
  query: ScopedListQuery<T, ScopedListSource>,
  /** The attributes of a record to read (default: all). */
  attributes?: readonly string[],
): Promise<ScopedListPage<T>> {
  const lower = query.from ?? '0';
  if (lower >= query.before) return { items: [], next: null };
  const items: T[] = [];
  let before = query.before;
  const floorMonth = (query.from ?? `${Number(query.before.slice(0, 4)) - YEARS_BACK}-01`).slice(0, 7);
  const positionOf = (entry: Item) => String(entry.gsi2sk ?? entry.gsi3sk);
  for (let reads = 0; reads < MAX_READS; reads++) {
    const out = await doc.send(
      new QueryCommand({
        ...indexQuery(table, partitions, query.source, lower, before),
        Limit: CHUNK,
        ScanIndexForward: false,
      }),
    );
    // The bounds are inclusive: the entry at `before` itself was on the page before.
    const entries = (out.Items ?? []).filter((entry) => positionOf(entry) < before);
    const records = await recordsOf<T>(doc, table, entries, attributes);
    for (const entry of entries) {
      const record = records.get(`${entry.pk}|${entry.sk}`);
      if (record === undefined || !query.accept(record)) continue;
      items.push(record);
      if (items.length === query.limit) return { items, next: positionOf(entry) };
    }
    if (out.LastEvaluatedKey !== undefined) {
      before = positionOf(out.LastEvaluatedKey);
      continue;
    }
    // The partition is read to its end: a unit's list ends; the list of all goes on a month earlier.
    if (query.source.kind === 'unit') return { items, next: null };
    const month = previousMonth(before.slice(0, 7));
    if (month < floorMonth || month < lower.slice(0, 7)) return { items, next: null };
    before = `${month}-99`;
  }
  // The page's reading budget is spent: the next page goes on from where this one stopped.
  return { items, next: before };
}

/** The index query from `lower` up to `before` (both inclusive; the caller skips the entry at `before`). */
function indexQuery(
  table: string,
  partitions: ScopedPartitions,
  source: ScopedListSource,
  lower: string,
  before: string,
): QueryCommandInput {
  if (source.kind === 'unit') {
    return {
      TableName: table,
      IndexName: 'byUnit',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :lower AND :before',
      ExpressionAttributeValues: {
        ':pk': partitions.unit(source.unitCode),
        ':lower': lower,
        ':before': before,
      },
    };
  }
  const scope = source.scopePath;
  return {
    TableName: table,
    IndexName: 'byMonth',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :lower AND :before',
    ...(scope === null ? {} : { FilterExpression: 'unitPath = :scope OR begins_with(unitPath, :below)' }),
    ExpressionAttributeValues: {
      ':pk': partitions.month(before.slice(0, 7)),
      ':lower': lower,
      ':before': before,
      ...(scope === null ? {} : { ':scope': scope, ':below': `${scope}/` }),
    },
  };
}

/** The records of index entries, by `pk|sk`. */
async function recordsOf<T>(
  doc: DynamoDBDocumentClient,
  table: string,
  entries: readonly Item[],
  attributes: readonly string[] | undefined,
) {
  const keys = entries.map((entry) => ({ pk: entry.pk, sk: entry.sk }));
  const found = keys.length === 0 ? [] : await getAll(doc, table, keys, attributes);
  return new Map(found.map((item) => [`${item.pk}|${item.sk}`, stripKeys<T>(item)]));
}
