import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { documentClient } from '../../../../functions/adapters/dynamodb/client.ts';
import { LOCAL_CREDENTIALS } from '../../../../infra/local/dynamodb-local.ts';
import { unsigned, unsignedHandlerClients } from '../../../../infra/local/unsigned-requests.ts';

/** A client of the run's DynamoDB Local that records the Authorization header of what it sends. */
function recordingClient(endpoint: string) {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const sent: string[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      sent.push(String((args.request as { headers: Record<string, string> }).headers.authorization));
      return next(args);
    },
    { step: 'deserialize', name: 'recordAuthorization' },
  );
  return { client, sent };
}

describe('unsigned requests of the local runtime', () => {
  const ends: (() => void)[] = [];
  afterEach(() => {
    for (const end of ends.splice(0)) end();
  });

  describe('unsigned', () => {
    it('sends a fixed Authorization header instead of a signature, and DynamoDB Local answers', async () => {
      // Prepare
      const { client, sent } = recordingClient(inject('dynamoEndpoint'));
      unsigned(client);

      // Act
      const answer = await client.send(new ListTablesCommand({ Limit: 1 }));

      // Assess
      expect(answer.$metadata.httpStatusCode).toBe(200);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^AWS4-HMAC-SHA256 Credential=local\//);
      expect(sent[0]).toMatch(/Signature=0$/);
      const names = client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);
      expect(names).not.toContain('getUserAgentMiddleware');
      expect(names).not.toContain('recursionDetectionMiddleware');
      expect(names).toContain('retryMiddleware');
      client.destroy();
    });

    it('refuses to send to any host but this machine', async () => {
      // Prepare
      const client = new DynamoDBClient({
        endpoint: 'http://dynamodb.example.invalid',
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
        maxAttempts: 1,
      });
      unsigned(client);

      // Act / Assess
      await expect(client.send(new ListTablesCommand({}))).rejects.toThrow(
        /unsigned DynamoDB request to dynamodb\.example\.invalid refused/,
      );
      client.destroy();
    });
  });

  describe('unsignedHandlerClients', () => {
    it('makes the clients the handlers build unsigned until the last runtime using it ends', () => {
      // Prepare
      const names = (doc: ReturnType<typeof documentClient>) =>
        doc.middlewareStack.identify().map((entry) => entry.split(' ')[0]);
      const first = unsignedHandlerClients();
      const second = unsignedHandlerClients();
      ends.push(first, second);

      // Act
      const whileBoth = names(documentClient());
      first();
      first();
      const whileOne = names(documentClient());
      second();
      const after = names(documentClient());

      // Assess
      expect(whileBoth).toContain('localAuthorization');
      expect(whileBoth).not.toContain('httpSigningMiddleware');
      expect(whileOne).toContain('localAuthorization');
      expect(after).not.toContain('localAuthorization');
      expect(after).toContain('httpSigningMiddleware');
    });
  });
});
