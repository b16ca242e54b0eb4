import { describe, expect, it, vi } from 'vitest';
import { CachedDelegationsStore } from '../../../functions/adapters/cached-delegations.ts';
import type { Delegation, DelegationsStore } from '../../../functions/ports/delegations-store.ts';

const delegation: Delegation = {
  approverId: 'A-1',
  deputy: {
    approverId: 'A-2',
    unitCode: 'BJ-HD-001',
    name: '李四',
    email: 'a2@union.example',
    mobile: '',
    memberId: null,
  } as Delegation['deputy'],
  from: '2026-10-01',
  to: '2026-10-07',
  reason: '休假',
  setAt: '2026-09-30T00:00:00.000Z',
};
const event = {
  at: '2026-10-02T00:00:00.000Z',
  actor: { kind: 'approver', id: 'A-1' },
  action: 'x',
} as never;

function fakeDelegations() {
  const fake = {
    getMany: vi.fn(async () => new Map([['A-1', delegation]])),
    get: vi.fn(async () => delegation),
    put: vi.fn(async () => undefined),
    findApprover: vi.fn(async () => null),
    history: vi.fn(async () => []),
  };
  return Object.assign(fake as unknown as DelegationsStore, fake);
}

describe('CachedDelegationsStore', () => {
  describe('getMany', () => {
    it("reads a unit's delegations once within the time to live, whatever the order asked, and again after it", async () => {
      // Prepare
      let now = 0;
      const inner = fakeDelegations();
      const store = new CachedDelegationsStore(inner, 60_000, () => now);
      // Act
      await store.getMany(['A-1', 'A-2']);
      const again = await store.getMany(['A-2', 'A-1', 'A-1']);
      now = 59_999;
      await store.getMany(['A-1', 'A-2']);
      now = 60_000;
      await store.getMany(['A-1', 'A-2']);
      await store.getMany(['A-3']);
      // Assess
      expect(again.get('A-1')).toEqual(delegation);
      expect(inner.getMany).toHaveBeenCalledTimes(3);
    });

    it('forgets what it cached when a delegation is set or removed through it', async () => {
      const inner = fakeDelegations();
      const store = new CachedDelegationsStore(inner, 60_000);
      await store.getMany(['A-1']);
      await store.put('A-1', null, event);
      await store.getMany(['A-1']);
      expect(inner.getMany).toHaveBeenCalledTimes(2);
    });

    it('reads afresh every time with a time to live of zero', async () => {
      const inner = fakeDelegations();
      const store = new CachedDelegationsStore(inner, 0);
      await store.getMany(['A-1']);
      await store.getMany(['A-1']);
      expect(inner.getMany).toHaveBeenCalledTimes(2);
    });
  });

  describe('get', () => {
    it('is never cached (a change reads the delegation as it stands)', async () => {
      const inner = fakeDelegations();
      const store = new CachedDelegationsStore(inner, 60_000);
      await store.get('A-1');
      await store.get('A-1');
      expect(inner.get).toHaveBeenCalledTimes(2);
    });
  });
});
