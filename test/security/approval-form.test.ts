import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSubmission } from '../fixtures/claims.ts';
import {
  apiClient,
  approvalLink,
  queueLink,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';
import { type Item, tableItems } from '../support/table-items.ts';

/**
 * The approval page seals what its decision needs (the link, the level, the approver, the claim as read,
 * the task token) into its form, so the decision (POST) does not read the link and the claim again. A
 * sealed form that was altered, is stale, was used, or belongs to another link must be refused, and
 * nothing written.
 */
describe('approval form sealed by its page (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  /**
   * A one-level claim of BJ-HD-001 (two approvers, each with their own link), awaiting approval: the
   * level's assigned approver is e-mailed; each approver's link is taken from their queue.
   */
  async function openClaim(): Promise<{ claimId: string; links: string[] }> {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const res = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: `JS-FORM-${randomUUID().slice(0, 8)}` }] }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const emailed = await approvalLink(stack.runtime.outboxDir, claimId);
    const links = await Promise.all(
      ['A-BJ-HD-001-1', 'A-BJ-HD-001-2'].map((approverId) => queueLink(stack, claimId, approverId)),
    );
    expect(links).toContain(emailed);
    expect(new Set(links).size).toBe(2);
    return { claimId, links };
  }

  /** What the page gives a script: the form token and the sealed form. */
  async function pageOf(link: string): Promise<{ csrf: string; sealed: string }> {
    const res = await fetch(link, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrf?: string; sealed?: string };
    expect(typeof body.csrf).toBe('string');
    expect(typeof body.sealed).toBe('string');
    return { csrf: body.csrf ?? '', sealed: body.sealed ?? '' };
  }

  function post(link: string, fields: Record<string, string>, json = true): Promise<Response> {
    return fetch(link, {
      method: 'POST',
      headers: json ? { accept: 'application/json' } : {},
      body: new URLSearchParams({ decision: 'approve', reason: '同意', ...fields }),
    });
  }

  /**
   * What a decision writes in the claim's partition, as stored: each level's decision, the approvers'
   * events, and the claim's approval (the workflow's own later steps, such as payout, are left out).
   */
  async function decisions(claimId: string): Promise<Item[]> {
    const items = await tableItems(stack.ddb, stack.runtime.tables.claims);
    return items
      .filter((i) => i.pk === `CLAIM#${claimId}`)
      .filter(
        (i) =>
          i.type === 'approval' ||
          i.sk === 'META' ||
          (i.type === 'event' && (i.actor as { kind?: string } | undefined)?.kind === 'approver'),
      )
      .map((i) =>
        i.type === 'approval'
          ? { sk: i.sk, decision: i.decision, closed: i.closed }
          : i.sk === 'META'
            ? { sk: i.sk, approval: i.approval ?? null }
            : i,
      )
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  }

  it('1 a sealed form with one character changed is refused (403, naming the field), nothing written', async () => {
    // Prepare
    const { claimId, links } = await openClaim();
    const link = links[0] ?? '';
    const { csrf, sealed } = await pageOf(link);
    const before = await decisions(claimId);
    const at = Math.floor(sealed.length / 2);
    const tampered = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    // Act
    const asJson = await post(link, { csrf, sealed: tampered });
    const asPage = await post(link, { csrf, sealed: tampered }, false);
    const cut = await post(link, { csrf, sealed: sealed.slice(0, -4) });
    // Assess
    expect(asJson.status).toBe(403);
    expect(asJson.headers.get('content-type')).toContain('application/problem+json');
    expect(((await asJson.json()) as { detail?: string }).detail).toMatch(/\bsealed\b/);
    expect(asPage.status).toBe(403);
    expect(asPage.headers.get('content-type')).toContain('text/html');
    expect(cut.status).toBe(403);
    expect(await decisions(claimId)).toEqual(before);
    // The sealed form hides the task token it carries: neither the page nor its JSON shows it.
    const level = (await tableItems(stack.ddb, stack.runtime.tables.claims)).find(
      (i) => i.pk === `CLAIM#${claimId}` && i.type === 'approval',
    );
    const taskToken = String(level?.taskToken ?? '');
    expect(taskToken.length).toBeGreaterThan(8);
    const html = await (await fetch(link)).text();
    expect(html).toContain('name="sealed"');
    for (const text of [html, sealed, Buffer.from(sealed, 'base64url').toString('latin1')]) {
      expect(text).not.toContain(taskToken);
    }
    // The untouched form still decides.
    expect((await post(link, { csrf, sealed })).status).toBe(200);
  });

  it('2 a form read before its level was decided by the other approver is refused (409), nothing written', async () => {
    // Prepare: the first approver opens the page; the second decides the level with their own link.
    const { claimId, links } = await openClaim();
    const [first = '', second = ''] = links;
    const stale = await pageOf(first);
    const other = await pageOf(second);
    expect((await post(second, other)).status).toBe(200);
    const before = await decisions(claimId);
    // Act
    const replayed = await post(first, { ...stale, decision: 'reject', reason: '不同意' });
    // Assess
    expect(replayed.status).toBe(409);
    expect(replayed.headers.get('content-type')).toContain('application/problem+json');
    expect(await replayed.json()).toMatchObject({
      result: 'already-decided',
      outcome: { decision: 'approve' },
    });
    expect(await decisions(claimId)).toEqual(before);
  });

  it('3 a form replayed after its link decided is refused (409), nothing written', async () => {
    // Prepare
    const { claimId, links } = await openClaim();
    const link = links[0] ?? '';
    const page = await pageOf(link);
    expect((await post(link, page)).status).toBe(200);
    const before = await decisions(claimId);
    // Act
    const again = await post(link, { ...page, decision: 'reject', reason: '再次' });
    const asPage = await post(link, page, false);
    // Assess
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ result: 'already-decided', outcome: { decision: 'approve' } });
    expect(asPage.status).toBe(409);
    expect(await decisions(claimId)).toEqual(before);
  });

  it("4 a form sealed for another link is refused (403), even with this link's own form token", async () => {
    // Prepare: the two approvers' links of one level, and a link of another claim.
    const { claimId, links } = await openClaim();
    const [first = '', second = ''] = links;
    const { links: elsewhere } = await openClaim();
    const mine = await pageOf(first);
    const theirs = await pageOf(second);
    const foreign = await pageOf(elsewhere[0] ?? '');
    const before = await decisions(claimId);
    // Act
    const swapped = await post(first, { csrf: mine.csrf, sealed: theirs.sealed });
    const fromOtherClaim = await post(first, { csrf: mine.csrf, sealed: foreign.sealed });
    // Assess
    expect(swapped.status).toBe(403);
    expect(((await swapped.json()) as { detail?: string }).detail).toMatch(/\bsealed\b/);
    expect(fromOtherClaim.status).toBe(403);
    expect(await decisions(claimId)).toEqual(before);
  });
});
