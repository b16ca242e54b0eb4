import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { putAll } from '../../functions/adapters/dynamodb/batch.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DIRECTORY_LIMIT, DynamoFraudStore } from '../../functions/adapters/dynamodb/fraud-store.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import type { FraudClaim } from '../../functions/domain/fraud/index.ts';
import { FraudScanBusyError } from '../../functions/usecases/fraud-scan.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { createTables } from '../../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { scanTables } from '../../infra/local/fraud-scan-cli.ts';
import { aClaim, rulesPassed } from '../fixtures/claims.ts';

const NOW = Date.parse('2026-11-28T00:00:00Z');
const DAY_MS = 86_400_000;

/** Claim items as stored (the claim and its payee), `daysAgo` days before NOW. */
function claimItems(
  i: number,
  o: { memberId: string; unitCode: string; daysAgo: number; certificate: string; account: string },
): Record<string, unknown>[] {
  const claimId = `C01FRAUDINDEX${String(i).padStart(14, '0')}`;
  const at = new Date(NOW - o.daysAgo * DAY_MS - i * 1000).toISOString();
  const claim = aClaim({
    claimId,
    at,
    memberId: o.memberId,
    unitCode: o.unitCode,
    unitPath: `BJ/BJ-HD/${o.unitCode}`,
    incidentDate: at.slice(0, 10),
    evidence: [{ kind: 'certificate', number: o.certificate }],
    payee: { name: '会员', bankName: '工行', accountMasked: '6222********0000' },
    status: 'PAID',
    rules: rulesPassed(1000_00, 'test'),
  });
  return [
    { ...claimKeys.meta(claimId), type: 'claim', ...claim },
    { ...claimKeys.payee(claimId), name: '会员', bankName: '工行', accountNumber: o.account },
  ];
}
const idOf = (i: number) => `C01FRAUDINDEX${String(i).padStart(14, '0')}`;

describe('the fraud scan through its index (DynamoDB Local)', () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = documentClient(client);
  let tables: { claims: string; registry: string };
  let fraud: DynamoFraudStore;
  const scan = () =>
    scanTables(client, tables, { hashKey: LOCAL_PII_HASH_KEY, full: true, now: () => new Date(NOW) });

  beforeAll(async () => {
    tables = (await createTables(client, 'fraud-index-')).names;
    fraud = new DynamoFraudStore(doc, tables.claims);
    // 260 claims of 130 members (three batches): claim 0 and 259 share a certificate, claims 10, 130
    // and 250 (three members) an account. Unit BJ-HD-901: 12 claims in the last week, none before;
    // BJ-HD-902: 12 in the last week and 48 in the baseline weeks (4 a week: 12 is not above 3×).
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < 260; i++) {
      const unitCode = i < 12 ? 'BJ-HD-901' : i < 24 || i >= 200 ? 'BJ-HD-902' : 'BJ-HD-900';
      const recent = i < 24;
      const baseline = i >= 200 && i < 248;
      items.push(
        ...claimItems(i, {
          memberId: `M8${String(i % 130).padStart(6, '0')}`,
          unitCode,
          daysAgo: recent ? 1 + (i % 5) : baseline ? 10 + ((i * 7) % 70) : 100 + (i % 200),
          certificate: i === 259 ? 'JS-INDEX-00000' : `JS-INDEX-${String(i).padStart(5, '0')}`,
          account: [10, 130, 250].includes(i) ? '6217000000009999' : `6222${String(i).padStart(12, '0')}`,
        }),
      );
    }
    await putAll(doc, tables.claims, items);
  });
  afterAll(() => client.destroy());

  it('finds related claims across batches through the directories, and files only what changed', async () => {
    const first = await scan();
    expect(first.claims).toBe(260);
    expect(first.filed).toBeGreaterThan(260);
    const rulesOf = async (i: number) => (await fraud.flagsOf(idOf(i))).map((f) => f.rule).sort();
    expect(await rulesOf(0)).toContain('evidence-reuse');
    expect(await rulesOf(259)).toContain('evidence-reuse');
    for (const i of [10, 130, 250]) expect(await rulesOf(i)).toContain('shared-payee');
    expect(await rulesOf(1)).not.toContain('shared-payee');

    // Nothing changed: nothing is filed or raised again.
    const again = await scan();
    expect(again).toMatchObject({ claims: 260, filed: 0, raised: 0 });

    // One claim changed: its member's and its unit's snapshot items only (its directories already name it).
    await doc.send(
      new UpdateCommand({
        TableName: tables.claims,
        Key: claimKeys.meta(idOf(5)),
        UpdateExpression: 'SET #status = :s',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': 'REJECTED' },
      }),
    );
    const third = await scan();
    expect(third).toMatchObject({ claims: 260, filed: 2, raised: 0 });
    const snapshot = (await fraud.claimsAt([{ partition: 'FRAUD#MEMBER#M8000005', claimId: idOf(5) }]))[0];
    expect(snapshot?.status).toBe('REJECTED');
  });

  it('judges unit velocity on the last week read and the baseline weeks counted', async () => {
    const flagged = await fraud.flagsOf(idOf(0));
    const unit = flagged.find((f) => f.rule === 'unit-velocity');
    expect(unit?.claimIds).toHaveLength(12);
    expect(unit?.what.en).toContain('Unit BJ-HD-901 had 12 claims in the last 7 days');
    expect(unit?.what.en).toContain('weekly average of 0.0');
    // 12 in the last week against 48 counted over the 12 weeks before: no flag.
    const steady = await fraud.flagsOf(idOf(12));
    expect(steady.filter((f) => f.rule === 'unit-velocity')).toEqual([]);
  });

  it('runs one scan at a time: a scan while another holds the lease does nothing, one after an expired lease runs', async () => {
    // Arrange: another scan holds the lease.
    const taken = await fraud.takeLease(
      'other-scan',
      new Date(NOW).toISOString(),
      new Date(NOW + 60_000).toISOString(),
    );
    expect(taken).toBe(true);
    // Act / Assert
    await expect(scan()).rejects.toThrow(FraudScanBusyError);
    await fraud.releaseLease('someone-else');
    await expect(scan()).rejects.toThrow(FraudScanBusyError);
    await fraud.releaseLease('other-scan');
    expect(await scan()).toMatchObject({ claims: 260, raised: 0 });
    // A lease left by a scan that died expires.
    await fraud.takeLease(
      'dead-scan',
      new Date(NOW - 3 * 3_600_000).toISOString(),
      new Date(NOW - 1).toISOString(),
    );
    expect(await scan()).toMatchObject({ claims: 260 });
  });

  it('keeps at most DIRECTORY_LIMIT ids in a directory, the newest, so a very shared account never outgrows an item', async () => {
    // Arrange: more claims paid to one account than a directory keeps.
    const account = 'h-account-shared-by-very-many';
    const claims: FraudClaim[] = Array.from({ length: DIRECTORY_LIMIT + 5 }, (_, i) => ({
      claimId: `C01FRAUDDIR${String(i).padStart(16, '0')}`,
      memberId: `M9${String(i).padStart(6, '0')}`,
      unitCode: 'BJ-HD-903',
      program: 'skill-boost',
      benefit: 'technician',
      status: 'PAID',
      amountFen: 1000_00,
      submittedAt: new Date(NOW - i * 1000).toISOString(),
      incidentDate: '2026-11-01',
      evidence: [],
      payeeAccountHash: account,
      decisions: [],
    }));
    const partition = claimKeys.fraudIndex('PAYEE', account);
    // Act: filed in two rounds, as two batches of a scan would.
    await fraud.index(claims.slice(0, 1000), [], new Map());
    await fraud.index(claims.slice(1000), [], await fraud.filedUnder([partition]));
    // Assert
    const filed = (await fraud.filedUnder([partition])).get(partition);
    expect(filed?.size).toBe(DIRECTORY_LIMIT);
    expect(filed?.has(claims.at(-1)?.claimId ?? '')).toBe(true);
    expect(filed?.has(claims[0]?.claimId ?? '')).toBe(false);
  });
});
