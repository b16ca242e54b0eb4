import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/local/handlers.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, approvalLink, outboxFor, postDecision } from '../support/local-stack.ts';
import {
  alive,
  freePorts,
  npmStart,
  START_MS,
  type StackPorts,
  type StackProcess,
  waitGone,
} from '../support/npm-start.ts';

const run = promisify(execFile);

/** Waiting on something the running stack does soon (an e-mail, an execution's end): a safety net. */
const POLL = { timeout: 90_000, interval: 100 } as const;

describe('the local stack (npm start) over HTTP', () => {
  let dataDir: string;
  let ports: StackPorts;
  let started: StackProcess;
  let base: string;
  let sfn: SFNClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'claims-e2e-'));
    ports = await freePorts();
    started = await npmStart(dataDir, ports);
    base = `http://127.0.0.1:${ports.api}`;
    sfn = new SFNClient({
      endpoint: `http://127.0.0.1:${ports.sfn}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }, START_MS + 60_000);

  afterAll(async () => {
    sfn?.destroy();
    await started?.stop();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  async function memberToken(memberId: string): Promise<string> {
    const { stdout } = await run(
      'npm',
      ['run', '-s', 'token', '--', '--role', 'member', '--member', memberId, '--data-dir', dataDir],
      {
        cwd: PROJECT_ROOT,
      },
    );
    return stdout.trim();
  }

  /** The approval e-mails of a claim (the member's own SMS are not counted). */
  const approverEmails = async (claimId: string) =>
    (await outboxFor(join(dataDir, 'outbox'), claimId)).filter((m) => m.channel === 'email');
  const emailLink = (claimId: string) => approvalLink(join(dataDir, 'outbox'), claimId);

  const executionArn = (claimId: string) =>
    `arn:aws:states:us-east-1:000000000000:execution:ClaimWorkflow:${claimId}`;
  const historyTypes = async (claimId: string) =>
    (
      (await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(claimId) }))).events ?? []
    ).map((e) => e.type);

  it('takes a claim to PAID through the approval link from the outbox', { timeout: 120_000 }, async () => {
    // Prepare
    const api = apiClient(base, await memberToken('M000001'));
    // Act
    const submitted = await api.submit(validSubmission());
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const link = await emailLink(claimId);
    // The approval step's handler returns after its messages: wait for the engine to record that.
    await expect.poll(async () => historyTypes(claimId), POLL).toContain('TaskSubmitted');
    const page = await fetch(link);
    const stillWaiting = await api.claim(claimId);
    const posted = await postDecision(link, { decision: 'approve' });
    const paid = await api.waitFor(claimId, ['PAID']);
    const again = await postDecision(link, { decision: 'reject', reason: 'late' });
    // Assess
    expect(submitted.status).toBe(202);
    expect(link).toMatch(new RegExp(`^${base}/a/[0-9A-Za-z]{22}$`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(claimId);
    expect(stillWaiting.body.status).toBe('AWAITING_APPROVAL');
    expect(posted.status).toBe(200);
    expect(paid.amounts).toEqual({ approvedFen: 1000_00, paidFen: 1000_00 });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('此申请已审批');

    // The member's last message follows the payout: the execution ends a moment after PAID.
    await expect
      .poll(
        async () =>
          (await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(claimId) }))).status,
        POLL,
      )
      .toBe('SUCCEEDED');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(claimId) }));
    const types = (history.events ?? []).map((e) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(types).toContain('TaskSubmitted');
  });

  // Starts `npm start` again inside the test: its limit is a process start's.
  it('survives kill -9 while a claim awaits approval: the same link pays it, once', {
    timeout: START_MS + 120_000,
  }, async () => {
    // Prepare: a claim parked on its approval step.
    const api = apiClient(base, await memberToken('M000001'));
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-KILL-9' }] }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const link = await emailLink(claimId);
    // One approver of the member's unit, the level's assigned one, is e-mailed (and the level stored).
    await expect.poll(async () => (await approverEmails(claimId)).length, POLL).toBe(1);
    const messagesBefore = 1;

    // Act: kill the runtime (and so npm) without warning, then start again.
    await started.kill9();
    started = await npmStart(dataDir, ports);
    expect(started.output()).toContain('recovered after restart');
    // No pause for the recovered execution to reach its approval step: a decision recorded before it
    // stores its new task token is handed on by the step itself, one recorded after it reads that token.
    const posted = await postDecision(link, { decision: 'approve' });
    const paid = await api.waitFor(claimId, ['PAID']);

    // Assess
    expect(posted.status).toBe(200);
    // Paid once: one change into PAID (the member's SMS that follows is recorded PAID → PAID).
    const timeline = paid.timeline as { from: string; to: string }[];
    expect(timeline.filter((e) => e.from !== 'PAID' && e.to === 'PAID')).toHaveLength(1);
    expect((await approverEmails(claimId)).length).toBe(messagesBefore);
    // The member's last message follows the payout: the execution ends a moment after PAID.
    await expect
      .poll(
        async () =>
          (await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(claimId) }))).status,
        POLL,
      )
      .toBe('SUCCEEDED');
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(claimId) }));
    expect(described.redriveCount).toBe(1);
  });

  it('stops DynamoDB Local (Java) with the runtime on SIGTERM', { timeout: START_MS }, async () => {
    const javaPid = Number.parseInt(await readFile(join(dataDir, 'dynamodb', 'dynamodb.pid'), 'utf8'), 10);
    expect(alive(javaPid)).toBe(true);
    await started.stop();
    await waitGone(javaPid);
    expect(alive(javaPid)).toBe(false);
  });
});
