import type { MiddlewareObj } from '@middy/core';

import { TransientError } from '../usecases/step-support.ts';

export { TransientError };

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
  'TooManyRequestsException',
]);
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  const details = error as Error & {
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    CancellationReasons?: { Code?: string }[];
  };
  if (details.code !== undefined && TRANSIENT_CODES.has(details.code)) return true;
  if (details.$retryable !== undefined) return true;
  if ((details.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (error.name === 'TransactionCanceledException') {
    return (details.CancellationReasons ?? []).some(
      (r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError',
    );
  }
  return false;
}

/** For workflow steps: transient failures are rethrown as TransientError so Retry applies. */
export function stepErrors(): MiddlewareObj {
  return {
    name: 'stepErrors',
    onError: (request) => {
      const error = request.error;
      if (isTransient(error)) {
        throw new TransientError(error instanceof Error ? `${error.name}: ${error.message}` : String(error), {
          cause: error,
        });
      }
    },
  };
}
