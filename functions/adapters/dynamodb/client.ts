import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Called with each client `documentClient()` builds itself (the handlers' clients), before its first
 * request. Empty in Lambda; locally the fault injection (infra/local/faults.ts) and the benchmark's
 * capacity meter (bench/lib/capacity.ts) add middleware through it.
 */
export const dynamoClientHooks = new Set<(client: DynamoDBClient) => void>();

function defaultClient(): DynamoDBClient {
  const client = new DynamoDBClient({});
  for (const hook of dynamoClientHooks) hook(client);
  return client;
}

/** A document client that drops undefined attributes. The endpoint comes from the environment. */
export function documentClient(client: DynamoDBClient = defaultClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
