import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { NotFound } from '../../../functions/domain/errors.ts';
import { type HttpEvent, httpHandler } from '../../../functions/http/http-handler.ts';
import { log } from '../../../functions/logging/logger.ts';
import { stepHandler } from '../../../functions/step/step-handler.ts';
import { type CapturedLogs, captureLogs } from '../../support/log-capture.ts';

const context = (requestId: string) => ({ functionName: 'check-rules', awsRequestId: requestId }) as Context;
const executionArn = 'arn:aws:states:cn-north-1:000000000000:execution:claims:C-1';

describe('logContext', () => {
  let logs: CapturedLogs;
  afterEach(() => {
    logs.restore();
  });

  describe('in a step', () => {
    it('puts the claim id, execution ARN, request id and cold start on every line of the invocation', async () => {
      // Prepare
      logs = captureLogs();
      const step = stepHandler(
        z.object({ claimId: z.string() }),
        async (_deps, input) => {
          log.info('checking', { rules: 3 });
          return input.claimId;
        },
        {},
      );
      // Act
      await step({ claimId: 'C-1', executionArn }, context('req-1'));
      await step({ claimId: 'C-2' }, context('req-2'));
      // Assess
      const records = logs.records();
      expect(records.filter((r) => r.function_request_id === 'req-1')).toEqual([
        expect.objectContaining({
          message: 'checking',
          claimId: 'C-1',
          executionArn,
          cold_start: true,
          rules: 3,
        }),
        expect.objectContaining({ message: 'invocation finished', claimId: 'C-1', service: 'union-claims' }),
      ]);
      expect(records.filter((r) => r.function_request_id === 'req-2')).toEqual([
        expect.objectContaining({ message: 'checking', claimId: 'C-2', cold_start: false }),
        expect.objectContaining({ message: 'invocation finished', claimId: 'C-2' }),
      ]);
      expect(records.find((r) => r.function_request_id === 'req-2')).not.toHaveProperty('executionArn');
    });

    it('keeps overlapping invocations apart: each line carries its own claim and request', async () => {
      // Prepare: two invocations of one function, interleaved as the local runtime runs them in-process
      logs = captureLogs();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const step = stepHandler(
        z.object({ claimId: z.string() }),
        async (_deps, input) => {
          log.info('before the wait');
          if (input.claimId === 'C-A') await gate;
          log.info('after the wait');
          return null;
        },
        {},
      );
      // Act
      const first = step({ claimId: 'C-A' }, context('req-A'));
      await step({ claimId: 'C-B' }, context('req-B'));
      release();
      await first;
      // Assess
      const records = logs.records();
      expect(records).toHaveLength(6);
      for (const record of records) {
        expect(record.claimId).toBe(record.function_request_id === 'req-A' ? 'C-A' : 'C-B');
      }
    });

    it('logs a failed step as a warning with the error name only', async () => {
      logs = captureLogs();
      const step = stepHandler(
        z.object({ claimId: z.string() }),
        async () => {
          throw Object.assign(new Error('card 6222020200112233445 refused'), { name: 'PayoutRefused' });
        },
        {},
      );

      await expect(step({ claimId: 'C-9' }, context('req-9'))).rejects.toThrow();

      expect(logs.records()).toEqual([
        expect.objectContaining({
          level: 'WARN',
          message: 'invocation failed',
          claimId: 'C-9',
          error: 'PayoutRefused',
        }),
      ]);
      expect(logs.text()).not.toContain('6222020200112233445');
    });
  });

  describe('in a route', () => {
    it('takes the claim id from the path and logs the status it answered', async () => {
      logs = captureLogs();
      const route = httpHandler(async () => {
        throw new NotFound('no claim C-7');
      }, {});
      const event = {
        rawPath: '/claims/C-7',
        pathParameters: { claimId: 'C-7' },
        headers: {},
      } as unknown as HttpEvent;

      const response = await route(event, context('req-7'));

      expect(response.statusCode).toBe(404);
      expect(logs.records()).toEqual([
        expect.objectContaining({
          level: 'INFO',
          message: 'invocation finished',
          claimId: 'C-7',
          function_request_id: 'req-7',
          status: 404,
          error: 'NotFound',
        }),
      ]);
    });
  });
});
