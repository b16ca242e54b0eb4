import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lazyStepHandler } from '../../../functions/step/step-handler.ts';
import { part } from '../../../functions/wiring/part.ts';

const context = (awsRequestId: string) => ({ awsRequestId, functionName: 'step' }) as Context;
const schema = z.object({ claimId: z.string() });

describe('lazyStepHandler', () => {
  it('loads the schema and use case on the first invocation only, then runs each input with its deps', async () => {
    // Prepare
    let loads = 0;
    const step = lazyStepHandler(
      async () => {
        loads++;
        return { schema, run: async (deps: { unit: string }, input) => `${deps.unit}:${input.claimId}` };
      },
      { unit: part(async () => 'BJ') },
    );
    expect(loads).toBe(0);
    // Act
    const first = await step({ claimId: 'C-1' }, context('req-1'));
    const second = await step({ claimId: 'C-2' }, context('req-2'));
    // Assess
    expect([first, second]).toEqual(['BJ:C-1', 'BJ:C-2']);
    expect(loads).toBe(1);
  });

  it('refuses an input its schema rejects with InvalidStepInput naming the field', async () => {
    // Prepare
    const step = lazyStepHandler(async () => ({ schema, run: async () => 'ran' }), {});
    // Act
    const result = step({ claimId: 7 }, context('req-1'));
    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'InvalidStepInput',
      message: expect.stringContaining('claimId'),
    });
  });

  it('loads again on the next invocation after a load failed, instead of keeping the failure', async () => {
    // Prepare
    let loads = 0;
    const step = lazyStepHandler(async () => {
      loads++;
      if (loads === 1) throw new Error('chunk missing');
      return { schema, run: async (_deps, input) => input.claimId };
    }, {});
    // Act
    const failed = step({ claimId: 'C-1' }, context('req-1'));
    await expect(failed).rejects.toThrow('chunk missing');
    const retried = await step({ claimId: 'C-1' }, context('req-2'));
    // Assess
    expect(retried).toBe('C-1');
    expect(loads).toBe(2);
  });
});
