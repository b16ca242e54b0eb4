import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../../../functions/adapters/dynamodb/client.ts';
import { queryAll, queryPages, scanPages } from '../../../../functions/adapters/dynamodb/query.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = documentClient();

describe('query', () => {
  beforeEach(() => ddb.reset());

  describe('scanPages', () => {
    it('reads page after page from where the last one stopped, keeping the segment of a parallel scan', async () => {
      // Prepare
      ddb
        .on(ScanCommand)
        .resolvesOnce({ Items: [{ pk: 'a' }], LastEvaluatedKey: { pk: 'a' } })
        .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'b' } })
        .resolvesOnce({ Items: [{ pk: 'c' }] });
      // Act
      const pages = [];
      for await (const page of scanPages(doc, { TableName: 't', Segment: 1, TotalSegments: 4 }))
        pages.push(page.Items);
      // Assess
      expect(pages).toEqual([[{ pk: 'a' }], [], [{ pk: 'c' }]]);
      expect(ddb.commandCalls(ScanCommand).map((c) => c.args[0].input)).toEqual([
        { TableName: 't', Segment: 1, TotalSegments: 4, ExclusiveStartKey: undefined },
        { TableName: 't', Segment: 1, TotalSegments: 4, ExclusiveStartKey: { pk: 'a' } },
        { TableName: 't', Segment: 1, TotalSegments: 4, ExclusiveStartKey: { pk: 'b' } },
      ]);
    });

    it('reads no further page once the caller stops', async () => {
      ddb.on(ScanCommand).resolves({ Items: [{ pk: 'a' }], LastEvaluatedKey: { pk: 'a' } });
      for await (const page of scanPages(doc, { TableName: 't' })) if (page.Items?.length) break;
      expect(ddb.commandCalls(ScanCommand)).toHaveLength(1);
    });
  });

  describe('queryPages', () => {
    it('carries the count of each page of a COUNT query', async () => {
      ddb
        .on(QueryCommand)
        .resolvesOnce({ Count: 2, LastEvaluatedKey: { pk: 'p', sk: '2' } })
        .resolvesOnce({ Count: 3 });
      let count = 0;
      for await (const page of queryPages(doc, { TableName: 't', Select: 'COUNT' })) count += page.Count ?? 0;
      expect(count).toBe(5);
    });
  });

  describe('queryAll', () => {
    it('strips the key attributes and stops at the limit without reading the next page', async () => {
      ddb
        .on(QueryCommand)
        .resolvesOnce({
          Items: [
            { pk: 'p', sk: '1', n: 1 },
            { pk: 'p', sk: '2', n: 2 },
          ],
          LastEvaluatedKey: { pk: 'p', sk: '2' },
        })
        .resolvesOnce({ Items: [{ pk: 'p', sk: '3', n: 3 }] });
      expect(await queryAll(doc, { TableName: 't' }, 1)).toEqual([{ n: 1 }]);
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
    });

    it('reads every page without a limit', async () => {
      ddb
        .on(QueryCommand)
        .resolvesOnce({ Items: [{ pk: 'p', sk: '1', n: 1 }], LastEvaluatedKey: { pk: 'p', sk: '1' } })
        .resolvesOnce({ Items: [{ pk: 'p', sk: '2', n: 2 }] });
      expect(await queryAll(doc, { TableName: 't' })).toEqual([{ n: 1 }, { n: 2 }]);
    });
  });
});
