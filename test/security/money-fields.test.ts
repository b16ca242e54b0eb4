import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import { payoutIdOf } from '../../functions/domain/payments/payout-ref.ts';
import { budgetYear } from '../../functions/usecases/ledger.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

const UNIT = demo.members.find((m) => m.memberId === 'M000001')?.unitCode ?? '';
/** Three active members of the demo member's unit who are not approvers: one claim each. */
const MEMBERS = claimants((m) => m.unitCode === UNIT).slice(0, 3);
const ATTACKER_ACCOUNT = '6217000099998888777';

/**
 * The money fields of a payout (the payee's account, the amount) edited directly in DynamoDB Local, as
 * someone with table access would before the day's bank batch is cut.
 */
describe('money fields outside the chain (DynamoDB Local edited directly)', () => {
  let stack: TestStack;
  const claimIds: string[] = [];
  const today = beijingDate(new Date());

  /** A claim of the member, submitted, approved through its links and paid (its payout waits for a batch). */
  async function paidClaim(member: (typeof MEMBERS)[number], i: number): Promise<string> {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: member.memberId }));
    const submitted = await api.submit(
      validSubmission({
        memberId: member.memberId,
        evidence: [{ kind: 'certificate', number: `MONEY-2026-${i}` }],
        payee: {
          name: member.name,
          bankName: '中国工商银行北京海淀支行',
          accountNumber: `62220202001122335${i}0`,
        },
      }),
    );
    expect(submitted.status).toBe(202);
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
    return claimId;
  }

  const cutToday = async (token: string) =>
    fetch(`${stack.runtime.apiUrl}/payment-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unitCode: UNIT, date: today }),
    });

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.registry.putAll({
      budgets: [
        {
          unitCode: UNIT,
          programId: 'skill-boost',
          year: budgetYear(new Date()),
          allocatedFen: 5000_00,
          paidFen: 0,
        },
      ],
    });
    for (const [i, member] of MEMBERS.slice(0, 2).entries()) claimIds.push(await paidClaim(member, i));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  describe('10.7 the payee and the amount are checked against the chain before money moves', () => {
    it('a payee account changed and a payout raised to 999900 fen are refused when the batch is cut, and reported', async () => {
      // Prepare: the second claim's payee account and payout amount are rewritten in the table.
      const [honest, tampered] = claimIds as [string, string];
      const table = stack.runtime.tables.claims;
      await stack.ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: `PAYEE#${tampered}` }, sk: { S: 'PAYEE' } },
          UpdateExpression: 'SET accountNumber = :a',
          ExpressionAttributeValues: { ':a': { S: ATTACKER_ACCOUNT } },
        }),
      );
      await stack.ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: `CLAIM#${tampered}` }, sk: { S: 'PAYOUT' } },
          UpdateExpression: 'SET amountFen = :f',
          ExpressionAttributeValues: { ':f': { N: '999900' } },
        }),
      );
      const staff = await stack.token(['staff'], { unitCode: UNIT, sub: 'finance-office' });
      // Act
      const cut = await cutToday(staff);
      const batch = (await cut.json()) as {
        batchId: string;
        count: number;
        totalFen: number;
        refused?: { payoutId: string; claimId: string; reasons: string[] }[];
      };
      const file = await fetch(`${stack.runtime.apiUrl}/payment-batches/${batch.batchId}`, {
        headers: { authorization: `Bearer ${staff}` },
      });
      const text = await file.text();
      // Assess: only the honest line goes to the bank; the tampered one is refused with its reasons.
      expect(cut.status).toBe(201);
      expect(batch).toMatchObject({ count: 1, totalFen: 1000_00 });
      expect(text).not.toContain(ATTACKER_ACCOUNT);
      expect(text).not.toContain('9999.00');
      expect(text).toContain(payoutIdOf(honest, 1));
      expect(batch.refused?.map((r) => [r.payoutId, r.claimId])).toEqual([
        [payoutIdOf(tampered, 1), tampered],
      ]);
      const reasons = batch.refused?.[0]?.reasons.join(' ') ?? '';
      expect(reasons).toMatch(/amount/);
      expect(reasons).toMatch(/payee/);
      // The refused payout stays out of every batch, and the refusal is on the batch's audit trail.
      const payments = new DynamoPaymentsStore(documentClient(stack.ddb), table);
      expect((await payments.getPayout(payoutIdOf(tampered, 1)))?.batchId).toBeNull();
      const events = await payments.batchEvents(batch.batchId);
      expect(events.some((e) => e.action === 'batch-line-refused' && e.reason.includes(tampered))).toBe(true);
    });

    it('a payee account changed after the cut stops the bank file from being made', async () => {
      // Prepare: a third claim paid and cut into a batch that passes, then its payee account rewritten.
      const member = MEMBERS[2] as (typeof MEMBERS)[number];
      const claimId = await paidClaim(member, 2);
      const staff = await stack.token(['staff'], { unitCode: UNIT, sub: 'finance-office' });
      const cut = await cutToday(staff);
      const batch = (await cut.json()) as { batchId: string; count: number; refused: unknown[] };
      expect(cut.status).toBe(201);
      expect(batch.count).toBe(1);
      await stack.ddb.send(
        new UpdateItemCommand({
          TableName: stack.runtime.tables.claims,
          Key: { pk: { S: `PAYEE#${claimId}` }, sk: { S: 'PAYEE' } },
          UpdateExpression: 'SET accountNumber = :a',
          ExpressionAttributeValues: { ':a': { S: ATTACKER_ACCOUNT } },
        }),
      );
      // Act
      const file = await fetch(`${stack.runtime.apiUrl}/payment-batches/${batch.batchId}`, {
        headers: { authorization: `Bearer ${staff}` },
      });
      const text = await file.text();
      // Assess
      expect(file.status).toBe(409);
      expect(file.headers.get('content-type')).toContain('application/problem+json');
      expect(text).not.toContain(ATTACKER_ACCOUNT);
      expect(text).toContain(payoutIdOf(claimId, 1));
      const payments = new DynamoPaymentsStore(documentClient(stack.ddb), stack.runtime.tables.claims);
      const events = await payments.batchEvents(batch.batchId);
      expect(events.map((e) => e.action)).toContain('batch-download-refused');
      expect(events.map((e) => e.action)).not.toContain('batch-downloaded');
    });
  });
});
