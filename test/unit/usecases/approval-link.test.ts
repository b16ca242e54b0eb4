import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../functions/ports/claims-store.ts';
import {
  type DecisionForm,
  decideApproval,
  decisionForm,
  pageOfForm,
} from '../../../functions/usecases/approval-link.ts';
import { aClaim } from '../../fixtures/claims.ts';

const LINK = 'Ab3dEf6hIj9kLm2nOp5qRs';
const NOW = new Date('2026-10-03T00:00:00.000Z');
/** A claim waiting at level 1 of 2: an approval there needs level 2 too. */
const claim = aClaim({
  claimId: 'C01TESTHANDOFF',
  status: 'AWAITING_APPROVAL',
  approvalChain: [
    { level: 1, tier: 'grassroots', unitCode: 'BJ-HD-001' },
    { level: 2, tier: 'district', unitCode: 'BJ-HD' },
  ],
});

/** The form a pending page of level 1 sealed (as decisionForm builds it), with `extra` over it. */
function sealedForm(extra: Record<string, unknown>): Record<string, unknown> {
  const form: Omit<DecisionForm, 'handOff'> = {
    v: 1,
    linkId: LINK,
    level: 1,
    approverId: 'A-BJ-HD-001-1',
    openedAt: '2026-10-02T00:00:00.000Z',
    expiresAt: '2026-10-09T00:00:00.000Z',
    levels: 2,
    claim,
    earlier: [],
    others: [],
    taskToken: 'sealed-token',
  };
  return { ...form, ...extra };
}

/** What a decision needs: a store that records it, and a workflow that records how each token is resumed. */
function decisionDeps(o: { stale?: string[]; stored?: Pick<ApprovalRequest, 'taskToken' | 'handOff'> } = {}) {
  const calls: unknown[][] = [];
  const settle = (token: string) => {
    if (o.stale?.includes(token)) throw Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' });
  };
  const deps = {
    claims: {
      change: async () => ({ ...claim, version: claim.version + 1 }),
      getApprovalRequest: async () => (o.stored === undefined ? null : (o.stored as ApprovalRequest)),
    },
    registry: { listApprovers: async () => [] },
    delegations: { findApprover: async () => null },
    workflow: {
      startClaim: async () => undefined,
      sendTaskSuccess: async (token: string, output: unknown) => {
        settle(token);
        calls.push(['success', token, output]);
      },
      sendTaskFailure: async (token: string, error: string) => {
        settle(token);
        calls.push(['failure', token, error]);
      },
    },
    now: () => NOW,
  };
  return { calls, deps: deps as unknown as Parameters<typeof decideApproval>[0] };
}

async function approveByForm(form: unknown, deps: Parameters<typeof decideApproval>[0]) {
  const page = pageOfForm(form, LINK, NOW)?.page;
  if (page === null || page === undefined) throw new Error('the form opens no page');
  return decideApproval(deps, { linkId: LINK, decision: 'approve', reason: '', page });
}

describe('approval link: how a decision resumes the token its form sealed', () => {
  it("seals the token's hand-off with it: `outcome`, or null for the earlier definition's token", () => {
    for (const handOff of ['outcome', null] as const) {
      const page = pageOfForm(sealedForm({ handOff }), LINK, NOW)?.page;
      expect(page).not.toBeNull();
      expect(page === null || page === undefined ? null : decisionForm(page)).toMatchObject({
        taskToken: 'sealed-token',
        handOff,
      });
    }
  });

  it('reads a form sealed before the hand-off was sealed with the token again from the link (no page)', () => {
    expect(pageOfForm(sealedForm({}), LINK, NOW)).toEqual({ page: null });
    expect(pageOfForm(sealedForm({ handOff: 'something-else' }), LINK, NOW)).toEqual({ page: null });
  });

  it('hands an approval needing level 2 to a token of this definition as Claim.NextLevel, of the earlier as success', async () => {
    const current = decisionDeps();
    const earlier = decisionDeps();
    expect((await approveByForm(sealedForm({ handOff: 'outcome' }), current.deps)).result).toBe('recorded');
    expect((await approveByForm(sealedForm({ handOff: null }), earlier.deps)).result).toBe('recorded');
    expect(current.calls).toEqual([['failure', 'sealed-token', 'Claim.NextLevel']]);
    expect(earlier.calls).toEqual([
      [
        'success',
        'sealed-token',
        { decision: 'approve', level: 1, approverId: 'A-BJ-HD-001-1', nextLevel: 2 },
      ],
    ]);
  });

  it("resumes a token stored since (the sealed one no longer waits) with that token's own hand-off", async () => {
    // Prepare: the form sealed this definition's token; a redrive of the earlier definition stored its own.
    const { calls, deps } = decisionDeps({ stale: ['sealed-token'], stored: { taskToken: 'stored-token' } });
    // Act
    await approveByForm(sealedForm({ handOff: 'outcome' }), deps);
    // Assess
    expect(calls).toEqual([
      [
        'success',
        'stored-token',
        { decision: 'approve', level: 1, approverId: 'A-BJ-HD-001-1', nextLevel: 2 },
      ],
    ]);
  });
});
