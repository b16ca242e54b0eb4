import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoDelegationsStore } from '../../functions/adapters/dynamodb/delegations-store.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import type { OutboundMessage } from '../../functions/ports/notifier.ts';
import { isTransient } from '../../functions/step/step-errors.ts';
import { notifyMember } from '../../functions/usecases/member-notify.ts';
import { requestApproval } from '../../functions/usecases/request-approval.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, startTestStack, type TestStack } from '../support/local-stack.ts';
import { captureLogs } from '../support/log-capture.ts';

/** What SES answers for an unverified recipient: the provider's text names the person. */
const ADDRESS = 'wang.fang.7731@example.com';
const MOBILE = '+8613800138000';
function sesRejection(): Error {
  return Object.assign(
    new Error(
      `Email address is not verified. The following identities failed the check in region CN-NORTH-1: ${ADDRESS}, ${MOBILE}`,
    ),
    { name: 'MessageRejected' },
  );
}

describe('13 delivery failures on the member-visible timeline (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("13 a failed e-mail or SMS is recorded on the timeline by the error's name only, never the provider's text", async () => {
    // Prepare: a claim awaiting approval; its reminders go through a notifier that SES refuses.
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: `JS-TL-${randomUUID().slice(0, 8)}` }] }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const doc = documentClient(stack.ddb);
    const { tables } = stack.runtime;
    const claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    const request = await claims.getApprovalRequest(claimId, 1);
    if (request === null) throw new Error('level 1 is not open');
    const operatorLog = captureLogs();
    // Act: the reminder step, as the workflow runs it (same token), with every message refused.
    await requestApproval(
      {
        claims,
        registry: stack.registry,
        delegations: new DynamoDelegationsStore(doc, tables.registry),
        workflow: {
          startClaim: () => Promise.reject(new Error('not expected')),
          sendTaskSuccess: () => Promise.reject(new Error('not expected')),
          sendTaskFailure: () => Promise.reject(new Error('not expected')),
        },
        notifier: { send: (_message: OutboundMessage) => Promise.reject(sesRejection()) },
        now: () => new Date(),
        linkBaseUrl: stack.runtime.apiUrl,
        linkKey: async () => 'member-timeline-test-key',
        approvalTtlSeconds: 3600,
      },
      { claimId, level: 1, taskToken: request.taskToken, mode: 'remind' },
    ).catch(() => undefined);
    operatorLog.restore();
    // Assess: the member's view of the claim says which message failed and why, by name only.
    const claim = (await api.claim(claimId)).body;
    const failures = (claim.timeline as { action: string; reason: string }[]).filter((e) =>
      e.action.startsWith('delivery-failed-'),
    );
    expect(failures.length).toBeGreaterThan(0);
    const view = JSON.stringify(claim);
    expect(view).toContain('MessageRejected');
    expect(view).not.toContain(ADDRESS);
    expect(view).not.toContain(MOBILE);
    expect(view).not.toContain('not verified');
    // The operator log keeps the provider's text, without the address or the number.
    const log = operatorLog.text();
    expect(log).toContain('MessageRejected');
    expect(log).toContain('not verified');
    expect(log).not.toContain(ADDRESS);
    expect(log).not.toContain(MOBILE);
  });

  it("13 a failed SMS to the member leaves its step as the error's name only, still retryable", async () => {
    // Prepare
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: `JS-TL-${randomUUID().slice(0, 8)}` }] }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const doc = documentClient(stack.ddb);
    const { tables } = stack.runtime;
    const throttled = Object.assign(new Error(`Rate exceeded for ${MOBILE}`), {
      name: 'ThrottlingException',
      $retryable: { throttling: true },
    });
    captureLogs(); // the provider's refusal is logged; afterEach restores the streams
    // Act
    const error = await notifyMember(
      {
        claims: new DynamoClaimsStore(doc, tables.claims, tables.registry),
        registry: stack.registry,
        feedback: new DynamoFeedbackStore(doc, tables.claims),
        notifier: { send: () => Promise.reject(throttled) },
        now: () => new Date(),
        linkBaseUrl: stack.runtime.apiUrl,
        linkKey: async () => 'member-timeline-test-key',
      },
      { claimId, notice: 'rejected' },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    // Assess: what the workflow keeps (its Catch puts the error in the execution's state) names no one.
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ThrottlingException');
    expect(JSON.stringify({ message: (error as Error).message })).not.toContain(MOBILE);
    expect(isTransient(error)).toBe(true);
  });
});
