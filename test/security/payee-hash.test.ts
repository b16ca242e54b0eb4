import { scryptSync } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { lineRefusals } from '../../functions/domain/payments/line-check.ts';
import { handler } from '../../functions/handlers/payout.ts';
import { aClaim, rulesPassed } from '../fixtures/claims.ts';
import { stubHandlerEnv } from '../support/handler-env.ts';
import { invoke } from '../support/lambda.ts';
import { mockPayoutStep } from '../support/payout-step-mocks.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const secretsManager = mockClient(SecretsManagerClient);
const PAYEE_KEY = 'security-test-payee-hash-key-0123456789';
const CLAIM_ID = 'C01KZ0000000000000000000007';
const PAYEE = { name: '黄晓彤', bankName: '中国工商银行北京海淀支行', accountNumber: '6222020200112233445' };
const approved = aClaim({
  claimId: CLAIM_ID,
  status: 'APPROVED',
  version: 5,
  at: '2026-11-01T00:00:00.000Z',
  rules: rulesPassed(200000),
});

/**
 * Someone with a copy of the claims table (or the audit events shown to members, staff and auditors) knows
 * the claim id, the payee's name and bank and the masked last four digits: they try the account numbers
 * that fit against the hash the chain carries, by the hash's published formula, without the key.
 */
function guessesWithoutTheKey(stored: string, candidates: readonly string[]): string[] {
  const canonical = (account: string) => ['payee-v1', PAYEE.name, PAYEE.bankName, account].join('\n');
  const unkeyed = (account: string) =>
    scryptSync(canonical(account), `payee-v1:${CLAIM_ID}`, 32, {
      N: 1 << 14,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    }).toString('hex');
  return candidates.filter((account) => unkeyed(account) === stored || unkeyed(account) === stored.slice(3));
}

/** The payee hash the payout step pins in the paid event (its DynamoDB and Secrets Manager mocked). */
async function paidEventPayeeHash(): Promise<string> {
  await invoke(handler, { claimId: CLAIM_ID });
  const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
  const paid = items.find((item) => item.Put?.Item?.action === 'paid')?.Put?.Item;
  return String(paid?.payeeHash);
}

describe('the payee hash in the chain is keyed (payout step, AWS clients mocked)', () => {
  beforeEach(() => {
    stubHandlerEnv();
    secretsManager.reset();
    ddb.reset();
    ddb.on(GetCommand).resolves({});
    mockPayoutStep(ddb, secretsManager, {
      claimId: CLAIM_ID,
      claim: () => approved,
      payee: PAYEE,
      payeeKey: PAYEE_KEY,
      budget: { unitCode: 'BJ-HD-001', allocatedFen: 500000, paidFen: 0, availableFen: 500000 },
    });
  });

  it('a copy of the table without the key cannot test account numbers against the paid event’s payee hash', async () => {
    // Prepare: the account's candidates, the real one among them.
    const candidates = ['6222020200112230445', PAYEE.accountNumber, '6222020200112299445'];

    // Act
    const stored = await paidEventPayeeHash();

    // Assert: no candidate is confirmed without the key; the hash is read from the key store, not the environment.
    expect(guessesWithoutTheKey(stored, candidates)).toEqual([]);
    expect(stored).toMatch(/^v2:[0-9a-f]{64}$/);
    expect(
      secretsManager
        .commandCalls(GetSecretValueCommand)
        .map((call) => call.args[0].input.SecretId)
        .filter((id) => id?.endsWith('/payee-account-hash')),
    ).not.toHaveLength(0);
  });

  it('with the key, the batch check still tells the paid details from any others', async () => {
    // Prepare
    const stored = await paidEventPayeeHash();
    const facts = (accountNumber: string, payeeHashKey: string) => ({
      payout: {
        payoutId: `P${CLAIM_ID.slice(1)}`,
        claimId: CLAIM_ID,
        amountFen: 200000,
        unitCode: 'BJ-HD-001',
        programId: 'skill-boost',
      },
      claim: approved,
      events: [
        {
          claimId: CLAIM_ID,
          seq: 1,
          at: '2026-12-06T01:00:00.000Z',
          actor: { kind: 'system', id: 'payout' } as const,
          reason: 'paid',
          action: 'paid',
          from: 'APPROVED' as const,
          to: 'PAID' as const,
          amountFen: 200000,
          payoutId: `P${CLAIM_ID.slice(1)}`,
          payeeHash: stored,
        },
      ],
      chainBreak: null,
      payee: { ...PAYEE, accountNumber },
      budgetPaidFen: 200000,
      payeeHashKey,
    });

    // Act / Assert
    expect(lineRefusals(facts(PAYEE.accountNumber, PAYEE_KEY))).toEqual([]);
    expect(lineRefusals(facts('6222020200112299445', PAYEE_KEY))).toContain(
      'payee details differ from those the chain paid to',
    );
    // Another key (a guessed or rotated one) matches nothing.
    expect(lineRefusals(facts(PAYEE.accountNumber, 'another-key'))).toContain(
      'payee details differ from those the chain paid to',
    );
  });
});
