import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken } from '../../functions/http/csrf.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { validSubmission } from '../fixtures/claims.ts';
import {
  apiClient,
  approvalLink,
  outboxFor,
  postDecision,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';
import { tableItems } from '../support/table-items.ts';

/** Every item of the claims table, as stored. */
const claimsItems = (stack: TestStack) => tableItems(stack.ddb, stack.runtime.tables.claims);

describe('10 approval and satisfaction links (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let member: { name: string; idNumberMasked: string };

  beforeAll(async () => {
    stack = await startTestStack();
    const found = await stack.registry.getMember('M000001');
    if (found === null) throw new Error('demo member M000001 is missing');
    member = found;
  });
  afterAll(async () => {
    await stack.close();
  });

  async function openClaim(): Promise<{ claimId: string; link: string; evidence: string }> {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const evidence = `JS-LINK-${randomUUID().slice(0, 8)}`;
    const res = await api.submit(validSubmission({ evidence: [{ kind: 'certificate', number: evidence }] }));
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    return { claimId, link: await approvalLink(stack.runtime.outboxDir, claimId), evidence };
  }

  /** Neither the page nor its JSON says who claims, with what evidence, or what was flagged. */
  async function expectOutcomeOnly(link: string, evidence: string): Promise<{ html: string; json: string }> {
    const html = await (await fetch(`${link}?lang=en`)).text();
    const json = await (await fetch(link, { headers: { accept: 'application/json' } })).text();
    for (const text of [html, json]) {
      expect(text).not.toContain(member.name);
      expect(text).not.toContain(member.idNumberMasked);
      expect(text).not.toContain(evidence);
      expect(text).not.toContain('王芳');
      expect(text).not.toMatch(/Fraud flags|风险提示/);
    }
    return { html, json };
  }

  it('10.1 the table holds a hash of each link id, never the id, and link items expire by TTL', async () => {
    // Prepare
    const { claimId, link } = await openClaim();
    const linkId = link.split('/').pop() ?? '';
    expect(linkId).toMatch(/^[0-9A-Za-z]{22}$/);
    // Act
    const items = await claimsItems(stack);
    // Assess: the id is in no key and no attribute; the link's item carries a TTL after its expiry.
    expect(JSON.stringify(items)).not.toContain(linkId);
    const links = items.filter((i) => i.type === 'link' && i.claimId === claimId);
    expect(links.length).toBeGreaterThan(0);
    for (const item of links) {
      expect(typeof item.ttl).toBe('number');
      expect(Number(item.ttl) * 1000).toBeGreaterThanOrEqual(Date.parse(String(item.expiresAt)));
    }
    // The link still works: its page is found by the hash.
    const page = await fetch(link, { headers: { accept: 'application/json' } });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { claimId?: string }).claimId).toBe(claimId);
  });

  it('10.2 HEAD on a valid link answers like GET without a body; on an unknown link 404', async () => {
    // Prepare
    const { link } = await openClaim();
    // Act
    const head = await fetch(link, { method: 'HEAD' });
    const get = await fetch(link);
    const unknown = await fetch(`${stack.runtime.apiUrl}/a/zzzzzzzzzzzzzzzz`, { method: 'HEAD' });
    const feedback = await fetch(`${stack.runtime.apiUrl}/f/zzzzzzzzzzzzzzzz`, { method: 'HEAD' });
    // Assess
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(await head.text()).toBe('');
    expect(get.status).toBe(200);
    expect(unknown.status).toBe(404);
    expect(feedback.status).toBe(404);
  });

  it('10.3 a decided link shows only the outcome: no member, masked ID, evidence or flags', async () => {
    // Prepare
    const { link, evidence } = await openClaim();
    const decided = await postDecision(link, { decision: 'approve', reason: '' });
    expect(decided.status).toBe(200);
    // Act
    const { html, json } = await expectOutcomeOnly(link, evidence);
    // Assess
    expect(html).toContain('approved on');
    expect(JSON.parse(json)).toMatchObject({ state: 'decided', outcome: { decision: 'approve' } });
    const again = await postDecision(link, { decision: 'reject', reason: '重复' });
    expect(again.status).toBe(409);
    await expectOutcomeOnly(link, evidence);
  });

  it('10.4 an expired link (its item not yet removed by TTL) shows only that it expired; POST is 410', async () => {
    // Prepare: DynamoDB Local never deletes expired items; move the level's expiry into the past.
    const { claimId, link, evidence } = await openClaim();
    const linkId = link.split('/').pop() ?? '';
    const { approvalForm: linkSecret } = (await localKeys(stack.dataDir)).keys;
    const doc = DynamoDBDocumentClient.from(stack.ddb);
    const past = new Date(Date.now() - 60_000).toISOString();
    const items = (await claimsItems(stack)).filter(
      (i) => i.claimId === claimId && (i.type === 'link' || i.type === 'approval'),
    );
    for (const item of items) {
      await doc.send(
        new UpdateCommand({
          TableName: stack.runtime.tables.claims,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET expiresAt = :past',
          ExpressionAttributeValues: { ':past': past },
        }),
      );
    }
    // Act
    const { html, json } = await expectOutcomeOnly(link, evidence);
    const post = await fetch(link, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({ decision: 'approve', csrf: csrfToken(linkSecret, linkId) }),
    });
    // Assess
    expect(html).toMatch(/expired/i);
    expect(JSON.parse(json)).toMatchObject({ state: 'expired' });
    expect(post.status).toBe(410);
    expect(post.headers.get('content-type')).toContain('application/problem+json');
  });

  it('10.5 a satisfaction link is stored by the hash of its token too, and expires by TTL unless answered', async () => {
    // Prepare: a claim approved and paid sends the member a satisfaction link.
    const { claimId, link } = await openClaim();
    expect((await postDecision(link, { decision: 'approve', reason: '' })).status).toBe(200);
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    await api.waitFor(claimId, ['PAID']);
    const feedbackLink = async () =>
      (await outboxFor(stack.runtime.outboxDir, claimId))
        .flatMap((m) => m.links)
        .find((l) => l.includes('/f/'));
    await expect.poll(feedbackLink, { timeout: 10_000 }).toBeDefined();
    const url = (await feedbackLink()) ?? '';
    const token = url.split('/').pop() ?? '';
    // Act
    const items = await claimsItems(stack);
    // Assess
    expect(JSON.stringify(items)).not.toContain(token);
    const stored = items.find((i) => i.type === 'feedback' && (i.subject as { id?: string })?.id === claimId);
    expect(typeof stored?.ttl).toBe('number');
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    // Answered, the rating is kept for the evaluation: TTL no longer removes it.
    const page = await fetch(url, { headers: { accept: 'application/json' } });
    const { csrf } = (await page.json()) as { csrf: string };
    const rated = await fetch(url, { method: 'POST', body: new URLSearchParams({ rating: '5', csrf }) });
    expect(rated.status).toBe(200);
    const after = (await claimsItems(stack)).find(
      (i) => i.type === 'feedback' && (i.subject as { id?: string })?.id === claimId,
    );
    expect(after).toMatchObject({ rating: 5 });
    expect(after?.ttl).toBeUndefined();
  });
});
