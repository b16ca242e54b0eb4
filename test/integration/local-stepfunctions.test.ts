import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExecutionStatusChange,
  type LambdaHandler,
  LocalStepFunctions,
  startSfnServer,
} from '../../infra/local/stepfunctions/index.ts';
import { until } from '../support/local-stack.ts';
import { ManualClock } from '../support/manual-clock.ts';

const REGION = 'us-east-1';
const MACHINE = 'TestClaimFlow';
const MACHINE_ARN = `arn:aws:states:${REGION}:000000000000:stateMachine:${MACHINE}`;
const VALIDATE_ARN = `arn:aws:lambda:${REGION}:000000000000:function:validate-claim`;
const APPROVAL_ARN = `arn:aws:lambda:${REGION}:000000000000:function:request-approval`;

/** Validate (flaky, retried) → Choice → callback approval (timeout caught) → Succeed, or a Fail state. */
const definition = {
  StartAt: 'Validate',
  States: {
    Validate: {
      Type: 'Task',
      Resource: VALIDATE_ARN,
      Parameters: { 'claimId.$': '$.claimId', 'eligible.$': '$.eligible' },
      ResultPath: '$.validation',
      TimeoutSeconds: 10,
      Retry: [{ ErrorEquals: ['FlakyError'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 }],
      Next: 'IsEligible',
    },
    IsEligible: {
      Type: 'Choice',
      Choices: [{ Variable: '$.validation.eligible', BooleanEquals: true, Next: 'AwaitApproval' }],
      Default: 'NotEligible',
    },
    AwaitApproval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: APPROVAL_ARN,
        Payload: { 'claimId.$': '$.claimId', 'taskToken.$': '$$.Task.Token' },
      },
      ResultPath: '$.approval',
      TimeoutSeconds: 2,
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.failure', Next: 'ApprovalTimedOut' },
        { ErrorEquals: ['ApprovalDenied'], ResultPath: '$.failure', Next: 'ApprovalDenied' },
      ],
      Next: 'Approved',
    },
    Approved: { Type: 'Succeed' },
    ApprovalTimedOut: { Type: 'Pass', End: true },
    ApprovalDenied: { Type: 'Pass', End: true },
    NotEligible: { Type: 'Fail', Error: 'NotEligible', Cause: 'The claimant is not eligible' },
  },
};

class FlakyError extends Error {
  override name = 'FlakyError';
}

interface ApprovalRequest {
  claimId: string;
  taskToken: string;
}

/** In-process Lambdas: validate-claim fails twice per claim before answering; request-approval records its token. */
function makeLambdas() {
  const validateCalls = new Map<string, number>();
  const approvals: ApprovalRequest[] = [];
  const lambdas: Record<string, LambdaHandler> = {
    [VALIDATE_ARN]: async (event) => {
      const { claimId, eligible } = event as { claimId: string; eligible: boolean };
      const calls = (validateCalls.get(claimId) ?? 0) + 1;
      validateCalls.set(claimId, calls);
      if (calls <= 2) throw new FlakyError(`registry busy (call ${calls})`);
      return { eligible };
    },
    [APPROVAL_ARN]: async (event) => {
      approvals.push(event as ApprovalRequest);
      return { sent: true };
    },
  };
  /** The `nth` (1-based) approval request of a claim, once the workflow has made it. */
  const approvalRequest = (claimId: string, nth = 1) =>
    until(
      `approval request ${nth} of ${claimId}`,
      () => approvals.filter((a) => a.claimId === claimId)[nth - 1],
    );
  return { lambdas, validateCalls, approvals, approvalRequest };
}

/** The error a call fails with (a call that succeeds fails the test). */
async function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function clientFor(endpoint: string): SFNClient {
  return new SFNClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

async function finished(client: SFNClient, executionArn: string): Promise<DescribeExecutionOutput> {
  return until('the execution to end', async () => {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  });
}

function start(client: SFNClient, name: string, input: object) {
  return client.send(
    new StartExecutionCommand({ stateMachineArn: MACHINE_ARN, name, input: JSON.stringify(input) }),
  );
}

describe('LocalStepFunctions', () => {
  /** AwaitApproval's 2 s timeout fires only when a test moves this clock: no callback races it. */
  const clock = new ManualClock();
  let dataDir: string;
  let engine: LocalStepFunctions;
  let server: Awaited<ReturnType<typeof startSfnServer>>;
  let client: SFNClient;
  let doubles: ReturnType<typeof makeLambdas>;
  const logLines: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-sfn-'));
    doubles = makeLambdas();
    engine = new LocalStepFunctions({
      stateMachineName: MACHINE,
      definition,
      dataDir,
      lambdas: doubles.lambdas,
      retryIntervalOverrides: { Validate: 0 },
      callbackClock: clock,
      log: (line) => logLines.push(line),
    });
    await engine.start();
    server = await startSfnServer(engine, { port: 0 });
    client = clientFor(server.url);
  });

  afterAll(async () => {
    client.destroy();
    await server.close();
    await engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('StartExecution', () => {
    it('runs to SUCCEEDED through the retried Lambda, the Choice and a SendTaskSuccess callback', async () => {
      // Prepare
      const input = { claimId: 'claim-ok', eligible: true };

      // Act
      const started = await start(client, 'claim-ok', input);
      const request = await doubles.approvalRequest('claim-ok');
      await client.send(
        new SendTaskSuccessCommand({
          taskToken: request.taskToken,
          output: JSON.stringify({ decision: 'approve' }),
        }),
      );
      const described = await finished(client, started.executionArn ?? '');

      // Assess
      expect(started.executionArn).toBe(
        `arn:aws:states:${REGION}:000000000000:execution:${MACHINE}:claim-ok`,
      );
      expect(doubles.validateCalls.get('claim-ok')).toBe(3);
      expect(request.taskToken.length).toBeGreaterThanOrEqual(200);
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output ?? 'null')).toEqual({
        ...input,
        validation: { eligible: true },
        approval: { decision: 'approve' },
      });
      expect(logLines.some((line) => line.includes('claim-ok') && line.includes('SUCCEEDED'))).toBe(true);
    });

    it('returns the original execution when started again with the same name and input while running', async () => {
      // Prepare
      const input = { claimId: 'claim-idem', eligible: true };
      const first = await start(client, 'claim-idem', input);

      // Act
      const second = await start(client, 'claim-idem', input);

      // Assess
      expect(second.executionArn).toBe(first.executionArn);
      expect(second.startDate?.getTime()).toBe(first.startDate?.getTime());
      const request = await doubles.approvalRequest('claim-idem');
      await client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{}' }));
      expect((await finished(client, first.executionArn ?? '')).status).toBe('SUCCEEDED');
      expect(doubles.approvals.filter((a) => a.claimId === 'claim-idem')).toHaveLength(1);
    });

    it('answers ExecutionAlreadyExists for another input while running, and for any input once closed', async () => {
      // Prepare
      const input = { claimId: 'claim-dup', eligible: true };
      const first = await start(client, 'claim-dup', input);

      // Act
      const whileRunning = await rejectionOf(start(client, 'claim-dup', { ...input, eligible: false }));
      const request = await doubles.approvalRequest('claim-dup');
      await client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{}' }));
      await finished(client, first.executionArn ?? '');
      const afterClose = await rejectionOf(start(client, 'claim-dup', input));

      // Assess
      expect(whileRunning).toMatchObject({ name: 'ExecutionAlreadyExists' });
      expect(afterClose).toMatchObject({
        name: 'ExecutionAlreadyExists',
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('answers InvalidName, StateMachineDoesNotExist and InvalidExecutionInput for bad requests', async () => {
      // Prepare
      const unknownMachine = `arn:aws:states:${REGION}:000000000000:stateMachine:Nope`;

      // Act
      const badName = await rejectionOf(start(client, 'has space', {}));
      const badMachine = await rejectionOf(
        client.send(new StartExecutionCommand({ stateMachineArn: unknownMachine })),
      );
      const badInput = await rejectionOf(
        client.send(new StartExecutionCommand({ stateMachineArn: MACHINE_ARN, input: '{oops' })),
      );

      // Assess
      expect(badName).toMatchObject({ name: 'InvalidName' });
      expect(badMachine).toMatchObject({ name: 'StateMachineDoesNotExist' });
      expect(badInput).toMatchObject({ name: 'InvalidExecutionInput' });
    });

    it('ends FAILED with the Fail state error and cause when the Choice rejects the claim', async () => {
      // Prepare
      const input = { claimId: 'claim-no', eligible: false };

      // Act
      const started = await start(client, 'claim-no', input);
      const described = await finished(client, started.executionArn ?? '');

      // Assess
      expect(described.status).toBe('FAILED');
      expect(described.error).toBe('NotEligible');
      expect(described.cause).toBe('The claimant is not eligible');
      expect(described.stopDate).toBeInstanceOf(Date);
    });
  });

  describe('SendTaskSuccess', () => {
    it('answers TaskDoesNotExist for a token it never issued', async () => {
      // Prepare
      const taskToken = 'AQ-not-a-token-this-engine-issued';

      // Act
      const sent = await rejectionOf(client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })));

      // Assess
      expect(sent).toMatchObject({ name: 'TaskDoesNotExist' });
    });

    it('answers InvalidOutput for output that is not JSON, leaving the task waiting and heartbeating', async () => {
      // Prepare
      const started = await start(client, 'claim-badout', { claimId: 'claim-badout', eligible: true });
      const request = await doubles.approvalRequest('claim-badout');

      // Act
      const sent = await rejectionOf(
        client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: 'not json' })),
      );
      const heartbeat = await client.send(new SendTaskHeartbeatCommand({ taskToken: request.taskToken }));
      await client.send(
        new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{"late":true}' }),
      );
      const described = await finished(client, started.executionArn ?? '');

      // Assess
      expect(sent).toMatchObject({ name: 'InvalidOutput' });
      expect(heartbeat.$metadata.httpStatusCode).toBe(200);
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output ?? 'null').approval).toEqual({ late: true });
    });
  });

  describe('SendTaskFailure', () => {
    it('fails the callback task with the given error and cause, which Catch routes', async () => {
      // Prepare
      const started = await start(client, 'claim-denied', { claimId: 'claim-denied', eligible: true });
      const request = await doubles.approvalRequest('claim-denied');

      // Act
      await client.send(
        new SendTaskFailureCommand({
          taskToken: request.taskToken,
          error: 'ApprovalDenied',
          cause: 'over budget',
        }),
      );
      const described = await finished(client, started.executionArn ?? '');
      const again = await rejectionOf(
        client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{}' })),
      );
      // The same failure handed on a second time (a decision handed twice) finds the token settled too.
      const failedAgain = await rejectionOf(
        client.send(
          new SendTaskFailureCommand({
            taskToken: request.taskToken,
            error: 'ApprovalDenied',
            cause: 'again',
          }),
        ),
      );

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output ?? 'null').failure).toEqual({
        Error: 'ApprovalDenied',
        Cause: 'over budget',
      });
      expect(again).toMatchObject({ name: 'TaskTimedOut' });
      expect(failedAgain).toMatchObject({ name: 'TaskTimedOut' });
    });
  });

  describe('waitForTaskToken TimeoutSeconds', () => {
    it('times the callback out into the States.Timeout Catch, after which the token answers TaskTimedOut', async () => {
      // Prepare
      const started = await start(client, 'claim-slow', { claimId: 'claim-slow', eligible: true });
      const request = await doubles.approvalRequest('claim-slow');

      // Act: the two seconds pass while the task waits
      clock.advance(2000);
      const described = await finished(client, started.executionArn ?? '');
      const late = await rejectionOf(
        client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{}' })),
      );
      const history = await client.send(
        new GetExecutionHistoryCommand({ executionArn: started.executionArn }),
      );

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output ?? 'null').failure.Error).toBe('States.Timeout');
      expect(late).toMatchObject({ name: 'TaskTimedOut' });
      const types = history.events?.map((e) => e.type) ?? [];
      expect(types).toContain('TaskTimedOut');
      expect(types.indexOf('TaskTimedOut')).toBeLessThan(types.lastIndexOf('TaskStateExited'));
    });
  });

  describe('waitForTaskToken TimeoutSeconds on the real clock', () => {
    it('times the callback out once its seconds have really passed', async () => {
      // Prepare: an engine of its own, without a test clock (nothing here has to beat its timeout)
      const dir = await mkdtemp(join(tmpdir(), 'local-sfn-real-clock-'));
      const realDoubles = makeLambdas();
      const real = new LocalStepFunctions({
        stateMachineName: MACHINE,
        definition,
        dataDir: dir,
        lambdas: realDoubles.lambdas,
        retryIntervalOverrides: { Validate: 0 },
      });
      const realServer = await startSfnServer(real, { port: 0 });
      const realClient = clientFor(realServer.url);
      try {
        // Act
        const started = await start(realClient, 'claim-real-clock', {
          claimId: 'claim-real-clock',
          eligible: true,
        });
        await realDoubles.approvalRequest('claim-real-clock');
        const described = await finished(realClient, started.executionArn ?? '');
        // Assess
        expect(described.status).toBe('SUCCEEDED');
        expect(JSON.parse(described.output ?? 'null').failure.Error).toBe('States.Timeout');
      } finally {
        realClient.destroy();
        await realServer.close();
        await real.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('DescribeExecution', () => {
    it('reports the AWS fields of a running execution, and ExecutionDoesNotExist for an unknown one', async () => {
      // Prepare
      const input = JSON.stringify({ claimId: 'claim-desc', eligible: true });
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn: MACHINE_ARN, name: 'claim-desc', input }),
      );
      const request = await doubles.approvalRequest('claim-desc');

      // Act
      const running = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      const missing = await rejectionOf(
        client.send(new DescribeExecutionCommand({ executionArn: `${started.executionArn ?? ''}-missing` })),
      );

      // Assess
      expect(running).toMatchObject({
        executionArn: started.executionArn,
        stateMachineArn: MACHINE_ARN,
        name: 'claim-desc',
        status: 'RUNNING',
        input,
        redriveCount: 0,
      });
      expect(running.startDate?.getTime()).toBe(started.startDate?.getTime());
      expect(running.stopDate).toBeUndefined();
      expect(running.output).toBeUndefined();
      expect(missing).toMatchObject({ name: 'ExecutionDoesNotExist' });
      // Let the execution finish, so it does not linger as RUNNING.
      await client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{}' }));
      await finished(client, started.executionArn ?? '');
    });
  });

  describe('ended', () => {
    it('answers once the execution has ended, at once for one that has, and refuses an unknown one', async () => {
      // Prepare
      const started = await start(client, 'claim-ended', { claimId: 'claim-ended', eligible: true });
      const executionArn = started.executionArn ?? '';
      const request = await doubles.approvalRequest('claim-ended');
      let settled = false;
      const ending = engine.ended(executionArn).then((out) => {
        settled = true;
        return out;
      });

      // Act
      const whileWaiting = await client.send(new DescribeExecutionCommand({ executionArn }));
      const settledWhileWaiting = settled;
      await client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{}' }));
      const ended = await ending;
      const again = await engine.ended(executionArn);
      const unknown = await rejectionOf(engine.ended(`${executionArn}-missing`));

      // Assess
      expect(whileWaiting.status).toBe('RUNNING');
      expect(settledWhileWaiting).toBe(false);
      expect(ended).toMatchObject({ executionArn, status: 'SUCCEEDED' });
      expect(ended.stopDate).toBeInstanceOf(Date);
      expect(again).toEqual(ended);
      expect(unknown).toMatchObject({ name: 'ExecutionDoesNotExist' });
    });

    it('refuses its waiters when the engine closes first, the execution staying RUNNING on disk', async () => {
      // Prepare: an engine of its own, with an execution waiting on its approval callback.
      const dir = await mkdtemp(join(tmpdir(), 'local-sfn-ended-'));
      const own = makeLambdas();
      const closing = new LocalStepFunctions({
        stateMachineName: MACHINE,
        definition,
        dataDir: dir,
        lambdas: own.lambdas,
        retryIntervalOverrides: { Validate: 0 },
        callbackClock: new ManualClock(),
      });
      try {
        const { executionArn } = await closing.startExecution({
          stateMachineArn: MACHINE_ARN,
          name: 'claim-closing',
          input: JSON.stringify({ claimId: 'claim-closing', eligible: true }),
        });
        await own.approvalRequest('claim-closing');
        const waiting = rejectionOf(closing.ended(executionArn));

        // Act
        await closing.close();
        const refused = await waiting;
        const afterClose = await rejectionOf(closing.ended(executionArn));

        // Assess
        expect(refused).toMatchObject({ name: 'ServiceUnavailable' });
        expect(afterClose).toMatchObject({ name: 'ServiceUnavailable' });
        expect((await closing.describeExecution({ executionArn })).status).toBe('RUNNING');
      } finally {
        await closing.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('ListExecutions', () => {
    it('lists newest first, filters by status and pages with nextToken', async () => {
      // Prepare
      const a = await start(client, 'claim-list-a', { claimId: 'claim-list-a', eligible: false });
      await finished(client, a.executionArn ?? '');
      const b = await start(client, 'claim-list-b', { claimId: 'claim-list-b', eligible: false });
      await finished(client, b.executionArn ?? '');

      // Act
      const all = await client.send(new ListExecutionsCommand({ stateMachineArn: MACHINE_ARN }));
      const failed = await client.send(
        new ListExecutionsCommand({ stateMachineArn: MACHINE_ARN, statusFilter: 'FAILED' }),
      );
      const page1 = await client.send(
        new ListExecutionsCommand({ stateMachineArn: MACHINE_ARN, maxResults: 1 }),
      );
      const page2 = await client.send(
        new ListExecutionsCommand({
          stateMachineArn: MACHINE_ARN,
          maxResults: 1,
          nextToken: page1.nextToken,
        }),
      );

      // Assess
      const names = all.executions?.map((e) => e.name) ?? [];
      expect(names.indexOf('claim-list-b')).toBeLessThan(names.indexOf('claim-list-a'));
      expect(all.nextToken).toBeUndefined();
      expect(failed.executions?.every((e) => e.status === 'FAILED')).toBe(true);
      expect(failed.executions?.map((e) => e.name)).toEqual(
        expect.arrayContaining(['claim-list-a', 'claim-list-b']),
      );
      expect(page1.executions).toHaveLength(1);
      expect(page1.nextToken).toEqual(expect.any(String));
      expect(page2.executions?.[0]?.executionArn).toBe(all.executions?.[1]?.executionArn);
      expect(all.executions?.[0]).toMatchObject({
        stateMachineArn: MACHINE_ARN,
        status: expect.any(String),
        startDate: expect.any(Date),
      });
    });
  });

  describe('GetExecutionHistory', () => {
    it('returns the AWS event shapes in order, reversed, without data, and paged', async () => {
      // Prepare
      const started = await start(client, 'claim-hist', { claimId: 'claim-hist', eligible: true });
      const request = await doubles.approvalRequest('claim-hist');
      await client.send(
        new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{"decision":"ok"}' }),
      );
      await finished(client, started.executionArn ?? '');
      const executionArn = started.executionArn;

      // Act
      const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
      const reversed = await client.send(
        new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }),
      );
      const bare = await client.send(
        new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
      );
      const page1 = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }));
      const page2 = await client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken: page1.nextToken }),
      );

      // Assess
      const events = history.events ?? [];
      const types = events.map((e) => e.type);
      expect(types.slice(0, 5)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionFailed',
      ]);
      expect(types.filter((t) => t === 'LambdaFunctionFailed')).toHaveLength(2);
      expect(types).toEqual(
        expect.arrayContaining([
          'ChoiceStateEntered',
          'ChoiceStateExited',
          'TaskSubmitted',
          'SucceedStateEntered',
        ]),
      );
      const callback = types.indexOf('TaskScheduled');
      expect(types.slice(callback - 1, callback + 5)).toEqual([
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'TaskStateExited',
      ]);
      expect(types.at(-1)).toBe('ExecutionSucceeded');
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(events.every((e) => e.previousEventId === (e.id ?? 0) - 1 && e.timestamp instanceof Date)).toBe(
        true,
      );
      expect(events[0]?.executionStartedEventDetails?.input).toBe(
        JSON.stringify({ claimId: 'claim-hist', eligible: true }),
      );
      expect(events[1]?.stateEnteredEventDetails).toMatchObject({ name: 'Validate' });
      const failedLambda = events.find((e) => e.type === 'LambdaFunctionFailed');
      expect(failedLambda?.lambdaFunctionFailedEventDetails?.error).toBe('FlakyError');
      expect(JSON.parse(failedLambda?.lambdaFunctionFailedEventDetails?.cause ?? '{}').errorMessage).toBe(
        'registry busy (call 1)',
      );
      const scheduled = events[callback]?.taskScheduledEventDetails;
      expect(scheduled).toMatchObject({
        resourceType: 'lambda',
        resource: 'invoke.waitForTaskToken',
        region: REGION,
      });
      expect(JSON.parse(scheduled?.parameters ?? '{}').Payload.taskToken).toBe(request.taskToken);
      expect(events[callback + 3]?.taskSucceededEventDetails?.output).toBe('{"decision":"ok"}');
      const exited = events.findLast((e) => e.type === 'TaskStateExited');
      expect(JSON.parse(exited?.stateExitedEventDetails?.output ?? '{}').approval).toEqual({
        decision: 'ok',
      });
      expect(reversed.events?.map((e) => e.id)).toEqual([...events].reverse().map((e) => e.id));
      expect(bare.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
      expect(bare.events?.[1]?.stateEnteredEventDetails?.name).toBe('Validate');
      expect(page1.events?.map((e) => e.id)).toEqual([1, 2, 3]);
      expect(page2.events?.map((e) => e.id)).toEqual([4, 5, 6]);
    });
  });

  describe('StopExecution', () => {
    it('aborts a waiting execution with the given error and cause, and retires its task token', async () => {
      // Prepare
      const started = await start(client, 'claim-stop', { claimId: 'claim-stop', eligible: true });
      const request = await doubles.approvalRequest('claim-stop');

      // Act
      const stopped = await client.send(
        new StopExecutionCommand({
          executionArn: started.executionArn,
          error: 'Withdrawn',
          cause: 'member withdrew',
        }),
      );
      const described = await client.send(
        new DescribeExecutionCommand({ executionArn: started.executionArn }),
      );
      const history = await client.send(
        new GetExecutionHistoryCommand({
          executionArn: started.executionArn,
          reverseOrder: true,
          maxResults: 1,
        }),
      );
      const late = await rejectionOf(
        client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{}' })),
      );

      // Assess
      expect(stopped.stopDate).toBeInstanceOf(Date);
      expect(described).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'member withdrew' });
      expect(described.stopDate?.getTime()).toBe(stopped.stopDate?.getTime());
      expect(history.events?.[0]).toMatchObject({
        type: 'ExecutionAborted',
        executionAbortedEventDetails: { error: 'Withdrawn', cause: 'member withdrew' },
      });
      expect(late).toMatchObject({ name: 'TaskTimedOut' });
    });
  });

  describe('start', () => {
    const cleanups: Array<() => unknown> = [];

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** The test machine with a long approval wait: a restart must not race its timeout. */
    const patient = {
      ...definition,
      States: {
        ...definition.States,
        AwaitApproval: { ...definition.States.AwaitApproval, TimeoutSeconds: 86_400 },
      },
    };

    async function restartedEngine(name: string) {
      const dir = await mkdtemp(join(tmpdir(), 'local-sfn-restart-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const doubles = makeLambdas();
      const ended: ExecutionStatusChange[] = [];
      const options = {
        stateMachineName: MACHINE,
        definition: patient,
        dataDir: dir,
        lambdas: doubles.lambdas,
        retryIntervalOverrides: { Validate: 0 },
        callbackClock: new ManualClock(),
        onStatusChange: async (event: ExecutionStatusChange) => void ended.push(event),
      };
      const first = new LocalStepFunctions(options);
      const firstServer = await startSfnServer(first, { port: 0 });
      const firstClient = clientFor(firstServer.url);
      cleanups.push(
        () => first.close(),
        () => firstServer.close(),
        () => firstClient.destroy(),
      );
      const started = await start(firstClient, name, { claimId: name, eligible: true });
      const request = await doubles.approvalRequest(name);
      firstClient.destroy();
      await firstServer.close();
      await first.close();
      // The execution's state file (its history is appended beside it, in a .history.jsonl file).
      const stateFile = (await readdir(dir)).find((f) => f.endsWith('.json')) ?? '';
      const onDisk = JSON.parse(await readFile(join(dir, stateFile), 'utf8'));
      const second = new LocalStepFunctions(options);
      cleanups.push(() => second.close());
      const { redriven } = await second.start();
      const secondServer = await startSfnServer(second, { port: 0 });
      const secondClient = clientFor(secondServer.url);
      cleanups.push(
        () => secondServer.close(),
        () => secondClient.destroy(),
      );
      const afterRestart = async () => JSON.parse(await readFile(join(dir, stateFile), 'utf8'));
      return { started, request, onDisk, redriven, doubles, client: secondClient, ended, afterRestart };
    }

    /** Answers the callback as soon as the resumed execution waits on the token again. */
    function answerWhenWaiting(client: SFNClient, taskToken: string, output: string) {
      return until('the resumed execution to wait on the token', async () => {
        try {
          await client.send(new SendTaskSuccessCommand({ taskToken, output }));
          return true;
        } catch (error) {
          if ((error as Error).name === 'TaskTimedOut') return undefined;
          throw error;
        }
      });
    }

    it('resumes an execution left RUNNING by a closed engine where it stood, waiting on the same task token', async () => {
      // Prepare
      const { started, request, onDisk, redriven, doubles, client, afterRestart } =
        await restartedEngine('claim-restart');

      // Act
      await answerWhenWaiting(client, request.taskToken, '{"decision":"approve"}');
      const described = await finished(client, started.executionArn ?? '');
      const history = await client.send(
        new GetExecutionHistoryCommand({ executionArn: started.executionArn }),
      );

      // Assess
      expect(onDisk.status).toBe('RUNNING');
      expect(onDisk.position).toMatchObject({ stateName: 'AwaitApproval' });
      expect(onDisk.waiting).toMatchObject({ stateName: 'AwaitApproval', token: request.taskToken });
      expect(redriven).toEqual([started.executionArn]);
      // Neither the validation nor the approval request ran again.
      expect(doubles.validateCalls.get('claim-restart')).toBe(3);
      expect(doubles.approvals.filter((a) => a.claimId === 'claim-restart')).toHaveLength(1);
      expect(described).toMatchObject({
        status: 'SUCCEEDED',
        redriveCount: 1,
        redriveDate: expect.any(Date),
      });
      const events = history.events ?? [];
      const redrive = events.findIndex((e) => e.type === 'ExecutionRedriven');
      expect(events[redrive]?.executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
      expect(events[redrive + 1]).toMatchObject({
        type: 'TaskStateEntered',
        stateEnteredEventDetails: { name: 'AwaitApproval' },
      });
      expect(JSON.parse(events[redrive + 1]?.stateEnteredEventDetails?.input ?? '{}')).toMatchObject({
        claimId: 'claim-restart',
        validation: { eligible: true },
      });
      expect(events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
      // The record on disk forgets the token once the end is written (the store writes after the answer).
      const settled = await until('the stored record to forget the token', async () => {
        const record = await afterRestart();
        return record.status === 'SUCCEEDED' ? record : undefined;
      });
      expect(settled.waiting).toBeUndefined();
    });

    it("keeps a resumed callback's token and deadline, tied to its new entry so a further restart resumes it too", async () => {
      // Prepare
      const { request, onDisk, afterRestart } = await restartedEngine('claim-deadline');

      // Act
      const resumed = await until('the execution to resume', async () => {
        const record = await afterRestart();
        return record.redriveCount === 1 && record.waiting?.enteredEventId === record.position?.enteredEventId
          ? record
          : undefined;
      });

      // Assess
      expect(resumed.waiting).toEqual({ ...onDisk.waiting, enteredEventId: resumed.position.enteredEventId });
      expect(resumed.waiting.token).toBe(request.taskToken);
      expect(resumed.waiting.deadline).toBe(onDisk.waiting.deadline);
    });

    it("invokes a callback's function again, with the same token, when the engine stopped before that function returned", async () => {
      // Prepare: the first request-approval call never returns (the process ended inside it)
      const dir = await mkdtemp(join(tmpdir(), 'local-sfn-lost-invoke-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const calls: ApprovalRequest[] = [];
      let hang = true;
      const lambdas: Record<string, LambdaHandler> = {
        [VALIDATE_ARN]: async (event) => ({ eligible: (event as { eligible: boolean }).eligible }),
        [APPROVAL_ARN]: async (event) => {
          calls.push(event as ApprovalRequest);
          return hang ? new Promise(() => undefined) : { sent: true };
        },
      };
      const options = {
        stateMachineName: MACHINE,
        definition: patient,
        dataDir: dir,
        lambdas,
        callbackClock: new ManualClock(),
      };
      const first = new LocalStepFunctions(options);
      cleanups.push(() => first.close());
      const { executionArn } = await first.startExecution({
        stateMachineArn: MACHINE_ARN,
        name: 'claim-lost-invoke',
        input: JSON.stringify({ claimId: 'claim-lost-invoke', eligible: true }),
      });
      const lost = await until('the first invocation', () => calls[0]);
      await until('the engine to wait on the callback', () => first.waitingOn(executionArn));
      await first.close();
      hang = false;

      // Act
      const second = new LocalStepFunctions(options);
      cleanups.push(() => second.close());
      await second.start();
      const again = await until('the invocation again after the restart', () => calls[1]);
      await second.sendTaskSuccess({ taskToken: again.taskToken, output: '{"decision":"approve"}' });
      const described = await until('the execution to succeed', async () => {
        const d = await second.describeExecution({ executionArn });
        return d.status === 'RUNNING' ? undefined : d;
      });
      const { events = [] } = await second.getExecutionHistory({ executionArn });

      // Assess
      expect(again.taskToken).toBe(lost.taskToken);
      expect(calls).toHaveLength(2);
      expect(described.status).toBe('SUCCEEDED');
      expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(2);
      expect(events.filter((e) => e.type === 'TaskSubmitted')).toHaveLength(1);
    });

    it('emits the execution-status-change event EventBridge would when an execution is stopped', async () => {
      // Prepare
      const { started, request, client, ended } = await restartedEngine('claim-stopped');
      await until('the execution to start waiting', async () =>
        (await client
          .send(new SendTaskHeartbeatCommand({ taskToken: request.taskToken }))
          .catch(() => undefined))
          ? true
          : undefined,
      );

      // Act
      await client.send(
        new StopExecutionCommand({
          executionArn: started.executionArn,
          error: 'Withdrawn',
          cause: 'by staff',
        }),
      );

      // Assess
      expect(ended).toHaveLength(1);
      expect(ended[0]).toMatchObject({
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        resources: [started.executionArn],
        detail: {
          executionArn: started.executionArn,
          stateMachineArn: MACHINE_ARN,
          name: 'claim-stopped',
          status: 'ABORTED',
          error: 'Withdrawn',
          cause: 'by staff',
          input: JSON.stringify({ claimId: 'claim-stopped', eligible: true }),
        },
      });
    });
  });

  describe('constructor', () => {
    it('refuses a Task whose Resource it cannot dispatch, naming the state', () => {
      // Prepare
      const undispatchable = {
        StartAt: 'Put',
        States: {
          Put: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:putItem',
            Parameters: { TableName: 't' },
            End: true,
          },
        },
      };

      // Act
      const construct = () =>
        new LocalStepFunctions({ stateMachineName: 'Bad', definition: undispatchable, dataDir, lambdas: {} });

      // Assess
      expect(construct).toThrow(/Task state 'Put'.*arn:aws:states:::dynamodb:putItem/);
    });
  });

  describe('startSfnServer', () => {
    it('answers UnknownOperationException, SerializationException, and DescribeStateMachine over the wire', async () => {
      // Prepare
      const post = (target: string, body: string) =>
        fetch(server.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': target },
          body,
        });

      // Act
      const unknown = await post('AWSStepFunctions.CreateActivity', '{}');
      const malformed = await post('AWSStepFunctions.DescribeExecution', '{nope');
      const machine = await client.send(new DescribeStateMachineCommand({ stateMachineArn: MACHINE_ARN }));

      // Assess
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toBe('application/x-amz-json-1.0');
      expect(await malformed.json()).toMatchObject({ __type: 'SerializationException' });
      expect(machine).toMatchObject({
        stateMachineArn: MACHINE_ARN,
        name: MACHINE,
        type: 'STANDARD',
        status: 'ACTIVE',
      });
      expect(JSON.parse(machine.definition ?? '{}')).toEqual(definition);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });
  });
});
