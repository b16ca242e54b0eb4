import { describe, expect, it } from 'vitest';
import {
  CLAIM_ID_PATTERN,
  LINK_TOKEN_PATTERN,
  linkIdFromSeed,
  newLinkSeed,
  newLinkToken,
} from '../../../functions/domain/ids.ts';
import { DEFAULT_CATALOG } from '../../../functions/domain/programs/catalog.ts';
import {
  SMS_ONE_PART,
  SMS_SIGNATURE,
  smsLength,
  smsReminder,
  smsTexts,
} from '../../../functions/usecases/sms-texts.ts';

/** A production-length link host (31 characters with its scheme: one more than the 30 planned for). */
const HOST = 'https://claims.example-union.cn';
const approvalUrl = `${HOST}/a/${linkIdFromSeed('sms-length-test-key', newLinkSeed())}`;
const feedbackUrl = `${HOST}/f/${linkIdFromSeed('sms-length-test-key', newLinkSeed())}`;
const payeeUrl = `${HOST}/p/${newLinkToken()}`;
const uploadUrl = `${HOST}/u/${linkIdFromSeed('sms-length-test-key', newLinkSeed())}`;

/** The longest values a message meets. */
const LONGEST_BENEFIT = DEFAULT_CATALOG.flatMap((p) => p.benefits.map((b) => b.zh)).reduce((a, b) =>
  b.length > a.length ? b : a,
);
const CLAIM_ID = 'C01KZ00000000000000000000ZZ';
/** The most a program may pay (1 000 000 CNY), longer than any amount the catalog pays. */
const MOST_FEN = 1_000_000_00;
const LONG_REASONS =
  '不在职会员不能申请；申请晚于事故日期后 365 天；本年度已领取此项补助；材料与申请不符，请补充发票原件和诊断证明';
const LONG_BANK_REASON =
  '账户已销户或户名与账号不符（银行返回代码 R03），请核对开户行全称后重新提交收款账户信息';

function expectOnePart(text: string, link?: string) {
  expect(smsLength(text), text).toBeLessThanOrEqual(SMS_ONE_PART);
  expect(text.startsWith(SMS_SIGNATURE)).toBe(true);
  if (link !== undefined) expect(text.endsWith(link)).toBe(true);
}

describe('sms texts', () => {
  it('measures with production-length links and the longest values', () => {
    expect(HOST).toHaveLength(31);
    expect(approvalUrl).toHaveLength(31 + 3 + 22);
    expect(approvalUrl.split('/').pop()).toMatch(LINK_TOKEN_PATTERN);
    expect(payeeUrl.split('/').pop()).toMatch(LINK_TOKEN_PATTERN);
    expect(CLAIM_ID).toMatch(CLAIM_ID_PATTERN);
    expect(LONGEST_BENEFIT).toBe('市级技能竞赛前十名奖励');
  });

  describe('smsLength', () => {
    it('counts as a UCS-2 SMS does: each character one, one outside the BMP two', () => {
      expect(smsLength('【工会】abc')).toBe(7);
      expect(smsLength('𠀀')).toBe(2);
    });
  });

  it('approval: the link to the claim fits one part', () => {
    const text = smsTexts.approval(approvalUrl);
    expectOnePart(text, approvalUrl);
  });

  it('approval reminder: marked after the signature, fits one part', () => {
    const text = smsReminder(smsTexts.approval(approvalUrl));
    expectOnePart(text, approvalUrl);
    expect(text).toContain('提醒');
  });

  it('rejected: long reasons are cut to fit one part, short ones kept whole', () => {
    const long = smsTexts.rejected(LONGEST_BENEFIT, LONG_REASONS);
    expectOnePart(long);
    expect(long).toHaveLength(SMS_ONE_PART);
    expect(long).toContain('不在职会员不能申请');
    expect(long).toContain('…');
    expect(long.endsWith('如有疑问请联系所在工会。')).toBe(true);
    const short = smsTexts.rejected(LONGEST_BENEFIT, '不在职会员不能申请');
    expectOnePart(short);
    expect(short).not.toContain('…');
    expect(smsTexts.rejected(LONGEST_BENEFIT, '')).toContain('不符合申请条件');
  });

  it('paid: the satisfaction link fits one part', () => {
    const text = smsTexts.paid(feedbackUrl);
    expectOnePart(text, feedbackUrl);
    expect(text).toContain('已发放');
  });

  it("returned: the amount and the bank's reason, cut, fit one part", () => {
    const text = smsTexts.returned(MOST_FEN, LONG_BANK_REASON);
    expectOnePart(text);
    expect(text).toContain('1000000.00元被银行退回');
    expect(text).toContain('账户已销户');
    expect(text.endsWith('请联系所在工会更正收款账户。')).toBe(true);
  });

  it('payee change: the confirmation link fits one part', () => {
    expectOnePart(smsTexts.payeeChange(payeeUrl), payeeUrl);
  });

  it('documents: the upload link fits one part', () => {
    const text = smsTexts.documents(uploadUrl);
    expectOnePart(text, uploadUrl);
    expect(text).toContain('上传');
  });

  it("ticket documents: the upload link of a ticket's request fits one part, apart from the required-documents text", () => {
    const text = smsTexts.ticketDocuments(uploadUrl);
    expectOnePart(text, uploadUrl);
    expect(text).toContain('补充');
    expect(text).not.toBe(smsTexts.documents(uploadUrl));
  });

  it('visit feedback: the satisfaction link fits one part', () => {
    expectOnePart(smsTexts.visitFeedback(feedbackUrl), feedbackUrl);
  });

  it('cuts on whole characters: a character outside the BMP is never split', () => {
    const text = smsTexts.rejected(LONGEST_BENEFIT, '𠀀'.repeat(40));
    expectOnePart(text);
    expect(text.isWellFormed()).toBe(true);
  });
});
