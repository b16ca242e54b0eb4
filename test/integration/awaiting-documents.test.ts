import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkHash, newClaimId, newClaimLinkSeed } from '../../functions/domain/ids.ts';
import { programInForce } from '../../functions/domain/programs/catalog.ts';
import type { Workflow } from '../../functions/ports/workflow.ts';
import {
  awaitDocuments,
  documentsComplete,
  requestDocuments,
} from '../../functions/usecases/awaiting-documents.ts';
import { smsLength } from '../../functions/usecases/sms-texts.ts';
import { aClaim, storeClaim, validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { PNG_1X1, pdfInvoice, sha256 } from '../fixtures/documents.ts';
import { documentDeps, putStoredDocument, storeDocument } from '../support/documents.ts';
import {
  apiClient,
  decideAllLevels,
  outboxFor,
  startTestStack,
  type TestStack,
  until,
} from '../support/local-stack.ts';
import { ManualClock } from '../support/manual-clock.ts';

const clock = new ManualClock();
const DAY_MS = 86_400_000;
/** Members past the medical programme's waiting period, who approve nothing. */
const members = claimants((m) => m.joinedOn < '2025-01-01');
const incidentDate = new Date(Date.now() - 10 * DAY_MS).toISOString().slice(0, 10);

describe('AWAITING_DOCUMENTS (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ clock });
  });
  afterAll(async () => {
    await stack.close();
  });

  function member(index: number) {
    const found = members[index];
    if (found === undefined) throw new Error(`no member ${index}`);
    return found;
  }

  async function submit(index: number, body: Record<string, unknown>) {
    const { memberId } = member(index);
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId }));
    const res = await api.submit(validSubmission({ memberId, incidentDate, ...body }));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return { api, claimId: String(res.body.claimId) };
  }

  const inpatient = (n: string) => ({
    program: 'medical-mutual-aid',
    benefit: 'inpatient',
    facts: { costsFen: 10000_00 },
    evidence: [{ kind: 'invoice', number: `FP-DOCS-${n}-${Date.now()}` }],
  });

  /** The SMS the member got about the claim's documents. */
  const documentMessages = async (claimId: string) =>
    (await outboxFor(stack.runtime.outboxDir, claimId)).filter(
      (m) => m.subject === `claim documents ${claimId}`,
    );

  /** Waits until the AwaitDocuments step keeps its token: the execution waits on its window. */
  async function waiting(claimId: string) {
    const waits = documentDeps(stack).documentWaits;
    return until(`${claimId} to wait for its documents`, async () => {
      const wait = await waits.get(claimId);
      return wait?.taskToken ? wait : undefined;
    });
  }

  async function statesEntered(claimId: string) {
    const arn = `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
    const { events = [] } = await stack.runtime.engine.getExecutionHistory({
      executionArn: arn,
      maxResults: 1000,
      includeExecutionData: false,
    });
    return events
      .filter((e) => e.type?.endsWith('StateEntered'))
      .map((e) => e.stateEnteredEventDetails?.name);
  }

  /** An inpatient claim stored straight into the claims table in `status` (no execution runs it). */
  async function storeInpatientClaim(index: number, status: 'SUBMITTED' | 'AWAITING_DOCUMENTS') {
    const { memberId, unitCode, name } = member(index);
    const unitPath = String((await stack.registry.getUnit(unitCode))?.path);
    const claimId = newClaimId();
    await storeClaim(
      documentDeps(stack).claims,
      aClaim({
        claimId,
        memberId,
        unitCode,
        unitPath,
        at: new Date().toISOString(),
        status,
        program: 'medical-mutual-aid',
        benefit: 'inpatient',
        incidentDate,
        facts: { costsFen: 10000_00 },
        evidence: [{ kind: 'invoice', number: `FP-DOCS-${index}-${Date.now()}` }],
        payee: { name, bankName: '中国工商银行', accountMasked: '****3445' },
        // As submission writes it: the seed its links are derived from.
        linkSeed: newClaimLinkSeed(),
      }),
      { accountNumber: '6222020200112233445', action: 'submitted', reason: 'submitted' },
    );
    return claimId;
  }

  it("rejects a claim whose window (its program version's) closes without its documents, naming them", async () => {
    // Prepare: a version of the program, added over the API, whose fire benefit waits 7 days for its report.
    const current = programInForce('accident-protection', incidentDate);
    if (current === null) throw new Error('no accident-protection version');
    const added = await fetch(`${stack.runtime.apiUrl}/programs/accident-protection/versions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token(['admin'])}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        ...current,
        version: 'documents-7-days',
        effectiveFrom: new Date(Date.now() - 20 * DAY_MS).toISOString().slice(0, 10),
        benefits: current.benefits.map((b) => (b.id === 'fire' ? { ...b, documentsWindowDays: 7 } : b)),
      }),
    });
    expect(added.status, await added.text()).toBeLessThan(300);
    const { api, claimId } = await submit(0, {
      program: 'accident-protection',
      benefit: 'fire',
      facts: { lossFen: 3000_00 },
      evidence: [{ kind: 'fire-report', number: `HZ-DOCS-${Date.now()}` }],
    });
    await api.waitFor(claimId, ['AWAITING_DOCUMENTS']);
    await waiting(claimId);
    // A day short of the window, its timeout is still armed and the claim waits.
    clock.advance(6 * DAY_MS);
    expect(clock.pending).toBe(1);
    expect((await api.claim(claimId)).body.status).toBe('AWAITING_DOCUMENTS');
    expect(clock.advance(DAY_MS)).toBe(1);
    const claim = await api.waitFor(claimId, ['REJECTED']);
    const timeline = claim.timeline as { action: string; reason: string }[];
    expect(timeline.find((e) => e.action === 'rejected-documents-missing')?.reason).toBe(
      'required documents not received: fire-report',
    );
    const rejected = await until('the rejection SMS', async () =>
      (await outboxFor(stack.runtime.outboxDir, claimId)).find(
        (m) => m.subject === `claim rejected ${claimId}`,
      ),
    );
    expect(rejected.text).toContain('required documents not received');
    expect(await statesEntered(claimId)).toEqual([
      'Assess',
      'RequestDocuments',
      'AwaitDocuments',
      'ExpireDocuments',
      'DocumentsExpired',
      'NotifyRejected',
    ]);
    expect(claim.amounts).toMatchObject({ paidFen: null });
  });

  it('waits in AWAITING_DOCUMENTS with one SMS to the member; the last document resumes it to approval', async () => {
    const { api, claimId } = await submit(1, inpatient('WAIT'));
    const held = await api.waitFor(claimId, ['AWAITING_DOCUMENTS']);
    const timeline = held.timeline as { action: string; reason: string }[];
    expect(timeline.find((e) => e.action === 'awaiting-documents')?.reason).toBe(
      'waiting for required documents: invoice, discharge-summary',
    );
    await waiting(claimId);
    const [sms, ...more] = await documentMessages(claimId);
    expect(more).toEqual([]);
    expect(sms?.channel).toBe('sms');
    expect(sms?.text).toMatch(/\/u\/[0-9A-Za-z]{22}$/);
    expect(smsLength(sms?.text ?? '')).toBeLessThanOrEqual(70);
    expect(sms?.links).toHaveLength(1);

    // One of two: the claim still waits.
    await storeDocument(stack, claimId, 'invoice');
    expect((await api.claim(claimId)).body.status).toBe('AWAITING_DOCUMENTS');
    // The last one, through the API's upload form (as the member's app sends it): the claim goes on to
    // approval, and is paid once approved.
    const summary = pdfInvoice('出院小结');
    const asked = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token(['member'], { memberId: member(1).memberId })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        kind: 'discharge-summary',
        contentType: 'application/pdf',
        bytes: summary.length,
        sha256: sha256(summary),
      }),
    });
    expect(asked.status).toBe(201);
    const target = (await asked.json()) as { url: string; fields: Record<string, string> };
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append('file', new Blob([summary]), 'summary.pdf');
    expect((await fetch(target.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    // Told again that a document is stored: harmless.
    await storeDocument(stack, claimId, 'discharge-summary');
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    const paid = await api.waitFor(claimId, ['PAID']);
    expect((paid.timeline as { action: string }[]).map((e) => e.action)).toContain('documents-received');
    expect(await documentMessages(claimId)).toHaveLength(1);
    expect((await statesEntered(claimId)).slice(0, 5)).toEqual([
      'Assess',
      'RequestDocuments',
      'AwaitDocuments',
      'Assess',
      'RequestApproval',
    ]);
  });

  it('goes on to approval when its two documents arrive at the same moment, each by its upload form', async () => {
    // Prepare: the claim waits (its callback step keeps the token) for both documents.
    const { api, claimId } = await submit(8, inpatient('TOGETHER'));
    await api.waitFor(claimId, ['AWAITING_DOCUMENTS']);
    await waiting(claimId);
    const token = await stack.token(['member'], { memberId: member(8).memberId });
    const form = async (kind: string) => {
      const bytes = pdfInvoice(`${kind} ${claimId}`);
      const asked = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind,
          contentType: 'application/pdf',
          bytes: bytes.length,
          sha256: sha256(bytes),
        }),
      });
      expect(asked.status).toBe(201);
      const target = (await asked.json()) as { url: string; fields: Record<string, string> };
      const body = new FormData();
      for (const [name, value] of Object.entries(target.fields)) body.append(name, value);
      body.append('file', new Blob([bytes]), `${kind}.pdf`);
      return { url: target.url, body };
    };
    const forms = [await form('invoice'), await form('discharge-summary')];
    // Act: both files sent at once; whichever is stored second finds the other (or is told of it).
    const sent = await Promise.all(forms.map((f) => fetch(f.url, { method: 'POST', body: f.body })));
    // Assess
    expect(sent.map((r) => r.status < 300)).toEqual([true, true]);
    const moved = await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const actions = (moved.timeline as { action: string }[]).map((e) => e.action);
    expect(actions.filter((a) => a === 'document-stored')).toHaveLength(2);
    expect(actions.filter((a) => a === 'documents-received')).toHaveLength(1);
  });

  it('resumes a wait whose documents were stored before its token was kept, and resumes each token once', async () => {
    // Prepare: a claim waiting for its documents (stored as the workflow leaves it), its wait opened;
    // both documents are stored before the callback step keeps its token.
    const deps = documentDeps(stack);
    const claimId = await storeInpatientClaim(4, 'AWAITING_DOCUMENTS');
    const sent: string[] = [];
    const workflow: Workflow = {
      startClaim: async () => undefined,
      sendTaskSuccess: async (token) => {
        sent.push(token);
      },
      sendTaskFailure: () => Promise.reject(new Error('not expected')),
    };
    const stepDeps = {
      ...deps,
      workflow,
      registry: stack.registry,
      notifier: { send: async () => undefined },
      linkBaseUrl: stack.runtime.apiUrl,
      linkKey: async () => 'awaiting-documents-test-link-key',
    };
    await requestDocuments(stepDeps, { claimId });
    await putStoredDocument(stack, claimId, 'invoice');
    await putStoredDocument(stack, claimId, 'discharge-summary');
    // Act: the callback step keeps its token, looks again, and finds nothing missing; an upload tells it again.
    await awaitDocuments(stepDeps, { claimId, taskToken: 'token-1' });
    const claim = await deps.claims.get(claimId);
    if (claim === null) throw new Error('no claim');
    await documentsComplete(stepDeps, claim);
    // A redrive waits with a new token: that one is resumed too.
    await awaitDocuments(stepDeps, { claimId, taskToken: 'token-2' });
    // Assess
    expect(sent).toEqual(['token-1', 'token-2']);
    expect((await deps.documentWaits.get(claimId))?.resumedToken).toBe('token-2');
  });

  it('keeps a claim waiting when its SMS cannot be sent, and sends it when the step runs again', async () => {
    const deps = documentDeps(stack);
    const claimId = await storeInpatientClaim(6, 'AWAITING_DOCUMENTS');
    const sent: string[] = [];
    let failing = true;
    const stepDeps = {
      ...deps,
      registry: stack.registry,
      notifier: {
        send: async (message: { text: string }) => {
          if (failing) throw Object.assign(new Error('provider down'), { name: 'ServiceUnavailable' });
          sent.push(message.text);
        },
      },
      linkBaseUrl: stack.runtime.apiUrl,
      linkKey: async () => 'awaiting-documents-test-link-key',
    };
    // The provider refuses: the step still answers the window, the claim still waits, nothing is marked sent.
    const first = await requestDocuments(stepDeps, { claimId });
    expect(first.documentsWindowSeconds).toBeGreaterThan(29 * 86_400);
    expect(first.missing).toEqual(['invoice', 'discharge-summary']);
    expect((await deps.claims.get(claimId))?.status).toBe('AWAITING_DOCUMENTS');
    expect((await deps.documentWaits.get(claimId))?.notified).toBe(false);
    // Run again (a redrive): the same window, the SMS goes out once.
    failing = false;
    const again = await requestDocuments(stepDeps, { claimId });
    await requestDocuments(stepDeps, { claimId });
    expect(again.dueAt).toBe(first.dueAt);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^【工会】请上传申请材料：http/);
  });

  it('sends the same link again when the step dies after the SMS and before the wait is stored', async () => {
    // Prepare: a waiting claim whose first run of the step cannot store the wait (the SMS already went).
    const deps = documentDeps(stack);
    const claimId = await storeInpatientClaim(9, 'AWAITING_DOCUMENTS');
    const sent: string[] = [];
    let down = true;
    const real = deps.documentWaits;
    const documentWaits: typeof real = Object.create(real, {
      open: {
        value: async (wait: Parameters<typeof real.open>[0]) => {
          if (down) throw Object.assign(new Error('injected'), { name: 'InternalServerError' });
          return real.open(wait);
        },
      },
    });
    const stepDeps = {
      ...deps,
      documentWaits,
      registry: stack.registry,
      notifier: {
        send: async (message: { links: readonly string[] }) => {
          sent.push(message.links[0] ?? '');
        },
      },
      linkBaseUrl: stack.runtime.apiUrl,
      linkKey: async () => 'awaiting-documents-test-link-key',
    };
    // Act: the first run dies after its SMS; the retry stores the wait.
    await expect(requestDocuments(stepDeps, { claimId })).rejects.toThrow('injected');
    down = false;
    await requestDocuments(stepDeps, { claimId });
    await requestDocuments(stepDeps, { claimId });
    // Assess: at least once, and the link the member got first is the one that works.
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    const wait = await deps.documentWaits.get(claimId);
    expect(wait?.notified).toBe(true);
    // The link of both SMS is the one the stored wait keys (by the hash of its token).
    expect(wait?.linkHash).toBe(linkHash(sent[0]?.split('/u/')[1] ?? ''));
  });

  it('opens no wait and sends no SMS when the documents are all stored by the time the wait would begin', async () => {
    // Prepare: a claim that went to AWAITING_DOCUMENTS, whose member uploaded both before RequestDocuments ran.
    const deps = documentDeps(stack);
    const claimId = await storeInpatientClaim(7, 'AWAITING_DOCUMENTS');
    await putStoredDocument(stack, claimId, 'invoice');
    await putStoredDocument(stack, claimId, 'discharge-summary');
    const sent: string[] = [];
    const stepDeps = {
      ...deps,
      registry: stack.registry,
      notifier: {
        send: async (message: { text: string }) => {
          sent.push(message.text);
        },
      },
      linkBaseUrl: stack.runtime.apiUrl,
      linkKey: async () => 'awaiting-documents-test-link-key',
    };
    // Act
    const ready = await requestDocuments(stepDeps, { claimId }).catch((error: unknown) => error);
    // Assess: the step says so by its named error (the workflow goes back to Assess), with nothing written.
    expect((ready as Error).name).toBe('Claim.DocumentsReady');
    expect(await deps.documentWaits.get(claimId)).toBeNull();
    expect(sent).toEqual([]);
  });

  it('sends a claim that has all its documents when it is assessed straight to approval', async () => {
    const deps = documentDeps(stack);
    const claimId = await storeInpatientClaim(3, 'SUBMITTED');
    await putStoredDocument(stack, claimId, 'invoice');
    await putStoredDocument(stack, claimId, 'discharge-summary');
    await deps.workflow.startClaim(claimId);
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['admin']));
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    expect(await statesEntered(claimId)).toEqual(['Assess', 'RequestApproval']);
    expect(await documentMessages(claimId)).toEqual([]);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
  });

  it('takes the missing documents through the upload page of the SMS link, in Chinese or English, with its form token', async () => {
    // Prepare: a death benefit claim, which requires the death certificate and the proof of relation.
    const { api, claimId } = await submit(5, {
      program: 'accident-protection',
      benefit: 'death',
      evidence: [{ kind: 'death-certificate', number: `SW-DOCS-${Date.now()}` }],
    });
    await api.waitFor(claimId, ['AWAITING_DOCUMENTS']);
    await waiting(claimId);
    const link = (await documentMessages(claimId))[0]?.links[0] ?? '';
    expect(link).toMatch(/\/u\/[0-9A-Za-z]{22}$/);
    const post = (fields: Record<string, string>, file?: { bytes: Uint8Array; type: string }) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      if (file !== undefined) form.append('file', new Blob([file.bytes], { type: file.type }), 'scan');
      return fetch(link, { method: 'POST', body: form, headers: { 'accept-language': 'en' } });
    };

    // The page lists what is missing, a form each, in the member's language; a GET changes nothing.
    const zh = await fetch(link, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    const zhPage = await zh.text();
    expect(zh.status).toBe(200);
    expect(zhPage).toContain('上传申请材料');
    expect(zhPage).toContain('死亡证明');
    expect(zhPage).toContain('亲属关系证明');
    expect(zhPage.match(/enctype="multipart\/form-data"/g)).toHaveLength(2);
    const en = await (await fetch(link, { headers: { 'accept-language': 'en-GB,en;q=0.8' } })).text();
    expect(en).toContain('Proof of relation');
    const { csrf, missing } = (await (
      await fetch(link, { headers: { accept: 'application/json' } })
    ).json()) as {
      csrf: string;
      missing: string[];
    };
    expect(missing).toEqual(['death-certificate', 'proof-of-relation']);

    // Without the form token: refused, nothing stored.
    const forged = await post(
      { kind: 'death-certificate' },
      { bytes: pdfInvoice(), type: 'application/pdf' },
    );
    expect(forged.status).toBe(403);
    // A PNG sent as a PDF: refused with the reason, nothing stored.
    const mismatch = await post(
      { csrf, kind: 'death-certificate' },
      { bytes: PNG_1X1, type: 'application/pdf' },
    );
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('The file was not accepted');
    expect((await api.claim(claimId)).body.documents ?? []).toEqual([]);

    // The first document: kept, and the page asks for the other one.
    const first = await post(
      { csrf, kind: 'death-certificate' },
      { bytes: pdfInvoice('死亡证明'), type: 'application/pdf' },
    );
    const firstPage = await first.text();
    expect(first.status).toBe(200);
    expect(firstPage).toContain('Received: Death certificate.');
    expect(firstPage.match(/enctype="multipart\/form-data"/g)).toHaveLength(1);
    expect((await api.claim(claimId)).body.status).toBe('AWAITING_DOCUMENTS');
    // The last one: the claim goes on to approval, and the link has nothing more to take.
    const last = await post({ csrf, kind: 'proof-of-relation' }, { bytes: PNG_1X1, type: 'image/png' });
    expect(last.status).toBe(200);
    expect(await last.text()).toContain('Every required document is here');
    const moved = await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const stored = (moved.timeline as { action: string; actor: { kind: string; id: string } }[]).filter(
      (e) => e.action === 'document-stored',
    );
    expect(stored.map((e) => e.actor)).toEqual([
      { kind: 'member', id: member(5).memberId },
      { kind: 'member', id: member(5).memberId },
    ]);
    expect((await fetch(link)).status).toBe(409);
    expect(await documentMessages(claimId)).toHaveLength(1);
  });
});
