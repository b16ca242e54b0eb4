import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Invalid } from '../../../functions/domain/errors.ts';
import type { HttpEvent } from '../../../functions/http/http-handler.ts';
import { lazyHttpHandler } from '../../../functions/http/lazy-http-handler.ts';
import { json } from '../../../functions/http/responses.ts';
import { part } from '../../../functions/wiring/part.ts';
import { captureLogs } from '../../support/log-capture.ts';

const context = (awsRequestId: string) => ({ awsRequestId, functionName: 'route' }) as Context;
const request = (claimId: string) =>
  ({
    rawPath: `/claims/${claimId}`,
    headers: {},
    pathParameters: { claimId },
    requestContext: { http: { method: 'GET' } },
  }) as unknown as HttpEvent;
const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;

describe('lazyHttpHandler', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('loads the route on the first request only, then answers each request with its deps', async () => {
    // Prepare
    let loads = 0;
    const handler = lazyHttpHandler(
      async () => {
        loads++;
        return async (deps: { unit: string }, event) =>
          json(200, { unit: deps.unit, claimId: event.pathParameters?.claimId });
      },
      { unit: part(async () => 'BJ') },
    );
    expect(loads).toBe(0);
    // Act
    const first = await handler(request('C-1'), context('req-1'));
    const second = await handler(request('C-2'), context('req-2'));
    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect([bodyOf(first), bodyOf(second)]).toEqual([
      { unit: 'BJ', claimId: 'C-1' },
      { unit: 'BJ', claimId: 'C-2' },
    ]);
    expect(loads).toBe(1);
  });

  it('answers an error of the loaded route as httpHandler does: a problem naming the field', async () => {
    // Prepare
    const handler = lazyHttpHandler(async () => {
      return async () => {
        throw new Invalid([{ field: 'payee.name', message: 'is required' }]);
      };
    }, {});
    // Act
    const result = await handler(request('C-1'), context('req-1'));
    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(bodyOf(result)).toMatchObject({
      status: 400,
      errors: [{ field: 'payee.name', message: 'is required' }],
    });
  });

  it('answers a failed load with a 500 problem and loads again on the next request', async () => {
    // Prepare
    captureLogs(); // the 500 is logged; afterEach restores the streams
    let loads = 0;
    const handler = lazyHttpHandler(async () => {
      loads++;
      if (loads === 1) throw new Error('chunk missing');
      return async () => json(200, { ok: true });
    }, {});
    // Act
    const failed = await handler(request('C-1'), context('req-1'));
    const retried = await handler(request('C-1'), context('req-2'));
    // Assess
    expect(failed.statusCode).toBe(500);
    expect(bodyOf(failed)).toMatchObject({ status: 500, detail: 'the request failed; it was logged' });
    expect(JSON.stringify(failed)).not.toContain('chunk missing');
    expect(retried.statusCode).toBe(200);
    expect(loads).toBe(2);
  });
});
