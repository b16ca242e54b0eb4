import type { ClaimMetric } from '../metrics/names.ts';

export interface MetricValue {
  readonly name: ClaimMetric;
  readonly unit: 'Count' | 'Seconds';
  readonly value: number;
  /** Dimensions besides the service (the approval latency's `Tier`). */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** Where the business metrics of the claims go: CloudWatch (Embedded Metric Format) in AWS and locally. */
export interface MetricSink {
  emit(value: MetricValue): void;
}
