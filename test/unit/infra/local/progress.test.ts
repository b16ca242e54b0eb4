import { describe, expect, it } from 'vitest';
import { Progress } from '../../../../infra/local/progress.ts';

/** A stream that keeps what is written, as a terminal or as a pipe. */
function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } };
}

describe('Progress', () => {
  describe('on a terminal', () => {
    it('redraws one line in place with a bar, at most every 200 ms, and ends it at 100%', () => {
      // Prepare
      let now = 1_000;
      const { written, stream } = sink(true);
      const progress = new Progress({ stream, now: () => now });
      // Act
      now += 1_000;
      progress.update({ label: 'scanning claims', fraction: 0.5, count: 500, unit: 'items' });
      now += 100;
      progress.update({ label: 'scanning claims', fraction: 0.6, count: 600, unit: 'items' });
      now += 100;
      progress.end();
      // Assess
      expect(written).toEqual([
        '\rscanning claims [############............]  50%  500 items  500 items/s\u001b[K',
        '\rscanning claims [########################] 100%  600 items  500 items/s\u001b[K\n',
      ]);
    });

    it('shows the count and rate without a bar when the total is unknown', () => {
      let now = 0;
      const { written, stream } = sink(true);
      const progress = new Progress({ stream, now: () => now });
      now = 2_000;
      progress.update({ label: 'judging claims', fraction: null, count: 1_234, unit: 'claims' });
      expect(written).toEqual(['\rjudging claims  1,234 claims  617 claims/s\u001b[K']);
    });
  });

  describe('in a log (not a terminal)', () => {
    it('writes a plain line every 5 s, rates counted per stage, and a last line per stage', () => {
      // Prepare
      let now = 0;
      const { written, stream } = sink(false);
      const progress = new Progress({ stream, now: () => now });
      // Act
      for (let second = 1; second <= 12; second++) {
        now = second * 1_000;
        progress.update({
          label: 'pass 1/2 checking',
          fraction: second / 12,
          count: second * 100,
          unit: 'rows',
        });
      }
      progress.nextStage();
      now += 2_000;
      progress.update({ label: 'pass 2/2 writing ', fraction: 0.1, count: 50, unit: 'rows' });
      progress.end();
      // Assess
      expect(written).toEqual([
        'pass 1/2 checking  41%  500 rows  100 rows/s\n',
        'pass 1/2 checking  83%  1,000 rows  100 rows/s\n',
        'pass 1/2 checking 100%  1,200 rows  100 rows/s\n',
        'pass 2/2 writing  100%  50 rows  25 rows/s\n',
      ]);
    });
  });
});
