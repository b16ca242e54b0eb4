import { readFile, writeFile } from 'node:fs/promises';
import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { LocalAuditArchive, localArchiveFile } from '../../functions/adapters/local-audit-archive.ts';
import { ARCHIVE_BREAKS } from '../../functions/domain/audit-archive.ts';
import type { AuditEvent } from '../../functions/domain/claim.ts';
import {
  ARCHIVE_DIGEST_BREAKS,
  hourOf,
  recordArchiveDigest,
} from '../../functions/usecases/archive-digest.ts';
import { DynamoAuditArchive, verifyAudit } from '../../infra/local/verify-audit-cli.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

interface AuditBody {
  claimId: string;
  events: AuditEvent[];
  verification: { valid: boolean; firstBroken: { seq: number; reason: string } | null };
}

/**
 * Attacks on the audit record by someone with write access to the claims table (DynamoDB Local edited
 * directly with the SDK): the verify command and GET /claims/{id}/audit must both find them.
 */
describe('audit chain attacks (DynamoDB Local edited directly)', () => {
  let stack: TestStack;
  let table: string;
  let auditorToken: string;

  async function audit(id: string): Promise<{ status: number; body: AuditBody }> {
    const res = await fetch(`${stack.runtime.apiUrl}/claims/${id}/audit`, {
      headers: { authorization: `Bearer ${auditorToken}` },
    });
    return { status: res.status, body: (await res.json()) as AuditBody };
  }

  async function verifyCommand() {
    return verifyAudit(new DynamoAuditArchive(documentClient(stack.ddb), table), {
      auditArchive: new LocalAuditArchive(localArchiveFile(stack.dataDir)),
    });
  }

  /** A claim of M000001 paid through its links, its execution ended (no event is appended after). */
  async function paidClaim(evidenceNumber: string): Promise<string> {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: evidenceNumber }] }),
    );
    expect(submitted.status).toBe(202);
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
    const executionArn = `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
    await expect
      .poll(async () => (await stack.runtime.engine.describeExecution({ executionArn })).status)
      .toBe('SUCCEEDED');
    return claimId;
  }

  const key = (claimId: string, sk: string) => ({ pk: { S: `CLAIM#${claimId}` }, sk: { S: sk } });
  const evtSk = (seq: number) => `EVT#${String(seq).padStart(6, '0')}`;

  beforeAll(async () => {
    stack = await startTestStack();
    table = stack.runtime.tables.claims;
    auditorToken = await stack.token(['auditor']);
  });
  afterAll(async () => {
    await stack.close();
  });

  it('10.5 a claim of today with its hashes stripped and an event rewritten is invalid for the verify command and the API alike', async () => {
    // Prepare: a claim submitted today, its chain stripped as if written before chaining, then rewritten.
    const claimId = await paidClaim('JS-CHAIN-5');
    const { events } = (await audit(claimId)).body;
    for (const event of events) {
      await stack.ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(claimId, evtSk(event.seq)),
          UpdateExpression: 'REMOVE #hash, prevHash',
          ExpressionAttributeNames: { '#hash': 'hash' },
        }),
      );
    }
    await stack.ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key(claimId, 'META'),
        UpdateExpression: 'REMOVE lastEventHash',
      }),
    );
    await stack.ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key(claimId, evtSk(2)),
        UpdateExpression: 'SET reason = :r',
        ExpressionAttributeValues: { ':r': { S: 'rewritten afterwards' } },
      }),
    );
    // Act
    const api = await audit(claimId);
    const cli = await verifyCommand();
    // Assess: both say broken, at the same event, for the same reason.
    expect(api.status).toBe(200);
    expect(api.body.verification.valid).toBe(false);
    expect(api.body.verification.firstBroken).not.toBeNull();
    expect(cli.exitCode).toBe(1);
    const broken = cli.report.broken.find((b) => b.claimId === claimId);
    expect(broken).toEqual({ claimId, ...api.body.verification.firstBroken });
    expect(cli.lines.some((l) => l.includes('began before hash chaining'))).toBe(false);
  });

  describe('10.6 the append-only archive catches what an edit of the table hides', () => {
    it("a PAID claim's last two events deleted and its head moved back, right after payment", async () => {
      // Prepare: right after payment, delete the last two events and copy the head of the event before.
      const claimId = await paidClaim('JS-CHAIN-6A');
      const { events } = (await audit(claimId)).body;
      const kept = events.at(-3) as AuditEvent;
      for (const event of events.slice(-2)) {
        await stack.ddb.send(
          new DeleteItemCommand({ TableName: table, Key: key(claimId, evtSk(event.seq)) }),
        );
      }
      await stack.ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(claimId, 'META'),
          UpdateExpression: 'SET version = :v, lastEventHash = :h, #status = :s',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':v': { N: String(kept.seq) },
            ':h': { S: kept.hash as string },
            ':s': { S: kept.to },
          },
        }),
      );
      // Act
      const api = await audit(claimId);
      const cli = await verifyCommand();
      // Assess
      expect(api.body.verification.valid).toBe(false);
      expect(api.body.verification.firstBroken).toEqual({
        seq: kept.seq + 1,
        reason: ARCHIVE_BREAKS.eventMissing,
      });
      expect(cli.exitCode).toBe(1);
      expect(cli.report.broken.find((b) => b.claimId === claimId)).toEqual({
        claimId,
        ...api.body.verification.firstBroken,
      });
    });

    it('a claim removed whole (claim item and every event)', async () => {
      // Prepare
      const claimId = await paidClaim('JS-CHAIN-6B');
      const { events } = (await audit(claimId)).body;
      for (const sk of ['META', ...events.map((e) => evtSk(e.seq))]) {
        await stack.ddb.send(new DeleteItemCommand({ TableName: table, Key: key(claimId, sk) }));
      }
      // Act
      const cli = await verifyCommand();
      // Assess
      expect(cli.exitCode).toBe(1);
      expect(cli.report.broken.find((b) => b.claimId === claimId)).toEqual({
        claimId,
        seq: 1,
        reason: ARCHIVE_BREAKS.claimRemoved,
      });
    });
  });
  it('10.6 a claim removed from the table and from the archive file alike breaks the hourly digest of the archive', async () => {
    // Prepare: a paid claim, and the archive's digest of each hour its events fall in, once the hour ended.
    const claimId = await paidClaim('JS-CHAIN-6C');
    const file = localArchiveFile(stack.dataDir);
    const archive = new LocalAuditArchive(file);
    const { events } = (await audit(claimId)).body;
    const hours = [...new Set(events.map((e) => hourOf(new Date(e.at))))].sort();
    const later = new Date(Date.parse(`${hourOf(new Date())}:00:00.000Z`) + 3_600_000 + 1);
    for (const hour of hours)
      expect((await recordArchiveDigest(archive, later, hour)).outcome).toBe('written');
    const clean = await verifyAudit(new DynamoAuditArchive(documentClient(stack.ddb), table), {
      auditArchive: archive,
      now: later,
    });
    expect(clean.archiveDigests).toMatchObject({ checked: hours.length, broken: [] });
    // Act: the claim deleted from the table, and its lines cut out of the archive file.
    for (const sk of ['META', ...events.map((e) => evtSk(e.seq))]) {
      await stack.ddb.send(new DeleteItemCommand({ TableName: table, Key: key(claimId, sk) }));
    }
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, lines.filter((line) => !line.includes(claimId)).join('\n'), 'utf8');
    const cli = await verifyAudit(new DynamoAuditArchive(documentClient(stack.ddb), table), {
      auditArchive: archive,
      now: later,
    });
    // Assess: the chains alone no longer see the claim; the hour's digest does.
    expect(cli.report.broken.some((b) => b.claimId === claimId)).toBe(false);
    expect(cli.exitCode).toBe(1);
    expect(cli.archiveDigests?.broken).toEqual(
      hours.map((hour) => ({ hour, reason: ARCHIVE_DIGEST_BREAKS.archiveDiffers })),
    );
    expect(cli.lines.some((line) => line.startsWith(`ARCHIVE DIGEST ${hours[0]}`))).toBe(true);
  });
});
