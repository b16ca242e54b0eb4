import { type AttributeValue, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../../../functions/adapters/dynamodb/claims-store.ts';
import type { Claim } from '../../../../functions/domain/claim.ts';
import { ClaimConflictError } from '../../../../functions/ports/claims-store.ts';
import { pay, reverseApproval } from '../../../../functions/usecases/ledger.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));
const store = new DynamoClaimsStore(doc, 'claims', 'registry');

const CONSUMES = { year: 2026, fen: 150_000, days: 0, costsFen: 0 };
const EVIDENCE = [{ kind: 'invoice', number: 'FP-0001' }];
const BUDGET = { unitCode: 'BJ-HD-001', programId: 'skill-boost', year: 2026 };

const waiting: Claim = {
  claimId: 'C-1',
  memberId: 'M000001',
  unitCode: 'BJ-HD-001',
  unitPath: 'BJ/BJ-HD/BJ-HD-001',
  program: 'skill-boost',
  benefit: 'technician',
  incidentDate: '2026-11-20',
  facts: {},
  evidence: EVIDENCE,
  payee: { name: '黄晓彤', bankName: '中国工商银行', accountMasked: '****3445' },
  status: 'AWAITING_FUNDS',
  version: 6,
  submittedAt: '2026-11-25T02:00:00.000Z',
  submittedBy: { kind: 'member', id: 'M000001' },
  updatedAt: '2026-12-01T02:00:00.000Z',
  rules: { passed: true, amountFen: 150_000, programVersion: '2015.1', results: [], consumes: CONSUMES },
  heldEvidence: EVIDENCE,
  approval: {
    level: 1,
    decision: 'approve',
    approverId: 'A-1',
    reason: '',
    decidedAt: '2026-11-30T02:00:00.000Z',
  },
};

const change = (to: Claim['status']) => ({
  to,
  actor: { kind: 'system', id: 'test' } as const,
  action: 'test',
  reason: 'test',
  at: '2026-12-02T02:00:00.000Z',
});

function cancelledAt(index: number, item?: Record<string, AttributeValue>) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: index + 1 }, (_, i) =>
      i === index
        ? { Code: 'ConditionalCheckFailed', ...(item === undefined ? {} : { Item: item }) }
        : { Code: 'None' },
    ),
  });
}

describe('DynamoClaimsStore', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(TransactWriteCommand).resolves({});
  });

  describe('change', () => {
    it("commits a reversed approval in the claim change's one transaction, each item rendered by its store", async () => {
      await store.change(waiting, change('FAILED'), reverseApproval(waiting));
      const calls = ddb.commandCalls(TransactWriteCommand);
      expect(calls).toHaveLength(1);
      const items = calls[0]?.args[0].input.TransactItems ?? [];
      expect(items.map((i) => Object.keys(i)[0])).toEqual([
        'Update', // the claim, at its version
        'Put', // its audit event
        'Update', // the member's usage of the program
        'Update', // and of the benefit
        'Delete', // the evidence number it held
        'Update', // its budget's commitment
      ]);
      expect(items[2]?.Update).toMatchObject({
        TableName: 'claims',
        Key: { pk: 'USAGE#M000001', sk: 'skill-boost#*#2026' },
        ExpressionAttributeValues: { ':fen': -150_000, ':claims': -1 },
      });
      expect(items[2]?.Update?.ConditionExpression).toBeUndefined();
      expect(items[3]?.Update?.Key).toEqual({ pk: 'USAGE#M000001', sk: 'skill-boost#technician#2026' });
      expect(items[4]?.Delete).toMatchObject({
        TableName: 'claims',
        Key: { pk: 'EVIDENCE#invoice#FP-0001', sk: 'EVIDENCE' },
        ExpressionAttributeValues: { ':claim': 'C-1' },
      });
      expect(items[5]?.Update).toMatchObject({
        TableName: 'registry',
        Key: { pk: 'BUDGET#BJ-HD-001', sk: 'skill-boost#2026' },
        UpdateExpression: 'SET committedFen = if_not_exists(committedFen, :zero) + :amount',
        ExpressionAttributeValues: { ':amount': -150_000 },
      });
    });

    it('names the conflict of the linked item whose condition failed', async () => {
      const payout = { payoutId: 'PO-C-1-01', amountFen: 150_000, paidAt: '2026-12-02T02:00:00.000Z' };
      const attempt = () => store.change(waiting, change('PAID'), pay(payout, BUDGET));
      const conflict = async () =>
        ((await attempt().catch((e: unknown) => e)) as ClaimConflictError).conflict;

      ddb.on(TransactWriteCommand).rejects(cancelledAt(2));
      expect(await conflict()).toBe('already-paid');
      ddb.on(TransactWriteCommand).rejects(cancelledAt(3, { availableFen: { N: '0' } }));
      expect(await conflict()).toBe('budget-exhausted');
      ddb.on(TransactWriteCommand).rejects(cancelledAt(3));
      expect(await conflict()).toBe('no-budget');
      ddb.on(TransactWriteCommand).rejects(cancelledAt(0));
      await expect(attempt()).rejects.toBeInstanceOf(ClaimConflictError);
      expect(await conflict()).toBe('stale-claim');
    });
  });
});
