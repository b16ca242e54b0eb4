import type { GaugeMetric } from '../metrics/names.ts';

export interface GaugeValue {
  readonly name: GaugeMetric;
  readonly unit: 'Count' | 'Seconds' | 'Percent';
  readonly value: number;
}

/** Where gauges go: CloudWatch metrics in Embedded Metric Format (a log line), in AWS and locally. */
export interface GaugeSink {
  /** Emits the values as one metric record; `details` go with it as metadata (not metrics). */
  publish(values: readonly GaugeValue[], details: Readonly<Record<string, unknown>>): void;
}
