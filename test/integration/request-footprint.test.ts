import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCall } from '../../infra/local/faults.ts';
import { parseFaults } from '../../infra/local/faults.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack, until } from '../support/local-stack.ts';

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)Item/;

/**
 * The most DynamoDB requests (reads and writes) each function may make for one one-level claim that is
 * paid, on a warm container (units, approvers and programs cached), and the most writes in all. The
 * approval link counts its page (GET) and the decision (POST). A change that adds requests to a step
 * fails here with the step's list of requests.
 */
const MOST_REQUESTS: Record<string, number> = {
  // The member, then the claim with its idempotency key, payee, first event and unit-week counter.
  submitClaim: 2,
  // The claim, the member, the usage and evidence (one BatchGetItem), then one transaction.
  assessClaim: 4,
  // The claim's partition, the approvers' delegations, the level's transaction, then `notified`.
  requestApproval: 4,
  // Page: the link and the claim's partition; decision: both again, then one transaction.
  approvalLink: 5,
  // The claim with its payee (one BatchGetItem), the budget's queue, the payment (with the satisfaction
  // link), the member's mobile, then the notice's timeline event.
  payout: 5,
};
const MOST_REQUESTS_IN_ALL = 20;
const MOST_WRITES = 7;

describe('DynamoDB requests of one claim (the local runtime, units, approvers and programs cached)', () => {
  let stack: TestStack;
  let calls: DynamoCall[] = [];
  const [warmUp, counted] = claimants((m) => m.unitCode === 'BJ-HD-001');

  beforeAll(async () => {
    // All fault shares zero: the injector only reports each handler's DynamoDB calls.
    stack = await startTestStack({ faults: parseFaults('seed=1'), registryCacheSeconds: 60 });
    stack.runtime.faults?.onDynamoCall((call) => calls.push(call));
  });
  afterAll(async () => {
    await stack.close();
  });

  async function paidClaim(memberId: string, certificate: string): Promise<void> {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId }));
    const res = await api.submit(
      validSubmission({ memberId, evidence: [{ kind: 'certificate', number: certificate }] }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
    // The member's notice of payment follows PAID: the claim's work ends with its execution.
    const executionArn = `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
    await until('the execution to end', async () =>
      (await stack.runtime.engine.describeExecution({ executionArn })).status === 'RUNNING'
        ? undefined
        : true,
    );
  }

  it('a one-level claim paid makes at most the requests each step is allowed', async () => {
    // Prepare: a first claim of the same unit warms the containers, as the claims before it would.
    if (warmUp === undefined || counted === undefined) throw new Error('demo data: two members of BJ-HD-001');
    await paidClaim(warmUp.memberId, 'JS-2026-110108-7001');
    calls = [];
    // Act
    await paidClaim(counted.memberId, 'JS-2026-110108-7002');
    // Assess (the test's own polling of GET /claims is not the claim's work)
    const claimCalls = calls.filter((c) => c.fn !== 'getClaim');
    const list = (fn: string) =>
      claimCalls
        .filter((c) => c.fn === fn)
        .map((c) => `${c.command} ${c.target}`)
        .join('\n');
    for (const fn of new Set(claimCalls.map((c) => c.fn))) {
      const made = claimCalls.filter((c) => c.fn === fn).length;
      expect(made, `${fn} made ${made} requests:\n${list(fn)}`).toBeLessThanOrEqual(MOST_REQUESTS[fn] ?? 0);
    }
    expect(claimCalls.length).toBeLessThanOrEqual(MOST_REQUESTS_IN_ALL);
    expect(claimCalls.filter((c) => WRITES.test(c.command)).length).toBeLessThanOrEqual(MOST_WRITES);
  });
});
