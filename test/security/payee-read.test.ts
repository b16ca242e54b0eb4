import { beforeAll, describe, expect, it } from 'vitest';
import { Forbidden, NotFound } from '../../functions/domain/errors.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { correctPayee } from '../../functions/usecases/payee-correction.ts';
import { readPayee } from '../../functions/usecases/payee-view.ts';
import { unitApprovers } from '../../functions/usecases/unit-approvers.ts';
import {
  NEW_ACCOUNT,
  NEW_PAYEE,
  OLD_ACCOUNT,
  readsTables,
  returnedClaim,
  who,
} from '../fixtures/payee-reads.ts';

const CLAIM = 'C01PAYEEREADSECURITY0000001';
const OTHER_CLAIM = 'C01PAYEEREADSECURITY0000002';
const MADE_UP = 'C01PAYEEREADSECURITY0000099';
const T0 = new Date('2026-11-04T02:00:00.000Z');

/** What a refusal says, or what came back if nothing was refused. */
interface Outcome {
  readonly answer?: unknown;
  readonly kind?: string;
  readonly title?: string;
  readonly message?: string;
}
const refusal = (p: Promise<unknown>): Promise<Outcome> =>
  p.then(
    (answer) => ({ answer }),
    (e: unknown) => ({
      kind: (e as Error).name,
      title: (e as { title?: string }).title,
      message: (e as Error).message,
    }),
  );

describe('reads of a claim’s payee and of a unit’s approvers (DynamoDB Local)', () => {
  let t: Awaited<ReturnType<typeof readsTables>>;
  let payeeHash = '';

  beforeAll(async () => {
    t = await readsTables('payee-read-sec-', () => T0);
    await t.storeReturned(returnedClaim(CLAIM));
    await t.storeReturned(returnedClaim(OTHER_CLAIM, 'M000002'));
    const proposed = await correctPayee(t.deps, {
      identity: who.staff('BJ-HD', 'maker'),
      claimId: CLAIM,
      body: NEW_PAYEE,
    });
    const change = await t.payments.getPayeeChange(CLAIM, String(proposed.changeId));
    payeeHash = String(change?.payeeHash);
    expect(payeeHash).toMatch(/[0-9a-f]{64}$/);
  }, 60_000);

  const read = (identity: Identity, claimId = CLAIM) => refusal(readPayee(t.deps, { identity, claimId }));

  it('1.1 staff of another unit are refused as if the claim did not exist', async () => {
    const elsewhere = await read(who.staff('BJ-CY'));
    const sibling = await read(who.staff('BJ-HD-002'));
    const madeUp = await read(who.staff('BJ-CY'), MADE_UP);
    expect(elsewhere).toMatchObject({ kind: NotFound.name, title: 'Not found' });
    expect(sibling).toEqual({ ...elsewhere, message: elsewhere.message });
    // The same answer as for a claim that does not exist, but for the id it names.
    expect(elsewhere).toEqual({ ...madeUp, message: madeUp.message?.replace(MADE_UP, CLAIM) });
  });

  it('1.2 a member of another claim, and an auditor, are refused as if the claim did not exist', async () => {
    expect(await read(who.member('M000002'))).toMatchObject({ kind: NotFound.name, title: 'Not found' });
    expect(await read(who.auditor())).toMatchObject({ kind: NotFound.name, title: 'Not found' });
    // The member reads their own claim's payee; the other member theirs.
    expect(await read(who.member('M000001'))).toHaveProperty('answer.claimId', CLAIM);
    expect(await read(who.member('M000002'), OTHER_CLAIM)).toHaveProperty('answer.claimId', OTHER_CLAIM);
  });

  it('1.3 no answer carries a full account number or a payee hash', async () => {
    const readers = [who.member('M000001'), who.staff('BJ-HD-001'), who.staff('BJ-HD', 'maker'), who.admin()];
    for (const identity of readers) {
      const outcome = await read(identity);
      expect(outcome).toHaveProperty('answer');
      const text = JSON.stringify(outcome);
      expect(text).toContain(NEW_ACCOUNT.slice(-4));
      for (const secret of [
        OLD_ACCOUNT,
        NEW_ACCOUNT,
        payeeHash,
        OLD_ACCOUNT.slice(0, 8),
        NEW_ACCOUNT.slice(0, 8),
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/[0-9a-f]{64}/);
      expect(text).not.toMatch(/hash/i);
    }
  });

  describe('2 a unit’s approvers', () => {
    const list = (identity: Identity, unitCode = 'BJ-HD-001') =>
      refusal(unitApprovers(t.deps, { identity, unitCode }));

    it('2.1 staff of another subtree, a member and an auditor are refused 403, for a real unit and a made-up one alike', async () => {
      for (const identity of [who.staff('BJ-CY'), who.staff('BJ-HD-002'), who.member(), who.auditor()]) {
        const real = await list(identity);
        const madeUp = await list(identity, 'BJ-XX-999');
        expect(real).toMatchObject({ kind: Forbidden.name, title: 'Forbidden' });
        expect(madeUp).toMatchObject({ kind: Forbidden.name, title: 'Forbidden' });
        expect(madeUp.message?.replace('BJ-XX-999', 'BJ-HD-001')).toBe(real.message);
      }
    });

    it('2.2 an approver reads their own unit’s approvers only; staff above and admins read the unit', async () => {
      const own = who.staff('BJ-HD-002', 'approver-2', 'A-BJ-HD-002-1');
      expect(await list(own, 'BJ-HD-002')).toHaveProperty('answer.unitCode', 'BJ-HD-002');
      expect(await list(own)).toMatchObject({ kind: Forbidden.name, title: 'Forbidden' });
      // An approver's token without the staff role still reads their own unit.
      const bare: Identity = { ...own, roles: [] };
      expect(await list(bare, 'BJ-HD-002')).toHaveProperty('answer.unitCode', 'BJ-HD-002');
      expect(await list(bare)).toMatchObject({ kind: Forbidden.name, title: 'Forbidden' });
      expect(await list(who.staff('BJ-HD'))).toHaveProperty('answer.unitCode', 'BJ-HD-001');
      expect(await list(who.admin())).toHaveProperty('answer.unitCode', 'BJ-HD-001');
    });

    it('2.3 the answer names approvers and deputies, never their e-mail, mobile or membership', async () => {
      const outcome = await list(who.admin());
      const text = JSON.stringify(outcome);
      expect(text).toContain('A-BJ-HD-001-1');
      expect(text).not.toContain('@union.example');
      expect(text).not.toContain('13800000000');
      expect(text).not.toContain('M10000');
    });
  });
});
