import type { FunctionId } from './functions.ts';

/** A schedule of EventBridge Scheduler (and of the local scheduler): which function, when, with what. */
export interface ExportSchedule {
  readonly id: string;
  readonly functionId: FunctionId;
  /** EventBridge Scheduler cron(minutes hours day-of-month month day-of-week year). */
  readonly cron: string;
  readonly timezone: 'Asia/Shanghai';
  readonly input: Record<string, unknown>;
  readonly description: string;
}

/**
 * The evaluation export's schedules, in Beijing time: the year before on 15 January (the evaluator's
 * yearly assessment), and the running year so far on the 1st of every month.
 */
export const EXPORT_SCHEDULES: readonly ExportSchedule[] = [
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
];
