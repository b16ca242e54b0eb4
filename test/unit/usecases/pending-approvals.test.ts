import { describe, expect, it } from 'vitest';
import type { Approver } from '../../../functions/domain/registry.ts';
import type { ApprovalLink, ApprovalRequest } from '../../../functions/ports/claims-store.ts';
import { pendingApprovals } from '../../../functions/usecases/pending-approvals.ts';
import { aClaim, rulesPassed } from '../../fixtures/claims.ts';

const ME = 'A-BJ-HD-001-1';
const COLLEAGUE = 'A-BJ-HD-001-2';
const NOW = new Date('2026-10-05T00:00:00.000Z');
const identity = {
  subject: ME,
  roles: ['staff'] as const,
  memberId: null,
  unitCode: 'BJ-HD-001',
  approverId: ME,
};

function approver(approverId: string, name: string): Approver {
  return {
    approverId,
    unitCode: 'BJ-HD-001',
    name,
    email: `${approverId}@x.example`,
    mobile: '',
    memberId: null,
  };
}

/** An open level 1 of `claimId`, opened at `createdAt`, assigned to `assignedTo` (absent: before assignment). */
function level(claimId: string, createdAt: string, assignedTo?: string): ApprovalRequest {
  return {
    claimId,
    level: 1,
    unitCode: 'BJ-HD-001',
    approverIds: [ME, COLLEAGUE],
    linkSeeds: ['s1', 's2'],
    taskToken: 'token',
    handOff: 'outcome',
    createdAt,
    expiresAt: '2026-10-09T00:00:00.000Z',
    decision: null,
    closed: false,
    notified: true,
    ...(assignedTo === undefined ? {} : { assignedTo }),
  };
}

/** The caller's queue over `levels` (one link of the caller each), counting the registry's reads. */
async function queueOf(levels: readonly ApprovalRequest[]) {
  const registryReads: string[] = [];
  const links: ApprovalLink[] = levels.map((l) => ({
    linkHash: `hash-${l.claimId}`,
    seed: `seed-${l.claimId}`,
    claimId: l.claimId,
    level: l.level,
    approverId: ME,
    createdAt: l.createdAt,
    expiresAt: l.expiresAt,
  }));
  const deps = {
    claims: {
      listLinksOfApprover: async () => links,
      getApprovalRequest: async (claimId: string) => levels.find((l) => l.claimId === claimId) ?? null,
      get: async (claimId: string) =>
        aClaim({ claimId, status: 'AWAITING_APPROVAL', rules: rulesPassed(100_000) }),
    },
    registry: {
      listApprovers: async (unitCode: string) => {
        registryReads.push(unitCode);
        return [approver(ME, '王敏'), approver(COLLEAGUE, '李强')];
      },
    },
    now: () => NOW,
    linkBaseUrl: 'https://claims.example',
    linkKey: async () => 'link-key',
  } as unknown as Parameters<typeof pendingApprovals>[0];
  const { pending } = await pendingApprovals(deps, { identity });
  return { pending, registryReads };
}

describe('pendingApprovals', () => {
  describe('whose claim a row is', () => {
    it('says assignedToYou for a level assigned to the caller, names the colleague a level was sent to, and null before assignment', async () => {
      // Prepare
      const levels = [
        level('C-MINE', '2026-10-02T00:00:00.000Z', ME),
        level('C-THEIRS', '2026-10-02T01:00:00.000Z', COLLEAGUE),
        level('C-BEFORE', '2026-10-02T02:00:00.000Z'),
      ];
      // Act
      const { pending } = await queueOf(levels);
      // Assess
      const byClaim = Object.fromEntries(pending.map((p) => [p.claimId, p]));
      expect(byClaim['C-MINE']).toMatchObject({
        assignedToYou: true,
        assignedTo: { approverId: ME, name: '王敏' },
      });
      expect(byClaim['C-THEIRS']).toMatchObject({
        assignedToYou: false,
        assignedTo: { approverId: COLLEAGUE, name: '李强' },
      });
      expect(byClaim['C-BEFORE']).toMatchObject({ assignedToYou: false, assignedTo: null });
      expect(byClaim['C-MINE']?.amountFen).toBe(100_000);
    });

    it('reads the approvers once a unit, through the registry port, whatever the number of rows', async () => {
      // Prepare
      const levels = Array.from({ length: 6 }, (_, i) =>
        level(`C-${i}`, `2026-10-02T0${i}:00:00.000Z`, i % 2 === 0 ? ME : COLLEAGUE),
      );
      // Act
      const { pending, registryReads } = await queueOf(levels);
      // Assess
      expect(pending).toHaveLength(6);
      expect(registryReads).toEqual(['BJ-HD-001']);
    });

    it('reads no approver when no level is assigned, and names an approver the registry no longer lists by id', async () => {
      // Prepare / Act
      const none = await queueOf([level('C-OLD', '2026-10-02T00:00:00.000Z')]);
      const gone = await queueOf([level('C-GONE', '2026-10-02T00:00:00.000Z', 'A-BJ-HD-001-9')]);
      // Assess
      expect(none.registryReads).toEqual([]);
      expect(gone.pending[0]?.assignedTo).toEqual({ approverId: 'A-BJ-HD-001-9', name: 'A-BJ-HD-001-9' });
    });
  });

  describe('order', () => {
    it('lists the levels assigned to the caller first, then the others, each oldest level first', async () => {
      // Prepare: the store lists links newest first; assignment and age are mixed.
      const levels = [
        level('C-THEIRS-NEW', '2026-10-04T00:00:00.000Z', COLLEAGUE),
        level('C-MINE-NEW', '2026-10-03T00:00:00.000Z', ME),
        level('C-BEFORE-MID', '2026-10-02T12:00:00.000Z'),
        level('C-THEIRS-OLD', '2026-10-02T00:00:00.000Z', COLLEAGUE),
        level('C-MINE-OLD', '2026-10-01T00:00:00.000Z', ME),
      ];
      // Act
      const { pending } = await queueOf(levels);
      // Assess
      expect(pending.map((p) => p.claimId)).toEqual([
        'C-MINE-OLD',
        'C-MINE-NEW',
        'C-THEIRS-OLD',
        'C-BEFORE-MID',
        'C-THEIRS-NEW',
      ]);
    });
  });
});
