import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/handlers/payout.ts';
import { stubHandlerEnv } from '../../support/handler-env.ts';
import { invoke } from '../../support/lambda.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const CLAIM_ID = 'C01KZ0000000000000000000002';
const approved = {
  claimId: CLAIM_ID,
  memberId: 'M000001',
  unitCode: 'BJ-HD-001',
  program: 'skill-boost',
  status: 'APPROVED',
  version: 5,
  rules: { passed: true, amountFen: 200000, programVersion: '2015.1', results: [] },
};

function cancelled(codes: string[]) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

describe('payout handler', () => {
  beforeEach(() => {
    stubHandlerEnv();
    ddb.reset();
    ddb.on(GetCommand, { Key: { pk: `CLAIM#${CLAIM_ID}`, sk: 'META' } }).resolves({ Item: approved });
    ddb.on(TransactWriteCommand).resolves({});
  });

  it('pays in one transaction: claim PAID at its version, payout only if none, budget only if it covers the amount', async () => {
    const result = await invoke<{ amountFen: number; payoutId: string }>(handler, { claimId: CLAIM_ID });
    expect(result.amountFen).toBe(200000);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(4);
    expect(items[0]?.Update?.ConditionExpression).toBe('#version = :expected');
    expect(items[2]?.Put?.Item?.sk).toBe('PAYOUT');
    expect(items[2]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[3]?.Update?.ConditionExpression).toBe('attribute_exists(pk) AND availableFen >= :amount');
    expect(items[3]?.Update?.ExpressionAttributeValues?.[':amount']).toBe(200000);
  });

  it('returns the stored payout without writing when the claim is already paid', async () => {
    const payout = { payoutId: 'P1', amountFen: 200000, paidAt: '2026-11-01T00:00:00.000Z' };
    ddb
      .on(GetCommand, { Key: { pk: `CLAIM#${CLAIM_ID}`, sk: 'META' } })
      .resolves({ Item: { ...approved, status: 'PAID', payout } });
    expect(await invoke(handler, { claimId: CLAIM_ID })).toEqual(payout);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('fails with BudgetExhausted when the budget condition fails', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'None', 'None', 'ConditionalCheckFailed']));
    await expect(invoke(handler, { claimId: CLAIM_ID })).rejects.toMatchObject({ name: 'BudgetExhausted' });
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
