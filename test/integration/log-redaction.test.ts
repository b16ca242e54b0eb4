import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashIdNumber, makeIdNumber } from '../../functions/domain/id-number.ts';
import { formatCsvLine } from '../../functions/domain/member-import/csv.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack, until } from '../support/local-stack.ts';
import { type CapturedLogs, captureLogs } from '../support/log-capture.ts';

describe('the functions log (the local stack, every step of a paid claim)', () => {
  let stack: TestStack;
  let logs: CapturedLogs;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    logs?.restore();
    await stack.close();
  });

  it('carries the claim id on every step, counts the claim in EMF, and holds none of the personal fields fed in', async () => {
    // Prepare: a member with a name, an ID number and a mobile of their own, and an account to be paid to.
    const person = {
      name: '日志测试会员',
      idNumber: makeIdNumber('110108', '1988-08-08', randomInt(100, 999)),
      mobile: `139${String(randomInt(0, 99_999_999)).padStart(8, '0')}`,
      account: `6222${String(randomInt(0, 999_999_999)).padStart(9, '0')}${String(randomInt(0, 999_999)).padStart(6, '0')}`,
    };
    logs = captureLogs();
    const staff = await stack.token(['staff'], { unitCode: 'BJ-HD' });
    const csv = [
      ['姓名', '身份证号', '手机号', '基层工会代码', '入会日期'],
      [person.name, person.idNumber, person.mobile, 'BJ-HD-001', '2019-01-01'],
    ]
      .map((row) => formatCsvLine(row))
      .join('');
    const imported = await fetch(`${stack.runtime.apiUrl}/members/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'text/csv; charset=utf-8' },
      body: csv,
    });
    expect(imported.status).toBe(200);
    const memberId = await stack.registry.findMemberIdByIdHash(
      hashIdNumber(person.idNumber, LOCAL_PII_HASH_KEY),
    );
    if (memberId === null) throw new Error('the member was not imported');

    // Act: the member claims; every level approves; the claim is paid and the member told.
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId }));
    const submitted = await api.submit(
      validSubmission({
        memberId,
        evidence: [{ kind: 'certificate', number: `JS-LOG-${randomUUID().slice(0, 8)}` }],
        payee: { name: person.name, bankName: '中国工商银行北京海淀支行', accountNumber: person.account },
      }),
    );
    expect(submitted.status).toBe(202);
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    expect((await api.waitFor(claimId, ['PAID'])).status).toBe('PAID');
    // The payout step pays and sends the member's one SMS: wait for it to have ended.
    await until('the payout step (and its SMS) to end', async () =>
      logs
        .records()
        .find(
          (r) => r.function_name === 'payout' && r.claimId === claimId && r.message === 'invocation finished',
        ),
    );
    logs.restore();

    // Assess: each step of the claim wrote structured lines with its claim id, request id and cold start ...
    const ofClaim = logs.records().filter((r) => r.claimId === claimId);
    const functions = new Set(ofClaim.map((r) => r.function_name));
    for (const step of ['submitClaim', 'assessClaim', 'requestApproval', 'approvalLink', 'payout']) {
      expect(functions, step).toContain(step);
    }
    for (const record of ofClaim) {
      expect(record).toMatchObject({ service: 'union-claims', function_request_id: expect.any(String) });
      expect(typeof record.cold_start).toBe('boolean');
    }
    // ... the claim's events are counted as EMF records of the UnionClaims namespace ...
    const emf = logs.records().filter((r) => r._aws !== undefined && r.service === 'union-claims');
    const total = (name: string) =>
      emf.reduce((sum, r) => sum + (typeof r[name] === 'number' ? Number(r[name]) : 0), 0);
    for (const name of ['ClaimsSubmitted', 'ClaimsApproved', 'ClaimsPaid', 'EmailSent', 'SmsSent']) {
      expect(total(name), name).toBeGreaterThanOrEqual(1);
    }
    expect(total('PaidFen')).toBeGreaterThanOrEqual(1000_00);
    expect(emf.find((r) => r.ApprovalLatency !== undefined)).toMatchObject({ Tier: 'grassroots' });
    // ... and nothing personal: not the name, the ID number (nor its last digits), the mobile or the account.
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const value of [
      person.name,
      person.idNumber,
      person.idNumber.slice(-8),
      person.mobile,
      person.account,
    ]) {
      expect(text).not.toContain(value);
    }
  });
});
