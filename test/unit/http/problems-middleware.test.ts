import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Conflict,
  Forbidden,
  Gone,
  Incomplete,
  Invalid,
  NotFound,
  Refused,
  Unavailable,
} from '../../../functions/domain/errors.ts';
import { HttpError } from '../../../functions/http/http-error.ts';
import { httpProblems } from '../../../functions/http/problems-middleware.ts';
import { captureLogs } from '../../support/log-capture.ts';

const event = { rawPath: '/claims/C1' } as APIGatewayProxyEventV2;
const context = { awsRequestId: 'req-1' } as Context;

/** What the API answers when the use case throws `error`. */
async function answerTo(error: unknown) {
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpProblems())
    .handler(async () => {
      throw error;
    });
  const response = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { response, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
}

describe('httpProblems', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('onError', () => {
    it.each([
      [new Invalid([{ field: 'payee.name', message: 'is required' }]), 400, 'Invalid request'],
      [new Forbidden('only admins change programs'), 403, 'Forbidden'],
      [new NotFound('no claim C1'), 404, 'Not found'],
      [new Conflict('the flag is already CLEARED'), 409, 'Conflict'],
      [new Conflict('ticket T1 was closed meanwhile', { title: 'Already closed' }), 409, 'Already closed'],
      [new Gone('the download link has expired'), 410, 'Gone'],
      [new Refused('program p was retired', { title: 'Program retired' }), 422, 'Program retired'],
      [
        new Incomplete('the manifest is missing', { title: 'Export incomplete', expose: true }),
        500,
        'Export incomplete',
      ],
      [
        new Unavailable('try again', { title: 'Workflow unavailable', expose: true }),
        503,
        'Workflow unavailable',
      ],
      [
        new HttpError(415, 'Unsupported media type', 'send the body as application/json'),
        415,
        'Unsupported media type',
      ],
    ])('maps %o to a problem with status %i and its title', async (error, status, title) => {
      const { response, body } = await answerTo(error);

      expect(response.statusCode).toBe(status);
      expect(response.headers?.['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(body).toMatchObject({ type: 'about:blank', status, title, instance: '/claims/C1' });
      expect(body.detail).toBe((error as { detail: string }).detail);
    });

    it('names the fields of an invalid request, and leaves `errors` out when there are none', async () => {
      const invalid = await answerTo(
        new Invalid([{ field: 'incidentDate', message: 'must not be in the future' }]),
      );
      const notFound = await answerTo(new NotFound('no claim C1'));

      expect(invalid.body).toMatchObject({
        detail: '1 field(s) are invalid',
        errors: [{ field: 'incidentDate', message: 'must not be in the future' }],
      });
      expect(notFound.body).not.toHaveProperty('errors');
    });

    it('answers the title in Chinese or English by Accept-Language, q-values included', async () => {
      const answer = async (error: Error, acceptLanguage?: string) => {
        const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
          .use(httpProblems())
          .handler(async () => {
            throw error;
          });
        const headers = acceptLanguage === undefined ? {} : { 'Accept-Language': acceptLanguage };
        const response = (await handler({ ...event, headers }, context)) as APIGatewayProxyStructuredResultV2;
        return { response, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
      };
      const retired = new Refused('program p was retired', { title: 'Program retired' });

      const chinese = await answer(retired, 'zh-CN,zh;q=0.9');
      const weighted = await answer(new NotFound('no claim C1'), 'en;q=0.5, zh;q=0.9');
      const english = await answer(retired, 'en-GB');
      const unspoken = await answer(retired, 'fr');
      const none = await answer(retired);
      captureLogs(); // the 500 is logged; afterEach restores the streams
      const internal = await answer(new Error('boom'), 'zh');

      expect(chinese.body).toMatchObject({
        title: '项目已停办',
        detail: 'program p was retired',
        status: 422,
      });
      expect(chinese.response.headers).toMatchObject({ 'content-language': 'zh', vary: 'accept-language' });
      expect(weighted.body.title).toBe('未找到');
      expect(english.body.title).toBe('Program retired');
      expect(english.response.headers?.['content-language']).toBe('en');
      expect(unspoken.body.title).toBe('Program retired');
      expect(none.body.title).toBe('Program retired');
      expect(internal.body).toMatchObject({ title: '内部错误', status: 500 });
    });

    it('answers a failure on our side that is not exposed, or any other error, with a bare 500', async () => {
      const logs = captureLogs();

      for (const error of [new Unavailable('the table answered ECONNRESET'), new Error('secret internals')]) {
        const { response, body } = await answerTo(error);
        expect(response.statusCode).toBe(500);
        expect(body).toEqual({
          type: 'about:blank',
          title: 'Internal error',
          status: 500,
          detail: 'the request failed; it was logged',
          instance: '/claims/C1',
        });
        expect(response.body).not.toContain((error as Error).message);
      }
      logs.restore();
      const logged = logs.records().filter((r) => r.message === 'unhandled error');
      expect(logged).toHaveLength(2);
      expect(logged.map((r) => (r.error as { message: string }).message)).toEqual([
        'Unavailable: the table answered ECONNRESET',
        'secret internals',
      ]);
    });
  });
});
