import { describe, expect, it } from 'vitest';
import { previousMonth } from '../../../../functions/adapters/dynamodb/scoped-list.ts';

describe('scoped-list', () => {
  describe('previousMonth', () => {
    it('steps back a month, across the year', () => {
      expect(previousMonth('2026-05')).toBe('2026-04');
      expect(previousMonth('2026-10')).toBe('2026-09');
      expect(previousMonth('2026-01')).toBe('2025-12');
    });
  });
});
