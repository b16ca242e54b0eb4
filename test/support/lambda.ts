import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaContext } from '../../infra/local/lambda-context.ts';

type AnyHandler = (event: never, context: never) => Promise<unknown>;

/** Invokes a handler as Lambda would (a fresh context). */
export async function invoke<R = APIGatewayProxyStructuredResultV2>(
  handler: AnyHandler,
  event: unknown,
): Promise<R> {
  return (await (handler as (e: unknown, c: unknown) => Promise<unknown>)(event, lambdaContext('test'))) as R;
}

export function bodyOf(result: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  return JSON.parse(result.body ?? 'null') as Record<string, unknown>;
}
