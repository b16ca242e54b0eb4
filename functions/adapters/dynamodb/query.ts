import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  ScanCommand,
  type ScanCommandInput,
  type ScanCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { stripKeys } from './keys.ts';

type Start = Record<string, unknown> | undefined;

/** Sends one request per page, each from where the last one stopped, until DynamoDB says no more. */
async function* pages<O extends { LastEvaluatedKey?: Start }>(send: (start: Start) => Promise<O>) {
  let start: Start;
  do {
    const out = await send(start);
    yield out;
    start = out.LastEvaluatedKey;
  } while (start !== undefined);
}

/**
 * The pages (≤ 1 MB each) of a Scan, one at a time: the table is never held whole. A parallel scan
 * passes its `Segment` / `TotalSegments` in `input`; a `Select: 'COUNT'` page carries only its `Count`.
 */
export function scanPages(
  doc: DynamoDBDocumentClient,
  input: Omit<ScanCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<ScanCommandOutput> {
  return pages((start) => doc.send(new ScanCommand({ ...input, ExclusiveStartKey: start })));
}

/** The pages of a Query, one at a time (items as stored, with their key attributes). */
export function queryPages(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<QueryCommandOutput> {
  return pages((start) => doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start })));
}

/** Every item a query finds, page after page (up to `limit`), without their key attributes. */
export async function queryAll<T>(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of queryPages(doc, input)) {
    for (const item of page.Items ?? []) items.push(stripKeys<T>(item));
    if (items.length >= limit) break;
  }
  return items.slice(0, limit);
}
