import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/handlers/feedback-link.ts';
import { getEvent } from '../../fixtures/events.ts';
import { stubHandlerEnv, TEST_KEY_PREFIX } from '../../support/handler-env.ts';
import { invoke } from '../../support/lambda.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const secretsManager = mockClient(SecretsManagerClient);
const TOKEN = 'Fb3dEf6hIj9kLm2nPq4r';

function feedbackEvent(method: 'GET' | 'POST', accept: string) {
  const event = getEvent(`/f/${TOKEN}`, `${method} /f/{token}`, { token: TOKEN }, null);
  event.requestContext.http.method = method;
  event.headers = { accept, host: 'u.union.example', 'content-type': 'application/x-www-form-urlencoded' };
  if (method === 'POST') event.body = 'rating=5&csrf=x';
  return event;
}

describe('feedback-link handler', () => {
  beforeEach(() => {
    stubHandlerEnv();
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${TEST_KEY_PREFIX}/feedback-form` })
      .resolves({ SecretString: 'unit-test-feedback-key-0123456789abcdef' });
    ddb.reset();
    ddb.on(GetCommand).resolves({});
  });

  it('answers a JSON caller an unknown link as application/problem+json, keeping its result, and writes nothing', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const result = await invoke(handler, feedbackEvent(method, 'application/json'));
      expect(result.statusCode).toBe(404);
      expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(String(result.body))).toEqual({
        type: 'about:blank',
        title: 'Not found',
        status: 404,
        result: 'notFound',
      });
    }
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers a browser the same with a page', async () => {
    const result = await invoke(handler, feedbackEvent('GET', 'text/html'));
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toMatch(/^text\/html/);
  });
});
