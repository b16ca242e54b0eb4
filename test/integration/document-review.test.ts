import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFraudStore } from '../../functions/adapters/dynamodb/fraud-store.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants, demoMemberName } from '../fixtures/demo.ts';
import { pdfInvoice, sha256 } from '../fixtures/documents.ts';
import { photoJpeg } from '../fixtures/images.ts';
import {
  apiClient,
  approvalLink,
  postDecision,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';

type Json = Record<string, unknown>;

/** Members of the Haidian district's units, one claim each. */
const MEMBERS = claimants((m) => m.unitCode.startsWith('BJ-HD-'));

/** `YYYY:MM:DD HH:MM:SS` in Beijing time, as a camera in Beijing writes it. */
const exifDate = (ms: number) =>
  new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ').replaceAll('-', ':');

describe('approvers review documents: views audited, links expire, duplicates and photos older than their event flagged (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let fraud: DynamoFraudStore;
  let next = 0;
  /** How far the documents bucket's clock runs ahead of real time. */
  let bucketAheadMs = 0;

  beforeAll(async () => {
    stack = await startTestStack({ documentClock: () => new Date(Date.now() + bucketAheadMs) });
    fraud = new DynamoFraudStore(documentClient(stack.ddb), stack.runtime.tables.claims);
  });
  afterAll(async () => {
    await stack.close();
  });

  /** A claim of the next demo member, waiting for approval; with the member's token. */
  async function claimWaiting() {
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
        evidence: [{ kind: 'certificate', number: `JS-REVIEW-${member.memberId}` }],
      }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    const claim = await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    return {
      claimId,
      memberId: member.memberId,
      token,
      api,
      submittedAt: String(claim.submittedAt),
      incidentDate: String(claim.incidentDate),
    };
  }

  /** Declares a document, posts its form as a browser would and returns its id (the file is STORED). */
  async function upload(token: string, claimId: string, contentType: string, bytes: Uint8Array) {
    const asked = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'certificate', contentType, bytes: bytes.length, sha256: sha256(bytes) }),
    });
    expect(asked.status).toBe(201);
    const target = (await asked.json()) as {
      documentId: string;
      url: string;
      fields: Record<string, string>;
    };
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append('file', new Blob([bytes]), 'scan');
    const posted = await fetch(target.url, { method: 'POST', body: form });
    expect(posted.status).toBe(204);
    return target.documentId;
  }

  async function timeline(token: string, claimId: string): Promise<Json[]> {
    return (await apiClient(stack.runtime.apiUrl, token).claim(claimId)).body.timeline as Json[];
  }

  it('lists the documents on the approval page; each view is an audit event and redirects to a 5-minute link that then expires', async () => {
    // Prepare: a photo and a PDF on a claim waiting for its approver.
    const { claimId, token, api } = await claimWaiting();
    const photo = await photoJpeg({ seed: 1 });
    const pdf = pdfInvoice('Certificate JS-REVIEW');
    const photoId = await upload(token, claimId, 'image/jpeg', photo);
    const pdfId = await upload(token, claimId, 'application/pdf', pdf);
    const link = await approvalLink(stack.runtime.outboxDir, claimId);

    // Act: the page.
    const page = await fetch(`${link}?lang=en`);
    const html = await page.text();

    // Assess: both documents, a thumbnail for the photo, a link for the PDF; the CSP lets the images load.
    expect(page.status).toBe(200);
    const linkId = link.slice(link.lastIndexOf('/') + 1);
    expect(html).toContain(`<img src="${linkId}/documents/${photoId}?thumb=1"`);
    expect(html).toContain(`href="${linkId}/documents/${pdfId}?lang=en"`);
    expect(html).toContain('Open the PDF file');
    const origin = new URL(stack.runtime.apiUrl).origin;
    expect(page.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' ${origin}; form-action 'self'; frame-ancestors 'none'`,
    );
    expect((await timeline(token, claimId)).filter((e) => /viewed/.test(String(e.action)))).toEqual([]);

    // Act: the thumbnail, as the page's img loads it.
    const thumb = await fetch(`${link}/documents/${photoId}?thumb=1`, { redirect: 'manual' });
    expect(thumb.status).toBe(302);
    const thumbUrl = thumb.headers.get('location') ?? '';
    const thumbBytes = await fetch(thumbUrl);
    expect(thumbBytes.status).toBe(200);
    expect(thumbBytes.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(new Uint8Array(await thumbBytes.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 320 });
    expect(meta.exif).toBeUndefined();
    // Made once, kept beside the document: a second view finds it.
    const thumbFile = join(
      stack.dataDir,
      'documents',
      'claims',
      claimId,
      'documents',
      `${photoId}.thumb.jpg`,
    );
    const made = (await stat(thumbFile)).mtimeMs;
    expect((await fetch(`${link}/documents/${photoId}?thumb=1`, { redirect: 'manual' })).status).toBe(302);
    expect((await stat(thumbFile)).mtimeMs).toBe(made);

    // Act: the PDF itself.
    const opened = await fetch(`${link}/documents/${pdfId}`, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const pdfUrl = opened.headers.get('location') ?? '';
    const served = await fetch(pdfUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);

    // Assess: each view on the claim's audit chain, by the link's approver, naming the document and its hash.
    const views = (await timeline(token, claimId)).filter((e) => /viewed/.test(String(e.action)));
    expect(views.map((e) => e.action)).toEqual([
      'document-thumbnail-viewed',
      'document-thumbnail-viewed',
      'document-viewed',
    ]);
    for (const view of views) expect((view.actor as Json).kind).toBe('approver');
    expect(String(views[2]?.reason)).toContain(`document ${pdfId}`);
    expect(String(views[2]?.reason)).toContain(`sha256 ${sha256(pdf)}`);
    expect(String(views[0]?.reason)).toContain(`sha256 ${sha256(photo)}`);

    // Act + Assess: five minutes later the signed links are refused.
    bucketAheadMs = 301_000;
    try {
      const late = await fetch(pdfUrl);
      expect(late.status).toBe(403);
      expect(((await late.json()) as Json).detail).toBe('the link has expired');
      expect((await fetch(thumbUrl)).status).toBe(403);
    } finally {
      bucketAheadMs = 0;
    }

    // Another claim's document, or a made-up one, is not found through this link.
    const other = await claimWaiting();
    const otherId = await upload(other.token, other.claimId, 'application/pdf', pdfInvoice('Other'));
    expect((await fetch(`${link}/documents/${otherId}`, { redirect: 'manual' })).status).toBe(404);

    // Once decided, the link shows no document any more, and records no view.
    expect((await postDecision(link, { decision: 'approve', reason: '' })).status).toBe(200);
    await api.waitFor(claimId, ['PAID']);
    const after = await fetch(`${link}/documents/${pdfId}`, { redirect: 'manual' });
    expect(after.status).toBe(409);
    expect((await timeline(token, claimId)).filter((e) => /viewed/.test(String(e.action)))).toHaveLength(3);
  });

  it('flags the same file on two claims of different members, on both claims, each naming the other', async () => {
    // Prepare: one invoice photo.
    const first = await claimWaiting();
    const second = await claimWaiting();
    const photo = await photoJpeg({ seed: 2 });
    const hash = sha256(photo);
    await upload(first.token, first.claimId, 'image/jpeg', photo);
    expect(await fraud.flagsOf(first.claimId)).toEqual([]);

    // Act: the same bytes on another member's claim.
    await upload(second.token, second.claimId, 'image/jpeg', photo);

    // Assess: one open flag on each claim, naming the other; the hash index holds both.
    const onFirst = await fraud.flagsOf(first.claimId);
    const onSecond = await fraud.flagsOf(second.claimId);
    expect(onFirst.map((f) => [f.rule, f.state, f.key])).toEqual([
      ['document-reuse', 'OPEN', `document-reuse|${hash}|${second.claimId}`],
    ]);
    expect(onSecond.map((f) => [f.rule, f.state, f.key])).toEqual([
      ['document-reuse', 'OPEN', `document-reuse|${hash}|${first.claimId}`],
    ]);
    expect(onFirst[0]?.what.en).toContain(`claim ${second.claimId}`);
    expect(onSecond[0]?.what.en).toContain(`claim ${first.claimId}`);
    expect(onSecond[0]?.what.zh).toContain(`申请 ${first.claimId}`);
    expect(onSecond[0]?.holds).toBe(true);
    const claim = (await second.api.claim(second.claimId)).body;
    expect(claim.fraudHold).toEqual({ open: 1, confirmed: 0 });
    expect((claim.timeline as Json[]).some((e) => e.action === 'fraud-flagged')).toBe(true);
    const filed = await documentClient(stack.ddb).send(
      new QueryCommand({
        TableName: stack.runtime.tables.claims,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DOCHASH#${hash}` },
      }),
    );
    expect((filed.Items ?? []).map((i) => i.claimId).sort()).toEqual([first.claimId, second.claimId].sort());

    // The approver of the second claim sees the flag on the page.
    const page = await (
      await fetch(`${await approvalLink(stack.runtime.outboxDir, second.claimId)}?lang=en`)
    ).text();
    expect(page).toContain(`identical to the certificate file of claim ${first.claimId}`);
  });

  it('flags a photo of the certificate dated before the day it was issued, and not one taken after the submission', async () => {
    // Prepare: a technician's claim; its date is the certificate's issue date (30 days ago).
    const { claimId, token, submittedAt, incidentDate } = await claimWaiting();
    const submitted = Date.parse(submittedAt);
    const issued = Date.parse(`${incidentDate}T00:00:00+08:00`);

    // Honest: the certificate photographed two hours after the claim was submitted: no flag, no hold.
    await upload(
      token,
      claimId,
      'image/jpeg',
      await photoJpeg({ seed: 3, takenAt: exifDate(submitted + 2 * 3_600_000) }),
    );
    expect(await fraud.flagsOf(claimId)).toEqual([]);

    // Act: a photo the camera dated the evening before the certificate was issued.
    const early = await photoJpeg({ seed: 4, takenAt: exifDate(issued - 3 * 3_600_000) });
    const earlyId = await upload(token, claimId, 'image/jpeg', early);

    // Assess
    const flags = await fraud.flagsOf(claimId);
    expect(flags.map((f) => [f.rule, f.key, f.score])).toEqual([
      ['document-date-before-incident', `document-date-before-incident|${earlyId}`, 60],
    ]);
    expect(flags[0]?.what.en).toContain(`before the claim's certificate date ${incidentDate}`);
  });
});
