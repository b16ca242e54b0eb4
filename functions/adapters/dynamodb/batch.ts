import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

const MAX_ATTEMPTS = 8;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `work` on every item with at most `limit` running at once; the results in the items' order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt) * Math.random()));

/** BatchWriteItem (puts) in batches of 25, four at once (or `inFlight`), retrying unprocessed items with backoff. */
export async function putAll(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly Item[],
  inFlight = 4,
): Promise<void> {
  await mapLimited(chunks(items, 25), inFlight, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`${pending.length} item(s) stayed unprocessed in a batch write`);
      if (attempt > 0) await backoff(attempt);
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  });
}

/**
 * BatchGetItem in batches of 100, retrying unprocessed keys with backoff; items not found are absent.
 * With `attributes`, only those (and the keys) are read.
 */
export async function getAll(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  attributes?: readonly string[],
): Promise<Item[]> {
  const projection =
    attributes === undefined
      ? {}
      : {
          ProjectionExpression: ['pk', 'sk', ...attributes].map((_, i) => `#a${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(
            ['pk', 'sk', ...attributes].map((name, i) => [`#a${i}`, name]),
          ),
        };
  const found: Item[] = [];
  await mapLimited(chunks(keys, 100), 4, async (batch) => {
    let pending: Item[] = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`${pending.length} key(s) stayed unprocessed in a batch read`);
      if (attempt > 0) await backoff(attempt);
      const out = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...projection } } }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
    }
  });
  return found;
}
