import { describe, expect, it } from 'vitest';
import type { ApprovalStep } from '../../../functions/domain/authority.ts';
import { newClaimLinkSeed } from '../../../functions/domain/ids.ts';
import { approvalTimeoutsOf } from '../../../functions/domain/programs/catalog.ts';
import type { Approver } from '../../../functions/domain/registry.ts';
import type { Delegation } from '../../../functions/ports/delegations-store.ts';
import { DeputyBody } from '../../../functions/schemas/delegations.ts';
import { ApprovalTimeouts } from '../../../functions/schemas/programs.ts';
import { workflowApprovalTimeouts } from '../../../functions/usecases/check-rules.ts';
import { delegationActiveOn } from '../../../functions/usecases/delegations.ts';
import { escalationReason, escalationTarget } from '../../../functions/usecases/escalation.ts';
import {
  approvalLinkSeed,
  asFirstReminder,
  asReminder,
  mayDecide,
  openedReason,
  routeLevel,
} from '../../../functions/usecases/request-approval.ts';
import { scaledWaits } from '../../../infra/local/stepfunctions/definition.ts';

function approver(approverId: string, memberId: string | null = null, unitCode = 'BJ-HD-001'): Approver {
  return {
    approverId,
    unitCode,
    name: approverId,
    email: `${approverId}@x.example`,
    mobile: '138',
    memberId,
  };
}

const claim = { memberId: 'M1', submittedBy: { kind: 'member', id: 'M1' } } as const;

describe('approval routing', () => {
  describe('mayDecide (four-eyes)', () => {
    it('excludes the claimant, the submitter as a member and the submitter as an approver', () => {
      // Prepare
      const byStaff = { memberId: 'M1', submittedBy: { kind: 'staff', id: 'A-2' } } as const;
      // Act / Assess
      expect(mayDecide(claim, approver('A-1', 'M1'))).toBe(false);
      expect(mayDecide({ ...claim, submittedBy: { kind: 'staff', id: 'M9' } }, approver('A-1', 'M9'))).toBe(
        false,
      );
      expect(mayDecide(byStaff, approver('A-2'))).toBe(false);
      expect(mayDecide(byStaff, approver('A-3', 'M3'))).toBe(true);
      expect(mayDecide(claim, approver('A-4'))).toBe(true);
    });
  });

  describe('routeLevel', () => {
    // A deputy is another approver of the absent approver's own unit.
    const deputy = approver('A-D', 'M7');
    const delegation = (from: string, to: string, who = deputy): Delegation => ({
      approverId: 'A-1',
      deputy: who,
      from,
      to,
      reason: 'leave',
      setAt: '2026-01-01T00:00:00Z',
    });

    it('sends the deputy instead of the absent approver within the range', () => {
      // Act
      const routed = routeLevel(
        claim,
        [approver('A-1'), approver('A-2')],
        new Map([['A-1', delegation('2026-03-01', '2026-03-05')]]),
        '2026-03-05',
      );
      // Assess
      expect(routed.map((r) => [r.approver.approverId, r.onBehalfOf])).toEqual([
        ['A-2', null],
        ['A-D', 'A-1'],
      ]);
    });

    it('ignores a delegation outside its range', () => {
      const routed = routeLevel(
        claim,
        [approver('A-1'), approver('A-2')],
        new Map([['A-1', delegation('2026-03-01', '2026-03-05')]]),
        '2026-03-06',
      );
      expect(routed.map((r) => r.approver.approverId)).toEqual(['A-1', 'A-2']);
    });

    it('applies four-eyes to the deputy and never gives anyone two links', () => {
      const claimantDeputy = routeLevel(
        { memberId: 'M7', submittedBy: { kind: 'member', id: 'M7' } },
        [approver('A-1')],
        new Map([['A-1', delegation('2026-03-01', '2026-03-05')]]),
        '2026-03-02',
      );
      const colleague = routeLevel(
        claim,
        [approver('A-1'), approver('A-2')],
        new Map([['A-1', delegation('2026-03-01', '2026-03-05', approver('A-2'))]]),
        '2026-03-02',
      );
      expect(claimantDeputy).toEqual([]);
      expect(colleague.map((r) => r.approver.approverId)).toEqual(['A-2']);
    });
  });

  describe('separation of duties', () => {
    it('ignores a deputy of another unit, and one who is the absent approver under another id', () => {
      const leave = (who: Approver): Delegation => ({
        approverId: 'A-1',
        deputy: who,
        from: '2026-03-01',
        to: '2026-03-05',
        reason: 'leave',
        setAt: '2026-01-01T00:00:00Z',
      });
      const route = (who: Approver) =>
        routeLevel(
          claim,
          [approver('A-1', 'M5'), approver('A-2')],
          new Map([['A-1', leave(who)]]),
          '2026-03-02',
        )
          .map((r) => r.approver.approverId)
          .sort();
      expect(route(approver('A-D', null, 'BJ-HD'))).toEqual(['A-1', 'A-2']);
      expect(route(approver('A-1b', 'M5'))).toEqual(['A-1', 'A-2']);
      expect(route(approver('A-3'))).toEqual(['A-2', 'A-3']);
    });

    it('compares identities: the staff approver id and membership, the payee name, earlier deciders', () => {
      const parties = (submitter: { approverId: string | null; memberId: string | null }) =>
        ({
          ...claim,
          payee: { name: '王 芳', bankName: 'b', accountMasked: '***1' },
          parties: {
            claimant: { memberId: 'M1' },
            submitter: { kind: 'staff', subject: '9f0c4c1e-uuid', ...submitter },
            payee: { name: '王 芳' },
          },
        }) as const;
      const byStaff = parties({ approverId: 'A-2', memberId: null });
      expect(mayDecide(byStaff, approver('A-2'))).toBe(false);
      expect(mayDecide(byStaff, approver('9f0c4c1e-uuid'))).toBe(true);
      expect(mayDecide(parties({ approverId: null, memberId: 'M9' }), approver('A-9', 'M9'))).toBe(false);
      expect(mayDecide(byStaff, { ...approver('A-3'), name: '王芳' })).toBe(false);
      const deciders = [{ level: 1, person: { approverId: 'A-X', memberId: 'M8' } }];
      const routed = routeLevel(
        byStaff,
        [approver('A-Y', 'M8', 'BJ-HD'), approver('A-Z', null, 'BJ-HD')],
        new Map(),
        '2026-03-02',
        deciders,
      );
      expect(routed.map((r) => r.approver.approverId)).toEqual(['A-Z']);
    });
  });

  describe('delegationActiveOn', () => {
    it('counts both ends of the range', () => {
      const range = { from: '2026-03-01', to: '2026-03-05' };
      expect(
        ['2026-02-28', '2026-03-01', '2026-03-05', '2026-03-06'].map((d) => delegationActiveOn(range, d)),
      ).toEqual([false, true, true, false]);
    });
  });

  describe('DeputyBody', () => {
    it('refuses a range that ends before it starts', () => {
      const parsed = DeputyBody.safeParse({
        deputyApproverId: 'A-2',
        from: '2026-03-05',
        to: '2026-03-01',
        reason: 'leave',
      });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['to']);
    });
  });

  describe('escalationTarget', () => {
    const chain: ApprovalStep[] = [
      { level: 1, tier: 'grassroots', unitCode: 'BJ-HD-001' },
      { level: 2, tier: 'district', unitCode: 'BJ-HD' },
    ];
    it("hands a level to the chain's next level (that unit decides both questions, once)", () => {
      expect(escalationTarget(chain, 1, { code: 'BJ-HD', tier: 'district' })).toEqual({
        level: 2,
        unitCode: 'BJ-HD',
        append: null,
      });
    });
    it('appends the parent unit after the last level', () => {
      expect(escalationTarget(chain, 2, { code: 'BJ', tier: 'city' })).toEqual({
        level: 3,
        unitCode: 'BJ',
        append: { level: 3, tier: 'city', unitCode: 'BJ' },
      });
    });
    it('has nowhere to go above the city federation', () => {
      expect(escalationTarget([...chain, { level: 3, tier: 'city', unitCode: 'BJ' }], 3, null)).toBeNull();
    });
  });

  describe('escalationReason', () => {
    it('names the timeout and the four-eyes case', () => {
      expect(escalationReason({ Error: 'States.Timeout' }, 1, 'BJ-HD-001')).toContain('no decision in time');
      expect(escalationReason({ Error: 'NoEligibleApprover' }, 2, 'BJ-HD')).toContain('four-eyes');
    });
  });

  describe('asReminder', () => {
    it('marks the message and keeps its link', () => {
      const message = { channel: 'email', to: 'a@x', subject: 'S', text: 'T', links: ['u'] } as const;
      const reminder = asReminder(message);
      expect(reminder.subject).toContain('Reminder');
      expect(reminder.links).toEqual(['u']);
      expect(reminder.text).toContain('T');
    });
  });

  describe('asFirstReminder', () => {
    it('tells an approver not e-mailed at opening, in both languages, that the claim still waits and whom it was first sent to; the link is theirs', () => {
      const message = { channel: 'email', to: 'b@x', subject: 'S', text: 'T', links: ['mine'] } as const;
      const first = asFirstReminder(message, '王芳');
      expect(first.subject).toContain('Reminder');
      expect(first.to).toBe('b@x');
      expect(first.links).toEqual(['mine']);
      expect(first.text).toContain('最初已发给 王芳');
      expect(first.text).toContain('it was first sent to 王芳');
      expect(first.text.endsWith('T')).toBe(true);
    });
  });

  describe('openedReason', () => {
    it('names the assigned approver and how many may decide; says so when no e-mail went out yet', () => {
      const level = { level: 1, unitCode: 'U01', approverIds: ['A0101', 'A0102'] };
      expect(openedReason({ ...level, assignedTo: 'A0102' })).toBe(
        'level 1: A0102 of U01 asked; 2 approver(s) may decide',
      );
      expect(openedReason(level)).toBe(
        'level 1: no approver of U01 could be e-mailed yet; 2 approver(s) may decide',
      );
    });
  });

  describe('approval timeouts', () => {
    it('default to a reminder after 24 h and escalation after 72 h', () => {
      expect(approvalTimeoutsOf(null)).toEqual({ remindAfterSeconds: 86_400, escalateAfterSeconds: 259_200 });
      expect(workflowApprovalTimeouts(null)).toEqual({
        remindAfterSeconds: 86_400,
        escalateAfterSeconds: 259_200,
        reminderWindowSeconds: 172_800,
      });
    });
    it('must escalate after the reminder', () => {
      expect(
        ApprovalTimeouts.safeParse({ remindAfterSeconds: 3600, escalateAfterSeconds: 3600 }).success,
      ).toBe(false);
      expect(
        ApprovalTimeouts.safeParse({ remindAfterSeconds: 3600, escalateAfterSeconds: 7200 }).success,
      ).toBe(true);
    });
  });

  describe('scaledWaits (local time compression)', () => {
    it('scales fixed Wait seconds, and nothing at scale 1', () => {
      const definition = { States: { Pause: { Type: 'Wait', Seconds: 86_400 }, Go: { Type: 'Pass' } } };
      expect(scaledWaits(definition, 1)).toBeUndefined();
      expect(scaledWaits(definition, 1 / 86_400)).toEqual({ Pause: 1000 });
    });
  });

  describe('approvalLinkSeed', () => {
    it("is the same for the same claim, level, approver and version; new when the claim's version moved", () => {
      const linkSeed = newClaimLinkSeed();
      const read = { claimId: 'C1', linkSeed, version: 4 };
      expect(approvalLinkSeed(read, 1, 'A-1')).toBe(approvalLinkSeed({ ...read }, 1, 'A-1'));
      expect(approvalLinkSeed({ ...read, version: 5 }, 1, 'A-1')).not.toBe(approvalLinkSeed(read, 1, 'A-1'));
      expect(approvalLinkSeed(read, 2, 'A-1')).not.toBe(approvalLinkSeed(read, 1, 'A-1'));
      expect(approvalLinkSeed(read, 1, 'A-2')).not.toBe(approvalLinkSeed(read, 1, 'A-1'));
    });

    it('is fresh and random on each call for a claim submitted before link seeds', () => {
      const legacy = { claimId: 'C1', version: 4 };
      expect(approvalLinkSeed(legacy, 1, 'A-1')).not.toBe(approvalLinkSeed(legacy, 1, 'A-1'));
    });
  });
});
