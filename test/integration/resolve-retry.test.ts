import { randomUUID } from 'node:crypto';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoDocumentsStore } from '../../functions/adapters/dynamodb/documents-store.ts';
import { DynamoTicketsStore } from '../../functions/adapters/dynamodb/tickets-store.ts';
import { SfnWorkflow } from '../../functions/adapters/sfn-workflow.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import type { Workflow } from '../../functions/ports/workflow.ts';
import { resolveTicket } from '../../functions/usecases/corrections.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { REGION } from '../../infra/local/runtime.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { apiClient, startTestStack, type TestStack } from '../support/local-stack.ts';

const members = claimants((m) => m.joinedOn < '2025-01-01');
const admin: Identity = { subject: 'admin-retry', roles: ['admin'], memberId: null, unitCode: null };

describe('resolveTicket retried after a resume that failed', () => {
  let stack: TestStack;
  let sfn: SFNClient;

  beforeAll(async () => {
    stack = await startTestStack();
    sfn = new SFNClient({ endpoint: stack.runtime.sfnUrl, region: REGION, credentials: LOCAL_CREDENTIALS });
  });
  afterAll(async () => {
    sfn.destroy();
    await stack.close();
  });

  /** The use case on the stack's tables and its Step Functions endpoint, with a workflow port of the test's. */
  function deps(workflow: Workflow) {
    const doc = documentClient(stack.ddb);
    const { claims, registry } = stack.runtime.tables;
    return {
      claims: new DynamoClaimsStore(doc, claims, registry),
      tickets: new DynamoTicketsStore(doc, claims),
      documents: new DynamoDocumentsStore(doc, claims),
      registry: stack.registry,
      workflow,
      now: () => new Date(),
    };
  }

  /** Counts the SendTaskSuccess calls that reach the endpoint; the first `failing` calls fail before they do. */
  function workflowPort(failing = 0) {
    const real = new SfnWorkflow(sfn, stack.runtime.stateMachineArn);
    const port = {
      sent: 0,
      failed: 0,
      startClaim: (claimId: string) => real.startClaim(claimId),
      sendTaskSuccess: async (token: string, output: unknown) => {
        if (port.failed < failing) {
          port.failed++;
          throw new Error('socket hang up');
        }
        port.sent++;
        await real.sendTaskSuccess(token, output);
      },
      sendTaskFailure: (token: string, error: string, cause: string) =>
        real.sendTaskFailure(token, error, cause),
    };
    return port;
  }

  /** A lapsed member's claim waits for their union to renew them; the union has renewed them meanwhile. */
  async function claimAwaitingCorrection(index: number) {
    const member = members[index];
    if (member === undefined) throw new Error('no member');
    await stack.registry.putAll({ members: [{ ...member, status: 'suspended', renewalPending: true }] });
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['admin']));
    const submitted = await api.submit(
      validSubmission({
        memberId: member.memberId,
        evidence: [{ kind: 'certificate', number: `JS-${randomUUID().slice(0, 8)}` }],
      }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_CORRECTION']);
    await stack.registry.putAll({ members: [{ ...member, status: 'active', renewalPending: false }] });
    return { api, claimId, ticketId: `${claimId}-1` };
  }

  const post = async (ticketId: string, body: unknown) => {
    const res = await fetch(`${stack.runtime.apiUrl}/tickets/${ticketId}/resolve`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token(['admin'])}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('a retry resumes the execution the first request never resumed, and the claim proceeds', async () => {
    // Prepare
    const { api, claimId, ticketId } = await claimAwaitingCorrection(0);
    const body = { outcome: 'corrected', reason: '已续会' };
    const broken = workflowPort(1);
    // Act: the first request records the resolution, then its SendTaskSuccess fails
    const first = resolveTicket(deps(broken), { identity: admin, ticketId, body });
    await expect(first).rejects.toThrow('socket hang up');
    const stranded = await api.claim(claimId);
    const retried = await post(ticketId, body);
    // Assess
    expect(broken.failed).toBe(1);
    expect(stranded.body.status).toBe('SUBMITTED');
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'resolved', resumed: true });
    expect(retried.body.resolution).toMatchObject({ outcome: 'corrected', reason: '已续会' });
    const claim = await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const actions = (claim.timeline as { action: string }[]).map((e) => e.action);
    expect(actions.filter((a) => a === 'data-corrected')).toHaveLength(1);
    expect(actions).toContain('approval-requested-level-1');
  });

  it('a retry after a resume that worked answers the recorded outcome and resumes nothing', async () => {
    // Prepare
    const { api, claimId, ticketId } = await claimAwaitingCorrection(1);
    const body = { outcome: 'rejected', reason: '非本人申请' };
    const first = await post(ticketId, body);
    await api.waitFor(claimId, ['REJECTED']);
    const counting = workflowPort();
    // Act
    const again = await resolveTicket(deps(counting), { identity: admin, ticketId, body });
    const overHttp = await post(ticketId, body);
    const otherOutcome = await post(ticketId, { outcome: 'corrected', reason: '改主意了' });
    // Assess
    expect(first.status).toBe(200);
    expect(counting.sent).toBe(0);
    expect(again).toMatchObject({ status: 'resolved', resumed: true, resolution: { outcome: 'rejected' } });
    expect(JSON.stringify(again)).not.toContain('taskToken');
    expect(overHttp.status).toBe(200);
    expect(overHttp.body.resolution).toMatchObject({ outcome: 'rejected', reason: '非本人申请' });
    expect(otherOutcome.status).toBe(409);
    const { events = [] } = await stack.runtime.engine.getExecutionHistory({
      executionArn: `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`,
      maxResults: 1000,
    });
    const resumed = events.filter(
      (e) =>
        e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resource?.includes('waitForTaskToken'),
    );
    expect(resumed).toHaveLength(1);
  });
});
