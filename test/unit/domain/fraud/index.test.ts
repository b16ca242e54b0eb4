import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAIM_STATUSES } from '../../../../functions/domain/claim.ts';
import {
  DEFAULT_FRAUD_OPTIONS,
  FRAUD_RULES,
  type FraudClaim,
  type FraudInput,
  type FraudMember,
  scanForFraud,
} from '../../../../functions/domain/fraud/index.ts';
import { at, claim, NOW, snapshot } from '../../../fixtures/fraud.ts';

describe('scanForFraud', () => {
  describe('rules', () => {
    it('has one explained rule per check, with unique ids, and the documented defaults', () => {
      expect(FRAUD_RULES.map((r) => r.id)).toEqual([
        'evidence-reuse',
        'shared-payee',
        'shared-mobile',
        'soon-after-joining',
        'claim-after-death',
        'split-under-limit',
        'member-velocity',
        'unit-velocity',
        'approver-conflict',
      ]);
      for (const rule of FRAUD_RULES) expect(rule.zh.length * rule.en.length).toBeGreaterThan(0);
      expect(DEFAULT_FRAUD_OPTIONS).toMatchObject({
        soonAfterJoiningDays: 30,
        sharedPayeeMinMembers: 3,
        sharedMobileMinMembers: 3,
        splitLimitsFen: [2000_00, 10000_00],
        splitMarginPercent: 10,
        splitWindowDays: 30,
        memberVelocityMax: 4,
        unitVelocityMultiplier: 3,
        unitVelocityBaselineWeeks: 12,
      });
    });
  });

  describe('scan', () => {
    it('returns the flags of all rules, highest score first, and the same keys on a second scan', () => {
      // Prepare: a duplicate invoice (90) and a shared bank account (70).
      const input = snapshot([
        claim('A', {
          memberId: 'M1',
          payeeAccountHash: 'h',
          evidence: [{ kind: 'invoice', number: 'INV-1' }],
        }),
        claim('B', {
          memberId: 'M2',
          payeeAccountHash: 'h',
          evidence: [{ kind: 'invoice', number: 'INV-1' }],
        }),
        claim('C', { memberId: 'M3', payeeAccountHash: 'h' }),
      ]);
      // Act
      const flags = scanForFraud(input);
      // Assess
      expect(flags.map((f) => f.rule)).toEqual(['evidence-reuse', 'shared-payee']);
      expect(scanForFraud(input).map((f) => f.key)).toEqual(flags.map((f) => f.key));
    });

    it('raises nothing on an ordinary snapshot', () => {
      const input = snapshot([
        claim('A', { memberId: 'M1', submittedAt: at(0) }),
        claim('B', { memberId: 'M2', submittedAt: at(3) }),
        claim('C', { memberId: 'M1', submittedAt: at(60), amountFen: 1990_00 }),
      ]);
      expect(scanForFraud(input)).toEqual([]);
    });

    it('never writes a bank account or mobile in clear: only the hashes it was given', () => {
      const input = snapshot([
        claim('A', { memberId: 'M1', payeeAccountHash: 'h1' }),
        claim('B', { memberId: 'M2', payeeAccountHash: 'h1' }),
        claim('C', { memberId: 'M3', payeeAccountHash: 'h1' }),
      ]);
      const text = JSON.stringify(scanForFraud(input));
      expect(text).not.toMatch(/\d{11,}/);
    });
  });

  describe('properties', () => {
    const day = fc
      .integer({ min: 0, max: 400 })
      .map((d) => new Date(Date.parse('2025-06-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10));
    const date = fc.oneof(day, fc.constantFrom('', 'not-a-date', '2026-13-45'));
    const instant = fc.oneof(
      fc
        .integer({ min: 0, max: 400 * 24 })
        .map((h) => new Date(Date.parse('2025-06-01T00:00:00Z') + h * 3_600_000).toISOString()),
      fc.constantFrom('', 'garbage'),
    );
    const small = (prefix: string, n: number) => fc.integer({ min: 0, max: n }).map((i) => `${prefix}${i}`);
    const fraudClaim: fc.Arbitrary<Omit<FraudClaim, 'claimId'>> = fc.record({
      memberId: small('M', 6),
      unitCode: fc.option(small('U', 2)),
      program: fc.constantFrom('health-care', 'accident-protection', 'skill-boost'),
      benefit: fc.constantFrom('death', 'outpatient', 'technician'),
      status: fc.constantFrom(...CLAIM_STATUSES),
      amountFen: fc.oneof(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.constantFrom(1990_00, 9900_00, -1, Number.NaN),
      ),
      submittedAt: instant,
      incidentDate: date,
      evidence: fc.array(
        fc.record({
          kind: fc.constantFrom('invoice', 'certificate'),
          number: fc.constantFrom('A1', 'a1 ', 'B2', '#', ''),
        }),
        { maxLength: 3 },
      ),
      payeeAccountHash: fc.option(small('acct', 4)),
      decisions: fc.array(
        fc.record({
          level: fc.integer({ min: 1, max: 3 }),
          approverId: small('AP', 3),
          decision: fc.constantFrom('approve' as const, 'reject' as const),
          decidedAt: instant,
        }),
        { maxLength: 2 },
      ),
    });
    const fraudMember: fc.Arbitrary<FraudMember> = fc.record({
      memberId: small('M', 8),
      joinedOn: date,
      mobileHash: fc.option(small('mob', 3)),
      unitCode: small('U', 2),
      diedOn: fc.option(date),
    });
    const input: fc.Arbitrary<FraudInput> = fc.record({
      claims: fc
        .array(fraudClaim, { maxLength: 40 })
        .map((cs) => cs.map((c, i) => ({ ...c, claimId: `C${i}` }))),
      members: fc.array(fraudMember, { maxLength: 12 }),
      approvers: fc.array(
        fc.record({
          approverId: small('AP', 3),
          memberId: fc.option(small('M', 8)),
          mobileHash: fc.option(small('mob', 3)),
          payeeAccountHash: fc.option(small('acct', 4)),
        }),
        { maxLength: 4 },
      ),
      now: fc.oneof(instant, fc.constant(NOW)),
    });

    it('never throws; every flag names existing claims, has a score in 0–100, texts and a unique key', () => {
      fc.assert(
        fc.property(input, (snapshotInput) => {
          const flags = scanForFraud(snapshotInput);
          const ids = new Set(snapshotInput.claims.map((c) => c.claimId));
          const keys = new Set<string>();
          for (const flag of flags) {
            for (const id of flag.claimIds) expect(ids.has(id)).toBe(true);
            expect(flag.score).toBeGreaterThanOrEqual(0);
            expect(flag.score).toBeLessThanOrEqual(100);
            expect(flag.what.zh.length).toBeGreaterThan(0);
            expect(flag.what.en.length).toBeGreaterThan(0);
            expect(keys.has(flag.key)).toBe(false);
            keys.add(flag.key);
          }
          for (let i = 1; i < flags.length; i++) {
            expect((flags[i - 1]?.score ?? 0) >= (flags[i]?.score ?? 0)).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('scale', () => {
    it('scans 100,000 synthetic claims in a few seconds', () => {
      // Prepare: 20,000 members in 200 units, 5 claims each over a year, a few planted patterns.
      const members: FraudMember[] = [];
      const claims: FraudClaim[] = [];
      const start = Date.parse('2025-07-01T02:00:00.000Z');
      for (let m = 0; m < 20_000; m++) {
        const memberId = `M${m}`;
        const unitCode = `U${m % 200}`;
        members.push({
          memberId,
          joinedOn: '2015-01-01',
          mobileHash: `mob${m % 19_000}`,
          unitCode,
          diedOn: null,
        });
        for (let k = 0; k < 5; k++) {
          const n = m * 5 + k;
          const submitted = start + ((n * 7919) % 365) * 86_400_000;
          claims.push({
            claimId: `C${n}`,
            memberId,
            unitCode,
            program: ['health-care', 'skill-boost', 'accident-protection'][k % 3] ?? 'health-care',
            benefit: k % 3 === 2 && m % 1000 === 0 ? 'death' : 'outpatient',
            status: 'PAID',
            amountFen: n % 97 === 0 ? 1990_00 : 300_00 + (n % 1000) * 100,
            submittedAt: new Date(submitted).toISOString(),
            incidentDate: new Date(submitted - 2 * 86_400_000).toISOString().slice(0, 10),
            evidence: [{ kind: 'invoice', number: n % 5000 === 0 ? 'DUP' : `INV-${n}` }],
            payeeAccountHash: `acct${m % 19_500}`,
            decisions: [
              {
                level: 1,
                approverId: `AP${m % 200}`,
                decision: 'approve',
                decidedAt: new Date(submitted).toISOString(),
              },
            ],
          });
        }
      }
      const approvers = [...Array(200).keys()].map((i) => ({
        approverId: `AP${i}`,
        memberId: null,
        mobileHash: `mob${i}`,
        payeeAccountHash: null,
      }));
      const input: FraudInput = { claims, members, approvers, now: '2026-06-30T04:00:00.000Z' };
      // Act
      const began = performance.now();
      const flags = scanForFraud(input);
      const ms = performance.now() - began;
      // Assess
      console.log(
        `fraud scan: ${claims.length} claims, ${members.length} members → ${flags.length} flags in ${ms.toFixed(0)} ms`,
      );
      expect(flags.some((f) => f.rule === 'evidence-reuse' && f.claimIds.length === 20)).toBe(true);
    });

    it('keeps texts short when 100,000 claims of one member share everything', () => {
      // Prepare: the worst case for grouping (one member, one account, one invoice, half of them death claims).
      const base = Date.parse('2026-01-01T00:00:00.000Z');
      const claims: FraudClaim[] = [...Array(100_000).keys()].map((n) =>
        claim(`C${n}`, {
          program: 'accident-protection',
          benefit: n % 2 === 0 ? 'death' : 'disability',
          amountFen: 1990_00,
          submittedAt: new Date(base + n * 60_000).toISOString(),
          incidentDate: '2026-01-01',
          evidence: [{ kind: 'invoice', number: 'SAME' }],
          payeeAccountHash: 'h',
          decisions: [
            { level: 1, approverId: 'AP1', decision: 'approve', decidedAt: '2026-01-02T00:00:00.000Z' },
          ],
        }),
      );
      const input = snapshot(claims, {
        approvers: [{ approverId: 'AP1', memberId: null, mobileHash: 'mob-M1', payeeAccountHash: 'h' }],
      });
      // Act
      const began = performance.now();
      const flags = scanForFraud(input);
      const ms = performance.now() - began;
      // Assess
      console.log(
        `fraud scan, one member with ${claims.length} claims: ${flags.length} flags in ${ms.toFixed(0)} ms`,
      );
      expect(flags.every((f) => f.what.zh.length < 2000 && f.what.en.length < 2000)).toBe(true);
    });
  });
});
