import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Called with each client `documentClient` wraps, before its first request. Empty in Lambda; the local
 * benchmark adds one that counts requests and the capacity they consume (bench/lib/capacity.ts).
 */
export const dynamoClientHooks: ((client: DynamoDBClient) => void)[] = [];

/** A document client that drops undefined attributes. The endpoint comes from the environment. */
export function documentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  for (const hook of dynamoClientHooks) hook(client);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
