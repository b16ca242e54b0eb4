import { describe, expect, it } from 'vitest';
import { bundleParts, packageOf } from '../../../../bench/lib/bundle-parts.ts';
import { costPer1000Claims, type Footprint, smsParts } from '../../../../bench/lib/cost.ts';
import { itemSize, transactWriteUnits } from '../../../../bench/lib/item-size.ts';
import { PRICES } from '../../../../bench/lib/prices.ts';
import { median, percentile, round, summarize } from '../../../../bench/lib/stats.ts';
import { formatCell, formatTable } from '../../../../bench/lib/table.ts';
import { parseLastLine } from '../../../../bench/scaling.ts';

describe('bench', () => {
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

  describe('cost per 1,000 claims', () => {
    const footprint: Footprint = {
      claims: 500,
      stateTransitions: 7000,
      lambda: [
        { functionId: 'submitClaim', invocations: 500, billedMs: 100_000, memoryMb: 512 },
        { functionId: 'importMembers', invocations: 500, billedMs: 50_000, memoryMb: 1024 },
      ],
      readUnits: 20_000,
      writeUnits: 30_000,
      httpRequests: 2000,
      emails: 1000,
      smsParts: 3000,
    };

    it('scales the counts to 1,000 claims and prices each line', () => {
      const { lines } = costPer1000Claims(footprint);
      const byItem = Object.fromEntries(lines.map((l) => [l.item, l]));
      expect(byItem['Step Functions state transitions']?.quantity).toBe(14_000);
      expect(byItem['Step Functions state transitions']?.usd).toBeCloseTo(14_000 * (0.025 / 1000), 10);
      expect(byItem['Lambda requests']?.quantity).toBe(2000);
      // 100 s at 0.5 GB + 50 s at 1 GB = 100 GB-s for 500 claims: 200 GB-s per 1,000.
      expect(byItem['Lambda duration (arm64)']?.quantity).toBeCloseTo(200, 10);
      expect(byItem['Lambda duration (arm64)']?.usd).toBeCloseTo(200 * 0.0000133334, 12);
      expect(byItem['DynamoDB write request units']?.usd).toBeCloseTo(60_000 * (0.625 / 1e6), 12);
      expect(byItem['DynamoDB read request units']?.usd).toBeCloseTo(40_000 * (0.125 / 1e6), 12);
      expect(byItem['HTTP API requests']?.usd).toBeCloseTo(4000 / 1e6, 12);
      expect(byItem['SES e-mails']?.usd).toBeCloseTo(2000 * (0.1 / 1000), 12);
      expect(byItem['SNS SMS to China (message parts)']?.usd).toBeCloseTo(6000 * 0.02, 10);
    });

    it('orders the lines by cost, their shares add up to one, the total is their sum', () => {
      const { lines, totalUsd } = costPer1000Claims(footprint);
      expect(lines[0]?.item).toBe('SNS SMS to China (message parts)');
      expect(lines.map((l) => l.usd)).toEqual([...lines.map((l) => l.usd)].sort((a, b) => b - a));
      expect(lines.reduce((s, l) => s + l.share, 0)).toBeCloseTo(1, 12);
      expect(totalUsd).toBeCloseTo(
        lines.reduce((s, l) => s + l.usd, 0),
        12,
      );
    });

    it('takes other prices when given, and refuses a footprint of no claims', () => {
      const free = Object.fromEntries(
        Object.entries(PRICES).map(([id, p]) => [id, { ...p, usd: 0 }]),
      ) as unknown as typeof PRICES;
      expect(costPer1000Claims(footprint, free).totalUsd).toBe(0);
      expect(() => costPer1000Claims({ ...footprint, claims: 0 })).toThrow(RangeError);
    });

    it('keeps a source and a date with every price', () => {
      for (const price of Object.values(PRICES)) {
        expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
        expect(price.asPublished).toMatch(/\d{4}/);
        expect(price.usd).toBeGreaterThan(0);
      }
    });
  });

  describe('SMS parts', () => {
    it('GSM text: 160 characters in one part, 153 a part beyond', () => {
      expect(smsParts('a'.repeat(160))).toBe(1);
      expect(smsParts('a'.repeat(161))).toBe(2);
      expect(smsParts('a'.repeat(306))).toBe(2);
      expect(smsParts('a'.repeat(307))).toBe(3);
    });

    it('Chinese text (UCS-2): 70 characters in one part, 67 a part beyond', () => {
      expect(smsParts('工'.repeat(70))).toBe(1);
      expect(smsParts('工'.repeat(71))).toBe(2);
      expect(smsParts(`【工会】待审批${'a'.repeat(60)}`)).toBe(1);
      expect(smsParts(`【工会】待审批${'a'.repeat(70)}`)).toBe(2);
    });
  });

  describe('item size and transaction units', () => {
    it('counts names and values by the published rules', () => {
      expect(itemSize({ pk: 'abc' })).toBe(5);
      expect(itemSize({ n: 12345 })).toBe(1 + 4); // five digits: three bytes, plus one
      expect(itemSize({ ok: true, none: null })).toBe(2 + 1 + 4 + 1);
      expect(itemSize({ name: '王芳' })).toBe(4 + 6);
      expect(itemSize({ m: { a: 'x' }, l: ['y', 'z'] })).toBe(1 + 3 + 1 + 1 + 1 + (1 + 3 + 2 + 2));
      expect(itemSize({ gone: undefined })).toBe(0);
    });

    it('two write units per 1 KB of each item of a transaction, per table; updates and checks as 1 KB', () => {
      expect(
        transactWriteUnits([
          { Put: { TableName: 'claims', Item: { pk: 'a', body: 'x'.repeat(1500) } } },
          { Update: { TableName: 'claims', Key: { pk: 'b' } } },
          { ConditionCheck: { TableName: 'registry', Key: { pk: 'c' } } },
          { Delete: { TableName: 'registry', Key: { pk: 'd' } } },
        ]),
      ).toEqual({ claims: 4 + 2, registry: 2 + 2 });
    });
  });

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

  describe('bundle parts', () => {
    it('names the innermost npm package of an input file, scoped or not, else the project', () => {
      expect(packageOf('node_modules/zod/v4/core/schemas.js')).toBe('zod');
      expect(packageOf('node_modules/@aws-sdk/client-sns/dist-es/index.js')).toBe('@aws-sdk/client-sns');
      expect(packageOf('node_modules/@aws-sdk/core/node_modules/@smithy/core/dist/a.js')).toBe(
        '@smithy/core',
      );
      expect(packageOf('functions/handlers/get-claim.ts')).toBe('(project code)');
    });

    it('sums the bytes in the output by package, the largest first', () => {
      expect(
        bundleParts({
          'functions/a.ts': { bytesInOutput: 10 },
          'node_modules/zod/a.js': { bytesInOutput: 300 },
          'node_modules/zod/b.js': { bytesInOutput: 200 },
          'functions/b.ts': { bytesInOutput: 5 },
        }),
      ).toEqual([
        { part: 'zod', bytes: 500 },
        { part: '(project code)', bytes: 15 },
      ]);
    });
  });

  describe('scaling output', () => {
    it('reads the figures from the last line of a script', () => {
      const out = 'scanning…\n{"section":"fraud-scan","claims":10000,"seconds":1.5,"peakRssMiB":80.2}\n';
      expect(parseLastLine(out, 'fraud-scan')).toEqual({ claims: 10000, seconds: 1.5, peakRssMiB: 80.2 });
    });

    it('refuses another section, missing figures, or a last line that is not JSON', () => {
      expect(parseLastLine('{"section":"export","seconds":1,"peakRssMiB":2}', 'fraud-scan')).toBeNull();
      expect(parseLastLine('{"section":"export","seconds":1}', 'export')).toBeNull();
      expect(parseLastLine('{"section":"export","seconds":1,"peakRssMiB":2}\ndone', 'export')).toBeNull();
      expect(parseLastLine('', 'export')).toBeNull();
    });
  });
});
