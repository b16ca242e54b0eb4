import { DynamoDBClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pluggable } from '@smithy/types';

export type ClientPlugin = Pluggable<ServiceInputTypes, ServiceOutputTypes>;

/** Middleware for the clients this module builds; only the local runtime adds any (its fault injection). */
const plugins = new Set<ClientPlugin>();

/** Adds middleware to every client `documentClient()` builds from now on; returns its removal. */
export function useClientPlugin(plugin: ClientPlugin): () => void {
  plugins.add(plugin);
  return () => plugins.delete(plugin);
}

function defaultClient(): DynamoDBClient {
  const client = new DynamoDBClient({});
  for (const plugin of plugins) client.middlewareStack.use(plugin);
  return client;
}

/** A document client that drops undefined attributes. The endpoint comes from the environment. */
export function documentClient(client: DynamoDBClient = defaultClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
