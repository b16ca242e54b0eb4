import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { resetParts } from '../../functions/wiring.ts';
import { EXECUTION_ENDED_RULE, matchesExecutionEnded } from '../../infra/execution-events.ts';
import { FUNCTIONS, type FunctionId } from '../../infra/functions.ts';
import {
  claimWorkflowDefinition,
  loadHandlers,
  localFunctionArn,
  localSubstitutions,
} from '../../infra/local/handlers.ts';
import { REGION, STATE_MACHINE_NAME } from '../../infra/local/runtime.ts';
import { LocalStepFunctions, type SfnServer, startSfnServer } from '../../infra/local/stepfunctions/index.ts';
import { validSubmission } from '../fixtures/claims.ts';
import {
  apiClient,
  approvalLink,
  FAST_RETRIES,
  outboxFor,
  postDecision,
  startTestStack,
  type TestStack,
  until,
} from '../support/local-stack.ts';

/**
 * Claims that waited in approval across the upgrade: Step Functions runs an execution on the definition
 * it started with, so theirs is the previous one (test/fixtures/claim.asl.previous.json), which reads a
 * decision only as the approval step's success output in its `Approved` Choice. Here that definition runs
 * in an engine of its own, under the same state machine name, with this code's handlers; the handlers
 * (and the API that starts executions) speak to it, as they would to the one Step Functions endpoint.
 */
describe('a claim whose execution runs the previous definition (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let previous: LocalStepFunctions;
  let server: SfnServer;
  let endpoint: string | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
    const handlers = await loadHandlers();
    const lambdas: Record<string, (event: unknown) => Promise<unknown>> = {};
    for (const id of Object.keys(FUNCTIONS) as FunctionId[])
      lambdas[localFunctionArn(id, REGION)] = handlers[id];
    previous = new LocalStepFunctions({
      stateMachineName: STATE_MACHINE_NAME,
      definition: await claimWorkflowDefinition(
        localSubstitutions(REGION),
        join('test', 'fixtures', 'claim.asl.previous.json'),
      ),
      region: REGION,
      dataDir: join(stack.dataDir, 'stepfunctions-previous'),
      lambdas,
      retryIntervalOverrides: FAST_RETRIES,
      log: () => undefined,
      onStatusChange: async (event) => {
        if (!matchesExecutionEnded(event, previous.stateMachineArn)) return;
        await handlers[EXECUTION_ENDED_RULE.functionId](event);
      },
    });
    await previous.start();
    server = await startSfnServer(previous, { port: 0 });
    endpoint = process.env.AWS_ENDPOINT_URL_SFN;
    process.env.AWS_ENDPOINT_URL_SFN = server.url;
    resetParts();
  });
  afterAll(async () => {
    process.env.AWS_ENDPOINT_URL_SFN = endpoint;
    resetParts();
    await server?.close();
    await previous?.close();
    await stack?.close();
  });

  async function submit(body: Record<string, unknown>) {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const res = await api.submit(body);
    expect(res.status).toBe(202);
    return { api, claimId: String(res.body.claimId) };
  }

  const executionArn = (claimId: string) =>
    `${previous.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;

  async function statesEntered(claimId: string) {
    const { events = [] } = await previous.getExecutionHistory({
      executionArn: executionArn(claimId),
      maxResults: 1000,
      includeExecutionData: false,
    });
    return events
      .filter((e) => e.type?.endsWith('StateEntered'))
      .map((e) => e.stateEnteredEventDetails?.name);
  }

  async function approvalItem(claimId: string, level: number) {
    const out = await documentClient(stack.ddb).send(
      new GetCommand({
        TableName: stack.runtime.tables.claims,
        Key: claimKeys.approval(claimId, level),
      }),
    );
    return out.Item;
  }

  it('approved at level 1 of 2 by link, goes through its Approved Choice to level 2, then is paid', async () => {
    // Prepare: CNY 3500 (disability grade 4) needs the grassroots union and the district.
    const { api, claimId } = await submit(
      validSubmission({
        program: 'accident-protection',
        benefit: 'disability',
        facts: { disabilityLevel: 4 },
        evidence: [{ kind: 'disability-assessment', number: 'JD-2026-PREVIOUS' }],
      }),
    );
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    // Act
    const first = await postDecision(await approvalLink(stack.runtime.outboxDir, claimId, 1), {
      decision: 'approve',
      reason: '',
    });
    // The execution goes on to level 2, or (a decision handed on as a failure) ends the claim FAILED.
    const next = await until('level 2 to open, or the claim to end', async () => {
      if ((await api.claim(claimId)).body.status === 'FAILED') return 'FAILED';
      const mails = await outboxFor(stack.runtime.outboxDir, claimId);
      return mails.some((m) => m.text.includes('Approval level 2 of')) ? 'level 2' : undefined;
    });
    expect(next).toBe('level 2');
    const second = await postDecision(await approvalLink(stack.runtime.outboxDir, claimId, 2), {
      decision: 'approve',
      reason: '',
    });
    const claim = await api.waitFor(claimId, ['PAID', 'FAILED']);
    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(claim.status).toBe('PAID');
    expect((await previous.ended(executionArn(claimId))).status).toBe('SUCCEEDED');
    expect(await statesEntered(claimId)).toEqual([
      'NewOrRepay',
      'Assess',
      'RequestApproval',
      'Approved',
      'RequestApproval',
      'Approved',
      'Payout',
    ]);
    // Both levels were opened by the earlier definition: their tokens carry no hand-off flag.
    const levels = await Promise.all([1, 2].map((level) => approvalItem(claimId, level)));
    expect(levels.map((item) => item?.level)).toEqual([1, 2]);
    expect(levels.map((item) => item?.handOff)).toEqual([undefined, undefined]);
  });

  it('rejected by link, ends REJECTED through its Approved Choice, not FAILED', async () => {
    const { api, claimId } = await submit(validSubmission());
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    // Act
    const res = await postDecision(await approvalLink(stack.runtime.outboxDir, claimId), {
      decision: 'reject',
      reason: '材料不符',
    });
    // Assess
    expect(res.status).toBe(200);
    expect((await previous.ended(executionArn(claimId))).status).toBe('SUCCEEDED');
    expect((await api.claim(claimId)).body.status).toBe('REJECTED');
    expect(await statesEntered(claimId)).toEqual([
      'NewOrRepay',
      'Assess',
      'RequestApproval',
      'Approved',
      'NotifyRejected',
    ]);
  });
});
