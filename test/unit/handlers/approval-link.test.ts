import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/handlers/approval-link.ts';
import { getEvent, postClaimsEvent } from '../../fixtures/events.ts';
import { stubHandlerEnv } from '../../support/handler-env.ts';
import { invoke } from '../../support/lambda.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const CLAIM_ID = 'C01KZ0000000000000000000001';
const LINK_ID = 'Ab3dEf6hIj9kLm2n';
const future = new Date(Date.now() + 3_600_000).toISOString();

const claim = {
  claimId: CLAIM_ID,
  memberId: 'M000001',
  unitCode: 'BJ-HD-001',
  unitPath: 'BJ/BJ-HD/BJ-HD-001',
  program: 'skill-boost',
  benefit: 'technician',
  incidentDate: '2026-10-01',
  facts: {},
  evidence: [{ kind: 'certificate', number: 'JS-1' }],
  payee: { name: '王芳', bankName: '工行', accountMasked: '****3445' },
  status: 'AWAITING_APPROVAL',
  version: 4,
  submittedAt: '2026-10-02T00:00:00.000Z',
  submittedBy: { kind: 'member', id: 'M000001' },
  updatedAt: '2026-10-02T00:00:00.000Z',
  rules: { passed: true, amountFen: 100000, programVersion: '2015.1', results: [] },
};
const request = {
  claimId: CLAIM_ID,
  level: 1,
  unitCode: 'BJ-HD-001',
  approverIds: ['A-1'],
  linkIds: [LINK_ID],
  taskToken: 'secret-task-token',
  createdAt: '2026-10-02T00:00:00.000Z',
  expiresAt: future,
  decision: null,
  closed: false,
  notified: true,
};

function linkEvent(method: 'GET' | 'POST', body?: string) {
  const event =
    method === 'GET'
      ? getEvent(`/a/${LINK_ID}`, 'GET /a/{linkId}', { linkId: LINK_ID }, null)
      : postClaimsEvent(body ?? '', { claims: null });
  event.requestContext.http.method = method;
  event.pathParameters = { linkId: LINK_ID };
  event.headers = { 'content-type': 'application/x-www-form-urlencoded' };
  return event;
}

describe('approval-link handler', () => {
  beforeEach(() => {
    stubHandlerEnv();
    ddb.reset();
    sfn.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: `LINK#${LINK_ID}`, sk: 'LINK' } }).resolves({
      Item: {
        linkId: LINK_ID,
        claimId: CLAIM_ID,
        level: 1,
        approverId: 'A-1',
        createdAt: request.createdAt,
        expiresAt: future,
      },
    });
    ddb.on(GetCommand, { Key: { pk: `CLAIM#${CLAIM_ID}`, sk: 'META' } }).resolves({ Item: claim });
    ddb.on(GetCommand, { Key: { pk: `CLAIM#${CLAIM_ID}`, sk: 'APPROVAL#01' } }).resolves({ Item: request });
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});
  });

  describe('GET', () => {
    it('shows the claim and a form, and writes nothing', async () => {
      const result = await invoke(handler, linkEvent('GET'));
      expect(result.statusCode).toBe(200);
      expect(result.body).toContain(CLAIM_ID);
      expect(result.body).toContain('¥1000.00');
      expect(result.body).toContain('<form method="post">');
      expect(result.body).not.toContain('secret-task-token');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    });

    it('answers a page, not an error, for an unknown or malformed link', async () => {
      const event = linkEvent('GET');
      event.pathParameters = { linkId: 'zzzzzzzzzzzzzzzz' };
      expect((await invoke(handler, event)).statusCode).toBe(404);
      event.pathParameters = { linkId: '../../etc/passwd' };
      const malformed = await invoke(handler, event);
      expect(malformed.statusCode).toBe(404);
      expect(malformed.headers?.['content-type']).toMatch(/^text\/html/);
    });
  });

  describe('POST', () => {
    it('records the decision under a condition and resumes the execution with the stored token', async () => {
      const result = await invoke(handler, linkEvent('POST', 'decision=approve&reason=ok'));
      expect(result.statusCode).toBe(200);
      const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(items[0]?.Update?.ConditionExpression).toBe('#version = :expected');
      expect(items[2]?.Update?.ConditionExpression).toContain('attribute_not_exists(decision)');
      expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
        taskToken: 'secret-task-token',
        output: JSON.stringify({ decision: 'approve', level: 1, approverId: 'A-1', nextLevel: null }),
      });
    });

    it('says "already decided" when the level was decided, and sends nothing', async () => {
      ddb.on(GetCommand, { Key: { pk: `CLAIM#${CLAIM_ID}`, sk: 'APPROVAL#01' } }).resolves({
        Item: {
          ...request,
          decision: { decision: 'approve', approverId: 'A-2', level: 1, reason: '', decidedAt: future },
        },
      });
      const result = await invoke(handler, linkEvent('POST', 'decision=reject&reason=late'));
      expect(result.statusCode).toBe(409);
      expect(result.body).toContain('already decided');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    });

    it('refuses an expired link with a page', async () => {
      ddb.on(GetCommand, { Key: { pk: `LINK#${LINK_ID}`, sk: 'LINK' } }).resolves({
        Item: {
          linkId: LINK_ID,
          claimId: CLAIM_ID,
          level: 1,
          approverId: 'A-1',
          createdAt: request.createdAt,
          expiresAt: '2020-01-01T00:00:00.000Z',
        },
      });
      const result = await invoke(handler, linkEvent('POST', 'decision=approve'));
      expect(result.statusCode).toBe(410);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('asks again for a rejection without a reason', async () => {
      const result = await invoke(handler, linkEvent('POST', 'decision=reject'));
      expect(result.statusCode).toBe(400);
      expect(result.body).toContain('A rejection needs a reason');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });
});
