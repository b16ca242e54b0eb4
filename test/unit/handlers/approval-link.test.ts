import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { linkHash } from '../../../functions/domain/ids.ts';
import { handler } from '../../../functions/handlers/approval-link.ts';
import { crossSiteRequest, csrfToken, verifyCsrfToken } from '../../../functions/http/csrf.ts';
import { parseAcceptLanguage, pickLang } from '../../../functions/http/i18n.ts';
import { aClaim, rulesPassed } from '../../fixtures/claims.ts';
import { getEvent, postClaimsEvent } from '../../fixtures/events.ts';
import { stubHandlerEnv, TEST_KEY_PREFIX } from '../../support/handler-env.ts';
import { invoke } from '../../support/lambda.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const secretsManager = mockClient(SecretsManagerClient);

const CLAIM_ID = 'C01KZ0000000000000000000001';
const LINK_ID = 'Ab3dEf6hIj9kLm2nOp5qRs';
const future = new Date(Date.now() + 3_600_000).toISOString();
const SECRET = 'unit-test-link-secret-0123456789abcdef';
const CSRF = csrfToken(SECRET, LINK_ID);

const claim = aClaim({
  claimId: CLAIM_ID,
  evidence: [{ kind: 'certificate', number: 'JS-1' }],
  payee: { name: '王芳', bankName: '工行', accountMasked: '****3445' },
  status: 'AWAITING_APPROVAL',
  version: 4,
  rules: rulesPassed(100000),
});
const request = {
  claimId: CLAIM_ID,
  level: 1,
  unitCode: 'BJ-HD-001',
  approverIds: ['A-1'],
  linkSeeds: ['seed-of-the-link'],
  taskToken: 'secret-task-token',
  createdAt: '2026-10-02T00:00:00.000Z',
  expiresAt: future,
  decision: null,
  closed: false,
  notified: true,
};

function linkEvent(method: 'GET' | 'POST', body?: string, headers: Record<string, string> = {}) {
  const event =
    method === 'GET'
      ? getEvent(`/a/${LINK_ID}`, 'GET /a/{linkId}', { linkId: LINK_ID }, null)
      : postClaimsEvent(body ?? '', { claims: null });
  event.requestContext.http.method = method;
  event.pathParameters = { linkId: LINK_ID };
  event.headers = {
    'content-type': 'application/x-www-form-urlencoded',
    host: 'u.union.example',
    ...headers,
  };
  return event;
}

/** A form POST body with the link's token. */
function withToken(fields: Record<string, string>, token = CSRF): string {
  return new URLSearchParams({ ...fields, csrf: token }).toString();
}

/** The claim's partition as the mock table holds it: sort key → item. */
const partition = new Map<string, object>();

/** An item of the claim's partition, read alone (GetItem) or with the partition (Query). */
function claimItem(sk: string, out: { Item: object }) {
  partition.set(sk, out.Item);
  ddb.on(GetCommand, { Key: { pk: `CLAIM#${CLAIM_ID}`, sk } }).resolves(out);
}

describe('approval-link handler', () => {
  beforeEach(() => {
    partition.clear();
    stubHandlerEnv();
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${TEST_KEY_PREFIX}/approval-form` })
      .resolves({ SecretString: SECRET });
    ddb.reset();
    sfn.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: `LINK#${linkHash(LINK_ID)}`, sk: 'LINK' } }).resolves({
      Item: {
        linkHash: linkHash(LINK_ID),
        seed: 'seed-of-the-link',
        claimId: CLAIM_ID,
        level: 1,
        approverId: 'A-1',
        createdAt: request.createdAt,
        expiresAt: future,
      },
    });
    claimItem('META', { Item: claim });
    claimItem('APPROVAL#01', { Item: request });
    ddb.on(TransactWriteCommand).resolves({});
    // The claim's fraud flags: none.
    ddb.on(QueryCommand).resolves({ Items: [] });
    // The claim with its levels and flags, in one Query of its partition.
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CLAIM#${CLAIM_ID}`, ':from': 'APPROVAL#' } })
      .callsFake(async () => ({
        Items: [...partition]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([sk, item]) => ({ pk: `CLAIM#${CLAIM_ID}`, sk, ...item })),
      }));
    // The level's unit and its approvers (separation of duties looks the link's approver up).
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'UNIT#BJ-HD-001', ':prefix': 'APPROVER#' } })
      .resolves({
        Items: [
          {
            pk: 'UNIT#BJ-HD-001',
            sk: 'APPROVER#A-1',
            approverId: 'A-1',
            unitCode: 'BJ-HD-001',
            name: '邓明',
            email: 'a1@x.example',
            mobile: '138',
            memberId: null,
          },
        ],
      });
    sfn.on(SendTaskSuccessCommand).resolves({});
  });

  describe('GET', () => {
    it('shows the claim and a form, and writes nothing', async () => {
      const result = await invoke(handler, linkEvent('GET'));
      expect(result.statusCode).toBe(200);
      expect(result.body).toContain(CLAIM_ID);
      expect(result.body).toContain('¥1000.00');
      expect(result.body).toContain('<form method="post"');
      expect(result.body).toContain(`name="csrf" value="${CSRF}"`);
      expect(result.body).not.toContain('secret-task-token');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    });

    it('answers HEAD as GET, without the body (mail scanners), and writes nothing', async () => {
      const event = linkEvent('GET');
      event.requestContext.http.method = 'HEAD';
      const result = await invoke(handler, event);
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['content-type']).toContain('text/html');
      expect(result.body).toBe('');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    });

    it('opens a level stored before link ids grew to 22 characters: by the 16 it was sent with, and by the 22 a reminder sends now', async () => {
      const legacy = LINK_ID.slice(0, 16);
      ddb.on(GetCommand, { Key: { pk: `LINK#${linkHash(LINK_ID)}`, sk: 'LINK' } }).resolves({});
      ddb.on(GetCommand, { Key: { pk: `LINK#${linkHash(legacy)}`, sk: 'LINK' } }).resolves({
        Item: {
          linkHash: linkHash(legacy),
          claimId: CLAIM_ID,
          level: 1,
          approverId: 'A-1',
          expiresAt: future,
        },
      });
      for (const linkId of [legacy, LINK_ID]) {
        const event = linkEvent('GET');
        event.pathParameters = { linkId };
        const result = await invoke(handler, event);
        expect(result.statusCode).toBe(200);
        expect(result.body).toContain(CLAIM_ID);
      }
      // A 22-character id whose first 16 name no stored link opens nothing.
      const event = linkEvent('GET');
      event.pathParameters = { linkId: `${'Z'.repeat(16)}${LINK_ID.slice(16)}` };
      expect((await invoke(handler, event)).statusCode).toBe(404);
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
    it('refuses the claimant as approver with 403 problem+json, records nothing and resumes nothing', async () => {
      // Prepare: the registry knows the link's approver as the claiming member
      ddb
        .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'UNIT#BJ-HD-001', ':prefix': 'APPROVER#' } })
        .resolves({
          Items: [
            {
              approverId: 'A-1',
              unitCode: 'BJ-HD-001',
              name: '黄晓彤',
              email: 'a',
              mobile: '1',
              memberId: 'M000001',
            },
          ],
        });
      // Act
      const result = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve', reason: 'ok' }), { accept: 'application/json' }),
      );
      // Assess
      expect(result.statusCode).toBe(403);
      expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(String(result.body))).toMatchObject({
        title: 'Not eligible to decide',
        detail: 'you are the claimant of this claim',
      });
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    });

    it('records the decision under a condition and resumes the execution with the stored token', async () => {
      const result = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve', reason: 'ok' })),
      );
      expect(result.statusCode).toBe(200);
      const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(items[0]?.Update?.ConditionExpression).toBe('#version = :expected');
      expect(items[2]?.Update?.ConditionExpression).toContain('attribute_not_exists(decision)');
      expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
        taskToken: 'secret-task-token',
        output: JSON.stringify({ decision: 'approve', level: 1, approverId: 'A-1', nextLevel: null }),
      });
    });

    it("decides from the page's sealed form with one transaction: no read of the link or the claim", async () => {
      // Prepare: the page as a script gets it, then the table's reads are counted from here on.
      const got = await invoke(handler, linkEvent('GET', undefined, { accept: 'application/json' }));
      const { csrf, sealed } = JSON.parse(got.body ?? '{}') as { csrf: string; sealed: string };
      expect(typeof sealed).toBe('string');
      expect(got.body).not.toContain('secret-task-token');
      ddb.resetHistory();
      // Act
      const result = await invoke(
        handler,
        linkEvent(
          'POST',
          new URLSearchParams({ decision: 'approve', reason: 'ok', csrf, sealed }).toString(),
        ),
      );
      // Assess: the claim's version and the level's token as sealed condition the one write.
      expect(result.statusCode).toBe(200);
      expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
      expect(
        ddb
          .commandCalls(QueryCommand)
          .filter((c) => String(c.args[0].input.ExpressionAttributeValues?.[':pk']).startsWith('CLAIM#')),
      ).toHaveLength(0);
      const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(items[0]?.Update?.ExpressionAttributeValues?.[':expected']).toBe(claim.version);
      expect(items[2]?.Update?.ConditionExpression).toContain('taskToken = :token');
      expect(items[2]?.Update?.ExpressionAttributeValues?.[':token']).toBe('secret-task-token');
      expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input.taskToken)).toEqual([
        'secret-task-token',
      ]);
    });

    it("refuses a sealed form that is not its page's with 403, reading and writing nothing", async () => {
      const forged = Buffer.from('not a sealed form at all').toString('base64url');
      ddb.resetHistory();
      const result = await invoke(
        handler,
        linkEvent(
          'POST',
          new URLSearchParams({ decision: 'approve', csrf: CSRF, sealed: forged }).toString(),
          { accept: 'application/json' },
        ),
      );
      expect(result.statusCode).toBe(403);
      expect(JSON.parse(result.body ?? '{}').detail).toMatch(/sealed/);
      expect(ddb.calls()).toHaveLength(0);
      expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    });

    it('decides again when only a document view moved the claim on between its read and its write', async () => {
      // Prepare: the first transaction meets a newer version of the claim (a view's audit event).
      ddb
        .on(TransactWriteCommand)
        .rejectsOnce(
          new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
          }),
        )
        .resolves({});
      // Act
      const result = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve', reason: 'ok' })),
      );
      // Assess: recorded by the second try, and the execution resumed once.
      expect(result.statusCode).toBe(200);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
      expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    });

    it('decides only while the level holds the token the page read: a token a redrive stored meanwhile is decided with again and resumed, read no more after the decision', async () => {
      // Prepare: a redrive stores a new token between the page's read and the decision's transaction.
      let attempts = 0;
      ddb.on(TransactWriteCommand).callsFake(async () => {
        attempts++;
        if (attempts > 1) return {};
        claimItem('APPROVAL#01', { Item: { ...request, taskToken: 'redriven-task-token' } });
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
        });
      });
      // Act
      const result = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve', reason: 'ok' })),
      );
      // Assess
      expect(result.statusCode).toBe(200);
      const tries = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);
      expect(tries.map((items) => items[2]?.Update?.ExpressionAttributeValues?.[':token'])).toEqual([
        'secret-task-token',
        'redriven-task-token',
      ]);
      expect(tries[1]?.[2]?.Update?.ConditionExpression).toContain('taskToken = :token');
      expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input.taskToken)).toEqual([
        'redriven-task-token',
      ]);
      const levelReads = ddb
        .commandCalls(GetCommand)
        .filter((c) => (c.args[0].input.Key as { sk?: string } | undefined)?.sk === 'APPROVAL#01');
      expect(levelReads).toHaveLength(0);
    });

    it('says "already decided" when the level was decided, writes nothing, and hands the recorded decision on again', async () => {
      // The request that recorded A-2's approval may have failed before it resumed the execution.
      claimItem('APPROVAL#01', {
        Item: {
          ...request,
          decision: { decision: 'approve', approverId: 'A-2', level: 1, reason: '', decidedAt: future },
        },
      });
      claimItem('META', {
        Item: { ...claim, status: 'APPROVED' },
      });
      const result = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'reject', reason: 'late' })),
      );
      expect(result.statusCode).toBe(409);
      expect(result.body).toContain('此申请已审批');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toEqual([
        {
          taskToken: 'secret-task-token',
          output: JSON.stringify({ decision: 'approve', level: 1, approverId: 'A-2', nextLevel: null }),
        },
      ]);
    });

    it('sends nothing for a decided level once the claim has moved past approval', async () => {
      claimItem('APPROVAL#01', {
        Item: {
          ...request,
          decision: { decision: 'approve', approverId: 'A-2', level: 1, reason: '', decidedAt: future },
        },
      });
      claimItem('META', {
        Item: { ...claim, status: 'PAID' },
      });
      const result = await invoke(handler, linkEvent('POST', withToken({ decision: 'approve' })));
      expect(result.statusCode).toBe(409);
      expect(sfn.calls()).toHaveLength(0);
    });

    it('ignores a stale token when it hands a decision on again', async () => {
      claimItem('APPROVAL#01', {
        Item: {
          ...request,
          decision: { decision: 'reject', approverId: 'A-2', level: 1, reason: 'no', decidedAt: future },
        },
      });
      claimItem('META', {
        Item: { ...claim, status: 'REJECTED' },
      });
      sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('gone'), { name: 'TaskTimedOut' }));
      const result = await invoke(handler, linkEvent('POST', withToken({ decision: 'approve' })));
      expect(result.statusCode).toBe(409);
      expect(sfn.commandCalls(SendTaskSuccessCommand).length).toBeGreaterThan(0);
    });

    it('refuses an expired link with a page', async () => {
      ddb.on(GetCommand, { Key: { pk: `LINK#${linkHash(LINK_ID)}`, sk: 'LINK' } }).resolves({
        Item: {
          linkHash: linkHash(LINK_ID),
          seed: 'seed-of-the-link',
          claimId: CLAIM_ID,
          level: 1,
          approverId: 'A-1',
          createdAt: request.createdAt,
          expiresAt: '2020-01-01T00:00:00.000Z',
        },
      });
      const result = await invoke(handler, linkEvent('POST', withToken({ decision: 'approve' })));
      expect(result.statusCode).toBe(410);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('asks again for a rejection without a reason', async () => {
      const result = await invoke(handler, linkEvent('POST', withToken({ decision: 'reject' })));
      expect(result.statusCode).toBe(400);
      expect(result.body).toContain('驳回须填写理由');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });
  describe('language', () => {
    it('is Chinese by default, with a switch to English', async () => {
      const result = await invoke(handler, linkEvent('GET'));
      expect(result.body).toContain('<html lang="zh-CN">');
      expect(result.body).toContain('审批申请');
      expect(result.body).toContain('href="?lang=en"');
      expect(result.body).not.toContain('Approve a claim');
    });

    it('is English when Accept-Language prefers it, and ?lang= overrides the header', async () => {
      const english = await invoke(
        handler,
        linkEvent('GET', undefined, { 'accept-language': 'zh;q=0.5, en-GB' }),
      );
      expect(english.body).toContain('<html lang="en">');
      expect(english.body).toContain('Approve a claim');
      expect(english.body).toContain('level 1 of 1');
      expect(english.body).not.toContain('审批申请');
      const event = linkEvent('GET', undefined, { 'accept-language': 'en' });
      event.queryStringParameters = { lang: 'zh' };
      expect((await invoke(handler, event)).body).toContain('<html lang="zh-CN">');
    });

    it('answers a refusal in the chosen language', async () => {
      const event = linkEvent('POST', withToken({ decision: 'reject' }));
      event.queryStringParameters = { lang: 'en' };
      const result = await invoke(handler, event);
      expect(result.statusCode).toBe(400);
      expect(result.body).toContain('A rejection needs a reason');
    });
  });

  describe('CSRF', () => {
    it("refuses a POST without the token, or with another link's token, and writes nothing", async () => {
      const missing = await invoke(handler, linkEvent('POST', 'decision=approve'));
      const other = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve' }, csrfToken(SECRET, 'Zz9yXw8vUt7sRq6p'))),
      );
      const otherKey = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve' }, csrfToken('another-secret', LINK_ID))),
      );
      for (const result of [missing, other, otherKey]) {
        expect(result.statusCode).toBe(403);
        expect(result.headers?.['content-type']).toMatch(/^text\/html/);
      }
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    });

    it('answers a JSON caller every refusal as application/problem+json with type, title and status', async () => {
      const json = { accept: 'application/json' };
      const unknown = linkEvent('GET', undefined, json);
      unknown.pathParameters = { linkId: 'zzzzzzzzzzzzzzzz' };
      const forged = linkEvent('POST', 'decision=approve', json);
      claimItem('APPROVAL#01', {
        Item: {
          ...request,
          decision: { decision: 'approve', approverId: 'A-2', level: 1, reason: '', decidedAt: future },
        },
      });
      const decided = await invoke(handler, linkEvent('POST', withToken({ decision: 'approve' }), json));
      for (const [result, status] of [
        [await invoke(handler, unknown), 404],
        [await invoke(handler, forged), 403],
        [decided, 409],
      ] as const) {
        expect(result.statusCode).toBe(status);
        expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(String(result.body))).toMatchObject({
          type: 'about:blank',
          title: expect.any(String),
          status,
        });
      }
      expect(JSON.parse(String(decided.body))).toMatchObject({
        result: 'already-decided',
        claimId: CLAIM_ID,
      });
    });

    it('refuses a POST from another site even with the token', async () => {
      const foreign = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve' }), { origin: 'https://evil.example' }),
      );
      const crossSite = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve' }), { 'sec-fetch-site': 'cross-site' }),
      );
      expect(foreign.statusCode).toBe(403);
      expect(crossSite.statusCode).toBe(403);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it("accepts the link's own origin", async () => {
      const result = await invoke(
        handler,
        linkEvent('POST', withToken({ decision: 'approve' }), {
          origin: 'https://u.union.example',
          'sec-fetch-site': 'same-origin',
        }),
      );
      expect(result.statusCode).toBe(200);
    });

    it('gives a JSON caller the summary and token on GET, and takes a JSON POST with it', async () => {
      const got = await invoke(handler, linkEvent('GET', undefined, { accept: 'application/json' }));
      expect(got.statusCode).toBe(200);
      const summary = JSON.parse(got.body ?? '{}') as Record<string, unknown>;
      expect(summary).toMatchObject({
        claimId: CLAIM_ID,
        amountFen: 100000,
        level: 1,
        state: 'pending',
        csrf: CSRF,
      });
      expect(got.body).not.toContain('secret-task-token');

      const headers = { accept: 'application/json', 'content-type': 'application/json' };
      const without = await invoke(
        handler,
        linkEvent('POST', JSON.stringify({ decision: 'approve' }), headers),
      );
      expect(without.statusCode).toBe(403);
      const posted = await invoke(
        handler,
        linkEvent('POST', JSON.stringify({ decision: 'approve', csrf: summary.csrf }), headers),
      );
      expect(posted.statusCode).toBe(200);
      expect(JSON.parse(posted.body ?? '{}')).toMatchObject({ result: 'recorded', claimId: CLAIM_ID });
    });

    it('answers 404, not 403, for an unknown link', async () => {
      const event = linkEvent('POST', 'decision=approve');
      event.pathParameters = { linkId: 'zzzzzzzzzzzzzzzz' };
      expect((await invoke(handler, event)).statusCode).toBe(404);
    });
  });
});

describe('csrf tokens', () => {
  describe('verifyCsrfToken', () => {
    it('accepts the token of the link and refuses any other', () => {
      const token = csrfToken('k'.repeat(32), LINK_ID);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(verifyCsrfToken('k'.repeat(32), LINK_ID, token)).toBe(true);
      expect(verifyCsrfToken('k'.repeat(32), 'Ab3dEf6hIj9kLm2N', token)).toBe(false);
      expect(verifyCsrfToken('j'.repeat(32), LINK_ID, token)).toBe(false);
      expect(verifyCsrfToken('k'.repeat(32), LINK_ID, token.slice(1))).toBe(false);
      expect(verifyCsrfToken('k'.repeat(32), LINK_ID, '')).toBe(false);
      expect(verifyCsrfToken('k'.repeat(32), LINK_ID, undefined)).toBe(false);
    });
  });

  describe('crossSiteRequest', () => {
    const base = { linkBaseUrl: 'https://u.union.example', host: 'abc.execute-api.example' };
    it('allows no Origin, the link origin and the request host; refuses other origins and cross-site', () => {
      expect(crossSiteRequest({ ...base, origin: undefined, secFetchSite: undefined })).toBe(false);
      expect(
        crossSiteRequest({ ...base, origin: 'https://u.union.example', secFetchSite: 'same-origin' }),
      ).toBe(false);
      expect(
        crossSiteRequest({ ...base, origin: 'https://abc.execute-api.example', secFetchSite: undefined }),
      ).toBe(false);
      expect(crossSiteRequest({ ...base, origin: 'https://evil.example', secFetchSite: undefined })).toBe(
        true,
      );
      expect(crossSiteRequest({ ...base, origin: 'null', secFetchSite: undefined })).toBe(true);
      expect(crossSiteRequest({ ...base, origin: undefined, secFetchSite: 'cross-site' })).toBe(true);
    });
  });
});

describe('Accept-Language', () => {
  describe('parseAcceptLanguage', () => {
    it('orders ranges by q-value, keeping the header order on ties and dropping q=0 and junk', () => {
      expect(parseAcceptLanguage('zh-CN;q=0.8, en-US, en;q=0.9, fr;q=0, *;q=0.1, ;;, x y')).toEqual([
        { tag: 'en-us', q: 1 },
        { tag: 'en', q: 0.9 },
        { tag: 'zh-cn', q: 0.8 },
        { tag: '*', q: 0.1 },
      ]);
      expect(parseAcceptLanguage(undefined)).toEqual([]);
      expect(parseAcceptLanguage('')).toEqual([]);
    });
  });

  describe('pickLang', () => {
    it('prefers ?lang, then the best supported range, else Chinese', () => {
      expect(pickLang(undefined, undefined)).toBe('zh');
      expect(pickLang(undefined, 'en-US,en;q=0.9')).toBe('en');
      expect(pickLang(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
      expect(pickLang(undefined, 'fr, en;q=0.5, zh;q=0.7')).toBe('zh');
      expect(pickLang(undefined, 'de, fr')).toBe('zh');
      expect(pickLang('en', 'zh')).toBe('en');
      expect(pickLang('zh', 'en')).toBe('zh');
      expect(pickLang('xx', 'en')).toBe('en');
    });
  });
});
