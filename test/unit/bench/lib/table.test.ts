import { describe, expect, it } from 'vitest';
import { formatCell, formatTable } from '../../../../bench/lib/table.ts';

describe('tables', () => {
  it('formats numbers with separators, small ones with three significant digits, null as a dash', () => {
    expect(formatCell(1234567.891)).toBe('1,234,567.89');
    expect(formatCell(0.004567)).toBe('0.00457');
    expect(formatCell(0)).toBe('0');
    expect(formatCell(null)).toBe('—');
    expect(formatCell('text')).toBe('text');
  });

  it('aligns text left and numbers right under a title and a rule, wide characters counting two', () => {
    const table = formatTable(
      'Title',
      ['name', 'n'],
      [
        ['工会', 5],
        ['abcdef', 1234],
        ['x', null],
      ],
    );
    expect(table.split('\n')).toEqual([
      'Title',
      'name        n',
      '------  -----',
      '工会        5',
      'abcdef  1,234',
      'x           —',
    ]);
  });
});
