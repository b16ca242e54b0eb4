import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { putAll } from '../../functions/adapters/dynamodb/batch.ts';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFraudStore } from '../../functions/adapters/dynamodb/fraud-store.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { isoWeekOf, weekStartMs } from '../../functions/domain/fraud/unit-weeks.ts';
import { createTables } from '../../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { aClaim, storeClaim } from '../fixtures/claims.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** A Wednesday mid-morning: the scan's rolling window does not start on a week boundary. */
const NOW = Date.parse('2027-03-10T09:30:00.000Z');
const BASELINE_FROM = new Date(NOW - 13 * WEEK_MS).toISOString();
const RECENT_FROM = new Date(NOW - WEEK_MS).toISOString();

describe('units’ weekly claim counters (DynamoDB Local)', () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = documentClient(client);
  let tables: { claims: string; registry: string };
  let fraud: DynamoFraudStore;
  let claims: DynamoClaimsStore;
  const counterOf = async (unit: string, week: string) =>
    (await doc.send(new GetCommand({ TableName: tables.claims, Key: claimKeys.unitWeek(unit, week) }))).Item
      ?.claims;
  /** The COUNT over the window the scan made before the counters: the reference. */
  const countedInIndex = (unit: string) =>
    fraud.countUnder(claimKeys.fraudIndex('UNIT', unit), `${BASELINE_FROM}~`, RECENT_FROM);

  beforeAll(async () => {
    tables = (await createTables(client, 'fraud-counters-')).names;
    fraud = new DynamoFraudStore(doc, tables.claims);
    claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
  }, 60_000);

  it('counts a claim in its unit’s ISO week once, in the transaction that stores it', async () => {
    // Prepare
    const monday = weekStartMs(NOW);
    const stored = async (i: number, at: number, unitCode: string | null) =>
      storeClaim(
        claims,
        aClaim({
          claimId: `C01COUNTER${String(i).padStart(17, '0')}`,
          at: new Date(at).toISOString(),
          unitCode,
        }),
        { accountNumber: '6222020200112233445', action: 'submitted', reason: 'test' },
      );

    // Act: three claims in one week (one stored twice), one the week before, one without a unit.
    await stored(1, monday + 1000, 'BJ-CNT-001');
    await stored(2, monday + 3 * DAY_MS, 'BJ-CNT-001');
    await stored(3, monday + WEEK_MS - 1, 'BJ-CNT-001');
    await stored(3, monday + WEEK_MS - 1, 'BJ-CNT-001');
    await stored(4, monday - 1, 'BJ-CNT-001');
    await stored(5, monday + 1000, null);

    // Assert
    expect(await counterOf('BJ-CNT-001', isoWeekOf(monday))).toBe(3);
    expect(await counterOf('BJ-CNT-001', isoWeekOf(monday - 1))).toBe(1);
  });

  it('gives the baseline the COUNT over the window gave, reading whole weeks from counters and falling back to the COUNT where none is kept', async () => {
    // Prepare: a unit's claims filed in the scan's index, 2 a day for 15 weeks, with the counters a
    // counted unit would have, except one week whose counter is missing (claims from before the counters).
    const unit = 'BJ-CNT-002';
    const index: Record<string, unknown>[] = [];
    const perWeek = new Map<string, number>();
    for (let day = 0; day < 15 * 7; day++) {
      for (const hour of [3, 15]) {
        const at = NOW - 14 * WEEK_MS + day * DAY_MS + hour * 3_600_000;
        const claimId = `C01BASE${String(day * 24 + hour).padStart(20, '0')}`;
        index.push({
          pk: claimKeys.fraudIndex('UNIT', unit),
          sk: `${new Date(at).toISOString()}#${claimId}`,
        });
        perWeek.set(isoWeekOf(at), (perWeek.get(isoWeekOf(at)) ?? 0) + 1);
      }
    }
    const weeks = [...perWeek.keys()];
    const missing = weeks[6] as string;
    const counters = weeks
      .filter((w) => w !== missing)
      .map((w) => ({ ...claimKeys.unitWeek(unit, w), type: 'unit-week', claims: perWeek.get(w) }));
    await putAll(doc, tables.claims, [...index, ...counters]);
    const reference = await countedInIndex(unit);
    expect(reference).toBeGreaterThan(100);

    // Act / Assert: the same number, with counters from long before, from the middle, and not yet kept.
    expect(await fraud.unitBaseline(unit, BASELINE_FROM, RECENT_FROM, '2020-01-06T00:00:00.000Z')).toBe(
      reference,
    );
    const middle = new Date(NOW - 6 * WEEK_MS).toISOString();
    expect(await fraud.unitBaseline(unit, BASELINE_FROM, RECENT_FROM, middle)).toBe(reference);
    expect(await fraud.unitBaseline(unit, BASELINE_FROM, RECENT_FROM, '2030-01-07T00:00:00.000Z')).toBe(
      reference,
    );

    // The counters are what is read for the weeks they cover: one raised by 100 shows in the baseline, but
    // not for a week before the counters started (counted from the index).
    const raised = weeks[3] as string;
    await doc.send(
      new UpdateCommand({
        TableName: tables.claims,
        Key: claimKeys.unitWeek(unit, raised),
        UpdateExpression: 'ADD claims :n',
        ExpressionAttributeValues: { ':n': 100 },
      }),
    );
    expect(await fraud.unitBaseline(unit, BASELINE_FROM, RECENT_FROM, '2020-01-06T00:00:00.000Z')).toBe(
      reference + 100,
    );
    expect(await fraud.unitBaseline(unit, BASELINE_FROM, RECENT_FROM, middle)).toBe(reference);
  });
});
