import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFraudStore } from '../../functions/adapters/dynamodb/fraud-store.ts';
import { legacyPayeeHashOf, payeeHashOf } from '../../functions/domain/payments/payee-hash.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { createTables } from '../../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { scanTables } from '../../infra/local/fraud-scan-cli.ts';
import { aClaim, rulesPassed } from '../fixtures/claims.ts';

const PAYEE_KEY = 'shared-accounts-test-payee-hash-key';
const PAYEE = { name: '黄晓彤', bankName: '中国工商银行北京海淀支行', accountNumber: '6222020200112233445' };

describe('shared accounts across claims from before and after the keyed payee hash (DynamoDB Local)', () => {
  it('an account shared by two claims filed before the key and one stored after is still found by the fraud scan', async () => {
    // Prepare: the fraud rules compare accounts by their own keyed hash of the payee item (the same
    // function on every side), never by the chain's payee hash, which differs per claim and per version.
    const client = new DynamoDBClient({
      endpoint: inject('dynamoEndpoint'),
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    const tables = (await createTables(client, 'payee-hash-shared-')).names;
    const doc = documentClient(client);
    const claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    const fraud = new DynamoFraudStore(doc, tables.claims);
    const shared = { ...PAYEE, accountNumber: '6217000000007777' };
    const store = async (i: number, chainHash: (claimId: string) => string) => {
      const claimId = `C01SHAREDPAYEE${String(i).padStart(13, '0')}`;
      const claim = aClaim({
        claimId,
        at: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
        memberId: `M70000${i}`,
        evidence: [{ kind: 'certificate', number: `JS-SHARED-${i}` }],
        status: 'PAID',
        rules: rulesPassed(1000_00, 'test'),
      });
      await claims.create({
        claim,
        payee: shared,
        idempotencyKey: claimId,
        bodyHash: claimId,
        event: {
          claimId,
          seq: 1,
          at: claim.submittedAt,
          actor: { kind: 'system', id: 'test' },
          action: 'submitted',
          from: null,
          to: 'PAID',
          reason: 'test',
          payeeHash: chainHash(claimId),
        },
      });
      return claimId;
    };
    const scan = () => scanTables(client, tables, { hashKey: LOCAL_PII_HASH_KEY, full: true });
    const before = [
      await store(1, (id) => legacyPayeeHashOf(id, shared)),
      await store(2, (id) => legacyPayeeHashOf(id, shared)),
    ];
    await scan();
    // Two members on one account: not yet the three the rule needs.
    for (const claimId of before)
      expect((await fraud.flagsOf(claimId)).map((f) => f.rule)).not.toContain('shared-payee');

    // Act: a third member's claim on the same account, its chain hash keyed.
    const after = await store(3, (id) => payeeHashOf(PAYEE_KEY, id, shared));
    await scan();

    // Assert
    for (const claimId of [...before, after]) {
      const rules = (await fraud.flagsOf(claimId)).map((f) => f.rule);
      expect(rules).toContain('shared-payee');
    }
    client.destroy();
  });
});
