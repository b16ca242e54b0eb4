import { describe, expect, it } from 'vitest';
import { Invalid } from '../../../functions/domain/errors.ts';
import { decodeCursor, encodeCursor, listFloor, pageStart } from '../../../functions/usecases/list-scope.ts';

describe('list-scope', () => {
  describe('encodeCursor / decodeCursor', () => {
    it('gives back the position it was given, through an opaque URL-safe cursor', () => {
      for (const position of ['2026-05-20T02:00:00.000Z#C01ABC', '2026-04-99', '2026-05-01T00:00:00.000Z']) {
        const cursor = encodeCursor(position);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(cursor).not.toContain(position);
        expect(decodeCursor(cursor)).toBe(position);
      }
    });

    it('refuses a cursor it did not give, naming the field', () => {
      for (const cursor of [
        'not-a-cursor',
        encodeCursor('x'),
        Buffer.from('{"p":1}').toString('base64url'),
        Buffer.from('{"p":"2026-05-01\\"} OR 1"}').toString('base64url'),
      ]) {
        expect(() => decodeCursor(cursor)).toThrow(Invalid);
        try {
          decodeCursor(cursor);
        } catch (error) {
          expect((error as Invalid).errors.map((e) => e.field)).toEqual(['cursor']);
        }
      }
    });
  });

  describe('pageStart', () => {
    const now = new Date('2026-12-05T15:00:00.000Z');

    it('starts below the cursor, else after the Beijing day `to`, else a day after now', () => {
      expect(pageStart({ cursor: encodeCursor('2026-05-20T02:00:00.000Z#C1'), to: '2026-01-01' }, now)).toBe(
        '2026-05-20T02:00:00.000Z#C1',
      );
      // 31 May in Beijing ends at 16:00 UTC that day.
      expect(pageStart({ to: '2026-05-31' }, now)).toBe('2026-05-31T16:00:00.000Z');
      expect(pageStart({}, now)).toBe('2026-12-06T15:00:00.000Z');
    });
  });

  describe('listFloor', () => {
    it('is January five years before today, whatever page a cursor points at', () => {
      expect(listFloor(new Date('2026-12-05T16:00:00.000Z'))).toBe('2021-01');
      expect(listFloor(new Date('2027-01-01T00:00:00.000Z'))).toBe('2022-01');
    });
  });
});
