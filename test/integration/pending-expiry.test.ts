import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import type { Claim } from '../../functions/domain/claim.ts';
import { Gone } from '../../functions/domain/errors.ts';
import { LINK_RETENTION_SECONDS, linkTtl } from '../../functions/domain/ids.ts';
import {
  PAYEE_CHANGE_EXPIRY_DAYS,
  pendingExpiresAt,
  RECONCILIATION_EXPIRY_DAYS,
} from '../../functions/domain/payments/pending-expiry.ts';
import type { PendingReconciliation } from '../../functions/ports/payments-store.ts';
import { confirmPayeeChange, correctPayee } from '../../functions/usecases/payee-correction.ts';
import { confirmReconciliation } from '../../functions/usecases/reconcile-payments.ts';
import { createTables } from '../../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { TABLES } from '../../infra/tables.ts';
import { aClaim, storeClaim } from '../fixtures/claims.ts';

const DAY_MS = 86_400_000;
/** When staff propose the change and upload the bank's result. */
const T0 = new Date('2026-11-04T02:00:00.000Z');
const admin = (subject: string) => ({ subject, roles: ['admin'] as const, memberId: null, unitCode: null });
const payee = { name: '黄晓彤', bankName: '中国建设银行北京西城支行', accountNumber: '6217000010009997777' };

/** A claim whose first payout the bank returned: it waits for corrected payee details (round 2). */
const returnedClaim = (claimId: string): Claim =>
  aClaim({
    claimId,
    at: '2026-11-01T00:00:00.000Z',
    status: 'PAYOUT_RETURNED',
    payout: {
      payoutId: `P${claimId.slice(1)}`,
      amountFen: 80_000,
      paidAt: '2026-11-02T00:00:00.000Z',
      returned: { at: '2026-11-03T00:00:00.000Z', reason: '账户已销户' },
    },
  });

describe('pending payee changes and reconciliations expire (DynamoDB Local, an injected clock)', () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = documentClient(client);
  let tables: { claims: string; registry: string };
  let claims: DynamoClaimsStore;
  let payments: DynamoPaymentsStore;
  let clock = T0;
  const started: [string, number | undefined][] = [];

  const item = async (key: { pk: string; sk: string }) =>
    (await doc.send(new GetCommand({ TableName: tables.claims, Key: key, ConsistentRead: true }))).Item;
  const deps = () =>
    ({
      claims,
      payments,
      registry: {
        getUnit: async () => null,
        getMember: async (memberId: string) => ({ memberId, name: payee.name, mobile: '' }),
      },
      programs: { listVersions: async () => [], getVersion: async () => null },
      workflow: {
        startClaim: async (id: string, round?: number) => {
          started.push([id, round]);
        },
        sendTaskSuccess: async () => undefined,
        sendTaskFailure: async () => undefined,
      },
      notifier: { send: async () => undefined },
      feedback: {},
      documentFiles: { read: async () => null },
      linkBaseUrl: 'https://u.union.example',
      linkKey: async () => 'pending-expiry-test-key',
      payeeKey: async () => 'pending-expiry-test-key',
      now: () => clock,
    }) as unknown as Parameters<typeof correctPayee>[0] & Parameters<typeof confirmReconciliation>[0];

  /** Stores a returned claim and has staff (an admin) propose new details for it at T0. */
  async function proposed(claimId: string) {
    clock = T0;
    await storeClaim(claims, returnedClaim(claimId), {
      accountNumber: '6222020200112230001',
      action: 'payout-returned',
      reason: 'test',
    });
    const answer = await correctPayee(deps(), { identity: admin('maker'), claimId, body: payee });
    expect(answer.status).toBe('PENDING_CONFIRMATION');
    return String(answer.changeId);
  }

  beforeAll(async () => {
    tables = (await createTables(client, 'pending-expiry-')).names;
    claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    payments = new DynamoPaymentsStore(doc, tables.claims);
  }, 60_000);

  it('writes the TTL the claims table enables on a pending change and its link, 30 days after it expires', async () => {
    // Act
    const changeId = await proposed('C01PENDINGEXPIRY00000000001');
    // Assess
    const expiresAt = pendingExpiresAt(T0.toISOString(), PAYEE_CHANGE_EXPIRY_DAYS);
    const ttl = Date.parse(expiresAt) / 1000 + LINK_RETENTION_SECONDS;
    const change = await item(claimKeys.payeeChange('C01PENDINGEXPIRY00000000001', changeId));
    expect(TABLES.claims.ttlAttribute).toBe('ttl');
    expect(change).toMatchObject({ status: 'PENDING', expiresAt, ttl });
    expect(await item(claimKeys.payeeLink(String(change?.linkHash)))).toMatchObject({ changeId, ttl });
    // The full details go with the change: a change nobody confirms keeps no bank details either.
    const details = await item(claimKeys.payeeOfChange('C01PENDINGEXPIRY00000000001', changeId));
    expect(details).toMatchObject({ accountNumber: payee.accountNumber, ttl });
  });

  it('leaves the TTL on the bank details of a change a later proposal superseded', async () => {
    // Prepare: the first change expires unconfirmed; staff propose other details.
    const claimId = 'C01PENDINGEXPIRY00000000004';
    const first = await proposed(claimId);
    clock = new Date(T0.getTime() + PAYEE_CHANGE_EXPIRY_DAYS * DAY_MS + 1);
    // Act
    const second = await correctPayee(deps(), {
      identity: admin('maker'),
      claimId,
      body: { ...payee, accountNumber: '6217000010008886666' },
    });
    // Assess
    expect(second.status).toBe('PENDING_CONFIRMATION');
    const superseded = await item(claimKeys.payeeChange(claimId, first));
    expect(superseded).toMatchObject({ status: 'SUPERSEDED', ttl: linkTtl(String(superseded?.expiresAt)) });
    expect(await item(claimKeys.payeeOfChange(claimId, first))).toMatchObject({
      accountNumber: payee.accountNumber,
      ttl: superseded?.ttl,
    });
    const next = await item(claimKeys.payeeChange(claimId, String(second.changeId)));
    expect(await item(claimKeys.payeeOfChange(claimId, String(second.changeId)))).toMatchObject({
      accountNumber: '6217000010008886666',
      ttl: next?.ttl,
    });
  });

  it('refuses to confirm an expired payee change with 410, and writes nothing', async () => {
    // Prepare
    const claimId = 'C01PENDINGEXPIRY00000000002';
    const changeId = await proposed(claimId);
    const eventsBefore = await claims.timeline(claimId);
    clock = new Date(T0.getTime() + PAYEE_CHANGE_EXPIRY_DAYS * DAY_MS);
    // Act
    const error = await confirmPayeeChange(deps(), { identity: admin('checker'), claimId, changeId }).catch(
      (e: unknown) => e,
    );
    // Assess
    expect(error).toBeInstanceOf(Gone);
    expect((error as Gone).message).toContain(`payee change ${changeId} expired at`);
    expect(await claims.timeline(claimId)).toEqual(eventsBefore);
    expect((await claims.get(claimId))?.status).toBe('PAYOUT_RETURNED');
    expect(await payments.getPayeeChange(claimId, changeId)).toMatchObject({ status: 'PENDING' });
    expect(started.filter(([id]) => id === claimId)).toEqual([]);
  });

  it('confirms a change before it expires, and the confirmed change and its bank details keep no TTL', async () => {
    // Prepare
    const claimId = 'C01PENDINGEXPIRY00000000003';
    const changeId = await proposed(claimId);
    clock = new Date(T0.getTime() + PAYEE_CHANGE_EXPIRY_DAYS * DAY_MS - 1);
    // Act
    const answer = await confirmPayeeChange(deps(), { identity: admin('checker'), claimId, changeId });
    // Assess
    expect(answer).toMatchObject({ status: 'APPROVED', payoutRound: 2 });
    const change = await item(claimKeys.payeeChange(claimId, changeId));
    expect(change).toMatchObject({ status: 'CONFIRMED' });
    expect(change?.ttl).toBeUndefined();
    // Staff confirmed: the details are kept in the same transaction, before any payout round runs.
    const details = await item(claimKeys.payeeOfChange(claimId, changeId));
    expect(details).toMatchObject({ accountNumber: payee.accountNumber });
    expect(details).not.toHaveProperty('ttl');
    expect(await claims.getPayee(claimId, 2)).toEqual(payee);
    expect(started).toContainEqual([claimId, 2]);
  });

  describe('pending reconciliations', () => {
    const pending = (reconciliationId: string, over: Partial<PendingReconciliation> = {}) => ({
      reconciliationId,
      text: '付款编号,金额,结果,原因\r\nPUNKNOWN,800.00,RETURNED,账户已销户\r\n',
      fileSha256: 'f'.repeat(64),
      uploadedBy: { kind: 'staff' as const, id: 'uploader' },
      uploadedAt: T0.toISOString(),
      expiresAt: pendingExpiresAt(T0.toISOString(), RECONCILIATION_EXPIRY_DAYS),
      waiting: [{ row: 2, payoutId: 'PUNKNOWN', claimId: 'C01PENDINGEXPIRY00000000009', amountFen: 80_000 }],
      status: 'PENDING' as const,
      ...over,
    });

    it('keeps a pending reconciliation with the TTL 30 days after it expires, reckoned from the upload for one stored without an expiry', async () => {
      // Act
      await payments.createReconciliation(pending('ReconTtl1aaaaaaa'));
      await payments.createReconciliation({ ...pending('ReconTtl2aaaaaaa'), expiresAt: undefined });
      // Assess
      const ttl = (T0.getTime() + RECONCILIATION_EXPIRY_DAYS * DAY_MS) / 1000 + LINK_RETENTION_SECONDS;
      expect(await item(claimKeys.reconciliation('ReconTtl1aaaaaaa'))).toMatchObject({ ttl });
      expect(await item(claimKeys.reconciliation('ReconTtl2aaaaaaa'))).toMatchObject({ ttl });
    });

    it('refuses to confirm an expired reconciliation with 410 and applies nothing; before its expiry it is applied and kept', async () => {
      // Prepare
      await payments.createReconciliation(pending('ReconExp1aaaaaaa'));
      await payments.createReconciliation(pending('ReconExp2aaaaaaa'));
      const expiry = T0.getTime() + RECONCILIATION_EXPIRY_DAYS * DAY_MS;
      // Act
      clock = new Date(expiry);
      const late = await confirmReconciliation(deps(), {
        identity: admin('checker'),
        reconciliationId: 'ReconExp1aaaaaaa',
      }).catch((e: unknown) => e);
      clock = new Date(expiry - 1);
      const inTime = await confirmReconciliation(deps(), {
        identity: admin('checker'),
        reconciliationId: 'ReconExp2aaaaaaa',
      });
      // Assess
      expect(late).toBeInstanceOf(Gone);
      expect((late as Gone).message).toContain('reconciliation ReconExp1aaaaaaa expired at');
      expect((late as Gone).message).toContain("upload the bank's result again");
      expect(await payments.getReconciliation('ReconExp1aaaaaaa')).toMatchObject({ status: 'PENDING' });
      expect(inTime.summary).toMatchObject({ lines: 1, refused: 1 });
      const applied = await item(claimKeys.reconciliation('ReconExp2aaaaaaa'));
      expect(applied).toMatchObject({ status: 'APPLIED', confirmedBy: { id: 'checker' } });
      expect(applied?.ttl).toBeUndefined();
    });
  });
});
