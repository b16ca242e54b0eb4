import { rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, startTestStack, type TestStack } from '../support/local-stack.ts';

describe('approval message delivery (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('records every failed delivery on the timeline and fails the claim rather than wait on messages never sent', async () => {
    // Prepare: the outbox cannot be written (a file stands where its folder should be). A level opens with
    // e-mail only: two approvers, two e-mails, both failed.
    await rm(stack.runtime.outboxDir, { recursive: true, force: true });
    await writeFile(stack.runtime.outboxDir, 'not a folder');
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    // Act
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-DELIVERY-1' }] }),
    );
    const claim = await api.waitFor(String(submitted.body.claimId), ['FAILED']);
    // Assess
    const timeline = claim.timeline as { action: string; reason: string }[];
    const failures = timeline.filter((e) => e.action === 'delivery-failed-level-1');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]?.reason).toMatch(/^0 message\(s\) delivered, 2 failed: email to A-BJ-HD-001-\d/);
    expect((claim.failure as { reason: string }).reason).toContain(
      'no approval message for level 1 could be delivered',
    );
    await rm(stack.runtime.outboxDir, { force: true });
  });
});
