import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { DynamoRegistryStore } from '../../functions/adapters/dynamodb/registry-store.ts';
import { DynamoUploadsStore } from '../../functions/adapters/dynamodb/uploads-store.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import { hashIdNumber, makeIdNumber } from '../../functions/domain/id-number.ts';
import { formatCsvLine } from '../../functions/domain/member-import/csv.ts';
import { payoutIdOf } from '../../functions/domain/payments/payout-ref.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { budgetYear } from '../../functions/usecases/ledger.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants, demo } from '../fixtures/demo.ts';
import { sha256 } from '../fixtures/documents.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

type Json = Record<string, unknown>;
interface Target {
  uploadId: string;
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

const UNIT = demo.members.find((m) => m.memberId === 'M000001')?.unitCode ?? '';
const MEMBERS = claimants((m) => m.unitCode === UNIT).slice(0, 3);
const encoder = new TextEncoder();

describe('staff file uploads: a bank result and a member list sent by form, then taken by their routes (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let payments: DynamoPaymentsStore;
  let uploads: DynamoUploadsStore;
  let registry: DynamoRegistryStore;
  let claims: DynamoClaimsStore;
  let finance: string;
  let colleague: string;
  let batchText: string;
  const claimIds: string[] = [];
  const year = budgetYear(new Date());
  const today = beijingDate(new Date());

  const call = async (path: string, token: string, body: unknown, type = 'application/json') => {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (text === '' ? {} : JSON.parse(text)) as Json,
    };
  };

  /** Declares a file (its own size and hash unless told) and sends `sent` by the form: what a browser does. */
  async function upload(
    token: string,
    purpose: string,
    bytes: Uint8Array,
    options: { sent?: Uint8Array; contentType?: string } = {},
  ): Promise<{ uploadId: string; status: number }> {
    const declared = await call('/uploads', token, {
      purpose,
      contentType: options.contentType ?? 'text/csv',
      bytes: bytes.length,
      sha256: sha256(bytes),
    });
    expect(declared.status).toBe(201);
    const target = declared.body as unknown as Target;
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append('file', new Blob([options.sent ?? bytes]), 'file.csv');
    const sent = await fetch(target.url, { method: 'POST', body: form });
    await sent.arrayBuffer();
    return { uploadId: target.uploadId, status: sent.status };
  }

  const payoutsNow = () => Promise.all(claimIds.map((id) => payments.getPayout(payoutIdOf(id, 1))));
  const timelines = () => Promise.all(claimIds.map(async (id) => (await claims.timeline(id)).length));

  beforeAll(async () => {
    stack = await startTestStack();
    const doc = documentClient(stack.ddb);
    const { tables, outboxDir } = stack.runtime;
    payments = new DynamoPaymentsStore(doc, tables.claims);
    uploads = new DynamoUploadsStore(doc, tables.claims);
    registry = new DynamoRegistryStore(doc, tables.registry);
    claims = new DynamoClaimsStore(doc, tables.claims, tables.registry);
    finance = await stack.token(['staff'], { unitCode: UNIT, sub: 'finance-office' });
    colleague = await stack.token(['staff'], { unitCode: UNIT, sub: 'finance-colleague' });
    await stack.registry.putAll({
      budgets: [{ unitCode: UNIT, programId: 'skill-boost', year, allocatedFen: 5000_00, paidFen: 0 }],
    });
    for (const [i, member] of MEMBERS.entries()) {
      const api = apiClient(
        stack.runtime.apiUrl,
        await stack.token(['member'], { memberId: member.memberId }),
      );
      const submitted = await api.submit(
        validSubmission({
          memberId: member.memberId,
          evidence: [{ kind: 'certificate', number: `UPL-2026-${i}` }],
          payee: {
            name: member.name,
            bankName: '中国工商银行北京海淀支行',
            accountNumber: `62220202001155667${i}0`,
          },
        }),
      );
      expect(submitted.status).toBe(202);
      const claimId = String(submitted.body.claimId);
      await api.waitFor(claimId, ['AWAITING_APPROVAL']);
      await decideAllLevels(api, outboxDir, claimId);
      await api.waitFor(claimId, ['PAID']);
      claimIds.push(claimId);
    }
    const cut = await call('/payment-batches', finance, { unitCode: UNIT, date: today });
    expect(cut.status).toBe(201);
    const file = await fetch(`${stack.runtime.apiUrl}/payment-batches/${String(cut.body.batchId)}`, {
      headers: { authorization: `Bearer ${finance}` },
    });
    batchText = await file.text();
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  /**
   * The bank's result of the batch: every line confirmed (the last one returned when told), then
   * `repeats` lines the bank sent again.
   */
  function bankResult(repeats: number, returnedLast = false): Uint8Array {
    const [head = '', ...lines] = batchText.split('\r\n');
    const data = lines.filter((l) => l !== '' && !l.startsWith('合计'));
    const results = data.map((l, i) =>
      returnedLast && i === data.length - 1 ? `${l},RETURNED,账户已销户` : `${l},CONFIRMED,`,
    );
    const again = Array.from({ length: repeats }, (_, i) => results[i % results.length] ?? '');
    return encoder.encode([`${head},结果(Result),原因(Reason)`, ...results, ...again, ''].join('\r\n'));
  }

  it('refuses to sign a form for a member, an auditor, a type the purpose does not take or over 50 MiB', async () => {
    const member = await stack.token(['member'], { memberId: 'M000001' });
    const auditor = await stack.token(['auditor']);
    const ask = (token: string, body: Json) => call('/uploads', token, body);
    const good = { purpose: 'bank-result', contentType: 'text/csv', bytes: 10, sha256: 'a'.repeat(64) };
    expect((await ask(member, good)).status).toBe(403);
    expect((await ask(auditor, { ...good, purpose: 'member-import' })).status).toBe(403);
    const type = await ask(finance, { ...good, contentType: 'application/pdf' });
    expect(type.status).toBe(400);
    expect(type.type).toContain('application/problem+json');
    expect(type.body.errors).toEqual([
      { field: 'contentType', message: 'a bank-result file must be text/csv' },
    ]);
    const big = await ask(finance, { ...good, bytes: 50 * 1024 * 1024 + 1 });
    expect(big.status).toBe(400);
    expect((big.body.errors as { field: string }[])[0]?.field).toBe('bytes');
  });

  it('a multi-megabyte bank result is uploaded, then reconciled as the same file in the body would be, once; its returned line waits for a second person', async () => {
    // Prepare: the batch's three lines (one returned), then 25,000 lines the bank repeated (refused without a lookup).
    const file = bankResult(25_000, true);
    expect(file.length).toBeGreaterThan(2 * 1024 * 1024);
    const { uploadId, status } = await upload(finance, 'bank-result', file);
    expect(status).toBe(204);
    // Act
    const res = await call('/payment-batches/reconciliations', finance, { uploadId });
    const again = await call('/payment-batches/reconciliations', finance, { uploadId });
    // Assess
    expect(res.status).toBe(202);
    expect(res.body.summary).toEqual({
      lines: 25_003,
      confirmed: 2,
      returned: 0,
      unchanged: 0,
      refused: 25_000,
      waiting: 1,
    });
    expect(res.body.fileSha256).toBe(sha256(file));
    expect((await payoutsNow()).map((p) => p?.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'PENDING']);
    // The file is too big for the pending item: the second person's confirmation reads it from the upload.
    const reconciliationId = String(res.body.reconciliationId);
    const stored = await payments.getReconciliation(reconciliationId);
    expect(stored?.text).toBe('');
    // It waits RECONCILIATION_EXPIRY_DAYS (14) for the second person.
    expect(Date.parse(String(stored?.expiresAt)) - Date.parse(String(stored?.uploadedAt))).toBe(
      14 * 86_400_000,
    );
    const confirmed = await call(
      `/payment-batches/reconciliations/${reconciliationId}/confirm`,
      colleague,
      {},
    );
    expect(confirmed.status).toBe(200);
    expect((confirmed.body.summary as Json).returned).toBe(1);
    expect((await payoutsNow()).map((p) => p?.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'RETURNED']);
    expect(again.status).toBe(409);
    expect(again.type).toContain('application/problem+json');
    expect(again.body.errors).toEqual([{ field: 'uploadId', message: 'this upload was used already' }]);
    expect(await uploads.getUpload(uploadId)).toMatchObject({ status: 'USED', uploadedBy: 'finance-office' });
  });

  it('refuses a file whose SHA-256 is not the one declared, another person’s upload and one for another purpose; nothing is applied', async () => {
    const file = bankResult(0);
    const before = { payouts: await payoutsNow(), timelines: await timelines() };
    // The same size, one byte changed: the form takes it (locally, as S3 would refuse it), the route does not.
    const tampered = file.slice();
    tampered[tampered.length - 3] = 0x2e;
    const mismatch = await upload(finance, 'bank-result', file, { sent: tampered });
    expect(mismatch.status).toBe(204);
    const hash = await call('/payment-batches/reconciliations', finance, { uploadId: mismatch.uploadId });
    expect(hash.status).toBe(422);
    expect(hash.type).toContain('application/problem+json');
    expect(hash.body.errors).toEqual([
      { field: 'sha256', message: 'the file’s SHA-256 is not the one declared' },
    ]);
    expect(await uploads.getUpload(mismatch.uploadId)).toMatchObject({ status: 'PENDING' });

    const mine = await upload(finance, 'bank-result', file);
    const theirs = await call('/payment-batches/reconciliations', colleague, { uploadId: mine.uploadId });
    expect(theirs.status).toBe(403);
    expect(theirs.body.errors).toEqual([
      { field: 'uploadId', message: 'this upload was sent by another person' },
    ]);
    const forImport = await call('/members/import', finance, { uploadId: mine.uploadId });
    expect(forImport.status).toBe(409);
    expect(forImport.body.errors).toEqual([
      { field: 'uploadId', message: 'this upload is for bank-result, not member-import' },
    ]);
    const unknown = await call('/payment-batches/reconciliations', finance, { uploadId: 'x'.repeat(22) });
    expect(unknown.status).toBe(404);
    const notSent = (
      await call('/uploads', finance, {
        purpose: 'bank-result',
        contentType: 'text/csv',
        bytes: file.length,
        sha256: sha256(file),
      })
    ).body as unknown as Target;
    const missing = await call('/payment-batches/reconciliations', finance, { uploadId: notSent.uploadId });
    expect(missing.status).toBe(409);
    expect(missing.body.errors).toEqual([
      { field: 'uploadId', message: 'the file of this upload has not been sent' },
    ]);
    // Nothing of any of them was applied, and the upload refused to others is still the sender's to use.
    expect({ payouts: await payoutsNow(), timelines: await timelines() }).toEqual(before);
    expect(await uploads.getUpload(mine.uploadId)).toMatchObject({ status: 'PENDING' });
    // The inline body keeps working.
    const inline = await call(
      '/payment-batches/reconciliations',
      finance,
      new TextDecoder().decode(file),
      'text/csv',
    );
    expect(inline.status).toBe(200);
    expect(inline.body.summary).toMatchObject({ unchanged: 2, refused: 1, confirmed: 0, returned: 0 });
  });

  it('a member list uploaded is imported as the same list in the body would be; a refused one writes nothing', async () => {
    // Prepare: 2,000 new members of a unit of the Haidian district, as an admin sends them.
    const admin = await stack.token(['admin'], { sub: 'registry-office' });
    const header = ['姓名', '身份证号', '手机号', '基层工会代码', '入会日期'];
    const ids = Array.from({ length: 2000 }, (_, i) =>
      makeIdNumber('110108', `1990-01-0${1 + Math.floor(i / 1000)}`, i % 1000),
    );
    const rows = ids.map((id, i) => [
      `上传会员${i}`,
      id,
      `1370000${String(i).padStart(4, '0')}`,
      'BJ-HD-001',
      '2024-01-01',
    ]);
    const csv = encoder.encode([header, ...rows].map((r) => formatCsvLine(r)).join(''));
    expect(csv.length).toBeGreaterThan(64 * 1024);
    // The local runtime's ID-number key (PII_HASH_KEY is not set locally).
    const hashKey = LOCAL_PII_HASH_KEY;
    const registered = async () =>
      (await registry.findMemberIdsByIdHash(ids.slice(0, 5).map((id) => hashIdNumber(id, hashKey)))).size;
    // A hash mismatch first: refused, nothing written.
    const tampered = csv.slice();
    tampered[tampered.length - 2] = 0x39;
    const bad = await upload(admin, 'member-import', csv, { sent: tampered });
    const refused = await call('/members/import', admin, { uploadId: bad.uploadId });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'sha256', message: 'the file’s SHA-256 is not the one declared' },
    ]);
    expect(await registered()).toBe(0);
    // Act
    const { uploadId } = await upload(admin, 'member-import', csv, {
      contentType: 'application/octet-stream',
    });
    const res = await call('/members/import?encoding=utf8', admin, { uploadId });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 2000, valid: 2000, invalid: 0, created: 2000, written: true });
    expect(await registered()).toBe(5);
    const reused = await call('/members/import', admin, { uploadId });
    expect(reused.status).toBe(409);
  });
});
