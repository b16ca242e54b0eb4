import type { Schedule } from '../schedules.ts';
import { nextRun } from './cron.ts';

/** setTimeout's longest delay; a later run is waited for in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The local stand-in for EventBridge Scheduler: each schedule's cron expression in its time zone, the
 * function invoked with the schedule's input when it comes due. One run of a job at a time; a failed
 * run is logged and the next one comes as scheduled.
 */
export function startScheduler(opts: {
  schedules: readonly Schedule[];
  invoke: (schedule: Schedule) => Promise<unknown>;
  log: (line: string) => void;
  now?: () => Date;
}): { stop(): void; next(): { id: string; at: Date }[] } {
  const now = opts.now ?? (() => new Date());
  const timers = new Map<string, NodeJS.Timeout>();
  const due = new Map<string, Date>();
  let stopped = false;
  const arm = (schedule: Schedule) => {
    if (stopped) return;
    const at = nextRun(schedule.cron, schedule.timezone, now());
    due.set(schedule.id, at);
    const wait = () => {
      const left = at.getTime() - now().getTime();
      if (left > MAX_DELAY_MS) {
        timers.set(schedule.id, setTimeout(wait, MAX_DELAY_MS).unref());
        return;
      }
      timers.set(
        schedule.id,
        setTimeout(
          () => {
            void opts
              .invoke(schedule)
              .then((result) => opts.log(`schedule ${schedule.id}: ${JSON.stringify(result)}`))
              .catch((error: unknown) =>
                opts.log(`schedule ${schedule.id} failed: ${(error as Error).message}`),
              )
              .finally(() => arm(schedule));
          },
          Math.max(0, left),
        ).unref(),
      );
    };
    wait();
  };
  for (const schedule of opts.schedules) arm(schedule);
  return {
    stop: () => {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
    },
    next: () => [...due].map(([id, at]) => ({ id, at })),
  };
}
