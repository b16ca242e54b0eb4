import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../../../functions/adapters/dynamodb/client.ts';
import { DynamoProgramsStore } from '../../../../functions/adapters/dynamodb/programs-store.ts';
import { DEFAULT_CATALOG } from '../../../../functions/domain/programs/catalog.ts';
import type { ProgramVersion } from '../../../../functions/schemas/programs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const builtIn = DEFAULT_CATALOG.find((v) => v.programId === 'skill-boost') as ProgramVersion;
const added: ProgramVersion = { ...builtIn, version: 'added', effectiveFrom: '2026-02-01' };

describe('DynamoProgramsStore', () => {
  beforeEach(() => ddb.reset());

  describe('getVersion', () => {
    it('answers a built-in version without reading the table', async () => {
      const store = new DynamoProgramsStore(documentClient(), 'registry');
      const found = await store.getVersion('skill-boost', builtIn);
      expect(found).toBe(builtIn);
      expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    });

    it('reads an added version with one consistent get by program, date and version', async () => {
      ddb.on(GetCommand).resolves({ Item: { pk: 'PROGRAMS', sk: 'x', definition: added } });
      const store = new DynamoProgramsStore(documentClient(), 'registry');
      const found = await store.getVersion('skill-boost', { version: 'added', effectiveFrom: '2026-02-01' });
      expect(found).toEqual(added);
      expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input)).toEqual([
        {
          TableName: 'registry',
          Key: { pk: 'PROGRAMS', sk: 'skill-boost#2026-02-01#added' },
          ConsistentRead: true,
        },
      ]);
    });

    it('answers null for a version that is not stored', async () => {
      ddb.on(GetCommand).resolves({});
      const store = new DynamoProgramsStore(documentClient(), 'registry');
      expect(
        await store.getVersion('skill-boost', { version: 'gone', effectiveFrom: '2026-02-01' }),
      ).toBeNull();
    });
  });
});
