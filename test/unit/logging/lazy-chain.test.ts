import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CapturedLogs, captureLogs } from '../../support/log-capture.ts';

const context = { functionName: 'step', awsRequestId: 'req-1' } as Context;

/** A fresh lazyChain and log whose Powertools Logger is a recorder of the lines it is given. */
async function withRecordedLogger() {
  vi.resetModules();
  const lines: string[] = [];
  vi.doMock('../../../functions/logging/powertools-logger.ts', () => ({
    powertoolsLogger: () => ({
      info: (message: string) => lines.push(`INFO ${message}`),
      warn: (message: string) => lines.push(`WARN ${message}`),
      error: (message: string) => lines.push(`ERROR ${message}`),
    }),
  }));
  const [{ lazyChain }, { log }] = await Promise.all([
    import('../../../functions/logging/lazy-chain.ts'),
    import('../../../functions/logging/logger.ts'),
  ]);
  return { lazyChain, log, lines };
}

describe('lazyChain', () => {
  let logs: CapturedLogs | undefined;
  afterEach(() => {
    logs?.restore();
    vi.doUnmock('../../../functions/logging/powertools-logger.ts');
    vi.resetModules();
  });

  it('loads the chain and the logger once, before the first invocation runs: its lines are the logger’s', async () => {
    // Prepare
    const { lazyChain, log, lines } = await withRecordedLogger();
    let loads = 0;
    const handler = lazyChain(async () => {
      loads++;
      return async (event: { n: number }) => {
        log.info(`run ${event.n}`);
        return event.n;
      };
    });
    expect(loads).toBe(0);
    // Act
    const results = [await handler({ n: 1 }, context), await handler({ n: 2 }, context)];
    // Assess
    expect(results).toEqual([1, 2]);
    expect(loads).toBe(1);
    expect(lines).toEqual(['INFO run 1', 'INFO run 2']);
  });

  it('logs a failed load with the error name and loads again on the next invocation', async () => {
    // Prepare
    const { lazyChain } = await withRecordedLogger();
    logs = captureLogs();
    let loads = 0;
    const handler = lazyChain(async () => {
      loads++;
      if (loads === 1)
        throw Object.assign(new Error('chunk 6222020200112233445 missing'), { name: 'ChunkLoadError' });
      return async () => 'ran';
    });
    // Act
    await expect(handler({}, context)).rejects.toThrow('missing');
    const retried = await handler({}, context);
    // Assess
    expect(retried).toBe('ran');
    expect(loads).toBe(2);
    expect(logs.records()).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'handler load failed', error: 'ChunkLoadError' }),
    ]);
    expect(logs.text()).not.toContain('6222020200112233445');
  });
});
