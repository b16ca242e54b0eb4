import { afterEach, describe, expect, it } from 'vitest';
import { parseFaults } from '../../infra/local/faults.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import {
  ApprovalDriver,
  claimStatuses,
  figuresLine,
  OutboxIndex,
  planClaims,
  pool,
  submitUntilAccepted,
  verifyRun,
  verifySettled,
  waitAllFinal,
} from './support.ts';

/** The share of faults the issue asks for; `hang` keeps a timed-out invocation's wait short. */
const FAULTS = 'dynamodb=0.05,handler=0.05,timeout=0.02,hang=100,seed=20261128';

describe('faults: DynamoDB calls and handler invocations fail or time out', () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  /** Submits the claims through the faulty API (retrying as a client would) and approves them until all are final. */
  async function runClaims(s: TestStack, run: string, counts: { paid: number; rejected?: number }) {
    const planned = planClaims(run, counts);
    const token = await s.token(['admin']);
    const base = () => s.runtime.apiUrl;
    // A safety net for a hung run (the test's own limit is 600 s), not a race: a loaded machine is slow.
    const deadline = Date.now() + 480_000;
    const expected = new Map<string, readonly string[]>();
    let attempts = 0;
    await pool(planned, 8, async (claim) => {
      const accepted = await submitUntilAccepted(base, token, claim, deadline);
      attempts += accepted.attempts;
      expected.set(accepted.claimId, claim.expected);
    });
    const driver = new ApprovalDriver(new OutboxIndex(s.runtime.outboxDir), base);
    const ids = [...expected.keys()];
    await waitAllFinal(s.ddb, s.runtime.tables.claims, ids, deadline - Date.now(), async () =>
      driver.round(await claimStatuses(s.ddb, s.runtime.tables.claims), ids),
    );
    return { planned, expected, attempts, driver };
  }

  it('every claim ends as it should (or FAILED with the fault as its reason), none lost, none paid twice', async () => {
    // Prepare
    const s = await startTestStack({ faults: parseFaults(FAULTS) });
    stack = s;
    const started = Date.now();
    // Act
    const { expected, attempts, planned, driver } = await runClaims(s, 'FLT', {
      paid: 140,
      rejected: 10,
    });
    const f = await verifySettled(() =>
      verifyRun({
        ddb: s.ddb,
        tables: s.runtime.tables,
        sfnUrl: s.runtime.sfnUrl,
        expected,
        failedReasonOk: (reason) => reason.includes('injected fault'),
      }),
    );
    const counts = stack.runtime.faults?.counts;
    console.log(
      figuresLine(
        'faults',
        f,
        `injected: ${counts?.dynamodb} of ${counts?.dynamodbCalls} DynamoDB calls, ${counts?.handler} invocation errors and ${counts?.timeout} timeouts of ${counts?.invocations} invocations (${FAULTS}); ${attempts} POST /claims for ${planned.length} claims, ${driver.posts} approval POSTs; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ),
    );
    // Assess
    expect(f.problems).toEqual([]);
    expect(f).toMatchObject({ tried: 150, held: 150, lost: 0, paidTwice: 0, extra: 0, ledgerErrors: 0 });
    expect(counts?.dynamodb).toBeGreaterThan(0);
    expect(counts?.handler).toBeGreaterThan(0);
    expect(counts?.timeout).toBeGreaterThan(0);
  });

  it('a claim that cannot be paid ends FAILED with its reason, its budget commitment given back', async () => {
    // Prepare: every payout invocation fails.
    stack = await startTestStack({ faults: parseFaults('handler=1,only=payout,seed=7') });
    // Act
    const { expected } = await runClaims(stack, 'FLT-PAYOUT', { paid: 10 });
    const f = await verifyRun({
      ddb: stack.ddb,
      tables: stack.runtime.tables,
      sfnUrl: stack.runtime.sfnUrl,
      expected: new Map([...expected.keys()].map((id) => [id, ['FAILED']])),
    });
    const reasons = await Promise.all(
      [...expected.keys()].map(async (id) => {
        const res = await fetch(`${stack?.runtime.apiUrl}/claims/${id}`, {
          headers: { authorization: `Bearer ${await stack?.token(['auditor'])}` },
        });
        return ((await res.json()) as { failure?: { reason?: string } }).failure?.reason ?? '';
      }),
    );
    console.log(figuresLine('faults (payout always fails)', f));
    // Assess
    expect(f.problems).toEqual([]);
    expect(f).toMatchObject({ tried: 10, held: 10, lost: 0, paidTwice: 0, ledgerErrors: 0 });
    expect(reasons.every((r) => r.includes('Lambda could not invoke payout'))).toBe(true);
  });
});
