import { describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../../../functions/adapters/metrics/memory-metrics.ts';
import { MeteredNotifier } from '../../../../functions/adapters/metrics/metered-notifier.ts';
import { CLAIM_METRICS } from '../../../../functions/metrics/names.ts';
import type { OutboundMessage } from '../../../../functions/ports/notifier.ts';

const message = (channel: 'sms' | 'email'): OutboundMessage => ({
  channel,
  to: channel === 'sms' ? '+8613800138000' : 'a@example.com',
  subject: 's',
  text: 't',
  links: [],
});

describe('MeteredNotifier', () => {
  describe('send', () => {
    it.each([
      ['sms', CLAIM_METRICS.smsSent],
      ['email', CLAIM_METRICS.emailSent],
    ] as const)('counts a %s the provider took as %s', async (channel, metric) => {
      const metrics = new MemoryMetrics();
      const notifier = new MeteredNotifier({ send: async () => undefined }, metrics);

      await notifier.send(message(channel));

      expect(metrics.values).toEqual([{ name: metric, unit: 'Count', value: 1 }]);
    });

    it.each([
      ['sms', CLAIM_METRICS.smsFailed],
      ['email', CLAIM_METRICS.emailFailed],
    ] as const)('counts a %s the provider refused as %s and passes the error on', async (channel, metric) => {
      const metrics = new MemoryMetrics();
      const refusal = Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      const notifier = new MeteredNotifier({ send: () => Promise.reject(refusal) }, metrics);

      await expect(notifier.send(message(channel))).rejects.toBe(refusal);

      expect(metrics.values).toEqual([{ name: metric, unit: 'Count', value: 1 }]);
    });
  });
});
