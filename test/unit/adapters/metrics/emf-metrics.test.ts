import { describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../../../functions/adapters/metrics/emf-metrics.ts';
import { CLAIM_METRICS } from '../../../../functions/metrics/names.ts';
import { captureLogs } from '../../../support/log-capture.ts';

describe('EmfMetrics', () => {
  describe('emit', () => {
    it('writes one EMF record per value: namespace UnionClaims, the service dimension and its own', () => {
      const logs = captureLogs();
      const metrics = new EmfMetrics();

      metrics.emit({ name: CLAIM_METRICS.paidFen, unit: 'Count', value: 1000_00 });
      metrics.emit({
        name: CLAIM_METRICS.approvalLatency,
        unit: 'Seconds',
        value: 90,
        dimensions: { Tier: 'city' },
      });
      logs.restore();

      const [paid, latency] = logs.records();
      expect(paid).toMatchObject({
        _aws: {
          CloudWatchMetrics: [
            {
              Namespace: 'UnionClaims',
              Dimensions: [['service']],
              Metrics: [{ Name: 'PaidFen', Unit: 'Count' }],
            },
          ],
        },
        service: 'union-claims',
        PaidFen: 1000_00,
      });
      expect(latency).toMatchObject({
        _aws: {
          CloudWatchMetrics: [
            {
              Namespace: 'UnionClaims',
              Dimensions: [['service', 'Tier']],
              Metrics: [{ Name: 'ApprovalLatency', Unit: 'Seconds' }],
            },
          ],
        },
        service: 'union-claims',
        Tier: 'city',
        ApprovalLatency: 90,
      });
      expect(paid).not.toHaveProperty('Tier');
    });
  });
});
