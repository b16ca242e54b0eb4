import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { HttpProblem } from '../usecases/problem.ts';
import { json } from './responses.ts';

/**
 * The last middleware: turns an HttpProblem into `application/problem+json` and any other error into a
 * 500 that says nothing about the internals (the log keeps the error and the request id).
 */
export function httpProblems(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    name: 'httpProblems',
    onError: (request) => {
      const error = request.error;
      const instance = request.event.rawPath;
      if (error instanceof HttpProblem) {
        request.response = json(
          error.status,
          {
            type: `about:blank`,
            title: error.title,
            status: error.status,
            detail: error.detail,
            instance,
            ...(error.errors.length > 0 ? { errors: error.errors } : {}),
          },
          { 'content-type': 'application/problem+json; charset=utf-8' },
        );
        return;
      }
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'unhandled error',
          requestId: request.context.awsRequestId,
          error:
            error instanceof Error
              ? { name: error.name, message: error.message, stack: error.stack }
              : String(error),
        }),
      );
      request.response = json(
        500,
        {
          type: 'about:blank',
          title: 'Internal error',
          status: 500,
          detail: 'the request failed; it was logged',
          instance,
        },
        { 'content-type': 'application/problem+json; charset=utf-8' },
      );
    },
  };
}
