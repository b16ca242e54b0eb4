import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import { beijingDate } from '../../functions/domain/calendar.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

interface Sent {
  sentAt: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  links: string[];
}

describe('member feedback (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let mobile: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const member = await stack.registry.getMember('M000001');
    if (member === null) throw new Error('demo member M000001 is missing');
    mobile = member.mobile;
  });
  afterAll(async () => {
    await stack.close();
  });

  /** The SMS to a number whose text, or whose subject (kept in the outbox, not sent), mentions something. */
  async function smsTo(to: string, mentioning: string): Promise<Sent[]> {
    const dir = stack.runtime.outboxDir;
    const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));
    const all = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as Sent),
    );
    return all
      .filter(
        (m) =>
          m.channel === 'sms' &&
          m.to === to &&
          (m.text.includes(mentioning) || m.subject.includes(mentioning)),
      )
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  }

  async function member() {
    return apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
  }

  async function rate(link: string, fields: Record<string, string>) {
    const page = await fetch(link, { headers: { accept: 'application/json' } });
    const { csrf } = (await page.json()) as { csrf?: string };
    return fetch(link, { method: 'POST', body: new URLSearchParams({ ...fields, csrf: csrf ?? '' }) });
  }

  it('tells the member by one SMS, at the outcome: paid, with a satisfaction link (no received, no approved SMS)', async () => {
    // Prepare
    const api = await member();
    const res = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: `JS-FB-${randomUUID().slice(0, 8)}` }] }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    // Act
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
    // Assess
    await expect
      .poll(async () => (await smsTo(mobile, claimId)).some((m) => m.text.includes('款项已发放')))
      .toBe(true);
    const sms = await smsTo(mobile, claimId);
    expect(sms.map((m) => m.text)).toEqual([expect.stringContaining('款项已发放')]);
    const link = sms[0]?.links[0] ?? '';
    expect(link).toMatch(/\/f\/[0-9A-Za-z]{22}$/);
    expect(sms[0]?.text).toContain(link);
    const claim = (await api.claim(claimId)).body;
    const actions = (claim.timeline as { action: string; to: string }[]).filter((e) =>
      e.action.startsWith('member-notified-'),
    );
    expect(actions.map((e) => e.action)).toEqual(['member-notified-paid']);
    expect(claim.status).toBe('PAID');

    // The satisfaction page: GET changes nothing; POST records once.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('服务满意度评价');
    const english = await fetch(`${link}?lang=en`);
    expect(await english.text()).toContain('How satisfied are you?');
    const state = (await (await fetch(link, { headers: { accept: 'application/json' } })).json()) as {
      state: string;
    };
    expect(state.state).toBe('open');
    expect((await rate(link, { rating: '9' })).status).toBe(400);
    expect((await fetch(link, { method: 'POST', body: new URLSearchParams({ rating: '5' }) })).status).toBe(
      403,
    );
    expect((await rate(link, { rating: '5', comment: '<b>办得快</b>' })).status).toBe(200);
    expect((await rate(link, { rating: '1' })).status).toBe(409);
    expect((await fetch(link.replace(/\/f\/.*/, '/f/0000000000000000'))).status).toBe(404);

    const ratings = await new DynamoFeedbackStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
    ).listRatings('skill-boost', Number(new Date().toISOString().slice(0, 4)));
    const mine = ratings.filter((r) => r.subject.id === claimId);
    expect(mine).toMatchObject([{ rating: 5, comment: '<b>办得快</b>', memberId: 'M000001' }]);
  });

  it('names the failed rule in the one SMS of a rejected claim', async () => {
    const api = await member();
    const res = await api.submit(
      validSubmission({
        benefit: 'competition',
        facts: { competitionName: '北京市职工职业技能大赛', rank: 11 },
        evidence: [{ kind: 'certificate', number: `JS-RANK-${randomUUID().slice(0, 8)}` }],
      }),
    );
    const claimId = String(res.body.claimId);
    const claim = await api.waitFor(claimId, ['REJECTED']);
    const failed = (claim.reasons as { passed: boolean; zh: string }[]).filter((r) => !r.passed);
    expect(failed.length).toBeGreaterThan(0);
    await expect
      .poll(async () => (await smsTo(mobile, claimId)).some((m) => m.text.includes('未获通过')))
      .toBe(true);
    const sms = await smsTo(mobile, claimId);
    expect(sms).toHaveLength(1);
    const rejected = sms[0]?.text ?? '';
    expect(rejected).toContain('未获通过');
    expect(rejected).toContain(failed[0]?.zh.slice(0, 10));
  });

  it('sends a satisfaction link after a service visit', async () => {
    const staff = await stack.token(['staff'], { unitCode: 'BJ-HD' });
    const res = await fetch(`${stack.runtime.apiUrl}/service-visits`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${staff}`,
        'content-type': 'application/json',
        'idempotency-key': `visit-${randomUUID()}`,
      },
      body: JSON.stringify({
        program: 'psychological-care',
        service: 'counselling',
        memberId: 'M000001',
        unitCode: 'BJ-HD-001',
        visitedOn: beijingDate(new Date()),
      }),
    });
    expect(res.status).toBe(201);
    const sms = await smsTo(mobile, '请评价');
    const visitSms = sms.filter((m) => m.text.includes('感谢使用'));
    expect(visitSms.length).toBeGreaterThanOrEqual(1);
    const link = visitSms.at(-1)?.links[0] ?? '';
    expect((await fetch(link)).status).toBe(200);
  });
});
