import { describe, expect, it } from 'vitest';
import { compareRows, figures } from '../../../bench/compare.ts';

/** A results JSON as bench/run.ts writes it (the parts the comparison reads). */
function results(scale: number) {
  return {
    e2e: {
      claims: 10,
      concurrency: 4,
      seconds: 5 * scale,
      claimsPerSecond: 2 / scale,
      submitMs: { p50: 100 * scale, p95: 200 * scale, p99: 300 * scale },
      submitToPaidMs: { p50: 1000 * scale, p95: 2000 * scale, p99: 3000 * scale },
      floor: {
        singleWriteMs: 2,
        writeRequestsPerClaim: 3,
        floorMsPerClaim: 6,
        throughputRatio: 83.3 * scale,
        latencyRatio: 166.7 * scale,
      },
      cpuMsPerClaim: { node: 40 * scale, dynamoLocal: 30 * scale },
    },
    footprint: {
      counted: {
        claims: 10,
        stateTransitions: 150,
        lambda: [
          { functionId: 'a', invocations: 20 },
          { functionId: 'b', invocations: 30 },
        ],
        readUnits: 40,
        writeUnits: 60,
        httpRequests: 46,
        emails: 26,
        smsParts: 12,
      },
      dynamo: { requests: { GetItem: 70, Query: 10, PutItem: 15, TransactWriteItems: 5 } },
      smsMessages: 10,
      costPer1000Claims: {
        totalUsd: 30,
        lines: [
          { item: 'SNS SMS, parts', usd: 29.5 },
          { item: 'Lambda', usd: 0.5 },
        ],
      },
    },
  };
}

const value = (rows: { figure: string; value: number | null }[], figure: string) =>
  rows.find((r) => r.figure === figure)?.value;

describe('bench compare', () => {
  describe('figures', () => {
    it('reads every figure of the e2e and footprint tables from a results JSON, per claim where counted', () => {
      // Act
      const rows = figures(results(1));

      // Assess
      expect(value(rows, 'claims per second')).toBe(2);
      expect(value(rows, 'submit → PAID p95, ms')).toBe(2000);
      expect(value(rows, 'wall per claim ÷ (writes per claim × one write)')).toBe(83.3);
      expect(value(rows, 'CPU per claim, Node process, ms')).toBe(40);
      expect(value(rows, 'CPU per claim, DynamoDB Local, ms')).toBe(30);
      expect(value(rows, 'state transitions per claim')).toBe(15);
      expect(value(rows, 'Lambda invocations per claim')).toBe(5);
      expect(value(rows, 'DynamoDB requests per claim')).toBe(10);
      expect(value(rows, 'DynamoDB writes per claim')).toBe(2);
      expect(value(rows, 'DynamoDB reads per claim')).toBe(8);
      expect(value(rows, 'SMS billed parts per claim')).toBe(1.2);
      expect(value(rows, 'USD per 1,000 claims without SMS')).toBe(0.5);
    });

    it('gives null ("—" in the table) for a figure an older bench does not write', () => {
      // Prepare: a results JSON without the floor figures and without a footprint
      const old = { e2e: { claims: 10, concurrency: 4, seconds: 5, claimsPerSecond: 2 } };

      // Act
      const rows = figures(old);

      // Assess
      expect(value(rows, 'claims per second')).toBe(2);
      expect(value(rows, 'wall per claim ÷ (writes per claim × one write)')).toBeNull();
      expect(value(rows, 'CPU per claim, DynamoDB Local, ms')).toBeNull();
      expect(value(rows, 'SMS billed parts per claim')).toBeNull();
      expect(value(rows, 'USD per 1,000 claims')).toBeNull();
    });
  });

  describe('compareRows', () => {
    it('puts both sides beside each other with the working tree ÷ the ref, null where a side has none', () => {
      // Act
      const rows = compareRows({ e2e: { seconds: 10, claimsPerSecond: 1 } }, results(0.5));

      // Assess
      expect(rows.find((r) => r.figure === 'wall time, s')).toEqual({
        figure: 'wall time, s',
        ref: 10,
        head: 2.5,
        ratio: 0.25,
      });
      expect(rows.find((r) => r.figure === 'claims per second')?.ratio).toBe(4);
      expect(rows.find((r) => r.figure === 'e-mails per claim')).toEqual({
        figure: 'e-mails per claim',
        ref: null,
        head: 2.6,
        ratio: null,
      });
    });
  });
});
