import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../infra/local/dynamodb-local.ts';
import { freePort } from '../../infra/local/free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One in-memory DynamoDB Local for the whole run; each test file uses its own table prefix. */
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
