import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoMessageLog } from '../../functions/adapters/dynamodb/message-log.ts';
import { OnceNotifier } from '../../functions/adapters/notify/once-notifier.ts';
import { OutboxNotifier } from '../../functions/adapters/notify/outbox-notifier.ts';
import type { ClaimsStore } from '../../functions/ports/claims-store.ts';
import { notifyMember } from '../../functions/usecases/member-notify.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { apiClient, startTestStack, type TestStack } from '../support/local-stack.ts';

const members = claimants((m) => m.joinedOn < '2025-01-01' && m.mobile !== '');

describe('outbound messages, each recorded before and after it is sent', () => {
  let stack: TestStack;
  let outboxDir: string;

  beforeAll(async () => {
    stack = await startTestStack();
    outboxDir = await mkdtemp(join(tmpdir(), 'claims-outbox-'));
  });
  afterAll(async () => {
    await stack.close();
    await rm(outboxDir, { recursive: true, force: true });
  });

  const doc = () => documentClient(stack.ddb);
  const messageLog = () => new DynamoMessageLog(doc(), stack.runtime.tables.claims);

  async function outboxSms(claimId: string) {
    const files = (await readdir(outboxDir)).filter((f) => f.endsWith('.json'));
    const messages = await Promise.all(
      files.map(
        async (f) =>
          JSON.parse(await readFile(join(outboxDir, f), 'utf8')) as { subject: string; text: string },
      ),
    );
    return messages.filter((m) => m.text.includes(claimId) || m.subject.includes(claimId));
  }

  describe('DynamoMessageLog', () => {
    it('records the intent once under a condition: new, then pending until marked sent, then sent', async () => {
      // Prepare
      const log = messageLog();
      const key = `test:${randomUUID()}`;
      const at = new Date().toISOString();
      // Act
      const racing = await Promise.all([
        log.begin(key, { channel: 'email', at }),
        log.begin(key, { channel: 'email', at }),
      ]);
      const again = await log.begin(key, { channel: 'email', at });
      await log.markSent(key, at);
      const afterSent = await log.begin(key, { channel: 'email', at });
      const item = (
        await doc().send(
          new GetCommand({ TableName: stack.runtime.tables.claims, Key: claimKeys.message(key) }),
        )
      ).Item;
      // Assess
      expect(racing.sort()).toEqual(['new', 'pending']);
      expect(again).toBe('pending');
      expect(afterSent).toBe('sent');
      expect(item).toMatchObject({ state: 'SENT', attempts: 3, channel: 'email', sentAt: at });
      expect(item?.ttl).toBeGreaterThan(Date.now() / 1000);
      expect(Object.keys(item ?? {})).not.toContain('to');
      expect(Object.keys(item ?? {})).not.toContain('text');
    });
  });

  describe('notifyMember', () => {
    it('sends the SMS once when the step dies after sending it and before recording it, then runs again', async () => {
      // Prepare: a claim waiting for approval, whose member has not been sent its rejected notice
      const member = members[0];
      if (member === undefined) throw new Error('no member');
      const api = apiClient(stack.runtime.apiUrl, await stack.token(['admin']));
      const submitted = await api.submit(
        validSubmission({
          memberId: member.memberId,
          evidence: [{ kind: 'certificate', number: `JS-${randomUUID().slice(0, 8)}` }],
        }),
      );
      const claimId = String(submitted.body.claimId);
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      const real = new DynamoClaimsStore(doc(), stack.runtime.tables.claims, stack.runtime.tables.registry);
      let crashes = 1;
      // The timeline write after the SMS fails once, as if the process died there.
      const claims: ClaimsStore = Object.assign(Object.create(real) as ClaimsStore, {
        change: async (...args: Parameters<ClaimsStore['change']>) => {
          if (crashes-- > 0) throw new Error('process killed');
          return real.change(...args);
        },
      });
      const deps = {
        claims,
        registry: stack.registry,
        feedback: new DynamoFeedbackStore(doc(), stack.runtime.tables.claims),
        notifier: new OnceNotifier(messageLog(), new OutboxNotifier(outboxDir, () => undefined)),
        now: () => new Date(),
        linkBaseUrl: stack.runtime.apiUrl,
        linkKey: async () => 'message-idempotency-test-key',
      };
      // Act
      const first = notifyMember(deps, { claimId, notice: 'rejected' });
      await expect(first).rejects.toThrow('process killed');
      const replay = await notifyMember(deps, { claimId, notice: 'rejected' });
      const afterwards = await notifyMember(deps, { claimId, notice: 'rejected' });
      // Assess
      expect(await outboxSms(claimId)).toHaveLength(1);
      expect(replay).toEqual({ sent: true });
      expect(afterwards).toEqual({ sent: false });
      const timeline = await real.timeline(claimId);
      expect(timeline.filter((e) => e.action === 'member-notified-rejected')).toHaveLength(1);
    });
  });
});
