import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../../functions/domain/claim.ts';
import { type LineFacts, lineRefusals } from '../../../../functions/domain/payments/line-check.ts';
import { legacyPayeeHashOf, payeeHashOf } from '../../../../functions/domain/payments/payee-hash.ts';
import { aClaim, rulesPassed } from '../../../fixtures/claims.ts';

const CLAIM_ID = 'C01KZ0000000000000000000002';
const PAYOUT_ID = `P${CLAIM_ID.slice(1)}`;
const PAYEE = { name: '黄晓彤', bankName: '中国工商银行北京海淀支行', accountNumber: '6222020200112233445' };
const KEY = 'line-check-test-payee-hash-key';
const base = { claimId: CLAIM_ID, actor: { kind: 'system', id: 'x' }, reason: 'r' } as const;

function facts(over: Partial<LineFacts> = {}, paid: Partial<AuditEvent> = {}): LineFacts {
  const events: AuditEvent[] = [
    { ...base, seq: 1, at: '2026-12-05T01:00:00.000Z', action: 'submitted', from: null, to: 'SUBMITTED' },
    {
      ...base,
      seq: 2,
      at: '2026-12-05T01:01:00.000Z',
      action: 'rules-passed',
      from: 'MEMBERSHIP_VERIFIED',
      to: 'RULES_PASSED',
      amountFen: 100000,
    },
    {
      ...base,
      seq: 3,
      at: '2026-12-05T01:02:00.000Z',
      action: 'paid',
      from: 'APPROVED',
      to: 'PAID',
      amountFen: 100000,
      payoutId: PAYOUT_ID,
      payeeHash: payeeHashOf(KEY, CLAIM_ID, PAYEE),
      ...paid,
    },
  ];
  return {
    payout: {
      payoutId: PAYOUT_ID,
      claimId: CLAIM_ID,
      amountFen: 100000,
      unitCode: 'BJ-HD-001',
      programId: 'skill-boost',
    },
    claim: aClaim({ claimId: CLAIM_ID, status: 'PAID', rules: rulesPassed(100000) }),
    events,
    chainBreak: null,
    payee: PAYEE,
    budgetPaidFen: 100000,
    payeeHashKey: KEY,
    ...over,
  };
}

describe('payout line checks', () => {
  it('passes a line that matches the chain, the approved amount and the budget', () => {
    expect(lineRefusals(facts())).toEqual([]);
  });

  it('the payee hash ignores spacing and case of the account, and depends on the claim', () => {
    const spaced = { ...PAYEE, accountNumber: '6222 0202 0011 2233 445', name: ' 黄晓彤 ' };
    expect(payeeHashOf(KEY, CLAIM_ID, spaced)).toBe(payeeHashOf(KEY, CLAIM_ID, PAYEE));
    expect(payeeHashOf(KEY, 'C01OTHER', PAYEE)).not.toBe(payeeHashOf(KEY, CLAIM_ID, PAYEE));
  });

  it('refuses a raised amount, another account, a broken chain, a missing paid event and a short budget', () => {
    const raised = facts({ payout: { ...facts().payout, amountFen: 999900 } });
    expect(lineRefusals(raised).join(' ')).toMatch(/differs from the 100000 fen the chain paid.*approved/);
    expect(lineRefusals(facts({ payee: { ...PAYEE, accountNumber: '6217000099998888777' } }))).toEqual([
      'payee details differ from those the chain paid to',
    ]);
    expect(lineRefusals(facts({ chainBreak: { seq: 3, reason: 'x' } }))).toEqual([
      'chain broken at seq 3 (x)',
    ]);
    expect(lineRefusals(facts({}, { payoutId: 'P-OTHER' }))).toEqual(['payout not in the claim’s chain']);
    expect(lineRefusals(facts({ budgetPaidFen: 0 }))[0]).toMatch(/budget ledger paid 0 fen/);
    expect(lineRefusals(facts({ claim: null }))).toEqual(['claim missing from the table']);
  });

  it('refuses a round that paid other details than the payee change confirmed before it', () => {
    const confirmedHash = payeeHashOf(KEY, CLAIM_ID, { ...PAYEE, accountNumber: '6217000010009997777' });
    const withCorrection = (hash: string): LineFacts => {
      const f = facts();
      const corrected: AuditEvent = {
        ...base,
        seq: 3,
        at: '2026-12-05T01:01:30.000Z',
        action: 'payee-corrected',
        from: 'PAYOUT_RETURNED',
        to: 'APPROVED',
        payeeHash: hash,
      };
      return { ...f, events: [f.events[0], f.events[1], corrected, f.events[2]] as AuditEvent[] };
    };
    // The stored details were edited after the confirmation, before the payout read them.
    expect(lineRefusals(withCorrection(confirmedHash))).toEqual([
      'the chain paid other payee details than those corrected or confirmed before it',
    ]);
    expect(lineRefusals(withCorrection(payeeHashOf(KEY, CLAIM_ID, PAYEE)))).toEqual([]);
  });

  it('still checks a paid event hashed before the key existed (unkeyed scrypt) against the stored details', () => {
    const legacyHash = legacyPayeeHashOf(CLAIM_ID, PAYEE);
    expect(lineRefusals(facts({}, { payeeHash: legacyHash }))).toEqual([]);
    expect(
      lineRefusals(
        facts({ payee: { ...PAYEE, accountNumber: '6217000099998888777' } }, { payeeHash: legacyHash }),
      ),
    ).toEqual(['payee details differ from those the chain paid to']);
  });

  it('compares a correction hashed before the key with a keyed paid event through the stored details', () => {
    const withLegacyCorrection = (correctedAccount: string): LineFacts => {
      const f = facts();
      const corrected: AuditEvent = {
        ...base,
        seq: 3,
        at: '2026-12-05T01:01:30.000Z',
        action: 'payee-corrected',
        from: 'PAYOUT_RETURNED',
        to: 'APPROVED',
        payeeHash: legacyPayeeHashOf(CLAIM_ID, { ...PAYEE, accountNumber: correctedAccount }),
      };
      return { ...f, events: [f.events[0], f.events[1], corrected, f.events[2]] as AuditEvent[] };
    };
    expect(lineRefusals(withLegacyCorrection(PAYEE.accountNumber))).toEqual([]);
    expect(lineRefusals(withLegacyCorrection('6217000010009997777'))).toEqual([
      'the chain paid other payee details than those corrected or confirmed before it',
    ]);
  });

  it('checks a legacy paid event (before the money fields) by its amounts alone', () => {
    const legacy = facts({}, { payoutId: undefined, payeeHash: undefined, amountFen: undefined });
    expect(lineRefusals(legacy)).toEqual([]);
    const raised = { ...legacy, payout: { ...legacy.payout, amountFen: 999900 } };
    expect(lineRefusals(raised)[0]).toMatch(/approved 100000 fen/);
  });
});
