import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { claimKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { ARCHIVE_BREAKS } from '../../functions/domain/audit-archive.ts';
import { BREAK_REASONS, chainEvent, GENESIS_HASH } from '../../functions/domain/audit-chain.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import type { AuditEvent } from '../../functions/domain/claim.ts';
import { DynamoAuditArchive, verifyAudit } from '../../infra/local/verify-audit-cli.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

interface AuditBody {
  claimId: string;
  events: AuditEvent[];
  verification: { valid: boolean; length: number; firstBroken: { seq: number; reason: string } | null };
}

describe('audit trail (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let claimId: string;
  let auditorToken: string;
  let archive: DynamoAuditArchive;
  // A day that has ended by `later`: today's Beijing date, checked as if two days had passed.
  const today = beijingDate(new Date());
  const later = () => new Date(Date.now() + 2 * 86_400_000);

  async function audit(id: string, token: string): Promise<{ status: number; body: AuditBody }> {
    const res = await fetch(`${stack.runtime.apiUrl}/claims/${id}/audit`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: (await res.json()) as AuditBody };
  }

  beforeAll(async () => {
    stack = await startTestStack();
    archive = new DynamoAuditArchive(documentClient(stack.ddb), stack.runtime.tables.claims);
    auditorToken = await stack.token(['auditor']);
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const submitted = await api.submit(validSubmission());
    expect(submitted.status).toBe(202);
    claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
  });
  afterAll(async () => {
    await stack.close();
  });

  it('a PAID claim has a valid chain over GET /claims/{id}/audit, for its member and an auditor', async () => {
    // Act
    const asAuditor = await audit(claimId, auditorToken);
    const asMember = await audit(claimId, await stack.token(['member'], { memberId: 'M000001' }));
    // Assess
    expect(asAuditor.status).toBe(200);
    expect(asMember.status).toBe(200);
    const { events, verification } = asAuditor.body;
    expect(verification).toMatchObject({ valid: true, length: events.length, firstBroken: null });
    expect(events.at(-1)?.to).toBe('PAID');
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    for (const [i, event] of events.entries()) {
      expect(event.seq).toBe(i + 1);
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(event.prevHash).toBe(events[i - 1]?.hash);
    }
  });

  it("a member cannot read another member's audit trail (404)", async () => {
    const res = await audit(claimId, await stack.token(['member'], { memberId: 'M000002' }));
    expect(res.status).toBe(404);
  });

  it('the verify command verifies every chain and records the digest of the day once', async () => {
    // Act
    const first = await verifyAudit(archive, { digestDate: today, now: later() });
    const again = await verifyAudit(archive, { digestDate: today, now: later() });
    // Assess
    expect(first.exitCode).toBe(0);
    expect(first.report).toMatchObject({ verified: 1, broken: [] });
    expect(first.lines).toContain('1 chains verified, 0 broken');
    expect(first.digest?.outcome).toBe('written');
    expect(first.digest?.digest.claims).toBe(1);
    expect(again.digest?.outcome).toBe('matches');
    expect(again.digest?.digest.digest).toBe(first.digest?.digest.digest);
  });

  it('a tampered event is reported by the endpoint and by the verify command', async () => {
    // Prepare: change the reason of event 3 directly in the table.
    await stack.ddb.send(
      new UpdateItemCommand({
        TableName: stack.runtime.tables.claims,
        Key: { pk: { S: `CLAIM#${claimId}` }, sk: { S: 'EVT#000003' } },
        UpdateExpression: 'SET reason = :r',
        ExpressionAttributeValues: { ':r': { S: 'rewritten afterwards' } },
      }),
    );
    // Act
    const res = await audit(claimId, auditorToken);
    const result = await verifyAudit(archive);
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.verification.valid).toBe(false);
    expect(res.body.verification.firstBroken).toEqual({ seq: 3, reason: BREAK_REASONS.hashMismatch });
    expect(result.exitCode).toBe(1);
    expect(result.report.broken).toEqual([{ claimId, seq: 3, reason: BREAK_REASONS.hashMismatch }]);
    expect(result.lines).toContain('1 chains verified, 1 broken');
    expect(result.lines.some((l) => l.includes(claimId) && l.includes('seq 3'))).toBe(true);
  });

  it('a chain rewritten whole (every hash recomputed) no longer matches the recorded digest', async () => {
    // Prepare: recompute the chain over the tampered event, as someone with write access could.
    const doc = documentClient(stack.ddb);
    const { events } = (await audit(claimId, auditorToken)).body;
    let prev: string | undefined = events[1]?.hash;
    for (const event of events.slice(2)) {
      const { prevHash: _p, hash: _h, ...content } = event;
      const rechained = chainEvent(content, prev);
      await doc.send(
        new PutCommand({
          TableName: stack.runtime.tables.claims,
          Item: { ...claimKeys.event(claimId, event.seq), type: 'event', ...rechained },
        }),
      );
      prev = rechained.hash;
    }
    await doc.send(
      new UpdateCommand({
        TableName: stack.runtime.tables.claims,
        Key: claimKeys.meta(claimId),
        UpdateExpression: 'SET lastEventHash = :h',
        ExpressionAttributeValues: { ':h': prev },
      }),
    );
    // Act
    const res = await audit(claimId, auditorToken);
    const result = await verifyAudit(archive, { digestDate: today, now: later() });
    // Assess: the chain verifies in the table alone, but the archive (the API compares with it) and the
    // day's digest show it was rewritten.
    expect(res.body.verification.valid).toBe(false);
    expect(res.body.verification.firstBroken).toEqual({ seq: 3, reason: ARCHIVE_BREAKS.eventDiffers });
    expect(result.report.broken).toEqual([]);
    expect(result.digest?.outcome).toBe('differs');
    expect(result.exitCode).toBe(1);
  });
});
