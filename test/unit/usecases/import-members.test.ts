import { describe, expect, it } from 'vitest';
import type { RecordEvent } from '../../../functions/domain/audit.ts';
import { Forbidden, Invalid } from '../../../functions/domain/errors.ts';
import { hashIdNumber, makeIdNumber } from '../../../functions/domain/id-number.ts';
import { formatCsvLine } from '../../../functions/domain/member-import/csv.ts';
import { formatMemberId } from '../../../functions/domain/member-import/member-record.ts';
import type { Approver, Budget, Member, Unit } from '../../../functions/domain/registry.ts';
import type { MemberWrite, RegistryStore } from '../../../functions/ports/registry-store.ts';
import {
  ERROR_LIMIT,
  type ImportMembersRequest,
  importMembers,
  importScope,
  piiHashKeyFrom,
} from '../../../functions/usecases/import-members.ts';

const KEY = 'unit-test-key';
const NOW = new Date('2026-03-01T04:00:00Z');

const unit = (code: string, tier: Unit['tier'], path: string): Unit => ({
  code,
  name: code,
  nameEn: code,
  tier,
  parentCode: null,
  path,
});
const UNITS = [
  unit('BJ', 'city', 'BJ'),
  unit('BJ-HD', 'district', 'BJ/BJ-HD'),
  unit('BJ-HD-001', 'grassroots', 'BJ/BJ-HD/BJ-HD-001'),
  unit('BJ-HD-002', 'grassroots', 'BJ/BJ-HD/BJ-HD-002'),
  unit('BJ-CY', 'district', 'BJ/BJ-CY'),
  unit('BJ-CY-001', 'grassroots', 'BJ/BJ-CY/BJ-CY-001'),
];

/** The registry port in memory, counting what the import asks of it. */
const IMPORTER = { kind: 'staff', id: 'staff-1' } as const;

class MemoryRegistry implements RegistryStore {
  readonly units = new Map(UNITS.map((u) => [u.code, u]));
  readonly members = new Map<string, Member>();
  readonly events: { memberId: string; event: RecordEvent }[] = [];
  readonly lookups = new Map<string, string>();
  counter: number | null = null;
  unitReads = 0;
  writes = 0;

  async getMember(memberId: string) {
    return this.members.get(memberId) ?? null;
  }
  async getUnit(code: string) {
    this.unitReads++;
    return this.units.get(code) ?? null;
  }
  async listApprovers(): Promise<Approver[]> {
    return [];
  }
  async getBudget(): Promise<Budget | null> {
    return null;
  }
  async putAll(records: { members?: readonly Member[] }) {
    await this.putMembers((records.members ?? []).map((member) => ({ member, event: null })));
  }
  async prepareMemberImport() {
    if (this.counter !== null) return;
    this.counter = Math.max(0, ...[...this.members.keys()].map((id) => Number(id.slice(1))));
  }
  async findMemberIdByIdHash(hash: string) {
    return this.lookups.get(hash) ?? null;
  }
  async findMemberIdsByIdHash(hashes: readonly string[]) {
    return new Map(hashes.flatMap((h) => (this.lookups.has(h) ? [[h, this.lookups.get(h) ?? '']] : [])));
  }
  async getMembers(ids: readonly string[]) {
    return new Map(ids.flatMap((id) => (this.members.has(id) ? [[id, this.members.get(id) as Member]] : [])));
  }
  async allocateMemberIds(count: number) {
    if (this.counter === null) throw new Error('not prepared');
    const first = this.counter + 1;
    this.counter += count;
    return Array.from({ length: count }, (_, i) => formatMemberId(first + i));
  }
  async appendMemberEvent(memberId: string, event: RecordEvent) {
    this.events.push({ memberId, event });
  }
  async memberHistory(memberId: string) {
    return this.events.filter((e) => e.memberId === memberId).map((e) => e.event);
  }
  async putMembers(writes: readonly MemberWrite[]) {
    for (const { member: m, event } of writes) {
      if (event !== null) this.events.push({ memberId: m.memberId, event });
      this.writes++;
      this.members.set(m.memberId, m);
      this.lookups.set(m.idNumberHash, m.memberId);
    }
  }
}

const HEADER = ['姓名', '身份证号', '手机号', '基层工会代码', '入会日期', '会籍状态', '离会日期'];

function person(i: number, unitCode = 'BJ-HD-001', mobile = `1380000${String(i).padStart(4, '0')}`) {
  const birth = `1980-01-${String(1 + Math.floor(i / 1000)).padStart(2, '0')}`;
  return [`会员${i}`, makeIdNumber('110108', birth, i % 1000), mobile, unitCode, '2020-01-01', '在会', ''];
}

function csv(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from([HEADER, ...rows].map((r) => formatCsvLine(r)).join(''), 'utf8');
}

async function* bytesOf(buffer: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buffer.length; i += 1000) yield buffer.subarray(i, i + 1000);
}

function run(registry: MemoryRegistry, file: Buffer, options: Partial<ImportMembersRequest> = {}) {
  return importMembers(
    { registry, now: () => NOW },
    {
      open: () => bytesOf(file),
      encoding: 'auto',
      hashKey: KEY,
      scopeUnitPath: null,
      actor: IMPORTER,
      ...options,
    },
  );
}

describe('importMembers', () => {
  describe('a valid file', () => {
    it('creates members with new ids, their hash and masked ID number, and no raw ID number', async () => {
      // Prepare
      const registry = new MemoryRegistry();
      registry.members.set('M000504', { memberId: 'M000504' } as Member);
      // Act
      const result = await run(registry, csv([person(1), person(2, 'BJ-CY-001')]));
      // Assess
      expect(result).toMatchObject({ rows: 2, valid: 2, invalid: 0, created: 2, updated: 0, errors: [] });
      const created = [...registry.members.values()].filter((m) => m.memberId !== 'M000504');
      expect(created.map((m) => m.memberId)).toEqual(['M000505', 'M000506']);
      const id = makeIdNumber('110108', '1980-01-01', 1);
      expect(created[0]).toEqual({
        memberId: 'M000505',
        name: '会员1',
        idNumberHash: hashIdNumber(id, KEY),
        idNumberMasked: `110108********${id.slice(14)}`,
        mobile: '13800000001',
        sex: 'male',
        unitCode: 'BJ-HD-001',
        status: 'active',
        joinedOn: '2020-01-01',
        leftOn: null,
        hardship: false,
        modelWorker: false,
      });
      expect(JSON.stringify([...registry.members.values()])).not.toContain(id);
    });

    it('updates a member found by ID number, keeps the id, and skips rows that change nothing', async () => {
      const registry = new MemoryRegistry();
      await run(registry, csv([person(1), person(2)]));
      const ids = [...registry.members.keys()];
      registry.writes = 0;
      // Act
      const result = await run(registry, csv([person(1, 'BJ-HD-001', '17700000001'), person(2), person(3)]));
      // Assess
      expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
      expect(registry.writes).toBe(2);
      expect(registry.members.get(ids[0] ?? '')?.mobile).toBe('17700000001');
      expect([...registry.members.keys()]).toEqual([...ids, 'M000003']);
    });

    it('reads each unit once', async () => {
      const registry = new MemoryRegistry();
      await run(
        registry,
        csv(Array.from({ length: 500 }, (_, i) => person(i + 1, i % 2 ? 'BJ-HD-001' : 'BJ-HD-002'))),
      );
      expect(registry.unitReads).toBe(2);
    });
  });

  describe('invalid rows', () => {
    it('writes the valid rows, lists the invalid ones with row numbers, and keeps nothing raw', async () => {
      const registry = new MemoryRegistry();
      const bad = person(2);
      bad[2] = '12345';
      const result = await run(
        registry,
        csv([person(1), bad, person(1), person(4, 'BJ-XX-001'), person(5, 'BJ-HD')]),
      );
      expect(result).toMatchObject({ rows: 5, valid: 1, invalid: 4, created: 1, errorsTruncated: false });
      expect(result.errors.map((e) => [e.row, e.field, e.reason.split(' / ')[1]])).toEqual([
        [3, 'mobile', 'mobile must be an 11-digit mainland mobile number'],
        [4, 'idNumber', 'the same ID number as row 2'],
        [5, 'unitCode', 'unknown unit code'],
        [6, 'unitCode', 'members belong to a grassroots union'],
      ]);
      expect(result.errors[0]?.idNumberMasked).toMatch(/^110108\*{8}\d{3}[\dX]$/);
      expect(registry.members.size).toBe(1);
    });

    it('writes nothing at all with allOrNothing', async () => {
      const registry = new MemoryRegistry();
      const bad = person(2);
      bad[4] = '2099-01-01';
      const result = await run(registry, csv([person(1), bad]), { allOrNothing: true });
      expect(result).toMatchObject({ valid: 1, invalid: 1, created: 0, written: false });
      expect(registry.members.size).toBe(0);
    });

    it('keeps the first errors and counts the rest', async () => {
      const registry = new MemoryRegistry();
      const rows = Array.from({ length: ERROR_LIMIT + 50 }, (_, i) => person(i + 1, 'BJ-NOPE'));
      const all: number[] = [];
      const result = await run(registry, csv(rows), {
        onRowErrors: (errors) => {
          all.push(...errors.map((e) => e.row));
        },
      });
      expect(result.errors).toHaveLength(ERROR_LIMIT);
      expect(result.errors.at(-1)?.row).toBe(ERROR_LIMIT + 1);
      expect(result).toMatchObject({
        invalid: ERROR_LIMIT + 50,
        errorsTruncated: true,
        errorCount: ERROR_LIMIT + 50,
      });
      expect(all).toEqual(rows.map((_, i) => i + 2));
    });

    it('refuses a file without the header row, naming the missing columns', async () => {
      const registry = new MemoryRegistry();
      const file = Buffer.from(formatCsvLine(person(1)), 'utf8');
      const error = await run(registry, file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      expect((error as Invalid).errors.map((e) => e.field)).toEqual([
        'name',
        'idNumber',
        'mobile',
        'unitCode',
        'joinedOn',
      ]);
    });

    it('refuses a file without its header as staff, before it readies anything in the registry', async () => {
      const registry = new MemoryRegistry();
      const file = Buffer.from(formatCsvLine(person(1)), 'utf8');
      const error = await run(registry, file, { scopeUnitPath: 'BJ/BJ-HD' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      expect(registry.counter).toBeNull();
      expect(registry.writes).toBe(0);
    });

    it('refuses an empty file', async () => {
      await expect(run(new MemoryRegistry(), Buffer.alloc(0))).rejects.toBeInstanceOf(Invalid);
    });
  });

  describe('options', () => {
    it('counts in a dry run what would change, and writes nothing', async () => {
      const registry = new MemoryRegistry();
      await run(registry, csv([person(1)]));
      const before = structuredClone([...registry.members.values()]);
      const result = await run(registry, csv([person(1, 'BJ-HD-002'), person(2)]), { dryRun: true });
      expect(result).toMatchObject({ created: 1, updated: 1, dryRun: true, written: false });
      expect([...registry.members.values()]).toEqual(before);
    });

    it('lets staff import only into units of their subtree, and not take over members of other units', async () => {
      const registry = new MemoryRegistry();
      await run(registry, csv([person(1, 'BJ-CY-001')]));
      // Act: staff of BJ-HD import a row for Chaoyang, and a row moving the Chaoyang member to Haidian.
      const result = await run(registry, csv([person(2, 'BJ-CY-001'), person(1, 'BJ-HD-001'), person(3)]), {
        scopeUnitPath: 'BJ/BJ-HD',
      });
      // Assess
      expect(result.errors.map((e) => [e.row, e.field, e.reason.split(' / ')[1]])).toEqual([
        [2, 'unitCode', 'unit outside your scope'],
        [3, 'idNumber', 'this member belongs to a unit outside your scope'],
      ]);
      expect(result).toMatchObject({ valid: 1, invalid: 2, created: 1 });
      expect([...registry.members.values()].map((m) => m.unitCode)).toEqual(['BJ-CY-001', 'BJ-HD-001']);
    });
  });

  describe('importScope', () => {
    const identity = (roles: ('member' | 'staff' | 'auditor' | 'admin')[], unitCode: string | null) => ({
      subject: 's',
      roles,
      memberId: null,
      unitCode,
    });
    it('gives admins everything and staff their subtree, and refuses the others', async () => {
      const registry = new MemoryRegistry();
      expect(await importScope(registry, identity(['admin'], null))).toBeNull();
      expect(await importScope(registry, identity(['staff'], 'BJ-HD'))).toBe('BJ/BJ-HD');
      await expect(importScope(registry, identity(['staff'], 'BJ-NOPE'))).rejects.toBeInstanceOf(Forbidden);
      await expect(importScope(registry, identity(['member', 'auditor'], null))).rejects.toBeInstanceOf(
        Forbidden,
      );
    });
  });

  describe('piiHashKeyFrom', () => {
    it('uses PII_HASH_KEY, and the local default only in the local runtime', () => {
      expect(piiHashKeyFrom({ PII_HASH_KEY: 'k' })).toBe('k');
      expect(piiHashKeyFrom({ NOTIFY_MODE: 'outbox' })).toBe('local-only-pii-hash-key');
      expect(() => piiHashKeyFrom({ NOTIFY_MODE: 'aws' })).toThrow(/PII_HASH_KEY/);
    });
  });
});
