import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../infra/functions.ts';
import { nextRun, parseCron } from '../../../infra/local/cron.ts';
import { startScheduler } from '../../../infra/local/scheduler.ts';
import { SCHEDULES } from '../../../infra/schedules.ts';

describe('schedules', () => {
  describe('SCHEDULES', () => {
    it('has unique ids, known functions and cron expressions the local scheduler reads', () => {
      expect(new Set(SCHEDULES.map((s) => s.id)).size).toBe(SCHEDULES.length);
      for (const s of SCHEDULES) {
        expect(FUNCTIONS[s.functionId], s.id).toBeDefined();
        expect(() => parseCron(s.cron), s.id).not.toThrow();
        expect(s.timezone).toBe('Asia/Shanghai');
      }
      expect(SCHEDULES.map((s) => s.id)).toEqual(expect.arrayContaining(['fraud-scan', 'audit-digest']));
    });
  });

  describe('nextRun', () => {
    it('runs the daily 02:30 Beijing job at 18:30 UTC the day before', () => {
      expect(
        nextRun('cron(30 2 * * ? *)', 'Asia/Shanghai', new Date('2026-11-28T12:00:00Z')).toISOString(),
      ).toBe('2026-11-28T18:30:00.000Z');
      // Just after a run: the next day's.
      expect(
        nextRun('cron(30 2 * * ? *)', 'Asia/Shanghai', new Date('2026-11-28T18:30:00Z')).toISOString(),
      ).toBe('2026-11-29T18:30:00.000Z');
    });

    it('reads lists, ranges, steps, month and weekday names, and the year field', () => {
      // Every 15 minutes from 9 to 17 on weekdays (MON-FRI), Beijing time.
      const at = (iso: string) => nextRun('cron(0/15 9-17 ? * MON-FRI *)', 'Asia/Shanghai', new Date(iso));
      // Saturday 2026-11-28 10:00 Beijing → Monday 2026-11-30 09:00 Beijing.
      expect(at('2026-11-28T02:00:00Z').toISOString()).toBe('2026-11-30T01:00:00.000Z');
      expect(at('2026-11-30T01:00:00Z').toISOString()).toBe('2026-11-30T01:15:00.000Z');
      // Yearly on 1 January 01:00 (the year-end export), and only in the years named.
      expect(
        nextRun('cron(0 1 1 JAN ? *)', 'Asia/Shanghai', new Date('2026-11-28T00:00:00Z')).toISOString(),
      ).toBe('2026-12-31T17:00:00.000Z');
      expect(nextRun('cron(0 1 1,15 * ? 2028)', 'UTC', new Date('2026-11-28T00:00:00Z')).toISOString()).toBe(
        '2028-01-01T01:00:00.000Z',
      );
      // The last day of February in a leap year.
      expect(nextRun('cron(0 0 29 2 ? *)', 'UTC', new Date('2026-03-01T00:00:00Z')).toISOString()).toBe(
        '2028-02-29T00:00:00.000Z',
      );
    });

    it('refuses what is not an EventBridge cron expression', () => {
      expect(() => parseCron('rate(1 day)')).toThrow(RangeError);
      expect(() => parseCron('cron(30 2 * * *)')).toThrow(RangeError);
      expect(() => parseCron('cron(30 2 * * MON *)')).toThrow(/exactly one/);
      expect(() => parseCron('cron(61 2 * * ? *)')).toThrow(RangeError);
      expect(() => nextRun('cron(30 2 * * ? *)', 'Europe/Paris', new Date())).toThrow(/not supported/);
    });
  });

  describe('startScheduler', () => {
    it('invokes a job when it comes due, with its input, and arms the next run', async () => {
      const invoked: unknown[] = [];
      let done: () => void = () => undefined;
      const ran = new Promise<void>((resolve) => {
        done = resolve;
      });
      // The clock is a minute before 02:30 Beijing less 50 ms: the run is due in 50 ms.
      const start = Date.parse('2026-11-28T18:30:00Z') - 50;
      const t0 = Date.now();
      const scheduler = startScheduler({
        schedules: [{ ...(SCHEDULES[0] as (typeof SCHEDULES)[number]), cron: 'cron(30 2 * * ? *)' }],
        invoke: async (s) => {
          invoked.push(s.input);
          done();
          return { ok: true };
        },
        log: () => undefined,
        now: () => new Date(start + (Date.now() - t0)),
      });
      expect(scheduler.next()[0]?.at.toISOString()).toBe('2026-11-28T18:30:00.000Z');
      await ran;
      expect(invoked).toEqual([SCHEDULES[0]?.input]);
      await expect.poll(() => scheduler.next()[0]?.at.toISOString()).toBe('2026-11-29T18:30:00.000Z');
      scheduler.stop();
    });
  });
});
