import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import {
  Conflict,
  DomainError,
  Forbidden,
  Gone,
  Incomplete,
  Invalid,
  NotFound,
  Refused,
  Unavailable,
} from '../domain/errors.ts';
import { log } from '../logging/logger.ts';
import { HttpError } from './http-error.ts';
import { apiLang, problemTitle } from './problem-titles.ts';
import { header } from './request.ts';
import { json } from './responses.ts';

/** The status of each kind of domain error. */
const STATUS_OF = new Map<abstract new (...args: never[]) => DomainError, number>([
  [Invalid, 400],
  [Forbidden, 403],
  [NotFound, 404],
  [Conflict, 409],
  [Gone, 410],
  [Refused, 422],
  [Incomplete, 500],
  [Unavailable, 503],
]);

/** The status of a domain error at the HTTP edge (500 for a kind without one). */
export function statusOf(error: DomainError): number {
  for (const [kind, status] of STATUS_OF) if (error instanceof kind) return status;
  return 500;
}

const PROBLEM = { 'content-type': 'application/problem+json; charset=utf-8', vary: 'accept-language' };

/**
 * The last middleware: turns a domain error (or an HttpError of the edge) that may be shown into
 * `application/problem+json` with its status, and any other error into a 500 that says nothing about
 * the internals (the log keeps the error and the request id). Titles answer in Chinese or English by
 * the request's `Accept-Language` (`problem-titles.ts`); details and field messages stay as written.
 */
export function httpProblems(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    name: 'httpProblems',
    onError: (request) => {
      const error = request.error;
      const instance = request.event.rawPath;
      const lang = apiLang(header(request.event, 'accept-language'));
      const headers = { ...PROBLEM, 'content-language': lang };
      if ((error instanceof DomainError || error instanceof HttpError) && error.expose) {
        const status = error instanceof HttpError ? error.status : statusOf(error);
        request.response = json(
          status,
          {
            type: `about:blank`,
            title: problemTitle(error.title, lang),
            status,
            detail: error.detail,
            instance,
            ...(error.errors.length > 0 ? { errors: error.errors } : {}),
          },
          headers,
        );
        return;
      }
      log.error('unhandled error', {
        requestId: request.context?.awsRequestId,
        error:
          error instanceof Error
            ? { name: error.name, message: error.message, stack: error.stack }
            : String(error),
      });
      request.response = json(
        500,
        {
          type: 'about:blank',
          title: problemTitle('Internal error', lang),
          status: 500,
          detail: 'the request failed; it was logged',
          instance,
        },
        headers,
      );
    },
  };
}
