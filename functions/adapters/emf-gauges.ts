import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../metrics/names.ts';
import type { GaugeSink, GaugeValue } from '../ports/gauges.ts';

/**
 * Gauges as Powertools Metrics: one EMF line on stdout in the `UnionClaims` namespace with the `service`
 * dimension. CloudWatch Logs turns it into metrics in AWS; locally it is a line in the log.
 */
export class EmfGauges implements GaugeSink {
  constructor(
    private readonly metrics: Metrics = new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName: METRICS_SERVICE,
    }),
  ) {}

  publish(values: readonly GaugeValue[], details: Readonly<Record<string, unknown>>): void {
    for (const { name, unit, value } of values) this.metrics.addMetric(name, MetricUnit[unit], value);
    for (const [key, value] of Object.entries(details)) this.metrics.addMetadata(key, JSON.stringify(value));
    this.metrics.publishStoredMetrics();
  }
}
