import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { payeeHashOf } from '../../../functions/domain/payments/payee-hash.ts';
import { handler } from '../../../functions/handlers/payout.ts';
import { aClaim, rulesPassed } from '../../fixtures/claims.ts';
import { stubHandlerEnv } from '../../support/handler-env.ts';
import { invoke } from '../../support/lambda.ts';
import { mockPayoutStep } from '../../support/payout-step-mocks.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const secretsManager = mockClient(SecretsManagerClient);
const PAYEE_KEY = 'payout-test-payee-hash-key';
const CLAIM_ID = 'C01KZ0000000000000000000002';
const approved = aClaim({
  claimId: CLAIM_ID,
  status: 'APPROVED',
  version: 5,
  at: '2026-11-01T00:00:00.000Z',
  rules: rulesPassed(200000),
});

const PAYEE = { name: '黄晓彤', bankName: '中国工商银行北京海淀支行', accountNumber: '6222020200112233445' };

function cancelled(codes: string[]) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

/** The claim's META item, as GetItem and the payout's BatchGetItem (claim and first payee) read it. */
let meta: object = approved;
function claimMeta(item: object) {
  meta = item;
}

describe('payout handler', () => {
  beforeEach(() => {
    stubHandlerEnv();
    secretsManager.reset();
    ddb.reset();
    meta = approved;
    mockPayoutStep(ddb, secretsManager, {
      claimId: CLAIM_ID,
      claim: () => meta,
      payee: PAYEE,
      payeeKey: PAYEE_KEY,
      budget: { unitCode: 'BJ-HD-001', allocatedFen: 500000, paidFen: 450000, availableFen: 50000 },
    });
  });

  it('pays in one transaction: claim PAID at its version, payout only if none, budget only if it covers the amount', async () => {
    const result = await invoke<{ paid: boolean; payout: { amountFen: number } }>(handler, {
      claimId: CLAIM_ID,
    });
    expect(result.paid).toBe(true);
    expect(result.payout.amountFen).toBe(200000);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    // …and the first round's satisfaction link (its subject, then the link), only if the claim has none.
    expect(items).toHaveLength(6);
    expect(items[4]?.Put?.Item?.pk).toBe(`FEEDBACKOF#claim#${CLAIM_ID}`);
    expect(items[5]?.Put?.Item?.pk).toMatch(/^FEEDBACK#/);
    expect(items.slice(4).map((item) => item.Put?.ConditionExpression)).toEqual([
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
    ]);
    expect(items[0]?.Update?.ConditionExpression).toBe('#version = :expected');
    expect(items[2]?.Put?.Item?.sk).toBe('PAYOUT');
    expect(items[2]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[3]?.Update?.ConditionExpression).toBe('attribute_exists(pk) AND availableFen >= :amount');
    expect(items[3]?.Update?.ExpressionAttributeValues?.[':amount']).toBe(200000);
    // The paid event pins the amount, the payout and the payee in the chain.
    expect(items[1]?.Put?.Item).toMatchObject({
      action: 'paid',
      amountFen: 200000,
      payoutId: `P${CLAIM_ID.slice(1)}`,
      payeeHash: payeeHashOf(PAYEE_KEY, CLAIM_ID, PAYEE),
    });
  });

  it('returns the stored payout without writing when the claim is already paid', async () => {
    const payout = { payoutId: 'P1', amountFen: 200000, paidAt: '2026-11-01T00:00:00.000Z' };
    claimMeta({ ...approved, status: 'PAID', payout });
    expect(await invoke(handler, { claimId: CLAIM_ID })).toMatchObject({ paid: true, payout });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers the hold (Claim.OnHold, which the workflow catches), writing nothing, when a replayed payout finds the claim already ON_HOLD', async () => {
    claimMeta({ ...approved, status: 'ON_HOLD', fraudHold: { open: 1, confirmed: 0 } });
    await expect(invoke(handler, { claimId: CLAIM_ID })).rejects.toMatchObject({ name: 'Claim.OnHold' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('moves the claim to AWAITING_FUNDS with the shortfall when the budget condition fails', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['None', 'None', 'None', 'ConditionalCheckFailed', 'None', 'None']))
      .resolves({});
    await expect(invoke(handler, { claimId: CLAIM_ID })).rejects.toMatchObject({
      name: 'Claim.AwaitingFunds',
      message: expect.stringContaining('short by 150000 fen'),
    });
    const change = ddb.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems ?? [];
    const claimUpdate = change[0]?.Update;
    expect(claimUpdate?.ConditionExpression).toBe('#version = :expected');
    expect(Object.values(claimUpdate?.ExpressionAttributeValues ?? {})).toContain('AWAITING_FUNDS');
    const event = change.find((item) => String(item.Put?.Item?.sk).startsWith('EVT#'))?.Put?.Item;
    expect(event).toMatchObject({ action: 'awaiting-funds', from: 'APPROVED', to: 'AWAITING_FUNDS' });
    expect(String(event?.reason)).toContain('short by CNY');
    expect(change.some((item) => item.Put?.Item?.sk === 'PAYOUT')).toBe(false);
  });

  it('waits behind older claims of the same budget instead of paying ahead of them', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [{ claimId: 'C01KZ0000000000000000000001', submittedAt: '2000-01-01T00:00:00.000Z' }],
    });
    await expect(invoke(handler, { claimId: CLAIM_ID })).rejects.toMatchObject({
      name: 'Claim.AwaitingFunds',
    });
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.some((item) => item.Put?.Item?.sk === 'PAYOUT')).toBe(false);
  });

  it('pays a claim whose payout the bank returned again, in the next round under its own payout id', async () => {
    const returned = {
      payoutId: `P${CLAIM_ID.slice(1)}`,
      amountFen: 200000,
      paidAt: '2026-11-01T00:00:00.000Z',
      returned: { at: '2026-11-02T00:00:00.000Z', reason: '账户已销户' },
    };
    claimMeta({ ...approved, payout: returned });
    const result = await invoke<{ paid: boolean; payout: { payoutId: string } }>(handler, {
      claimId: CLAIM_ID,
    });
    expect(result.paid).toBe(true);
    expect(result.payout.payoutId).toBe(`P${CLAIM_ID.slice(1)}-2`);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[2]?.Put?.Item).toMatchObject({
      sk: 'PAYOUT#02',
      gsi1pk: 'PAYABLE#BJ-HD-001',
      status: 'PENDING',
      batchId: null,
    });
    expect(items[2]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('turns throttling into TransientError so the workflow retries it', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(invoke(handler, { claimId: CLAIM_ID })).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('rejects a malformed step input without retry', async () => {
    await expect(invoke(handler, { claim: CLAIM_ID })).rejects.toMatchObject({ name: 'InvalidStepInput' });
  });
});
