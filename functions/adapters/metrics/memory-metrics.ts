import type { ClaimMetric } from '../../metrics/names.ts';
import type { MetricSink, MetricValue } from '../../ports/metrics.ts';

/** Keeps what was emitted, for tests; `total` sums a metric's values. */
export class MemoryMetrics implements MetricSink {
  readonly values: MetricValue[] = [];

  emit(value: MetricValue): void {
    this.values.push(value);
  }

  total(name: ClaimMetric): number {
    return this.values.filter((v) => v.name === name).reduce((sum, v) => sum + v.value, 0);
  }
}
