import { SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { stepHandler } from '../../../functions/step/step-handler.ts';
import { annotate, traced, tracer, tracingOn } from '../../../functions/tracing/tracer.ts';
import { captureLogs } from '../../support/log-capture.ts';

const middlewareNames = (client: SFNClient) => client.middlewareStack.identify().join(' ');

describe('tracing', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  describe('tracingOn', () => {
    it('is on in Lambda, off when POWERTOOLS_TRACE_DISABLED says so, and off locally', () => {
      expect(tracingOn({ AWS_LAMBDA_FUNCTION_NAME: 'payout' })).toBe(true);
      expect(tracingOn({ AWS_LAMBDA_FUNCTION_NAME: 'payout', POWERTOOLS_TRACE_DISABLED: 'true' })).toBe(
        false,
      );
      expect(tracingOn({ AWS_LAMBDA_FUNCTION_NAME: 'payout', POWERTOOLS_TRACE_DISABLED: '1' })).toBe(false);
      expect(tracingOn({ AWS_LAMBDA_FUNCTION_NAME: 'payout', POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(
        false,
      );
      expect(tracingOn({})).toBe(false);
    });
  });

  describe('locally', () => {
    it('leaves SDK clients as they are, loads no tracer and runs handlers untraced', async () => {
      vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined);
      const client = new SFNClient({ region: 'cn-north-1' });
      const before = middlewareNames(client);
      const step = stepHandler(z.object({ claimId: z.string() }), async (_deps, input) => input.claimId, {});
      const logs = captureLogs();

      expect(await traced(client)).toBe(client);
      await annotate({ program: 'skill-boost' });
      const result = await step({ claimId: 'C-1' }, { awsRequestId: 'r', functionName: 'f' } as Context);
      logs.restore();

      expect(result).toBe('C-1');
      expect(middlewareNames(client)).toBe(before);
      expect(tracer()).toBeUndefined();
    });
  });

  describe('in Lambda', () => {
    it('captures an SDK client: its calls become X-Ray subsegments', async () => {
      vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'payout');
      vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
      vi.stubEnv('POWERTOOLS_TRACE_DISABLED', undefined);
      const client = new SFNClient({ region: 'cn-north-1' });
      const before = middlewareNames(client);

      const captured = await traced(client);

      expect(middlewareNames(captured)).not.toBe(before);
      expect(middlewareNames(captured)).toMatch(/xray|XRay/i);
    });
  });
});
