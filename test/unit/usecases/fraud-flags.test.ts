import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../functions/domain/claim.ts';
import { Forbidden, Invalid } from '../../../functions/domain/errors.ts';
import type { Identity } from '../../../functions/domain/identity.ts';
import type { Unit } from '../../../functions/domain/registry.ts';
import { approvalForm } from '../../../functions/http/approval-page.ts';
import type { ClaimsStore } from '../../../functions/ports/claims-store.ts';
import type { FraudStore, StoredFlag } from '../../../functions/ports/fraud-store.ts';
import type { RegistryStore } from '../../../functions/ports/registry-store.ts';
import type { ApprovalPageData } from '../../../functions/usecases/approval-link.ts';
import { flagIdOf, listFlags, resolveFlag } from '../../../functions/usecases/fraud-flags.ts';
import { aClaim } from '../../fixtures/claims.ts';

const UNITS: Unit[] = [
  { code: 'BJ', name: '市总工会', nameEn: 'City', tier: 'city', parentCode: null, path: 'BJ' },
  { code: 'BJ-HD', name: '海淀', nameEn: 'Haidian', tier: 'district', parentCode: 'BJ', path: 'BJ/BJ-HD' },
  {
    code: 'BJ-HD-001',
    name: '一厂',
    nameEn: 'Plant 1',
    tier: 'grassroots',
    parentCode: 'BJ-HD',
    path: 'BJ/BJ-HD/BJ-HD-001',
  },
  { code: 'BJ-CY', name: '朝阳', nameEn: 'Chaoyang', tier: 'district', parentCode: 'BJ', path: 'BJ/BJ-CY' },
];
const registry = {
  getUnit: async (code: string) => UNITS.find((u) => u.code === code) ?? null,
} as RegistryStore;

const claim = aClaim({
  claimId: 'C01TESTFRAUDFLAGS0000000001',
  at: '2026-11-02T00:00:00Z',
  incidentDate: '2026-11-01',
  evidence: [{ kind: 'certificate', number: 'JS-1' }],
  payee: { name: '王芳', bankName: '工行', accountMasked: '6222********3445' },
  status: 'AWAITING_APPROVAL',
  version: 3,
  fraudHold: { open: 1, confirmed: 0 },
});

const flag: StoredFlag = {
  claimId: claim.claimId,
  key: 'evidence-reuse|certificate#JS-1',
  rule: 'evidence-reuse',
  score: 90,
  state: 'OPEN',
  raisedAt: '2026-11-28T00:00:00Z',
  what: {
    zh: '证明材料 <b>JS-1</b> 出现在 2 件申请中',
    en: 'Evidence certificate <script>x</script> on 2 claims',
  },
  claimIds: [claim.claimId, 'C01OTHER'],
  memberIds: ['M000001', 'M000002'],
  unitPath: claim.unitPath,
  claimStatus: 'AWAITING_APPROVAL',
  review: false,
  holds: true,
};

const staff = (unitCode: string): Identity => ({
  subject: `staff-${unitCode}`,
  roles: ['staff'],
  memberId: null,
  unitCode,
});

describe('fraud flags', () => {
  describe('approval page', () => {
    it('shows the flags, escaped, in Chinese or English, with the hold', () => {
      const data = {
        linkId: 'L1',
        state: 'pending',
        claim,
        level: 1,
        approverId: 'A-1',
        openedAt: '2026-11-28T00:00:00Z',
        expiresAt: '2026-12-01T00:00:00Z',
        member: null,
        decision: null,
        levels: 1,
        earlier: [],
        flags: [flag],
      } satisfies ApprovalPageData;

      const en = approvalForm({ lang: 'en', langSwitch: false }, data, 'csrf');
      const zh = approvalForm({ lang: 'zh', langSwitch: false }, data, 'csrf');

      expect(en).toContain('Fraud flags: 1 (1 open; no payout while a flag is open)');
      expect(en).toContain('Evidence certificate &#60;script&#62;x&#60;/script&#62; on 2 claims');
      expect(en).not.toContain('<script>x');
      expect(zh).toContain('风险提示');
      expect(zh).toContain('证明材料 &#60;b&#62;JS-1&#60;/b&#62;');
      expect(approvalForm({ lang: 'en', langSwitch: false }, { ...data, flags: [] }, 'csrf')).not.toContain(
        'Fraud flags',
      );
    });
  });

  describe('resolveFlag', () => {
    const changes: unknown[] = [];
    const deps = {
      claims: {
        get: async () => claim,
        change: async (c: Claim, change: unknown, linked: unknown) => {
          changes.push({ change, linked });
          return c;
        },
      } as unknown as ClaimsStore,
      fraud: { getFlag: async () => flag, getHoldToken: async () => null } as unknown as FraudStore,
      registry,
      workflow: {
        startClaim: async () => undefined,
        sendTaskSuccess: async () => undefined,
        sendTaskFailure: async () => undefined,
      },
      now: () => new Date('2026-11-28T01:00:00Z'),
    };
    const request = (identity: Identity, body: unknown = { reason: '核实无误' }) => ({
      identity,
      claimId: claim.claimId,
      flagId: flagIdOf(flag.key),
      action: 'clear',
      body,
    });

    it('lets staff of a unit above the claim clear a flag, with the reason on the audit event', async () => {
      changes.length = 0;
      const out = await resolveFlag(deps, request(staff('BJ-HD')));

      expect(out).toMatchObject({ state: 'CLEARED', resolvedBy: 'staff-BJ-HD', reason: '核实无误' });
      expect(changes).toEqual([
        {
          change: expect.objectContaining({
            to: 'AWAITING_APPROVAL',
            action: 'fraud-flag-cleared',
            reason: 'evidence-reuse: 核实无误',
            set: { fraudHold: { open: 0, confirmed: 0 } },
          }),
          linked: [expect.objectContaining({ kind: 'resolveFlag', key: flag.key, state: 'CLEARED' })],
        },
      ]);
    });

    it("refuses the claim's own unit, another district and a member; asks for a reason", async () => {
      for (const identity of [
        staff('BJ-HD-001'),
        staff('BJ-CY'),
        { subject: 'M000001', roles: ['member'], memberId: 'M000001', unitCode: null } satisfies Identity,
      ]) {
        await expect(resolveFlag(deps, request(identity))).rejects.toBeInstanceOf(Forbidden);
      }
      await expect(resolveFlag(deps, request(staff('BJ'), { reason: ' ' }))).rejects.toBeInstanceOf(Invalid);
      await expect(resolveFlag(deps, request(staff('BJ')))).resolves.toMatchObject({ state: 'CLEARED' });
    });
  });

  describe('listFlags', () => {
    const other: StoredFlag = { ...flag, claimId: 'C01ELSEWHERE', unitPath: 'BJ/BJ-CY/BJ-CY-002' };
    const paid: StoredFlag = { ...flag, claimId: 'C01PAID', review: true, claimStatus: 'PAID' };
    const fraud = {
      listFlags: async (_state: string, review: boolean) => (review ? [paid] : [flag, other]),
    } as unknown as FraudStore;

    it('shows staff their subtree, auditors everything, and the review list only to auditors and admins', async () => {
      const mine = await listFlags(
        { fraud, registry },
        { identity: staff('BJ-HD'), state: 'open', review: undefined },
      );
      expect(mine.map((f) => f.claimId).sort()).toEqual(['C01PAID', claim.claimId]);
      const auditor: Identity = { subject: 'aud', roles: ['auditor'], memberId: null, unitCode: null };
      const all = await listFlags({ fraud, registry }, { identity: auditor, state: 'OPEN', review: 'true' });
      expect(all.map((f) => f.claimId)).toEqual(['C01PAID']);
      await expect(
        listFlags({ fraud, registry }, { identity: staff('BJ'), state: 'OPEN', review: 'true' }),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(
        listFlags({ fraud, registry }, { identity: auditor, state: 'GONE', review: undefined }),
      ).rejects.toBeInstanceOf(Invalid);
    });
  });
});
