import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditDigestStore } from '../../functions/adapters/dynamodb/audit-digest-store.ts';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import {
  beijingDayBounds,
  computeDailyDigest,
  recordDailyDigest,
} from '../../functions/usecases/audit-digest.ts';
import { DynamoAuditArchive } from '../../infra/local/verify-audit-cli.ts';
import { aClaim, storeClaim } from '../fixtures/claims.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const DAY = '2026-11-20';

describe('the scheduled audit digest (DynamoDB Local)', () => {
  let stack: TestStack;
  let claims: DynamoClaimsStore;

  beforeAll(async () => {
    stack = await startTestStack({ demoData: false });
    const { tables } = stack.runtime;
    claims = new DynamoClaimsStore(documentClient(stack.ddb), tables.claims, tables.registry);
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** A claim created at `at` and changed at each of `changes`. */
  async function claimWithChanges(claimId: string, at: string, changes: readonly string[]): Promise<void> {
    const claim = aClaim({
      claimId,
      at,
      incidentDate: '2026-11-01',
      payee: { name: '黄晓彤', bankName: '工行', accountMasked: '6222********3445' },
    });
    await storeClaim(claims, claim, {
      accountNumber: '6222020200112233445',
      action: 'submitted',
      reason: 'test',
    });
    let current = claim;
    for (const when of changes) {
      current = await claims.change(current, {
        to: 'SUBMITTED',
        actor: { kind: 'system', id: 'test' },
        action: 'noted',
        reason: 'test',
        at: when,
      });
    }
  }

  it("records a Beijing day's digest from the index of changes, equal to the one a full table scan computes", async () => {
    // Prepare: claims changed just inside and just outside the Beijing day (UTC+8)
    const { from, to } = beijingDayBounds(DAY);
    await claimWithChanges('C01DIGESTJOB00000000000001', '2026-11-19T15:59:59.000Z', [
      '2026-11-19T16:00:00.000Z',
    ]);
    await claimWithChanges('C01DIGESTJOB00000000000002', '2026-11-20T10:00:00.000Z', [
      '2026-11-20T15:59:59.999Z',
    ]);
    await claimWithChanges('C01DIGESTJOB00000000000003', '2026-11-20T16:00:00.000Z', []);
    const store = new DynamoAuditDigestStore(documentClient(stack.ddb), stack.runtime.tables.claims);
    const archive = new DynamoAuditArchive(documentClient(stack.ddb), stack.runtime.tables.claims);
    const now = new Date('2026-11-21T00:30:00.000Z');

    // Act
    const events = await store.eventsBetween(from, to);
    const outcome = await recordDailyDigest(store, DAY, now);

    // Assess
    expect(events.map((e) => `${e.claimId} ${e.seq}`).sort()).toEqual([
      'C01DIGESTJOB00000000000001 2',
      'C01DIGESTJOB00000000000002 1',
      'C01DIGESTJOB00000000000002 2',
    ]);
    expect(outcome.outcome).toBe('written');
    expect(outcome.digest.claims).toBe(2);
    expect(outcome.digest.digest).toBe((await computeDailyDigest(archive, DAY, now)).digest);
    expect((await recordDailyDigest(store, DAY, now)).outcome).toBe('matches');
  });
});
