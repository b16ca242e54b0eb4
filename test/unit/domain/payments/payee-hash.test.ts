import { describe, expect, it } from 'vitest';
import {
  legacyPayeeHashOf,
  PAYEE_HASH_V2,
  payeeHashMatches,
  payeeHashOf,
  samePayee,
} from '../../../../functions/domain/payments/payee-hash.ts';

const KEY = 'payee-hash-test-key';
const CLAIM_ID = 'C01KZ0000000000000000000002';
const PAYEE = { name: '黄晓彤', bankName: '中国工商银行北京海淀支行', accountNumber: '6222020200112233445' };
const OTHER = { ...PAYEE, accountNumber: '6217000010009997777' };

describe('payee hash', () => {
  it('is a versioned HMAC of the normalised details, bound to the claim and the key', () => {
    const hash = payeeHashOf(KEY, CLAIM_ID, PAYEE);
    expect(hash).toMatch(/^v2:[0-9a-f]{64}$/);
    expect(hash.startsWith(PAYEE_HASH_V2)).toBe(true);
    expect(
      payeeHashOf(KEY, CLAIM_ID, { ...PAYEE, accountNumber: '6222-0202 0011 2233 445', name: ' 黄晓彤 ' }),
    ).toBe(hash);
    expect(payeeHashOf(KEY, 'C01OTHER', PAYEE)).not.toBe(hash);
    expect(payeeHashOf('another-key', CLAIM_ID, PAYEE)).not.toBe(hash);
    expect(payeeHashOf(KEY, CLAIM_ID, OTHER)).not.toBe(hash);
    expect(() => payeeHashOf('', CLAIM_ID, PAYEE)).toThrow(/empty/);
  });

  it('matches a stored hash of either version by the version it carries', () => {
    expect(payeeHashMatches(KEY, CLAIM_ID, PAYEE, payeeHashOf(KEY, CLAIM_ID, PAYEE))).toBe(true);
    expect(payeeHashMatches(KEY, CLAIM_ID, OTHER, payeeHashOf(KEY, CLAIM_ID, PAYEE))).toBe(false);
    const legacy = legacyPayeeHashOf(CLAIM_ID, PAYEE);
    expect(legacy).toMatch(/^[0-9a-f]{64}$/);
    expect(payeeHashMatches(KEY, CLAIM_ID, PAYEE, legacy)).toBe(true);
    expect(payeeHashMatches(KEY, CLAIM_ID, OTHER, legacy)).toBe(false);
    expect(payeeHashMatches(KEY, CLAIM_ID, PAYEE, undefined)).toBe(false);
    expect(payeeHashMatches(KEY, CLAIM_ID, PAYEE, '')).toBe(false);
  });

  it('tells whether two stored hashes of a claim, of one version or of both, name the same details', () => {
    const keyed = payeeHashOf(KEY, CLAIM_ID, PAYEE);
    const legacy = legacyPayeeHashOf(CLAIM_ID, PAYEE);
    expect(samePayee(KEY, CLAIM_ID, null, keyed, keyed)).toBe(true);
    expect(samePayee(KEY, CLAIM_ID, null, keyed, payeeHashOf(KEY, CLAIM_ID, OTHER))).toBe(false);
    expect(samePayee(KEY, CLAIM_ID, PAYEE, legacy, keyed)).toBe(true);
    expect(samePayee(KEY, CLAIM_ID, PAYEE, legacyPayeeHashOf(CLAIM_ID, OTHER), keyed)).toBe(false);
    expect(samePayee(KEY, CLAIM_ID, null, legacy, keyed)).toBe(false);
  });
});
