import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClaimId } from '../../functions/domain/ids.ts';
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
      'NewOrRepay',
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
    // The last one: it goes on to approval, and is paid once approved.
    await storeDocument(stack, claimId, 'discharge-summary');
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    // Told again that a document is stored: harmless.
    await storeDocument(stack, claimId, 'discharge-summary');
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    const paid = await api.waitFor(claimId, ['PAID']);
    expect((paid.timeline as { action: string }[]).map((e) => e.action)).toContain('documents-received');
    expect(await documentMessages(claimId)).toHaveLength(1);
    expect((await statesEntered(claimId)).slice(0, 6)).toEqual([
      'NewOrRepay',
      'Assess',
      'RequestDocuments',
      'AwaitDocuments',
      'Assess',
      'RequestApproval',
    ]);
  });

  it('resumes a wait whose documents were stored before its token was kept, and resumes each token once', async () => {
    // Prepare: a claim waiting for its documents (stored as the workflow leaves it), both already stored.
    const deps = documentDeps(stack);
    const claimId = await storeInpatientClaim(4, 'AWAITING_DOCUMENTS');
    await putStoredDocument(stack, claimId, 'invoice');
    await putStoredDocument(stack, claimId, 'discharge-summary');
    const sent: string[] = [];
    const workflow: Workflow = {
      startClaim: async () => undefined,
      sendTaskSuccess: async (token) => {
        sent.push(token);
      },
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

  it('sends a claim that has all its documents when it is assessed straight to approval', async () => {
    const deps = documentDeps(stack);
    const claimId = await storeInpatientClaim(3, 'SUBMITTED');
    await putStoredDocument(stack, claimId, 'invoice');
    await putStoredDocument(stack, claimId, 'discharge-summary');
    await deps.workflow.startClaim(claimId);
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['admin']));
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    expect(await statesEntered(claimId)).toEqual(['NewOrRepay', 'Assess', 'RequestApproval']);
    expect(await documentMessages(claimId)).toEqual([]);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
  });
});
