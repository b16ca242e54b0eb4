import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { beijingYear } from '../../functions/domain/calendar.ts';
import { handler } from '../../functions/handlers/operations-gauge.ts';
import { GAUGE_METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../functions/metrics/names.ts';
import type { ApprovalRequest, LinkedWrite } from '../../functions/ports/claims-store.ts';
import { SCHEDULES } from '../../infra/schedules.ts';
import { storeApprovedClaim } from '../fixtures/claims.ts';
import { invoke } from '../support/lambda.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const DAY_MS = 86_400_000;
const UNIT = { code: 'BJ-HD-001', path: 'BJ/BJ-HD/BJ-HD-001' };

interface EmfRecord {
  readonly _aws: {
    readonly CloudWatchMetrics: {
      readonly Namespace: string;
      readonly Dimensions: string[][];
      readonly Metrics: { Name: string; Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

/** The EMF records among the lines a run wrote to stdout. */
function emfRecords(chunks: readonly string[]): EmfRecord[] {
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfRecord);
}

const openLevel = (claimId: string, createdAt: string): ApprovalRequest => ({
  claimId,
  level: 1,
  unitCode: UNIT.code,
  approverIds: ['A-TEST'],
  linkSeeds: [],
  taskToken: `token-${claimId}`,
  createdAt,
  expiresAt: new Date(Date.parse(createdAt) + 3 * DAY_MS).toISOString(),
  decision: null,
  closed: false,
  notified: true,
});

describe('the operations-gauge job (DynamoDB Local)', () => {
  let stack: TestStack;
  let claims: DynamoClaimsStore;

  beforeAll(async () => {
    stack = await startTestStack({ demoData: false });
    const { tables } = stack.runtime;
    claims = new DynamoClaimsStore(documentClient(stack.ddb), tables.claims, tables.registry);
  });
  afterAll(async () => {
    await stack?.close();
    vi.restoreAllMocks();
  });

  it('emits one EMF record of the stale approval levels and the budgets under 10%, read from the open-levels index and the registry', async () => {
    // Prepare: levels open four days and one hour, three opened five days ago and closed since; budgets of the
    // running Beijing year at 9.99% and 10% available, and one of last year at 1%.
    const now = Date.now();
    const year = beijingYear(new Date(now));
    await claims.createApprovalRequest(
      openLevel('C01GAUGE0000000000000STALE', new Date(now - 4 * DAY_MS).toISOString()),
      [],
    );
    await claims.createApprovalRequest(
      openLevel('C01GAUGE0000000000000FRESH', new Date(now - 3_600_000).toISOString()),
      [],
    );
    // Levels opened five days ago and since closed each way a level closes: decided, closed, escalated.
    const at = new Date(now).toISOString();
    for (const [suffix, linked] of [
      [
        'DECIDED',
        {
          kind: 'decideApproval',
          level: 1,
          decision: { level: 1, decision: 'approve', approverId: 'A-TEST', reason: 'ok', decidedAt: at },
        },
      ],
      ['CLOSED', { kind: 'closeApproval', level: 1 }],
      [
        'ESCALATED',
        {
          kind: 'escalateApproval',
          level: 1,
          escalation: { at, reason: 'no decision in time', toLevel: 2 },
          unitCode: UNIT.code,
        },
      ],
    ] as const satisfies readonly (readonly [string, LinkedWrite])[]) {
      const claimId = await storeApprovedClaim(claims, {
        claimId: `C01GAUGE0000000000${suffix.padStart(8, '0')}`,
        member: { memberId: 'M000001' },
        unit: UNIT,
        at: new Date(now - 5 * DAY_MS).toISOString(),
        amountFen: 100_000,
        payee: {
          name: '黄晓彤',
          bankName: '工行',
          accountNumber: '6222020200112233445',
          accountMasked: '6222****3445',
        },
      });
      await claims.createApprovalRequest(openLevel(claimId, new Date(now - 5 * DAY_MS).toISOString()), []);
      const stored = await claims.get(claimId);
      if (stored === null) throw new Error(`claim ${claimId} was not stored`);
      await claims.change(
        stored,
        { to: 'APPROVED', actor: { kind: 'system', id: 'test' }, action: 'noted', reason: 'test', at },
        [linked],
      );
    }
    await stack.registry.putAll({
      budgets: [
        { unitCode: UNIT.code, programId: 'skill-boost', year, allocatedFen: 10_000_000, paidFen: 9_001_000 },
        {
          unitCode: UNIT.code,
          programId: 'hardship-relief',
          year,
          allocatedFen: 10_000_000,
          paidFen: 9_000_000,
        },
        {
          unitCode: UNIT.code,
          programId: 'skill-boost',
          year: year - 1,
          allocatedFen: 10_000_000,
          paidFen: 9_900_000,
        },
      ],
    });
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });

    // Act: the function as the local scheduler runs it, with its schedule's input.
    const input = SCHEDULES.find((s) => s.id === 'operations-gauge')?.input;
    const result = await invoke<Record<string, unknown>>(handler as never, input);
    stdout.mockRestore();

    // Assess
    expect(result).toMatchObject({
      year,
      approvalsOlderThanThreeDays: 1,
      budgetsUnderTenPercent: 1,
      lowestBudgetAvailablePercent: 9.99,
    });
    // A level leaves the index of open levels when it closes.
    expect((await claims.listOpenApprovals()).map((level) => level.claimId)).toEqual([
      'C01GAUGE0000000000000STALE',
      'C01GAUGE0000000000000FRESH',
    ]);
    const records = emfRecords(written);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['service']],
        Metrics: expect.arrayContaining([
          { Name: GAUGE_METRICS.oldestOpenApprovalAge, Unit: 'Seconds' },
          { Name: GAUGE_METRICS.approvalsOlderThanThreeDays, Unit: 'Count' },
          { Name: GAUGE_METRICS.budgetsUnderTenPercent, Unit: 'Count' },
          { Name: GAUGE_METRICS.lowestBudgetAvailable, Unit: 'Percent' },
        ]),
      },
    ]);
    expect(record).toMatchObject({
      service: METRICS_SERVICE,
      [GAUGE_METRICS.approvalsOlderThanThreeDays]: 1,
      [GAUGE_METRICS.budgetsUnderTenPercent]: 1,
      [GAUGE_METRICS.lowestBudgetAvailable]: 9.99,
    });
    // The oldest open level is the four-day one (the five-day ones closed and left the index).
    const oldest = Number(record?.[GAUGE_METRICS.oldestOpenApprovalAge]);
    expect(oldest).toBeGreaterThanOrEqual(4 * 86_400);
    expect(oldest).toBeLessThan(5 * 86_400);
    expect(JSON.parse(String(record?.staleApprovals))).toEqual([
      { claimId: 'C01GAUGE0000000000000STALE', level: 1, unitCode: UNIT.code },
    ]);
    expect(JSON.parse(String(record?.lowBudgets))).toEqual([
      { unitCode: UNIT.code, programId: 'skill-boost', availablePercent: 9.99 },
    ]);
  });
});
