import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { TEST_KEY_PREFIX } from './handler-env.ts';

/**
 * What the payout step reads, mocked for a unit test of its handler: its two keys (the payee hash's, and
 * the link key of the satisfaction link written with the payment), the claim (`claim()` is read on every
 * request, so a test may change it) with its payees (GetItem, and one BatchGetItem of the claim and its
 * first payee), an empty funds queue, the budget; every transaction succeeds. A test overrides what it varies.
 */
export function mockPayoutStep(
  ddb: AwsClientStub<DynamoDBDocumentClient>,
  secretsManager: AwsClientStub<SecretsManagerClient>,
  opts: {
    claimId: string;
    claim: () => object;
    payee: object;
    payeeKey: string;
    budget: object;
  },
): void {
  const { claimId, payee } = opts;
  secretsManager
    .on(GetSecretValueCommand, { SecretId: `${TEST_KEY_PREFIX}/payee-account-hash` })
    .resolves({ SecretString: opts.payeeKey });
  secretsManager
    .on(GetSecretValueCommand, { SecretId: `${TEST_KEY_PREFIX}/link-id` })
    .resolves({ SecretString: 'payout-test-link-key' });
  ddb
    .on(GetCommand, { Key: { pk: `CLAIM#${claimId}`, sk: 'META' } })
    .callsFake(async () => ({ Item: opts.claim() }));
  ddb.on(BatchGetCommand).callsFake(async () => ({
    Responses: {
      'claims-test': [
        { pk: `CLAIM#${claimId}`, sk: 'META', ...opts.claim() },
        { pk: `PAYEE#${claimId}`, sk: 'PAYEE', ...payee },
      ],
    },
  }));
  for (const sk of ['PAYEE', 'PAYEE#02'])
    ddb.on(GetCommand, { Key: { pk: `PAYEE#${claimId}`, sk } }).resolves({ Item: payee });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb
    .on(GetCommand, { Key: { pk: 'BUDGET#BJ-HD-001', sk: `skill-boost#${new Date().getUTCFullYear()}` } })
    .resolves({ Item: opts.budget });
}
