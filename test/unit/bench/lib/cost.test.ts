import { describe, expect, it } from 'vitest';
import { costPer1000Claims, type Footprint, smsParts } from '../../../../bench/lib/cost.ts';
import { PRICES } from '../../../../bench/lib/prices.ts';

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
