import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCall } from '../../infra/local/faults.ts';
import { parseFaults } from '../../infra/local/faults.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack, until } from '../support/local-stack.ts';

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)Item/;

/**
 * The most DynamoDB requests (reads and writes) each function may make for one one-level claim that is
 * paid, on a warm container (units, approvers, their delegations and programs cached), and the most writes in all. The
 * approval link counts its page (GET) and the decision (POST). A change that adds requests to a step
 * fails here with the step's list of requests.
 */
const MOST_REQUESTS: Record<string, number> = {
  // The member, then the claim with its idempotency key, payee, first event and unit-week counter.
  submitClaim: 2,
  // The claim with its documents (one Query of its partition), the member, the usage and evidence (one
  // BatchGetItem), then one transaction.
  assessClaim: 4,
  // The claim's partition, then the level's transaction with its links, event and `notified`, written
  // after the approvers' e-mails (their delegations are cached per container with the unit's approvers).
  requestApproval: 2,
  // Page: the link and the claim's partition; decision: one transaction, from what the page sealed in
  // its form (the claim's version and the level's task token condition it).
  approvalLink: 3,
  // The claim with its payee (one BatchGetItem), the budget's queue, the payment (with the satisfaction
  // link), the member's mobile, then the notice's timeline event.
  payout: 5,
};
const MOST_REQUESTS_IN_ALL = 16;
const MOST_WRITES = 6;

/**
 * The same for a death benefit's claim (three approval levels) that waits in AWAITING_DOCUMENTS for its
 * two required documents, which the member then uploads (each declared, then sent by its upload form),
 * and that is paid: the bench mix's one claim in ten.
 */
const MOST_REQUESTS_WITH_DOCUMENTS: Record<string, number> = {
  submitClaim: 2,
  // First: the claim with its documents (one Query), the member, usage and evidence, then one transaction
  // (membership, rules, AWAITING_DOCUMENTS). After the wait: the claim with its documents (one Query; its
  // stored outcomes serve the rules, and the last document already took it back to RULES_PASSED).
  assessClaim: 5,
  // The claim with its documents and wait (one Query), the member's mobile, then the wait with its upload
  // link and `notified` (one transaction, after the SMS).
  requestDocuments: 3,
  // The token kept on the wait, then the claim with its documents looked at again (one Query).
  awaitDocuments: 2,
  // Each document declared: the claim, then the pending document.
  documents: 4,
  // Each document received: the document with its claim, the claim's other documents and its wait (one
  // Query), store + event + hash index (the last one also `documents-received`), the same hash elsewhere;
  // the first one looks at the documents and the wait again (another upload may have come at once), the
  // last one resumes the wait with the token it read.
  documentUploaded: 7,
  // Each of three levels: the claim's partition, the transaction (with `notified`, after the e-mails).
  requestApproval: 6,
  // Each of three levels: page (link, partition), decision (one transaction, from the sealed form).
  approvalLink: 9,
  payout: 5,
};
const MOST_REQUESTS_IN_ALL_WITH_DOCUMENTS = 43;
const MOST_WRITES_WITH_DOCUMENTS = 16;

describe('DynamoDB requests of one claim (the local runtime, units, approvers and programs cached)', () => {
  let stack: TestStack;
  let calls: DynamoCall[] = [];
  const [warmUp, counted] = claimants((m) => m.unitCode === 'BJ-HD-001');
  const [deathWarmUp, deathCounted] = claimants((m) => m.unitCode === 'BJ-HD-001').slice(2);

  beforeAll(async () => {
    // All fault shares zero: the injector only reports each handler's DynamoDB calls.
    stack = await startTestStack({ faults: parseFaults('seed=1'), registryCacheSeconds: 60 });
    stack.runtime.faults?.onDynamoCall((call) => calls.push(call));
  });
  afterAll(async () => {
    await stack.close();
  });

  /** The member declares a document of the claim, then sends it by its upload form (as the app does). */
  async function upload(token: string, claimId: string, kind: string): Promise<void> {
    const bytes = Buffer.from(`%PDF-1.4\n% ${kind} of ${claimId}\n%%EOF\n`, 'latin1');
    const asked = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind,
        contentType: 'application/pdf',
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      }),
    });
    expect(asked.status).toBe(201);
    const target = (await asked.json()) as { url: string; fields: Record<string, string> };
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append('file', new Blob([bytes]), `${kind}.pdf`);
    expect((await fetch(target.url, { method: 'POST', body: form })).status).toBeLessThan(300);
  }

  async function paidClaim(memberId: string, certificate: string, death = false): Promise<string> {
    const token = await stack.token(['member'], { memberId });
    const api = apiClient(stack.runtime.apiUrl, token);
    const res = await api.submit(
      validSubmission(
        death
          ? {
              memberId,
              program: 'accident-protection',
              benefit: 'death',
              evidence: [{ kind: 'death-certificate', number: certificate }],
            }
          : { memberId, evidence: [{ kind: 'certificate', number: certificate }] },
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const claimId = String(res.body.claimId);
    if (death) {
      // It waits for both documents (its wait keeps the task token), then the member uploads them.
      await api.waitFor(claimId, ['AWAITING_DOCUMENTS']);
      await until(`${claimId} to wait for its documents`, async () => {
        const wait = await stack.runtime.engine.getExecutionHistory({
          executionArn: `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`,
          maxResults: 1000,
        });
        return wait.events?.some((e) => e.stateEnteredEventDetails?.name === 'AwaitDocuments') || undefined;
      });
      await upload(token, claimId, 'death-certificate');
      await upload(token, claimId, 'proof-of-relation');
    }
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
    return claimId;
  }

  /** The member's look at the claim (GET /claims/{claimId}, with its timeline and documents): one Query. */
  async function expectOneReadToView(memberId: string, claimId: string): Promise<void> {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId }));
    calls = [];
    const view = await api.claim(claimId);
    expect(view.status).toBe(200);
    const made = calls.filter((c) => c.fn === 'getClaim').map((c) => `${c.command} ${c.target}`);
    expect(made, made.join('\n')).toHaveLength(1);
  }

  it('a one-level claim paid makes at most the requests each step is allowed', async () => {
    // Prepare: a first claim of the same unit warms the containers, as the claims before it would.
    if (warmUp === undefined || counted === undefined) throw new Error('demo data: two members of BJ-HD-001');
    await paidClaim(warmUp.memberId, 'JS-2026-110108-7001');
    calls = [];
    // Act
    const claimId = await paidClaim(counted.memberId, 'JS-2026-110108-7002');
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
    await expectOneReadToView(counted.memberId, claimId);
  });

  it('a death claim that waits for its two documents, then is paid, makes at most its own bounds', async () => {
    // Prepare: a first such claim warms the documents' functions.
    if (deathWarmUp === undefined || deathCounted === undefined) throw new Error('demo data: two claimants');
    await paidClaim(deathWarmUp.memberId, 'SW-2026-110108-7001', true);
    calls = [];
    // Act
    const claimId = await paidClaim(deathCounted.memberId, 'SW-2026-110108-7002', true);
    // Assess
    const claimCalls = calls.filter((c) => c.fn !== 'getClaim');
    const list = (fn: string) =>
      claimCalls
        .filter((c) => c.fn === fn)
        .map((c) => `${c.command} ${c.target}`)
        .join('\n');
    const all = claimCalls.map((c) => `${c.fn}: ${c.command} ${c.target}`).join('\n');
    for (const fn of new Set(claimCalls.map((c) => c.fn))) {
      const made = claimCalls.filter((c) => c.fn === fn).length;
      expect(made, `${fn} made ${made} requests:\n${list(fn)}`).toBeLessThanOrEqual(
        MOST_REQUESTS_WITH_DOCUMENTS[fn] ?? 0,
      );
    }
    expect(claimCalls.length, all).toBeLessThanOrEqual(MOST_REQUESTS_IN_ALL_WITH_DOCUMENTS);
    expect(claimCalls.filter((c) => WRITES.test(c.command)).length, all).toBeLessThanOrEqual(
      MOST_WRITES_WITH_DOCUMENTS,
    );
    await expectOneReadToView(deathCounted.memberId, claimId);
  });
});
