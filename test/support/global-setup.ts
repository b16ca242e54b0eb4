import type { TestProject } from 'vitest/node';
import { ensureConsoleBuilt } from '../../infra/local/console-build.ts';
import { startDynamoLocal } from '../../infra/local/dynamodb-local.ts';
import { freePort } from '../../infra/local/free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One in-memory DynamoDB Local for the whole run; each test file uses its own table prefix. */
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The staff console, built once for the run when missing or older than its sources (the browser tests serve it).
  await ensureConsoleBuilt();
  const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
