import { afterEach, describe, expect, it } from 'vitest';
import { beijingDate, beijingDateTime, beijingTimeText } from '../../../functions/domain/calendar.ts';

describe('calendar', () => {
  const machineZone = process.env.TZ;
  afterEach(() => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  describe('beijingDateTime', () => {
    it('shows an instant as the wall-clock time in Beijing (UTC+8)', () => {
      expect(beijingDateTime('2026-12-08T08:39:00.000Z')).toBe('2026-12-08 16:39');
      expect(beijingDateTime(new Date(Date.UTC(2026, 11, 8, 8, 39, 59, 999)))).toBe('2026-12-08 16:39');
    });

    it('moves to the next day, month and year in Beijing while it is still the evening before in UTC', () => {
      expect(beijingDateTime('2026-12-08T16:00:00.000Z')).toBe('2026-12-09 00:00');
      expect(beijingDateTime('2026-02-28T23:30:00.000Z')).toBe('2026-03-01 07:30');
      expect(beijingDateTime('2026-12-31T15:59:00.000Z')).toBe('2026-12-31 23:59');
      expect(beijingDateTime('2026-12-31T16:01:00.000Z')).toBe('2027-01-01 00:01');
      // The same instant's Beijing day, as the budget year and the digests count it.
      expect(beijingDate(new Date('2026-12-31T16:01:00.000Z'))).toBe('2027-01-01');
    });

    it('has no daylight saving: the same offset in summer and winter', () => {
      expect(beijingDateTime('2026-07-01T04:00:00.000Z')).toBe('2026-07-01 12:00');
      expect(beijingDateTime('2026-01-01T04:00:00.000Z')).toBe('2026-01-01 12:00');
    });

    it("does not depend on the machine's time zone", () => {
      const at = '2026-12-08T20:15:00.000Z';
      const answers = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((zone) => {
        process.env.TZ = zone;
        return beijingDateTime(at);
      });
      expect(answers).toEqual(Array(4).fill('2026-12-09 04:15'));
    });

    it('refuses what is not an instant rather than printing "Invalid Date"', () => {
      expect(() => beijingDateTime('2026-12-32T00:00:00Z')).toThrow(RangeError);
    });
  });

  describe('beijingTimeText', () => {
    it('marks the time as Beijing time in the reader’s language', () => {
      expect(beijingTimeText('2026-12-08T08:39:00.000Z', 'zh')).toBe('2026-12-08 16:39（北京时间）');
      expect(beijingTimeText('2026-12-08T08:39:00.000Z', 'en')).toBe('2026-12-08 16:39 Beijing time');
    });
  });
});
