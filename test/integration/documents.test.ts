import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoDocumentsStore } from '../../functions/adapters/dynamodb/documents-store.ts';
import { LocalDocumentFiles } from '../../functions/adapters/local-document-files.ts';
import { beijingYear } from '../../functions/domain/calendar.ts';
import { MAX_DOCUMENT_BYTES } from '../../functions/domain/documents/document.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants, demoMemberName } from '../fixtures/demo.ts';
import { PNG_1X1, pdfInvoice, sha256 } from '../fixtures/documents.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack, until } from '../support/local-stack.ts';

type Json = Record<string, unknown>;
interface Target {
  documentId: string;
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/** Members of the Haidian district's units, one claim each. */
const MEMBERS = claimants((m) => m.unitCode.startsWith('BJ-HD-'));
/** A unit outside the district. */
const ELSEWHERE = claimants((m) => !m.unitCode.startsWith('BJ-HD'))[0]?.unitCode ?? '';

describe('documents of a claim: upload, checks after upload, nothing left behind (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let store: DynamoDocumentsStore;
  let next = 0;

  beforeAll(async () => {
    stack = await startTestStack();
    store = new DynamoDocumentsStore(documentClient(stack.ddb), stack.runtime.tables.claims);
  });
  afterAll(async () => {
    await stack.close();
  });

  /** A claim of the next member of the unit, waiting for approval; with the member's token. */
  async function claimWaiting(): Promise<{
    claimId: string;
    memberId: string;
    unitCode: string;
    token: string;
  }> {
    const member = MEMBERS[next++];
    if (member === undefined) throw new Error('no more demo members');
    const token = await stack.token(['member'], { memberId: member.memberId });
    const api = apiClient(stack.runtime.apiUrl, token);
    const res = await api.submit(
      validSubmission({
        memberId: member.memberId,
        payee: {
          name: demoMemberName(member.memberId),
          bankName: '中国工商银行',
          accountNumber: '6222020200112233445',
        },
        evidence: [{ kind: 'certificate', number: `JS-2026-${member.memberId}` }],
      }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    return { claimId, memberId: member.memberId, unitCode: member.unitCode, token };
  }

  async function askUpload(token: string, claimId: string, body: unknown) {
    const res = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Json,
    };
  }

  /** POSTs the form as a browser would: every field, then the file. */
  async function postForm(target: Target, bytes: Uint8Array, fields: Record<string, string> = target.fields) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([bytes]), 'invoice.pdf');
    const res = await fetch(target.url, { method: 'POST', body: form });
    const text = await res.text();
    return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Json) };
  }

  async function claimOf(token: string, claimId: string): Promise<Json> {
    return (await apiClient(stack.runtime.apiUrl, token).claim(claimId)).body;
  }

  /** The files of a claim's documents folder under the data folder. */
  async function filesOf(claimId: string): Promise<string[]> {
    return readdir(join(stack.dataDir, 'documents', 'claims', claimId, 'documents')).catch(() => []);
  }

  /** Nothing of a refused upload stays: no document on the claim, no item, no file. */
  async function expectNothingLeft(token: string, claimId: string): Promise<void> {
    expect((await claimOf(token, claimId)).documents).toEqual([]);
    expect(await store.listDocuments(claimId)).toEqual([]);
    expect(await filesOf(claimId)).toEqual([]);
  }

  it('a member uploads a PDF: the form is answered, the file kept, the document STORED and an audit event of the claim', async () => {
    const { claimId, memberId, token } = await claimWaiting();
    const pdf = pdfInvoice();
    const asked = await askUpload(token, claimId, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf).toUpperCase(),
    });
    expect(asked.status).toBe(201);
    const target = asked.body as unknown as Target;
    expect(target.fields['Content-Type']).toBe('application/pdf');
    expect(target.fields['x-amz-meta-sha256']).toBe(sha256(pdf));
    expect(Date.parse(target.expiresAt)).toBeGreaterThan(Date.now());
    // Before the file comes, the claim lists the document PENDING.
    const before = (await claimOf(token, claimId)).documents as Json[];
    expect(before.map((d) => d.status)).toEqual(['PENDING']);

    const posted = await postForm(target, pdf);
    expect(posted.status).toBe(204);

    const claim = await claimOf(token, claimId);
    expect(claim.status).toBe('AWAITING_APPROVAL');
    const documents = claim.documents as Json[];
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      documentId: target.documentId,
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
      status: 'STORED',
    });
    expect(JSON.stringify(claim)).not.toContain('objectKey');
    const event = (claim.timeline as Json[]).find((e) => e.action === 'document-stored');
    expect(event).toMatchObject({
      from: 'AWAITING_APPROVAL',
      to: 'AWAITING_APPROVAL',
      actor: { kind: 'member', id: memberId },
      document: {
        documentId: target.documentId,
        kind: 'certificate',
        contentType: 'application/pdf',
        bytes: pdf.length,
        sha256: sha256(pdf),
        uploadedBy: memberId,
      },
    });
    expect(await filesOf(claimId)).toContain(target.documentId);
    // The event is on the claim's hash chain, which still verifies.
    const audit = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/audit`, {
      headers: { authorization: `Bearer ${await stack.token(['auditor'])}` },
    });
    const verification = ((await audit.json()) as Json).verification as Json;
    expect(verification.valid).toBe(true);
  });

  it('staff of the member’s unit upload for the member; their token subject is the uploader', async () => {
    const { claimId, unitCode, token } = await claimWaiting();
    const staff = await stack.token(['staff'], { unitCode, sub: 'staff-hd-001' });
    const png = PNG_1X1;
    const asked = await askUpload(staff, claimId, {
      kind: 'certificate',
      contentType: 'image/png',
      bytes: png.length,
      sha256: sha256(png),
    });
    expect(asked.status).toBe(201);
    expect((await postForm(asked.body as unknown as Target, png)).status).toBe(204);
    const event = ((await claimOf(token, claimId)).timeline as Json[]).find(
      (e) => e.action === 'document-stored',
    );
    expect(event).toMatchObject({
      actor: { kind: 'staff', id: 'staff-hd-001' },
      document: { uploadedBy: 'staff-hd-001' },
    });
  });

  it('a stored document is served by a signed view link until it expires; a forged or expired link is refused', async () => {
    const { claimId, token } = await claimWaiting();
    const pdf = pdfInvoice('Invoice to view');
    const asked = await askUpload(token, claimId, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
    });
    const target = asked.body as unknown as Target;
    expect((await postForm(target, pdf)).status).toBe(204);
    const key = target.fields.key ?? '';
    const { keys } = await localKeys(stack.dataDir);
    const files = new LocalDocumentFiles(
      join(stack.dataDir, 'documents'),
      stack.runtime.apiUrl,
      keys.documentLink,
    );
    const link = await files.viewUrl(key, { expiresInSeconds: 60, fileName: 'invoice.pdf' });
    const viewed = await fetch(link);
    expect(viewed.status).toBe(200);
    expect(viewed.headers.get('content-type')).toBe('application/pdf');
    expect(viewed.headers.get('content-disposition')).toBe('inline; filename="invoice.pdf"');
    expect(Buffer.from(await viewed.arrayBuffer()).equals(pdf)).toBe(true);
    const forged = new URL(link);
    forged.searchParams.set('filename', 'other.pdf');
    expect((await fetch(forged)).status).toBe(403);
    const past = new LocalDocumentFiles(
      join(stack.dataDir, 'documents'),
      stack.runtime.apiUrl,
      keys.documentLink,
      () => new Date(Date.now() - 120_000),
    );
    const expired = await fetch(await past.viewUrl(key, { expiresInSeconds: 60 }));
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as Json).detail).toBe('the link has expired');
  });

  it('a declaration that cannot be kept is refused field by field, and nothing is recorded', async () => {
    const { claimId, token } = await claimWaiting();
    const pdf = pdfInvoice();
    const good = {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
    };
    const cases: [Json, string][] = [
      [{ ...good, kind: 'invoice' }, 'kind'],
      [{ ...good, contentType: 'text/plain' }, 'contentType'],
      [{ ...good, contentType: 'image/gif' }, 'contentType'],
      [{ ...good, bytes: MAX_DOCUMENT_BYTES + 1 }, 'bytes'],
      [{ ...good, bytes: 0 }, 'bytes'],
      [{ ...good, sha256: 'abc' }, 'sha256'],
    ];
    for (const [body, field] of cases) {
      const res = await askUpload(token, claimId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect((res.body.errors as Json[]).map((e) => e.field)).toEqual([field]);
    }
    await expectNothingLeft(token, claimId);
  });

  it('a member of another claim, staff of another unit and a claim that does not exist are refused', async () => {
    const { claimId, token } = await claimWaiting();
    const other = await claimWaiting();
    const pdf = pdfInvoice();
    const body = {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
    };
    expect((await askUpload(other.token, claimId, body)).status).toBe(404);
    const elsewhere = await stack.token(['staff'], { unitCode: ELSEWHERE, sub: 'staff-elsewhere' });
    expect((await askUpload(elsewhere, claimId, body)).status).toBe(404);
    expect((await askUpload(await stack.token(['auditor']), claimId, body)).status).toBe(403);
    expect((await askUpload(token, 'C0000000000000000000000000', body)).status).toBe(404);
    await expectNothingLeft(token, claimId);
  });

  it('a PNG declared as a PDF is refused after upload, and nothing is left behind', async () => {
    const { claimId, token } = await claimWaiting();
    const png = PNG_1X1;
    const asked = await askUpload(token, claimId, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: png.length,
      sha256: sha256(png),
    });
    expect(asked.status).toBe(201);
    const posted = await postForm(asked.body as unknown as Target, png);
    expect(posted.status).toBe(422);
    expect(posted.body).toMatchObject({ title: 'Document refused', code: 'type-mismatch' });
    expect(posted.body.detail).toBe('the file is image/png, not the application/pdf declared');
    expect(posted.body.errors).toEqual([{ field: 'contentType', message: posted.body.detail }]);
    await expectNothingLeft(token, claimId);
  });

  it('a text file named invoice.pdf and declared a PDF is refused: its type is read from the bytes', async () => {
    const { claimId, token } = await claimWaiting();
    const text = Buffer.from('Invoice 110108-0042\nTotal CNY 3200.00\n', 'utf8');
    const asked = await askUpload(token, claimId, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: text.length,
      sha256: sha256(text),
    });
    const posted = await postForm(asked.body as unknown as Target, text);
    expect(posted.status).toBe(422);
    expect(posted.body.detail).toBe('the file is not application/pdf: its bytes are of no image or PDF type');
    await expectNothingLeft(token, claimId);
  });

  it('a file over 10 MiB is refused after upload, and nothing is left behind', async () => {
    const { claimId, token } = await claimWaiting();
    const pdf = pdfInvoice();
    const big = Buffer.concat([pdf, Buffer.alloc(MAX_DOCUMENT_BYTES + 1 - pdf.length, 0x20)]);
    const asked = await askUpload(token, claimId, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: MAX_DOCUMENT_BYTES,
      sha256: sha256(big.subarray(0, MAX_DOCUMENT_BYTES)),
    });
    expect(asked.status).toBe(201);
    const posted = await postForm(asked.body as unknown as Target, big);
    expect(posted.status).toBe(422);
    expect(posted.body.detail).toBe(
      `the file has ${MAX_DOCUMENT_BYTES + 1} bytes; a document may have at most ${MAX_DOCUMENT_BYTES} (10 MiB)`,
    );
    await expectNothingLeft(token, claimId);
  });

  it('a file whose SHA-256 is not the declared one is refused, and nothing is left behind', async () => {
    const { claimId, token } = await claimWaiting();
    const declared = pdfInvoice('Invoice 110108-0042, CNY 3200.00');
    const sent = pdfInvoice('Invoice 110108-0042, CNY 9200.00');
    expect(sent.length).toBe(declared.length);
    const asked = await askUpload(token, claimId, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: declared.length,
      sha256: sha256(declared),
    });
    const posted = await postForm(asked.body as unknown as Target, sent);
    expect(posted.status).toBe(422);
    expect(posted.body.detail).toBe(
      `the file's SHA-256 is ${sha256(sent)}, not the ${sha256(declared)} declared`,
    );
    expect(posted.body.errors).toEqual([{ field: 'sha256', message: posted.body.detail }]);
    expect(posted.body.code).toBe('hash-mismatch');
    await expectNothingLeft(token, claimId);
  });

  it('an upload form changed or forged by the client is refused before anything is stored', async () => {
    const { claimId, token } = await claimWaiting();
    const pdf = pdfInvoice();
    const asked = await askUpload(token, claimId, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
    });
    const target = asked.body as unknown as Target;
    const otherKey = target.fields.key?.replace(claimId, 'C0000000000000000000000000') ?? '';
    const changed = await postForm(target, pdf, { ...target.fields, key: otherKey });
    expect(changed.status).toBe(403);
    expect(String(changed.body.detail)).toContain('key');
    const forged = await postForm(target, pdf, { ...target.fields, 'X-Amz-Signature': '0'.repeat(64) });
    expect(forged.status).toBe(403);
    expect(await filesOf(claimId)).toEqual([]);
    expect(await filesOf('C0000000000000000000000000')).toEqual([]);
  });

  it('documents never reach the evaluation export: a paid claim’s stored document leaves no trace in its files', async () => {
    const { claimId, token } = await claimWaiting();
    const pdf = pdfInvoice('Invoice for the export check');
    const asked = await askUpload(token, claimId, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
    });
    const target = asked.body as unknown as Target;
    expect((await postForm(target, pdf)).status).toBe(204);
    const api = apiClient(stack.runtime.apiUrl, token);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
    const auditor = await stack.token(['auditor'], { sub: 'auditor-docs' });
    const started = await fetch(`${stack.runtime.apiUrl}/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ year: beijingYear(new Date()) }),
    });
    expect(started.status).toBe(202);
    const { exportId } = (await started.json()) as { exportId: string };
    await until(`export ${exportId} to finish`, async () => {
      const res = await fetch(`${stack.runtime.apiUrl}/exports/${exportId}`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      const body = (await res.json()) as Json;
      return body.status === 'RUNNING' ? undefined : body.status;
    });
    const folder = join(stack.dataDir, 'exports', exportId);
    const names = await readdir(folder);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      const text = await readFile(join(folder, name), 'utf8');
      expect(text, name).not.toContain(target.documentId);
      expect(text, name).not.toContain(sha256(pdf));
      expect(text, name).not.toMatch(/"(documents?|documentId|objectKey)"\s*:/);
    }
    // Auditors reach the document through the claim.
    const read = await apiClient(stack.runtime.apiUrl, auditor).claim(claimId);
    expect((read.body.documents as Json[]).map((d) => d.documentId)).toEqual([target.documentId]);
  });

  it('a rejected claim takes no documents: neither a new form nor the file of a form asked for before', async () => {
    const { claimId, token } = await claimWaiting();
    const pdf = pdfInvoice();
    const body = {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
    };
    const early = await askUpload(token, claimId, body);
    expect(early.status).toBe(201);
    const api = apiClient(stack.runtime.apiUrl, token);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId, 'reject');
    await api.waitFor(claimId, ['REJECTED']);
    const refused = await askUpload(token, claimId, body);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('REJECTED');
    const posted = await postForm(early.body as unknown as Target, pdf);
    expect(posted.status).toBe(422);
    expect(posted.body.detail).toContain('REJECTED');
    await expectNothingLeft(token, claimId);
  });
});
