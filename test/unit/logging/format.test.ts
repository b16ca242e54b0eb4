import { describe, expect, it } from 'vitest';
import { prettyLine } from '../../../functions/logging/format.ts';
import { log, wantsPretty } from '../../../functions/logging/logger.ts';
import { captureLogs } from '../../support/log-capture.ts';

describe('the log format', () => {
  describe('ClaimsLogFormatter', () => {
    it('writes personal keys as [redacted], however deep, whatever code logs them', () => {
      const logs = captureLogs();

      log.warn('payee check', {
        claimId: 'C-1',
        payee: { name: '黄晓彤', accountNumber: '6222020200112233445' },
        member: { idNumber: '110108198604123713', mobile: '17700000000' },
        channel: 'sms',
      });
      logs.restore();

      const [record] = logs.records();
      expect(record).toMatchObject({
        level: 'WARN',
        message: 'payee check',
        service: 'union-claims',
        payee: '[redacted]',
        member: { idNumber: '[redacted]', mobile: '[redacted]' },
        channel: 'sms',
      });
      for (const personal of ['黄晓彤', '6222020200112233445', '110108198604123713', '17700000000']) {
        expect(logs.text()).not.toContain(personal);
      }
    });
  });

  describe('prettyLine', () => {
    it('shows time, level, function, claim and message first, the rest as compact JSON', () => {
      const line = JSON.stringify({
        level: 'WARN',
        message: 'message not delivered',
        timestamp: '2026-12-05T08:39:01.234Z',
        service: 'union-claims',
        function_name: 'notify-member',
        function_request_id: 'r-1',
        cold_start: false,
        claimId: 'C-1',
        channel: 'sms',
      });

      expect(prettyLine(line)).toBe(
        '08:39:01.234 WARN  notify-member C-1 message not delivered {"cold_start":false,"channel":"sms"}',
      );
      expect(prettyLine('not json')).toBe('not json');
    });
  });

  describe('wantsPretty', () => {
    it('is pretty on a terminal or when asked, JSON in Lambda, when piped or when asked', () => {
      expect(wantsPretty({}, true)).toBe(true);
      expect(wantsPretty({}, false)).toBe(false);
      expect(wantsPretty({ LOG_FORMAT: 'pretty' }, false)).toBe(true);
      expect(wantsPretty({ LOG_FORMAT: 'json' }, true)).toBe(false);
      expect(wantsPretty({ AWS_LAMBDA_FUNCTION_NAME: 'submit-claim' }, true)).toBe(false);
    });
  });
});
