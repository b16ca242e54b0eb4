import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEMBER_ID, DEMO_MEMBER_UNIT_CODE } from '../../infra/local/demo-data.ts';
import { apiClient, startTestStack, type TestStack } from '../support/local-stack.ts';

/** The README walk-through's claim: member M000001 (registered as 黄晓彤), paid to 王芳. */
const walkThrough = () => ({
  program: 'skill-boost',
  benefit: 'technician',
  memberId: DEMO_MEMBER_ID,
  incidentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
  facts: {},
  evidence: [{ kind: 'certificate', number: 'JS-2026-110108-0042' }],
  payee: { name: '王芳', bankName: '中国工商银行北京海淀支行', accountNumber: '6222020200112233445' },
});

describe('10.4 real-name payee (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('10.4 the walk-through claim paying 王芳 for member 黄晓彤 waits for correction and is never paid', async () => {
    // Prepare
    const member = apiClient(
      stack.runtime.apiUrl,
      await stack.token(['member'], { memberId: DEMO_MEMBER_ID }),
    );
    const staffToken = await stack.token(['staff'], { unitCode: DEMO_MEMBER_UNIT_CODE, sub: 'hd001-staff' });
    const staff = { authorization: `Bearer ${staffToken}` };
    // Act
    const submitted = await member.submit(walkThrough());
    const claimId = String(submitted.body.claimId);
    const waiting = await member.waitFor(claimId, ['AWAITING_CORRECTION', 'AWAITING_APPROVAL', 'REJECTED']);
    const tickets = (await (await fetch(`${stack.runtime.apiUrl}/tickets`, { headers: staff })).json()) as {
      tickets: { ticketId: string; claimId: string; kinds: string[]; detail: { zh: string; en: string } }[];
    };
    const ticket = tickets.tickets.find((t) => t.claimId === claimId);
    // The union says it is corrected, but the payee is still not the member: the claim is rejected, not paid.
    const resolved = await fetch(`${stack.runtime.apiUrl}/tickets/${ticket?.ticketId}/resolve`, {
      method: 'POST',
      headers: { ...staff, 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'corrected', reason: '已核对' }),
    });
    const final = await member.waitFor(claimId, ['REJECTED', 'PAID', 'AWAITING_APPROVAL']);
    // Assess
    expect(submitted.status).toBe(202);
    expect(waiting.status).toBe('AWAITING_CORRECTION');
    expect(ticket?.kinds).toEqual(['payee-mismatch']);
    expect(ticket?.detail.zh).toContain('王芳');
    expect(ticket?.detail.en).toMatch(/payee/i);
    expect(resolved.status).toBe(200);
    expect(final.status).toBe('REJECTED');
    expect(final.amounts).toMatchObject({ paidFen: null });
  });
});
