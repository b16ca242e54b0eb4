import type { DynamoDBClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { dynamoClientHooks } from '../../functions/adapters/dynamodb/client.ts';

/** What DynamoDB Local reads from the Authorization header (with -sharedDb, nothing else of it matters). */
const LOCAL_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=local/20000101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Sets the fixed Authorization header; a request to anything but this machine is refused, never sent unsigned. */
const localAuthorization: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> =
  (next) => async (args) => {
    const request = args.request as { hostname?: string; headers?: Record<string, string> };
    if (request.hostname === undefined || !LOOPBACK.has(request.hostname)) {
      throw new Error(`unsigned DynamoDB request to ${request.hostname ?? 'an unknown host'} refused`);
    }
    if (request.headers !== undefined) request.headers.authorization = LOCAL_AUTHORIZATION;
    return next(args);
  };

/**
 * Middleware that only adds headers DynamoDB Local ignores: the SDK's User-Agent (built per request from
 * the client's features), the X-Amzn-Trace-Id of Lambda's recursion detection (there is no trace
 * locally), and the request logger (the handlers' clients have none). About a tenth of the SDK's CPU per
 * request.
 */
const HEADER_ONLY_MIDDLEWARE = ['getUserAgentMiddleware', 'recursionDetectionMiddleware', 'loggerMiddleware'];

/**
 * DynamoDB Local does not check request signatures, so the handlers' clients of the local runtime do
 * not sign: SigV4 (a SHA-256 of the body, four HMACs and the canonical request, on the one thread that
 * runs the API, the engine and every handler) is about a quarter of the SDK's CPU per request. The
 * signing middleware is swapped for one that sets a fixed Authorization header, and that refuses any
 * host but this machine. The middleware of HEADER_ONLY_MIDDLEWARE goes too.
 */
export function unsigned(client: DynamoDBClient): void {
  client.middlewareStack.remove('httpSigningMiddleware');
  for (const name of HEADER_ONLY_MIDDLEWARE) client.middlewareStack.remove(name);
  client.middlewareStack.addRelativeTo(localAuthorization, {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'localAuthorization',
    override: true,
  });
}

let users = 0;

/**
 * Every DynamoDB client the handlers build from now on (functions/adapters/dynamodb/client.ts) is
 * `unsigned`, until the returned function is called (runtimes in one process count: the last to stop
 * ends it).
 */
export function unsignedHandlerClients(): () => void {
  users += 1;
  dynamoClientHooks.add(unsigned);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    users -= 1;
    if (users === 0) dynamoClientHooks.delete(unsigned);
  };
}
