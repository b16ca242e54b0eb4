import { beforeAll, describe, expect, it } from 'vitest';
import {
  PAYEE_CHANGE_EXPIRY_DAYS,
  pendingExpiresAt,
} from '../../functions/domain/payments/pending-expiry.ts';
import { setDeputy } from '../../functions/usecases/delegations.ts';
import { confirmPayeeChange, correctPayee } from '../../functions/usecases/payee-correction.ts';
import { readPayee } from '../../functions/usecases/payee-view.ts';
import { maskAccount } from '../../functions/usecases/submit-claim.ts';
import { unitApprovers } from '../../functions/usecases/unit-approvers.ts';
import {
  NEW_ACCOUNT,
  NEW_PAYEE,
  PAYEE_NAME,
  readsTables,
  returnedClaim,
  who,
} from '../fixtures/payee-reads.ts';

const DAY_MS = 86_400_000;
/** 10:00 Beijing time on 4 November 2026. */
const T0 = new Date('2026-11-04T02:00:00.000Z');

describe('the payee and approver reads (DynamoDB Local, an injected clock)', () => {
  let t: Awaited<ReturnType<typeof readsTables>>;
  let clock = T0;

  beforeAll(async () => {
    t = await readsTables('payee-reads-', () => clock);
  }, 60_000);

  describe('GET /claims/{claimId}/payee', () => {
    it('answers the returned claim’s payee masked, with no pending change and the return in its events', async () => {
      // Prepare
      const claimId = 'C01PAYEEREADINTEGRATION0001';
      await t.storeReturned(returnedClaim(claimId));
      // Act
      const view = await readPayee(t.deps, { identity: who.staff('BJ-HD-001'), claimId });
      // Assess
      expect(view).toEqual({
        claimId,
        status: 'PAYOUT_RETURNED',
        memberId: 'M000001',
        payee: { name: PAYEE_NAME, bankName: '中国工商银行北京海淀支行', accountMasked: '****0001' },
        pending: null,
        history: [],
        events: [
          {
            seq: 1,
            at: '2026-11-01T00:00:00.000Z',
            action: 'payout-returned',
            actor: { kind: 'system', id: 'test' },
          },
        ],
      });
    });

    it('shows staff’s proposal as the pending change, masked, with who may confirm it, until it expires', async () => {
      // Prepare
      const claimId = 'C01PAYEEREADINTEGRATION0002';
      await t.storeReturned(returnedClaim(claimId));
      clock = T0;
      const { changeId } = await correctPayee(t.deps, {
        identity: who.staff('BJ-HD', 'maker'),
        claimId,
        body: NEW_PAYEE,
      });
      // Act
      const byMaker = await readPayee(t.deps, { identity: who.staff('BJ-HD', 'maker'), claimId });
      const byChecker = await readPayee(t.deps, { identity: who.staff('BJ-HD-001', 'checker'), claimId });
      const byMember = await readPayee(t.deps, { identity: who.member('M000001'), claimId });
      clock = new Date(T0.getTime() + PAYEE_CHANGE_EXPIRY_DAYS * DAY_MS);
      const late = await readPayee(t.deps, { identity: who.staff('BJ-HD-001', 'checker'), claimId });
      // Assess
      const proposal = {
        changeId,
        round: 2,
        payee: { name: PAYEE_NAME, bankName: NEW_PAYEE.bankName, accountMasked: maskAccount(NEW_ACCOUNT) },
        proposedBy: { kind: 'staff', id: 'maker' },
        proposedAt: T0.toISOString(),
        expiresAt: pendingExpiresAt(T0.toISOString(), PAYEE_CHANGE_EXPIRY_DAYS),
        status: 'PENDING',
        confirmedBy: null,
        confirmedAt: null,
      };
      expect(byMaker.payee.accountMasked).toBe('****0001');
      expect(byMaker.pending).toEqual({
        ...proposal,
        expired: false,
        mayConfirm: { member: true, secondPerson: true, you: false },
        confirmUrl: `/claims/${claimId}/payee/${changeId}/confirm`,
      });
      expect(byChecker.pending?.mayConfirm).toEqual({ member: true, secondPerson: true, you: true });
      expect(byMember.pending?.mayConfirm).toEqual({ member: true, secondPerson: true, you: false });
      expect(byMaker.history).toEqual([proposal]);
      expect(byMaker.events.map((e) => e.action)).toEqual(['payout-returned', 'payee-change-proposed']);
      expect(late.pending).toMatchObject({
        changeId,
        expired: true,
        mayConfirm: { member: false, secondPerson: false, you: false },
      });
    });

    it('after a second person confirms, the payee is the new details (masked), nothing pends, and the history names the confirmer', async () => {
      // Prepare
      const claimId = 'C01PAYEEREADINTEGRATION0003';
      await t.storeReturned(returnedClaim(claimId));
      clock = T0;
      const { changeId } = await correctPayee(t.deps, {
        identity: who.staff('BJ-HD', 'maker'),
        claimId,
        body: NEW_PAYEE,
      });
      clock = new Date(T0.getTime() + 3_600_000);
      await confirmPayeeChange(t.deps, {
        identity: who.admin('checker'),
        claimId,
        changeId: String(changeId),
      });
      // Act
      const view = await readPayee(t.deps, { identity: who.admin('auditing-admin'), claimId });
      // Assess
      expect(view.status).toBe('APPROVED');
      expect(view.payee).toEqual({
        name: PAYEE_NAME,
        bankName: NEW_PAYEE.bankName,
        accountMasked: maskAccount(NEW_ACCOUNT),
      });
      expect(view.pending).toBeNull();
      expect(view.history).toEqual([
        expect.objectContaining({
          changeId,
          status: 'CONFIRMED',
          confirmedBy: { kind: 'admin', id: 'checker' },
          confirmedAt: clock.toISOString(),
        }),
      ]);
      expect(view.events.map((e) => [e.action, e.actor.id])).toEqual([
        ['payout-returned', 'test'],
        ['payee-change-proposed', 'maker'],
        ['payee-corrected', 'checker'],
      ]);
    });
  });

  describe('GET /units/{unitCode}/approvers', () => {
    it('lists the unit’s approvers with their deputy, who, from, to and whether today is covered', async () => {
      // Prepare: 4 November 2026 in Beijing; one deputy covers it, the other's days are to come.
      clock = T0;
      const admin = who.admin('registry-admin');
      await setDeputy(t.deps, {
        identity: admin,
        approverId: 'A-BJ-HD-001-1',
        body: { deputyApproverId: 'A-BJ-HD-001-2', from: '2026-11-03', to: '2026-11-05', reason: '年假' },
      });
      await setDeputy(t.deps, {
        identity: admin,
        approverId: 'A-BJ-HD-001-2',
        body: { deputyApproverId: 'A-BJ-HD-001-1', from: '2026-11-10', to: '2026-11-12', reason: '出差' },
      });
      // Act
      const view = await unitApprovers(t.deps, { identity: who.staff('BJ-HD'), unitCode: 'BJ-HD-001' });
      const other = await unitApprovers(t.deps, { identity: admin, unitCode: 'BJ-HD-002' });
      // Assess
      expect(view).toEqual({
        unitCode: 'BJ-HD-001',
        today: '2026-11-04',
        approvers: [
          {
            approverId: 'A-BJ-HD-001-1',
            name: '张审批',
            deputy: {
              deputyApproverId: 'A-BJ-HD-001-2',
              deputyName: '李审批',
              from: '2026-11-03',
              to: '2026-11-05',
              reason: '年假',
              coversToday: true,
            },
          },
          {
            approverId: 'A-BJ-HD-001-2',
            name: '李审批',
            deputy: {
              deputyApproverId: 'A-BJ-HD-001-1',
              deputyName: '张审批',
              from: '2026-11-10',
              to: '2026-11-12',
              reason: '出差',
              coversToday: false,
            },
          },
        ],
      });
      expect(other.approvers).toEqual([{ approverId: 'A-BJ-HD-002-1', name: '王审批', deputy: null }]);
    });

    it('answers 404 to staff in scope and admins for a unit that does not exist', async () => {
      const error = await unitApprovers(t.deps, { identity: who.admin(), unitCode: 'BJ-HD-999' }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'NotFound', detail: 'no unit BJ-HD-999' });
    });
  });
});
