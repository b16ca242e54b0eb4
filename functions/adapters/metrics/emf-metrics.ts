import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../metrics/names.ts';
import type { MetricSink, MetricValue } from '../../ports/metrics.ts';

/**
 * Business metrics as Powertools Metrics: one EMF line on stdout per value, namespace `UnionClaims`,
 * dimension `service` (and the value's own). Published at once, so invocations that overlap in one
 * process never mix their values or dimensions.
 */
export class EmfMetrics implements MetricSink {
  constructor(
    private readonly metrics: Metrics = new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName: METRICS_SERVICE,
    }),
  ) {}

  emit({ name, unit, value, dimensions = {} }: MetricValue): void {
    for (const [key, dimension] of Object.entries(dimensions)) this.metrics.addDimension(key, dimension);
    this.metrics.addMetric(name, MetricUnit[unit], value);
    this.metrics.publishStoredMetrics();
  }
}
