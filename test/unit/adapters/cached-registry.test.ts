import { describe, expect, it, vi } from 'vitest';
import { CachedProgramsStore, CachedRegistryStore } from '../../../functions/adapters/cached-registry.ts';
import type { Unit } from '../../../functions/domain/registry.ts';
import type { ProgramsStore } from '../../../functions/ports/programs-store.ts';
import type { RegistryStore } from '../../../functions/ports/registry-store.ts';
import { demo } from '../../fixtures/demo.ts';

const unit: Unit = demo.units[0] as Unit;
const member = demo.members[0];

function fakeRegistry() {
  const fake = {
    getUnit: vi.fn(async () => unit),
    listApprovers: vi.fn(async () => []),
    getMember: vi.fn(async () => member ?? null),
    getBudget: vi.fn(async () => null),
    putAll: vi.fn(async () => undefined),
  };
  return Object.assign(fake as unknown as RegistryStore, fake);
}

describe('CachedRegistryStore', () => {
  describe('getUnit and listApprovers', () => {
    it('read the store once within the time to live, and again after it', async () => {
      // Prepare
      let now = 0;
      const inner = fakeRegistry();
      const store = new CachedRegistryStore(inner, 60_000, () => now);
      // Act
      await store.getUnit(unit.code);
      await store.getUnit(unit.code);
      await store.listApprovers(unit.code);
      await store.listApprovers(unit.code);
      now = 60_000;
      await store.getUnit(unit.code);
      // Assess
      expect(inner.getUnit).toHaveBeenCalledTimes(2);
      expect(inner.listApprovers).toHaveBeenCalledTimes(1);
    });

    it('give each caller its own copy', async () => {
      const store = new CachedRegistryStore(fakeRegistry(), 60_000);
      const first = (await store.getUnit(unit.code)) as { name: string };
      first.name = 'changed by a caller';
      expect((await store.getUnit(unit.code))?.name).toBe(unit.name);
    });

    it('forget what they cached when the registry is loaded through the store', async () => {
      const inner = fakeRegistry();
      const store = new CachedRegistryStore(inner, 60_000);
      await store.getUnit(unit.code);
      await store.putAll({ units: [unit] });
      await store.getUnit(unit.code);
      expect(inner.getUnit).toHaveBeenCalledTimes(2);
    });

    it('do not keep a read that failed', async () => {
      const inner = fakeRegistry();
      inner.getUnit.mockRejectedValueOnce(new Error('throttled'));
      const store = new CachedRegistryStore(inner, 60_000);
      await expect(store.getUnit(unit.code)).rejects.toThrow('throttled');
      expect(await store.getUnit(unit.code)).toEqual(unit);
    });

    it('cache nothing with a time to live of 0', async () => {
      const inner = fakeRegistry();
      const store = new CachedRegistryStore(inner, 0);
      await store.getUnit(unit.code);
      await store.getUnit(unit.code);
      expect(inner.getUnit).toHaveBeenCalledTimes(2);
    });
  });

  describe('members and budgets', () => {
    it('are read afresh every time: a member standing and a balance are never stale', async () => {
      const inner = fakeRegistry();
      const store = new CachedRegistryStore(inner, 60_000);
      await store.getMember('M000001');
      await store.getMember('M000001');
      await store.getBudget('BJ', 'skill-boost', 2026);
      await store.getBudget('BJ', 'skill-boost', 2026);
      expect(inner.getMember).toHaveBeenCalledTimes(2);
      expect(inner.getBudget).toHaveBeenCalledTimes(2);
    });
  });
});

describe('CachedProgramsStore', () => {
  describe('listVersions', () => {
    it('is read once within the time to live and afresh after an admin adds or removes a version', async () => {
      // Prepare
      const inner = {
        listVersions: vi.fn(async () => []),
        getVersion: vi.fn(async () => null),
        addVersion: vi.fn(async () => 'added' as const),
        removeVersion: vi.fn(async () => 'removed' as const),
        history: vi.fn(async () => []),
      } satisfies ProgramsStore;
      const store = new CachedProgramsStore(inner, 60_000);
      const version = {} as Parameters<ProgramsStore['addVersion']>[0];
      const event = {} as Parameters<ProgramsStore['addVersion']>[1];
      // Act
      await store.listVersions();
      await store.listVersions();
      await store.addVersion(version, event);
      await store.listVersions();
      await store.removeVersion(version, event);
      await store.listVersions();
      // Assess
      expect(inner.listVersions).toHaveBeenCalledTimes(3);
    });
  });
});
