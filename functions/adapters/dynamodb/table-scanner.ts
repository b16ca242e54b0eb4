import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ScanTable, TableScanner } from '../../ports/exports.ts';

/** Parallel Scan (Segment / TotalSegments), one page (≤ 1 MB) at a time: the table is never held whole. */
export class DynamoTableScanner implements TableScanner {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: Readonly<Record<ScanTable, string>>,
  ) {}

  async *segment(table: ScanTable, segment: number, totalSegments: number) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.tables[table],
          Segment: segment,
          TotalSegments: totalSegments,
          ExclusiveStartKey: start,
        }),
      );
      yield out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
  }
}
