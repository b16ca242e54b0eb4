import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../functions/domain/programs/catalog.ts';
import type { ProgramVersionRef } from '../../../functions/domain/programs/versions.ts';
import type { ProgramsStore } from '../../../functions/ports/programs-store.ts';
import type { ProgramVersion } from '../../../functions/schemas/programs.ts';
import { claimVersion } from '../../../functions/usecases/claim-version.ts';

const base = DEFAULT_CATALOG.find((v) => v.programId === 'skill-boost') as ProgramVersion;
const judged: ProgramVersion = { ...base, version: 'judged', effectiveFrom: '2026-01-01' };
const later: ProgramVersion = {
  ...base,
  version: 'later',
  effectiveFrom: '2026-02-01',
  annualCapFen: 500_00,
};

/** A programs store holding `versions`, counting how often the whole list is read. */
function store(versions: ProgramVersion[]) {
  const calls = { list: 0, get: [] as ProgramVersionRef[] };
  const programs: Pick<ProgramsStore, 'getVersion' | 'listVersions'> = {
    listVersions: async () => {
      calls.list++;
      return versions;
    },
    getVersion: async (programId, ref) => {
      calls.get.push(ref);
      return (
        versions.find(
          (v) =>
            v.programId === programId && v.version === ref.version && v.effectiveFrom === ref.effectiveFrom,
        ) ?? null
      );
    },
  };
  return { programs: programs as ProgramsStore, calls };
}

describe('claimVersion', () => {
  it('reads the version recorded on the claim by its id, not the one in force now', async () => {
    const { programs, calls } = store([base, judged, later]);
    const version = await claimVersion(programs, {
      program: 'skill-boost',
      incidentDate: '2026-03-01',
      programVersion: { version: 'judged', effectiveFrom: '2026-01-01' },
    });
    expect(version?.version).toBe('judged');
    expect(calls).toEqual({ list: 0, get: [{ version: 'judged', effectiveFrom: '2026-01-01' }] });
  });

  it('falls back to the version in force on the incident date for a claim stored without one', async () => {
    const { programs, calls } = store([base, judged, later]);
    const version = await claimVersion(programs, { program: 'skill-boost', incidentDate: '2026-01-15' });
    expect(version?.version).toBe('judged');
    expect(calls).toEqual({ list: 1, get: [] });
  });

  it('falls back to the version in force when the recorded one is no longer stored', async () => {
    const { programs, calls } = store([base, later]);
    const version = await claimVersion(programs, {
      program: 'skill-boost',
      incidentDate: '2026-03-01',
      programVersion: { version: 'judged', effectiveFrom: '2026-01-01' },
    });
    expect(version?.version).toBe('later');
    expect(calls.list).toBe(1);
  });
});
