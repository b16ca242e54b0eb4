import type { RecordEvent } from '../domain/audit.ts';
import type { ProgramVersionRef } from '../domain/programs/versions.ts';
import type { Approver, Unit } from '../domain/registry.ts';
import type { ProgramsStore } from '../ports/programs-store.ts';
import type { RegistryStore } from '../ports/registry-store.ts';
import type { ProgramVersion } from '../schemas/programs.ts';
import { TtlCache } from './ttl-cache.ts';

/** How long a container keeps units, approvers and program versions when REGISTRY_CACHE_SECONDS is unset. */
export const DEFAULT_REGISTRY_CACHE_SECONDS = 60;

/**
 * The registry with its union units and each unit's approvers cached per container for a short time
 * (they change when the federation reorganises, not per claim). Members and budgets are always read
 * afresh: a member's standing decides whether money is paid, and a budget's balance must never be stale.
 * A load through this store (`putAll`) forgets what was cached.
 */
export class CachedRegistryStore implements RegistryStore {
  private readonly units: TtlCache<Unit | null>;
  private readonly approvers: TtlCache<Approver[]>;

  constructor(
    private readonly inner: RegistryStore,
    ttlMs: number,
    clock: () => number = Date.now,
  ) {
    this.units = new TtlCache(ttlMs, clock);
    this.approvers = new TtlCache(ttlMs, clock);
  }

  getUnit(code: string): Promise<Unit | null> {
    return this.units.get(code, () => this.inner.getUnit(code));
  }
  listApprovers(unitCode: string): Promise<Approver[]> {
    return this.approvers.get(unitCode, () => this.inner.listApprovers(unitCode));
  }
  async putAll(records: Parameters<RegistryStore['putAll']>[0]): Promise<void> {
    try {
      await this.inner.putAll(records);
    } finally {
      this.units.clear();
      this.approvers.clear();
    }
  }

  getMember(memberId: string) {
    return this.inner.getMember(memberId);
  }
  getBudget(unitCode: string, programId: string, year: number) {
    return this.inner.getBudget(unitCode, programId, year);
  }
  prepareMemberImport() {
    return this.inner.prepareMemberImport();
  }
  findMemberIdByIdHash(idNumberHash: string) {
    return this.inner.findMemberIdByIdHash(idNumberHash);
  }
  findMemberIdsByIdHash(idNumberHashes: readonly string[]) {
    return this.inner.findMemberIdsByIdHash(idNumberHashes);
  }
  getMembers(memberIds: readonly string[]) {
    return this.inner.getMembers(memberIds);
  }
  allocateMemberIds(count: number) {
    return this.inner.allocateMemberIds(count);
  }
  putMembers(writes: Parameters<RegistryStore['putMembers']>[0]) {
    return this.inner.putMembers(writes);
  }
  appendMemberEvent(memberId: string, event: RecordEvent) {
    return this.inner.appendMemberEvent(memberId, event);
  }
  memberHistory(memberId: string) {
    return this.inner.memberHistory(memberId);
  }
}

/**
 * Program versions cached per container for a short time. A version is immutable once added (a claim
 * keeps the version it was submitted under); an admin's add or removal through this store forgets what
 * was cached, so the container that made the change sees it at once.
 */
export class CachedProgramsStore implements ProgramsStore {
  private readonly versions: TtlCache<ProgramVersion[]>;
  private readonly single: TtlCache<ProgramVersion | null>;

  constructor(
    private readonly inner: ProgramsStore,
    ttlMs: number,
    clock: () => number = Date.now,
  ) {
    this.versions = new TtlCache(ttlMs, clock);
    this.single = new TtlCache(ttlMs, clock);
  }

  listVersions(): Promise<ProgramVersion[]> {
    return this.versions.get('all', () => this.inner.listVersions());
  }
  getVersion(programId: string, ref: ProgramVersionRef): Promise<ProgramVersion | null> {
    return this.single.get(`${programId}#${ref.version}#${ref.effectiveFrom}`, () =>
      this.inner.getVersion(programId, ref),
    );
  }
  async addVersion(version: ProgramVersion, event: RecordEvent): Promise<'added' | 'exists'> {
    try {
      return await this.inner.addVersion(version, event);
    } finally {
      this.forget();
    }
  }
  async removeVersion(version: ProgramVersion, event: RecordEvent): Promise<'removed' | 'missing'> {
    try {
      return await this.inner.removeVersion(version, event);
    } finally {
      this.forget();
    }
  }
  history(programId: string): Promise<RecordEvent[]> {
    return this.inner.history(programId);
  }

  private forget(): void {
    this.versions.clear();
    this.single.clear();
  }
}
