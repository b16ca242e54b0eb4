import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CapturedLogs, captureLogs } from '../../support/log-capture.ts';

type LoggerModule = typeof import('../../../functions/logging/logger.ts');
type ContextModule = typeof import('../../../functions/logging/context.ts');

/** A fresh copy of the logger module (Powertools Logger not loaded yet) and of the keys it reads. */
async function freshLogger(): Promise<LoggerModule & ContextModule> {
  vi.resetModules();
  const [logger, context] = await Promise.all([
    import('../../../functions/logging/logger.ts'),
    import('../../../functions/logging/context.ts'),
  ]);
  return { ...logger, ...context };
}

const fields = {
  payee: { name: '黄晓彤', accountNumber: '6222020200112233445' },
  attempt: 2,
  reason: '',
  channel: 'sms',
};

describe('log', () => {
  let logs: CapturedLogs;
  beforeEach(() => {
    vi.stubEnv('LOG_FORMAT', 'json');
  });
  afterEach(() => {
    logs.restore();
    vi.unstubAllEnvs();
  });

  describe('before Powertools Logger is loaded', () => {
    it('writes the line the logger writes: the same fields in the same order, personal keys redacted', async () => {
      // Prepare
      const { log, loadLogger, withInvocationKeys, tagClaim } = await freshLogger();
      logs = captureLogs();
      // Act: one line before the load (it starts the load), one after it
      withInvocationKeys(() => {
        tagClaim('C-1');
        log.warn('payee check', fields);
      });
      await loadLogger();
      withInvocationKeys(() => {
        tagClaim('C-1');
        log.warn('payee check', fields);
      });
      // Assess
      const [plain, powertools] = logs.records();
      expect(plain).toBeDefined();
      expect(Object.keys(plain ?? {})).toEqual(Object.keys(powertools ?? {}));
      expect({ ...plain, timestamp: 'T' }).toEqual({ ...powertools, timestamp: 'T' });
      expect(plain).toMatchObject({
        level: 'WARN',
        message: 'payee check',
        service: 'union-claims',
        claimId: 'C-1',
        payee: '[redacted]',
        attempt: 2,
      });
      expect(plain).not.toHaveProperty('reason');
      expect(logs.text()).not.toContain('6222020200112233445');
    });

    it('writes no line under the configured level, as the logger would not', async () => {
      // Prepare
      vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
      const { log } = await freshLogger();
      logs = captureLogs();
      // Act
      log.info('routine');
      log.error('broken', { step: 'payout' });
      // Assess
      expect(logs.records()).toEqual([
        expect.objectContaining({ level: 'ERROR', message: 'broken', step: 'payout' }),
      ]);
    });
  });
});
