import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoTicketsStore } from '../../functions/adapters/dynamodb/tickets-store.ts';
import { linkHash } from '../../functions/domain/ids.ts';
import type { Member } from '../../functions/domain/registry.ts';
import { smsLength } from '../../functions/usecases/sms-texts.ts';
import { viewUploadLink } from '../../functions/usecases/upload-link.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { PNG_1X1, pdfInvoice, sha256 } from '../fixtures/documents.ts';
import { documentDeps } from '../support/documents.ts';
import {
  apiClient,
  outboxFor,
  SAFETY_NET_MS,
  startTestStack,
  type TestStack,
  until,
} from '../support/local-stack.ts';
import { ManualClock } from '../support/manual-clock.ts';

const clock = new ManualClock();
const DAY_MS = 86_400_000;
/** Members past every waiting period, who approve nothing. */
const members = claimants((m) => m.joinedOn < '2025-01-01');

interface TicketAnswer {
  ticketId: string;
  claimId: string;
  status: string;
  documentRequest?: { kinds: string[]; note: string; by: string; notified: boolean };
  documents?: { kind: string; status: string; sha256: string; contentType: string }[];
  documentsMissing?: string[];
}

describe('documents a correction ticket asks for (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ clock });
  });
  afterAll(async () => {
    await stack.close();
  });

  function member(index: number): Member {
    const found = members[index];
    if (found === undefined) throw new Error(`no member ${index}`);
    return found;
  }

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** A skill-boost claim of a lapsed member whose renewal is pending: it waits on a correction ticket. */
  async function claimOnTicket(index: number) {
    const m = member(index);
    await stack.registry.putAll({ members: [{ ...m, status: 'suspended', renewalPending: true }] });
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: m.memberId }));
    const submitted = await api.submit(
      validSubmission({
        memberId: m.memberId,
        evidence: [{ kind: 'certificate', number: `JS-TD-${randomUUID().slice(0, 8)}` }],
      }),
    );
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_CORRECTION']);
    const staff = await stack.token(['staff'], { unitCode: m.unitCode, sub: `staff-${m.unitCode}` });
    const ticket = await findTicket(staff, claimId);
    return { api, claimId, staff, ticketId: ticket.ticketId, member: m };
  }

  async function findTicket(staff: string, claimId: string, status = 'open'): Promise<TicketAnswer> {
    const listed = (await call('GET', `/tickets?status=${status}`, staff)).body.tickets as TicketAnswer[];
    const ticket = listed.find((t) => t.claimId === claimId);
    if (ticket === undefined) throw new Error(`no ${status} ticket of ${claimId}`);
    return ticket;
  }

  /** The SMS the member got about the ticket's documents. */
  const ticketMessages = async (claimId: string, ticketId: string) =>
    (await outboxFor(stack.runtime.outboxDir, claimId)).filter(
      (m) => m.subject === `ticket documents ${ticketId}`,
    );

  const upload = (
    link: string,
    fields: Record<string, string>,
    file: { bytes: Uint8Array; type: string },
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([file.bytes], { type: file.type }), 'scan');
    return fetch(link, { method: 'POST', body: form, headers: { 'accept-language': 'en' } });
  };

  const formToken = async (link: string) =>
    ((await (await fetch(link, { headers: { accept: 'application/json' } })).json()) as { csrf: string })
      .csrf;

  it('staff ask for a document on a ticket; the member gets one SMS, uploads it on the page, and the ticket shows it and is resolved', async () => {
    const { api, claimId, staff, ticketId, member: m } = await claimOnTicket(0);

    // A kind that is not of the benefit (skill-boost takes a certificate): refused, naming it; nothing written.
    const wrongKind = await call('POST', `/tickets/${ticketId}/documents`, staff, {
      kinds: ['invoice'],
      note: '请上传发票',
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors).toEqual([
      expect.objectContaining({ field: 'kinds.0', message: expect.stringContaining('certificate') }),
    ]);
    expect((await findTicket(staff, claimId)).documentRequest).toBeUndefined();
    expect(await ticketMessages(claimId, ticketId)).toEqual([]);

    // The request: kept on the ticket (never its link), recorded on the claim's chain.
    const asked = await call('POST', `/tickets/${ticketId}/documents`, staff, {
      kinds: ['certificate'],
      note: '证书上的姓名看不清，请重新拍照上传',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({
      ticketId,
      documentRequest: { kinds: ['certificate'], by: `staff-${m.unitCode}`, notified: true },
      documents: [],
      documentsMissing: ['certificate'],
    });
    expect(JSON.stringify(asked.body)).not.toMatch(/seed|linkHash|taskToken/);
    const requested = ((await api.claim(claimId)).body.timeline as { action: string; reason: string }[]).find(
      (e) => e.action === 'documents-requested',
    );
    expect(requested?.reason).toContain(`ticket ${ticketId} asks the member for certificate`);

    // One SMS, one part, with the upload link; asking the same again sends nothing more, another request is 409.
    const [sms, ...more] = await until('the SMS to the member', async () => {
      const found = await ticketMessages(claimId, ticketId);
      return found.length > 0 ? found : undefined;
    });
    expect(more).toEqual([]);
    expect(sms?.channel).toBe('sms');
    expect(smsLength(sms?.text ?? '')).toBeLessThanOrEqual(70);
    expect(sms?.text).toMatch(/^【工会】请补充申请材料：http.*\/u\/[0-9A-Za-z]{22}$/);
    const link = sms?.links[0] ?? '';
    const again = await call('POST', `/tickets/${ticketId}/documents`, staff, {
      kinds: ['certificate'],
      note: '证书上的姓名看不清，请重新拍照上传',
    });
    expect(again.status).toBe(200);
    expect(
      (
        await call('POST', `/tickets/${ticketId}/documents`, staff, {
          kinds: ['certificate'],
          note: '另一个',
        })
      ).status,
    ).toBe(409);
    expect(await ticketMessages(claimId, ticketId)).toHaveLength(1);

    // Before the document is in, the ticket cannot be resolved as corrected.
    await stack.registry.putAll({ members: [{ ...m, status: 'active', renewalPending: false }] });
    const early = await call('POST', `/tickets/${ticketId}/resolve`, staff, {
      outcome: 'corrected',
      reason: '已续会',
    });
    expect(early.status).toBe(409);
    expect(String(early.body.detail)).toContain('certificate');

    // The page lists what the ticket asks for, with the union's note, in the member's language.
    const page = await fetch(link, { headers: { 'accept-language': 'zh-CN' } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('工会处理您的申请');
    expect(html).toContain('证书上的姓名看不清');
    expect(html.match(/enctype="multipart\/form-data"/g)).toHaveLength(1);
    const view = (await (await fetch(link, { headers: { accept: 'application/json' } })).json()) as Record<
      string,
      unknown
    >;
    expect(view).toMatchObject({ state: 'open', claimId, missing: ['certificate'], waitsFor: 'ticket' });
    const csrf = String(view.csrf);

    // A PNG sent as a PDF: refused with the reason, nothing stored.
    const mismatch = await upload(
      link,
      { csrf, kind: 'certificate' },
      { bytes: PNG_1X1, type: 'application/pdf' },
    );
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('The file was not accepted');
    expect((await api.claim(claimId)).body.documents ?? []).toEqual([]);
    // A kind the ticket does not ask for: refused.
    const other = await upload(
      link,
      { csrf, kind: 'invoice' },
      { bytes: pdfInvoice(), type: 'application/pdf' },
    );
    expect(other.status).toBe(400);

    // The certificate: checked and kept, the member its uploader; the link then has nothing more to take.
    const certificate = pdfInvoice('职业技能等级证书');
    const sent = await upload(
      link,
      { csrf, kind: 'certificate' },
      { bytes: certificate, type: 'application/pdf' },
    );
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Every document asked for is here');
    expect((await fetch(link)).status).toBe(409);
    const claim = (await api.claim(claimId)).body;
    expect(claim.status).toBe('AWAITING_CORRECTION');
    const stored = (
      claim.timeline as { action: string; actor: { kind: string; id: string }; reason: string }[]
    ).filter((e) => e.action === 'document-stored');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.actor).toEqual({ kind: 'member', id: m.memberId });
    expect(stored[0]?.reason).toContain(sha256(certificate));

    // The ticket shows the stored document; now it resolves, and the claim goes on to approval.
    const shown = await findTicket(staff, claimId);
    expect(shown.documentsMissing).toEqual([]);
    expect(shown.documents).toEqual([
      expect.objectContaining({
        kind: 'certificate',
        status: 'STORED',
        contentType: 'application/pdf',
        sha256: sha256(certificate),
      }),
    ]);
    const resolved = await call('POST', `/tickets/${ticketId}/resolve`, staff, {
      outcome: 'corrected',
      reason: '已续会，证书已核对',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    expect((await findTicket(staff, claimId, 'resolved')).documents).toHaveLength(1);
    expect((await fetch(link)).status).toBe(409);

    // The chain holds the request and the upload, and verifies.
    const audit = await call('GET', `/claims/${claimId}/audit`, await stack.token(['auditor']));
    const actions = (audit.body.events as { action: string }[]).map((e) => e.action);
    expect(actions.indexOf('documents-requested')).toBeGreaterThan(-1);
    expect(actions.indexOf('document-stored')).toBeGreaterThan(actions.indexOf('documents-requested'));
    expect(audit.body.verification).toMatchObject({ valid: true });
  });

  it("a member of another claim cannot use the link; the link expires with the ticket's window; a rejected claim takes nothing", async () => {
    const a = await claimOnTicket(1);
    const b = await claimOnTicket(2);
    for (const one of [a, b]) {
      const asked = await call('POST', `/tickets/${one.ticketId}/documents`, one.staff, {
        kinds: ['certificate'],
        note: '请上传证书原件照片',
      });
      expect(asked.status).toBe(201);
    }
    const linkOf = async (one: { claimId: string; ticketId: string }) =>
      (await until('the SMS with the link', async () => (await ticketMessages(one.claimId, one.ticketId))[0]))
        .links[0] ?? '';
    const linkA = await linkOf(a);
    const linkB = await linkOf(b);
    expect(linkA).not.toBe(linkB);

    // Member B, with the form token of B's own page, cannot upload on A's link; with B's sign-in neither
    // the ticket nor A's claim takes a document from B.
    const bToken = await stack.token(['member'], { memberId: b.member.memberId });
    const forged = await upload(
      linkA,
      { csrf: await formToken(linkB), kind: 'certificate' },
      { bytes: pdfInvoice('B 的证书'), type: 'application/pdf' },
    );
    expect(forged.status).toBe(403);
    expect(
      (
        await call('POST', `/tickets/${a.ticketId}/documents`, bToken, {
          kinds: ['certificate'],
          note: '我来',
        })
      ).status,
    ).toBe(403);
    const viaApi = await call('POST', `/claims/${a.claimId}/documents`, bToken, {
      kind: 'certificate',
      contentType: 'application/pdf',
      bytes: 100,
      sha256: sha256(pdfInvoice()),
    });
    expect(viaApi.status).toBe(404);
    expect((await a.api.claim(a.claimId)).body.documents ?? []).toEqual([]);
    // A made-up token is no link.
    expect((await fetch(linkA.replace(/\/u\/.*$/, `/u/${'x'.repeat(22)}`))).status).toBe(404);

    // The link expires with the ticket: once its due time passed, it is refused (read through the use case
    // with a clock after the ticket's due time).
    const token = linkA.split('/').pop() ?? '';
    const deps = documentDeps(stack);
    const tickets = new DynamoTicketsStore(documentClient(stack.ddb), stack.runtime.tables.claims);
    const ticketA = await tickets.getByLink(linkHash(token));
    expect(ticketA?.ticketId).toBe(a.ticketId);
    const dueAt = Date.parse(String(ticketA?.dueAt));
    expect(dueAt - Date.parse(String(ticketA?.createdAt))).toBe(14 * DAY_MS);
    const before = await viewUploadLink({ ...deps, tickets, now: () => new Date(dueAt - 1000) }, token);
    const after = await viewUploadLink({ ...deps, tickets, now: () => new Date(dueAt) }, token);
    expect(before?.state).toBe('open');
    expect(after?.state).toBe('expired');
    expect(after?.expiresAt).toBe(ticketA?.dueAt);

    // The ticket's window closes (the workflow's correction timeout, on the test's clock): the claims are
    // rejected, the links answer 410, and nothing is taken. (The timeouts were armed before the step put the
    // claims in AWAITING_CORRECTION.)
    expect(clock.advance(14 * DAY_MS)).toBeGreaterThanOrEqual(2);
    await a.api.waitFor(a.claimId, ['REJECTED'], SAFETY_NET_MS);
    await b.api.waitFor(b.claimId, ['REJECTED'], SAFETY_NET_MS);
    expect((await fetch(linkA)).status).toBe(410);
    const late = await upload(
      linkA,
      { csrf: await formToken(linkA), kind: 'certificate' },
      { bytes: pdfInvoice('晚到的证书'), type: 'application/pdf' },
    );
    expect(late.status).toBe(410);
    expect((await a.api.claim(a.claimId)).body.documents ?? []).toEqual([]);
    expect(await ticketMessages(a.claimId, a.ticketId)).toHaveLength(1);
  });
});
