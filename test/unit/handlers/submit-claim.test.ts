import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/handlers/submit-claim.ts';
import { validSubmission } from '../../fixtures/claims.ts';
import { postClaimsEvent } from '../../fixtures/events.ts';
import { stubHandlerEnv, TEST_KEY_PREFIX } from '../../support/handler-env.ts';
import { bodyOf, invoke } from '../../support/lambda.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const secretsManager = mockClient(SecretsManagerClient);

const member = {
  pk: 'MEMBER#M000001',
  sk: 'MEMBER',
  memberId: 'M000001',
  name: '黄晓彤',
  unitCode: 'BJ-HD-001',
  status: 'active',
  joinedOn: '2020-01-01',
};
const unit = {
  pk: 'UNIT#BJ-HD-001',
  sk: 'UNIT',
  code: 'BJ-HD-001',
  tier: 'grassroots',
  path: 'BJ/BJ-HD/BJ-HD-001',
};

describe('submit-claim handler', () => {
  beforeEach(() => {
    // Prepare
    stubHandlerEnv();
    ddb.reset();
    sfn.reset();
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${TEST_KEY_PREFIX}/payee-account-hash` })
      .resolves({ SecretString: 'submit-test-payee-hash-key' });
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand, { Key: { pk: 'MEMBER#M000001', sk: 'MEMBER' } }).resolves({ Item: member });
    ddb.on(GetCommand, { Key: { pk: 'UNIT#BJ-HD-001', sk: 'UNIT' } }).resolves({ Item: unit });
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
  });

  describe('a valid claim', () => {
    it('stores claim, payee, idempotency key, audit event and the unit’s weekly count in one transaction, then starts the execution named by the claim id', async () => {
      // Act
      const result = await invoke(handler, postClaimsEvent(validSubmission()));
      // Assess
      expect(result.statusCode).toBe(202);
      const body = bodyOf(result);
      expect(body.status).toBe('SUBMITTED');
      expect(body.statusUrl).toBe(`/claims/${String(body.claimId)}`);
      const writes = ddb.commandCalls(TransactWriteCommand);
      expect(writes).toHaveLength(1);
      const items = writes[0]?.args[0].input.TransactItems ?? [];
      expect(items.map((i) => i.Put?.Item?.sk ?? i.Update?.Key?.sk)).toEqual([
        'IDEMP',
        'META',
        'PAYEE',
        'EVT#000001',
        expect.stringMatching(/^WEEK#\d{4}-W\d{2}$/),
      ]);
      // The unit's weekly count of submitted claims (the fraud scan's baseline) gains the claim.
      expect(items[4]?.Update?.Key?.pk).toBe('FRAUD#UNITWEEK#BJ-HD-001');
      expect(items[4]?.Update?.UpdateExpression).toMatch(/^ADD claims :one/);
      expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
      expect(items[1]?.Put?.Item?.payee).toEqual({
        name: '黄晓彤',
        bankName: '中国工商银行北京海淀支行',
        accountMasked: '***************3445',
      });
      const starts = sfn.commandCalls(StartExecutionCommand);
      expect(starts).toHaveLength(1);
      expect(starts[0]?.args[0].input).toEqual({
        stateMachineArn: 'arn:aws:states:cn-north-1:123456789012:stateMachine:ClaimWorkflow',
        name: body.claimId,
        input: JSON.stringify({ claimId: body.claimId }),
      });
    });
  });

  describe('bad input', () => {
    it('answers 400 problem+json naming each bad field and writes nothing', async () => {
      const result = await invoke(
        handler,
        postClaimsEvent(
          validSubmission({
            incidentDate: 'yesterday',
            payee: { name: '', bankName: 'x', accountNumber: '1' },
          }),
        ),
      );
      expect(result.statusCode).toBe(400);
      expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
      const fields = (bodyOf(result).errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['incidentDate', 'payee.accountNumber', 'payee.bankName', 'payee.name']);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    });

    it('requires an Idempotency-Key', async () => {
      const result = await invoke(
        handler,
        postClaimsEvent(validSubmission(), { headers: { 'idempotency-key': undefined } }),
      );
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result).errors).toEqual([{ field: 'Idempotency-Key', message: 'header is required' }]);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('answers 400 for malformed JSON and 415 for another content type', async () => {
      expect((await invoke(handler, postClaimsEvent('{"program":'))).statusCode).toBe(400);
      const other = await invoke(
        handler,
        postClaimsEvent(validSubmission(), { headers: { 'content-type': 'text/plain' } }),
      );
      expect(other.statusCode).toBe(415);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('refuses an incident date in the future', async () => {
      const result = await invoke(handler, postClaimsEvent(validSubmission({ incidentDate: '2999-01-01' })));
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result).errors).toEqual([
        { field: 'incidentDate', message: 'must not be in the future' },
      ]);
    });
  });

  describe('who may submit', () => {
    it('forbids a member to claim for another member', async () => {
      const result = await invoke(handler, postClaimsEvent(validSubmission({ memberId: 'M000002' })));
      expect(result.statusCode).toBe(403);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('lets staff of an ancestor unit claim for the member', async () => {
      const claims = { sub: 'staff-hd', 'cognito:groups': '[staff]', 'custom:unit_code': 'BJ-HD' };
      ddb
        .on(GetCommand, { Key: { pk: 'UNIT#BJ-HD', sk: 'UNIT' } })
        .resolves({ Item: { code: 'BJ-HD', path: 'BJ/BJ-HD' } });
      const result = await invoke(handler, postClaimsEvent(validSubmission(), { claims }));
      expect(result.statusCode).toBe(202);
    });

    it('forbids staff of another district', async () => {
      const claims = { sub: 'staff-cy', 'cognito:groups': '[staff]', 'custom:unit_code': 'BJ-CY' };
      ddb
        .on(GetCommand, { Key: { pk: 'UNIT#BJ-CY', sk: 'UNIT' } })
        .resolves({ Item: { code: 'BJ-CY', path: 'BJ/BJ-CY' } });
      const result = await invoke(handler, postClaimsEvent(validSubmission(), { claims }));
      expect(result.statusCode).toBe(403);
    });

    it('answers 401 without authorizer claims', async () => {
      const result = await invoke(handler, postClaimsEvent(validSubmission(), { claims: null }));
      expect(result.statusCode).toBe(401);
    });
  });

  describe('idempotency', () => {
    function keyTaken(bodyHash: string): void {
      ddb.on(TransactWriteCommand).rejects(
        new TransactionCanceledException({
          message: 'cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        }),
      );
      ddb
        .on(GetCommand, { Key: { pk: 'IDEMP#M000001#demo-key-0001', sk: 'IDEMP' } })
        .resolves({ Item: { claimId: 'C0000000000EXISTINGCLAIM0001', bodyHash } });
    }

    it('answers 409 when the key was used with another body', async () => {
      keyTaken('0'.repeat(64));
      const result = await invoke(handler, postClaimsEvent(validSubmission()));
      expect(result.statusCode).toBe(409);
      expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    });
  });

  describe('when Step Functions is down', () => {
    it('answers 503 and asks for the same request again', async () => {
      sfn
        .on(StartExecutionCommand)
        .rejects(Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' }));
      const result = await invoke(handler, postClaimsEvent(validSubmission()));
      expect(result.statusCode).toBe(503);
      expect(String(bodyOf(result).detail)).toContain('same Idempotency-Key');
    });
  });
});
