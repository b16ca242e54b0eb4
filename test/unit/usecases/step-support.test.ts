import { describe, expect, it } from 'vitest';
import type { AuditEvent, Claim } from '../../../functions/domain/claim.ts';
import {
  type ClaimChange,
  ClaimConflictError,
  type ClaimsStore,
} from '../../../functions/ports/claims-store.ts';
import { changeOnce } from '../../../functions/usecases/step-support.ts';
import { aClaim } from '../../fixtures/claims.ts';

/** A claims store holding one claim and its events, with the version check of the real one. */
function storeWith(claim: Claim, events: AuditEvent[]) {
  let stored = claim;
  const changes: ClaimChange[] = [];
  const store = {
    change: async (read: Claim, change: ClaimChange) => {
      if (read.version !== stored.version) throw new ClaimConflictError('stale-claim', 'changed');
      changes.push(change);
      stored = { ...stored, status: change.to, version: stored.version + 1 };
      return stored;
    },
    getWithTimeline: async () => ({ claim: stored, timeline: events }),
  } as unknown as ClaimsStore;
  return {
    store,
    changes,
    side: (event: AuditEvent) => {
      events.push(event);
      stored = { ...stored, version: event.seq };
    },
  };
}

const event = (seq: number, action: string, from: Claim['status'], to: Claim['status']): AuditEvent => ({
  claimId: 'C1',
  seq,
  at: '2026-12-05T00:00:00.000Z',
  actor: { kind: 'member', id: 'M000001' },
  action,
  from,
  to,
  reason: action,
});

const verified: ClaimChange = {
  to: 'MEMBERSHIP_VERIFIED',
  actor: { kind: 'system', id: 'verify-membership' },
  action: 'membership-verified',
  reason: 'membership verified',
  at: '2026-12-05T00:00:01.000Z',
};

describe('changeOnce', () => {
  it('applies a step’s change again when only a stored document came in between', async () => {
    const read = aClaim({ claimId: 'C1', version: 1 });
    const { store, changes, side } = storeWith(read, [event(1, 'submitted', null as never, 'SUBMITTED')]);
    side(event(2, 'document-stored', 'SUBMITTED', 'SUBMITTED'));
    const after = await changeOnce(store, read, verified);
    expect(changes).toHaveLength(1);
    expect(after.status).toBe('MEMBERSHIP_VERIFIED');
    expect(after.version).toBe(3);
  });

  it('returns the claim as it stands when another run of the step changed it first', async () => {
    const read = aClaim({ claimId: 'C1', version: 1 });
    const { store, changes, side } = storeWith(read, [event(1, 'submitted', null as never, 'SUBMITTED')]);
    side(event(2, 'membership-verified', 'SUBMITTED', 'MEMBERSHIP_VERIFIED'));
    const after = await changeOnce(store, read, verified);
    expect(changes).toHaveLength(0);
    expect(after.version).toBe(2);
  });
});
