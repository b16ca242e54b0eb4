import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSubmission } from '../fixtures/claims.ts';
import {
  apiClient,
  approvalLink,
  postDecision,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';

const run = promisify(execFile);

/** The AWS CLI, as an operator runs it against the local endpoint; a missing CLI fails the test. */
async function awsCli(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('aws', args, {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_PAGER: '',
      },
    });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'the AWS CLI (`aws`) is not on PATH: install it (Debian package awscli) to run this test',
      );
    }
    throw error;
  }
}

describe('an execution that ends without the workflow ending its claim (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const executionArn = (claimId: string) =>
    `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;

  async function awaitingApproval(certificate: string) {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['admin']));
    const member = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const submitted = await member.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: certificate }] }),
    );
    expect(submitted.status).toBe(202);
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const link = await approvalLink(stack.runtime.outboxDir, claimId);
    return { api, member, claimId, link };
  }

  async function linkState(link: string): Promise<unknown> {
    const res = await fetch(link, { headers: { accept: 'application/json' } });
    return ((await res.json()) as { state?: unknown }).state;
  }

  it('a claim awaiting approval whose execution an operator stops with the AWS CLI ends FAILED with the reason, its link closed, its evidence given back', async () => {
    // Prepare
    const { api, member, claimId, link } = await awaitingApproval('JS-STOPPED-1');
    expect(await linkState(link)).toBe('pending');

    // Act
    await awsCli([
      'stepfunctions',
      'stop-execution',
      '--endpoint-url',
      stack.runtime.sfnUrl,
      '--execution-arn',
      executionArn(claimId),
      '--error',
      'Withdrawn',
      '--cause',
      'the member withdrew the claim by phone',
    ]);
    const described = JSON.parse(
      await awsCli([
        'stepfunctions',
        'describe-execution',
        '--endpoint-url',
        stack.runtime.sfnUrl,
        '--execution-arn',
        executionArn(claimId),
      ]),
    ) as { status: string };
    const claim = await api.waitFor(claimId, ['FAILED']);
    const post = await postDecision(link, { decision: 'approve', reason: '同意' });
    const again = await member.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-STOPPED-1' }] }),
    );

    // Assess
    expect(described.status).toBe('ABORTED');
    expect(claim.failure).toEqual({
      error: 'ExecutionAborted',
      reason: "the claim's workflow execution was stopped: Withdrawn: the member withdrew the claim by phone",
    });
    expect(await linkState(link)).toBe('closed');
    expect(post.status).toBe(409);
    expect((await api.claim(claimId)).body.status).toBe('FAILED');
    // The certificate it held is free again: a new claim with it reaches approval.
    expect(again.status).toBe(202);
    await api.waitFor(String(again.body.claimId), ['AWAITING_APPROVAL']);
  });

  it('at start, closes an open claim whose execution ended before its status change was handled', async () => {
    // Prepare: the process ended right after the execution's end was written, before the event was handled.
    const { claimId, link } = await awaitingApproval('JS-STOPPED-2');
    await stack.runtime.stop();
    const dir = join(stack.dataDir, 'stepfunctions');
    const file = join(dir, `ClaimWorkflow.${claimId}.json`);
    const record = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(
      file,
      JSON.stringify({ ...record, status: 'TIMED_OUT', stopDate: Date.now(), error: 'States.Timeout' }),
    );

    // Act
    await stack.restart();
    const after = apiClient(stack.runtime.apiUrl, await stack.token(['admin']));
    const claim = (await after.claim(claimId)).body;
    const port = new URL(stack.runtime.apiUrl).port;
    const post = await postDecision(link.replace(/:\d+\//, `:${port}/`), {
      decision: 'approve',
      reason: '同意',
    });

    // Assess
    expect(stack.runtime.recovered.closed).toEqual([claimId]);
    expect(claim.status).toBe('FAILED');
    expect(claim.failure).toEqual({
      error: 'ExecutionTimedOut',
      reason: "the claim's workflow execution reached its time limit: States.Timeout",
    });
    expect(post.status).toBe(409);
  });
});
