import { describe, expect, it } from 'vitest';
import { median, percentile, round, summarize } from '../../../../bench/lib/stats.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose

  it.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [0, 1],
  ])('p%i of 1..100 is %i', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('takes the next rank up between ranks, and the only value of one', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN for no values and refuses a percentile outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarize gives count, p50, p95, p99 and max without changing its input', () => {
    const values = [5, 1, 4, 2, 3];
    expect(summarize(values)).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });
});

describe('median and round', () => {
  it('the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('rounds to significant digits', () => {
    expect(round(123.456, 3)).toBe(123);
    expect(round(0.0012345, 2)).toBe(0.0012);
    expect(round(0)).toBe(0);
  });
});
