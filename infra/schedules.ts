import type { FunctionId } from './functions.ts';

/**
 * A scheduled job, defined once: the CDK stack makes one EventBridge Scheduler schedule of each, the
 * local runtime's scheduler evaluates the same cron expression in the same time zone.
 */
export interface Schedule {
  readonly id: string;
  readonly functionId: FunctionId;
  /** An EventBridge Scheduler cron expression: `cron(minutes hours day-of-month month day-of-week year)`. */
  readonly cron: string;
  readonly timezone: 'Asia/Shanghai';
  /** The event the function is invoked with. */
  readonly input: Record<string, unknown>;
  readonly description: string;
}

/** Every scheduled job of the system. */
export const SCHEDULES: readonly Schedule[] = [
  {
    id: 'fraud-scan',
    functionId: 'fraudScan',
    cron: 'cron(30 2 * * ? *)',
    timezone: 'Asia/Shanghai',
    input: { job: 'fraud-scan' },
    description: 'Daily at 02:30 Beijing time: the fraud scan of the claims changed since its last run',
  },
  {
    id: 'audit-digest',
    functionId: 'auditDigest',
    cron: 'cron(15 0 * * ? *)',
    timezone: 'Asia/Shanghai',
    input: { job: 'audit-digest' },
    description: "Daily at 00:15 Beijing time: record the previous day's digest of the claims' audit chains",
  },
  {
    id: 'archive-digest',
    functionId: 'archiveDigest',
    cron: 'cron(5 * * * ? *)',
    timezone: 'Asia/Shanghai',
    input: { job: 'archive-digest' },
    description:
      "Hourly at :05: the digest of the audit archive's heads of the hour before, chained to the last",
  },
  {
    id: 'evaluation-export-yearly',
    functionId: 'exportWorker',
    cron: 'cron(0 3 15 1 ? *)',
    timezone: 'Asia/Shanghai',
    input: { scheduled: 'previous-year' },
    description: 'Evaluation export of the previous year, 15 January 03:00 Beijing time',
  },
  {
    id: 'evaluation-export-monthly',
    functionId: 'exportWorker',
    cron: 'cron(0 4 1 * ? *)',
    timezone: 'Asia/Shanghai',
    input: { scheduled: 'running-year' },
    description: 'Evaluation export of the running year so far, the 1st of every month 04:00 Beijing time',
  },
  {
    id: 'operations-gauge',
    functionId: 'operationsGauge',
    cron: 'cron(10 * * * ? *)',
    timezone: 'Asia/Shanghai',
    input: { job: 'operations-gauge' },
    description:
      'Hourly at :10: gauges of approval levels open over three days and budgets under 10% available',
  },
];
