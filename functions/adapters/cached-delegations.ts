import type { RecordEvent } from '../domain/audit.ts';
import type { Delegation, DelegationsStore } from '../ports/delegations-store.ts';
import { TtlCache } from './ttl-cache.ts';

/**
 * The delegations of a unit's approvers, cached per container for as long as the unit's approvers are
 * (REGISTRY_CACHE_SECONDS, 60 s by default): they are read when a level opens, to route its links, and
 * change when an approver sets or ends an absence, not per claim. A delegation set or removed through
 * this store forgets what was cached, so the container that made the change routes by it at once; any
 * other container sees it within the TTL, as it sees an approver added to or removed from a unit. Whether
 * a cached delegation covers the day is decided when it is used (its dates are part of it), so a range
 * that ends is honoured to the day. A single delegation read (`get`, before a change) is never cached.
 */
export class CachedDelegationsStore implements DelegationsStore {
  private readonly unitDelegations: TtlCache<Map<string, Delegation>>;

  constructor(
    private readonly inner: DelegationsStore,
    ttlMs: number,
    clock: () => number = Date.now,
  ) {
    this.unitDelegations = new TtlCache(ttlMs, clock);
  }

  getMany(approverIds: readonly string[]): Promise<Map<string, Delegation>> {
    const ids = [...new Set(approverIds)].sort();
    return this.unitDelegations.get(ids.join('\n'), () => this.inner.getMany(ids));
  }
  async put(approverId: string, delegation: Delegation | null, event: RecordEvent): Promise<void> {
    try {
      await this.inner.put(approverId, delegation, event);
    } finally {
      this.unitDelegations.clear();
    }
  }

  get(approverId: string) {
    return this.inner.get(approverId);
  }
  findApprover(approverId: string) {
    return this.inner.findApprover(approverId);
  }
  history(approverId: string) {
    return this.inner.history(approverId);
  }
}
