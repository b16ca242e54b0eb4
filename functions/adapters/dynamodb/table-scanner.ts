import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ScanTable, TableScanner } from '../../ports/exports.ts';
import { scanPages } from './query.ts';

/** Parallel Scan (Segment / TotalSegments), one page (≤ 1 MB) at a time: the table is never held whole. */
export class DynamoTableScanner implements TableScanner {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: Readonly<Record<ScanTable, string>>,
  ) {}

  async *segment(table: ScanTable, segment: number, totalSegments: number) {
    const input = { TableName: this.tables[table], Segment: segment, TotalSegments: totalSegments };
    for await (const page of scanPages(this.doc, input)) yield page.Items ?? [];
  }
}
