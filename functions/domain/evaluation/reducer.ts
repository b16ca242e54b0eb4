import { beijingDate } from '../calendar.ts';
import { formatMemberId } from '../member-import/member-record.ts';
import { programIds } from '../programs/catalog.ts';
import { addCell, type Cell, emptyCell, percentile } from './cell.ts';
import { MemberTable, type MemberTableJson } from './members.ts';
import { dayInPeriod, type ExportPeriod, periodDays } from './period.ts';
import { type EvaluationRow, type MemberLine, type PublishedRow, SMALL_GROUP } from './rows.ts';
import { rowKey, suppressSmallGroups } from './suppression.ts';
import {
  type CoverageTargets,
  coverageTargetBp,
  DEFAULT_COVERAGE_TARGETS,
  ratioBp,
  SERVICE_SPEND_FLOOR_BP,
} from './targets.ts';

type Item = Record<string, unknown>;

/** Where a claim, visit or rating is counted when its unit is not in the registry. */
export const UNKNOWN_UNIT = '(unknown)';
const ALL = '*';

export interface UnitInfo {
  readonly code: string;
  name: string;
  nameEn: string;
  tier: string;
  path: string;
}

/** Codes ↔ small indexes, so per-member and per-cell state holds numbers, not strings. */
class Interner {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const record = (v: unknown): Item | null => (v !== null && typeof v === 'object' ? (v as Item) : null);

/** The Beijing day of an ISO instant (`2026-03-01T17:00:00Z` → 2026-03-02). */
function dayOf(iso: string | null): string | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : beijingDate(new Date(t));
}

/**
 * The evaluation as a streaming reducer: fed the items of the registry and the claims table one by one,
 * in any order within a table (the registry first, so ratings find their member's unit), it keeps only
 * per-(unit, program) counters and a few bytes per member. Two reducers fed different scan segments
 * merge into the reducer of the whole.
 */
export class EvaluationReducer {
  private readonly units = new Map<string, UnitInfo>();
  private readonly unitCodes = new Interner();
  private readonly programs = new Interner();
  private readonly cells = new Map<string, Cell>();
  private members = new MemberTable();
  /** Distinct members behind each cell (claimants, members visited, raters), kept up to SMALL_GROUP. */
  private readonly contributors = new Map<string, Set<string>>();
  /** Flags seen before their claim's META (a claim's items come together in a scan: few at a time). */
  private readonly pendingFlags = new Map<string, { raised: number; confirmed: number }>();
  private lastClaim: { claimId: string; cell: Cell; key: string; memberId: string | null } | null = null;
  private readonly from: string;
  private readonly to: string;

  constructor(
    readonly period: ExportPeriod,
    private readonly targets: CoverageTargets = DEFAULT_COVERAGE_TARGETS,
  ) {
    ({ from: this.from, to: this.to } = periodDays(period));
    for (const id of programIds()) this.programs.of(id);
  }

  private cell(unitCode: string, program: string): Cell {
    this.unitCodes.of(unitCode);
    this.programs.of(program);
    const key = `${unitCode}\u0000${program}`;
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = emptyCell();
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Counts a member behind a cell (enough to know whether the cell comes from SMALL_GROUP members). */
  private involve(key: string, memberId: string | null): void {
    if (memberId === null) return;
    let set = this.contributors.get(key);
    if (set === undefined) {
      set = new Set();
      this.contributors.set(key, set);
    }
    if (set.size < SMALL_GROUP) set.add(memberId);
  }

  private inPeriod(day: string | null): boolean {
    return day !== null && dayInPeriod(day, this.period);
  }

  /** Feeds one item of either table (as the document client returns it); others are ignored. */
  add(item: Item): void {
    const pk = str(item.pk) ?? '';
    const sk = str(item.sk) ?? '';
    if (pk.startsWith('CLAIM#')) {
      if (sk === 'META') this.addClaim(pk.slice(6), item);
      else if (sk.startsWith('FLAG#')) this.addFlag(pk.slice(6), item);
    } else if (pk.startsWith('VISIT#') && sk === 'VISIT') this.addVisit(item);
    else if (pk.startsWith('FEEDBACK#') && sk === 'FEEDBACK') this.addRating(item);
    else if (pk.startsWith('UNIT#') && sk === 'UNIT') this.addUnit(item);
    else if (pk.startsWith('MEMBER#') && sk === 'MEMBER') this.addMember(item);
    else if (pk.startsWith('BUDGET#')) this.addBudget(item);
  }

  private addUnit(item: Item): void {
    const code = str(item.code);
    if (code === null) return;
    this.unitCodes.of(code);
    this.units.set(code, {
      code,
      name: str(item.name) ?? code,
      nameEn: str(item.nameEn) ?? code,
      tier: str(item.tier) ?? 'grassroots',
      path: str(item.path) ?? code,
    });
  }

  private addMember(item: Item): void {
    const memberId = str(item.memberId);
    const unitCode = str(item.unitCode);
    if (memberId === null || unitCode === null) return;
    const joined = str(item.joinedOn) ?? '0000-00-00';
    const left = str(item.leftOn);
    const registered = joined <= this.to && (left === null || left >= this.from);
    this.members.setRegistry(memberId, this.unitCodes.of(unitCode), registered);
  }

  private addBudget(item: Item): void {
    if (num(item.year) !== this.period.year) return;
    const unitCode = str(item.unitCode);
    const program = str(item.programId);
    if (unitCode === null || program === null) return;
    const cell = this.cell(unitCode, program);
    cell.budgetAllocatedFen += num(item.allocatedFen);
    cell.budgetPaidFen += num(item.paidFen);
  }

  private addClaim(claimId: string, item: Item): void {
    const program = str(item.program) ?? UNKNOWN_UNIT;
    const unitCode = str(item.unitCode) ?? UNKNOWN_UNIT;
    const cell = this.cell(unitCode, program);
    const key = `${unitCode}\u0000${program}`;
    const memberId = str(item.memberId);
    this.lastClaim = { claimId, cell, key, memberId };
    const pending = this.pendingFlags.get(claimId);
    if (pending !== undefined) {
      this.involve(key, memberId);
      cell.flagsRaised += pending.raised;
      cell.flagsConfirmed += pending.confirmed;
      this.pendingFlags.delete(claimId);
    }
    const submittedAt = str(item.submittedAt);
    if (this.inPeriod(dayOf(submittedAt))) {
      this.involve(key, memberId);
      cell.claimsSubmitted++;
      const status = str(item.status);
      if (status === 'PAID') cell.claimsPaid++;
      else if (status === 'REJECTED') cell.claimsRejected++;
      else if (status === 'FAILED') cell.claimsFailed++;
      else cell.claimsOpen++;
    }
    const payout = record(item.payout);
    if (payout !== null && this.inPeriod(dayOf(str(payout.paidAt)))) {
      this.involve(key, memberId);
      cell.payments++;
      cell.amountPaidFen += num(payout.amountFen);
      if (memberId !== null) this.members.markServed(memberId, this.programs.of(program), 'paid');
    }
    const approval = record(item.approval);
    const decidedAt = approval === null ? null : str(approval.decidedAt);
    if (decidedAt !== null && submittedAt !== null && this.inPeriod(dayOf(decidedAt))) {
      this.involve(key, memberId);
      const minutes = Math.max(0, Math.ceil((Date.parse(decidedAt) - Date.parse(submittedAt)) / 60_000));
      if (Number.isFinite(minutes)) cell.turnaround.set(minutes, (cell.turnaround.get(minutes) ?? 0) + 1);
    }
  }

  private addFlag(claimId: string, item: Item): void {
    if (!this.inPeriod(dayOf(str(item.raisedAt)))) return;
    const confirmed = item.state === 'CONFIRMED' ? 1 : 0;
    if (this.lastClaim?.claimId === claimId) {
      this.involve(this.lastClaim.key, this.lastClaim.memberId);
      this.lastClaim.cell.flagsRaised++;
      this.lastClaim.cell.flagsConfirmed += confirmed;
      return;
    }
    const pending = this.pendingFlags.get(claimId) ?? { raised: 0, confirmed: 0 };
    pending.raised++;
    pending.confirmed += confirmed;
    this.pendingFlags.set(claimId, pending);
  }

  private addVisit(item: Item): void {
    const visitedOn = str(item.visitedOn);
    if (visitedOn === null || !dayInPeriod(visitedOn, this.period)) return;
    const program = str(item.program) ?? UNKNOWN_UNIT;
    const unitCode = str(item.unitCode) ?? UNKNOWN_UNIT;
    this.cell(unitCode, program).visits++;
    const memberId = str(item.memberId);
    this.involve(`${unitCode}\u0000${program}`, memberId);
    if (memberId !== null) this.members.markServed(memberId, this.programs.of(program), 'visit');
  }

  private addRating(item: Item): void {
    const rating = item.rating;
    if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) return;
    if (!this.inPeriod(dayOf(str(item.answeredAt)))) return;
    const memberId = str(item.memberId) ?? '';
    const unit = this.members.unitOf(memberId);
    const unitCode = unit === -1 ? UNKNOWN_UNIT : (this.unitCodes.list[unit] ?? UNKNOWN_UNIT);
    const program = str(item.program) ?? UNKNOWN_UNIT;
    const cell = this.cell(unitCode, program);
    this.involve(`${unitCode}\u0000${program}`, memberId === '' ? null : memberId);
    cell.ratings[rating - 1] = (cell.ratings[rating - 1] ?? 0) + 1;
  }

  /** Adds what another reducer (another scan segment, the same period) has seen. */
  merge(other: EvaluationReducer): void {
    for (const [code, unit] of other.units) this.units.set(code, unit);
    for (const [key, cell] of other.cells) {
      const [unitCode = '', program = ''] = key.split('\u0000');
      addCell(this.cell(unitCode, program), cell);
    }
    for (const [key, members] of other.contributors) for (const m of members) this.involve(key, m);
    for (const [claimId, flags] of other.pendingFlags) {
      const mine = this.pendingFlags.get(claimId) ?? { raised: 0, confirmed: 0 };
      this.pendingFlags.set(claimId, {
        raised: mine.raised + flags.raised,
        confirmed: mine.confirmed + flags.confirmed,
      });
    }
    const unitMap = other.unitCodes.list.map((code) => this.unitCodes.of(code));
    const programMap = other.programs.list.map((id) => this.programs.of(id));
    this.members.mergeFrom(
      other.members,
      (i) => (i === -1 ? -1 : (unitMap[i] ?? -1)),
      (mask) => {
        let out = 0;
        for (let bit = 0; mask >>> bit !== 0; bit++)
          if ((mask >>> bit) & 1) out |= 1 << (programMap[bit] ?? bit);
        return out;
      },
    );
  }

  /**
   * The reducer as JSON, to hand from one invocation to another (a Distributed Map's items): `registry`
   * keeps everything; `segment` keeps the counters and the members served, not what the registry said
   * (every segment would repeat it).
   */
  toPartial(kind: 'registry' | 'segment'): EvaluationPartial {
    return {
      period: this.period,
      units: [...this.units.values()],
      unitCodes: [...this.unitCodes.list],
      programs: [...this.programs.list],
      cells: [...this.cells.entries()].map(([key, cell]) => [
        key,
        { ...cell, turnaround: [...cell.turnaround] },
      ]),
      pendingFlags: [...this.pendingFlags.entries()],
      contributors: [...this.contributors.entries()].map(([key, set]) => [key, [...set]]),
      members: this.members.toJSON(kind === 'segment'),
    };
  }

  /** A reducer from a partial; `withCounters: false` keeps only the units and members (a segment's start). */
  static fromPartial(
    partial: EvaluationPartial,
    options: { targets?: CoverageTargets; withCounters?: boolean } = {},
  ): EvaluationReducer {
    const reducer = new EvaluationReducer(partial.period, options.targets);
    for (const unit of partial.units) reducer.units.set(unit.code, { ...unit });
    for (const code of partial.unitCodes) reducer.unitCodes.of(code);
    for (const id of partial.programs) reducer.programs.of(id);
    reducer.members = MemberTable.fromJSON(partial.members);
    if (options.withCounters !== false) {
      for (const [key, cell] of partial.cells)
        reducer.cells.set(key, { ...cell, turnaround: new Map(cell.turnaround) });
      for (const [claimId, flags] of partial.pendingFlags) reducer.pendingFlags.set(claimId, { ...flags });
      for (const [key, members] of partial.contributors ?? [])
        for (const m of members) reducer.involve(key, m);
    }
    return reducer;
  }

  /** The district / industry union above a unit (the second code of its path), or the unit itself. */
  private districtOf(unitCode: string): string {
    const unit = this.units.get(unitCode);
    if (unit === undefined) return UNKNOWN_UNIT;
    if (unit.tier === 'city') return unit.code;
    return unit.path.split('/')[1] ?? unit.code;
  }

  /** Claims whose flags came without the claim (a flag item left after its claim was removed). */
  get unattributedFlags(): number {
    let n = 0;
    for (const flags of this.pendingFlags.values()) n += flags.raised;
    return n;
  }

  /** Rows per grassroots unit, per district / industry union and for the city, each × program and all. */
  rows(): EvaluationRow[] {
    const programs = [...this.programs.list];
    const programIndex = new Map(programs.map((p, i) => [p, i]));
    const registered = new Map<string, number>();
    const served = new Map<string, number>();
    const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    for (const [, facts] of this.members.entries(formatMemberId)) {
      const unitCode = facts.unit === -1 ? UNKNOWN_UNIT : (this.unitCodes.list[facts.unit] ?? UNKNOWN_UNIT);
      if (facts.registered) bump(registered, unitCode);
      if (facts.served === 0) continue;
      bump(served, `${unitCode}\u0000${ALL}`);
      for (let bit = 0; bit < programs.length; bit++)
        if ((facts.served >>> bit) & 1) bump(served, `${unitCode}\u0000${programs[bit]}`);
    }
    const target = coverageTargetBp(this.period.year, this.targets);

    // Which units get rows: every grassroots unit, and any other code something was counted at.
    const leafCodes = new Set<string>();
    for (const unit of this.units.values()) if (unit.tier === 'grassroots') leafCodes.add(unit.code);
    for (const key of this.cells.keys()) leafCodes.add(key.split('\u0000')[0] ?? UNKNOWN_UNIT);
    for (const key of served.keys()) leafCodes.add(key.split('\u0000')[0] ?? UNKNOWN_UNIT);
    for (const key of registered.keys()) leafCodes.add(key);

    interface Acc {
      cell: Cell;
      registered: number;
      served: number;
    }
    const groups = new Map<string, Map<string, Acc>>();
    const accOf = (groupKey: string, program: string): Acc => {
      let group = groups.get(groupKey);
      if (group === undefined) {
        group = new Map();
        groups.set(groupKey, group);
      }
      let acc = group.get(program);
      if (acc === undefined) {
        acc = { cell: emptyCell(), registered: 0, served: 0 };
        group.set(program, acc);
      }
      return acc;
    };
    const sortedLeaves = [...leafCodes].sort();
    for (const code of sortedLeaves) {
      const district = this.districtOf(code);
      const unitRegistered = registered.get(code) ?? 0;
      for (const program of [...programs, ALL]) {
        const cell = program === ALL ? undefined : this.cells.get(`${code}\u0000${program}`);
        const servedHere = served.get(`${code}\u0000${program}`) ?? 0;
        for (const groupKey of [`unit\u0000${code}`, `district\u0000${district}`, 'city\u0000']) {
          const acc = accOf(groupKey, program);
          if (cell !== undefined) {
            addCell(acc.cell, cell);
            addCell(accOf(groupKey, ALL).cell, cell);
          }
          acc.served += servedHere;
          if (program === ALL) acc.registered += unitRegistered;
        }
      }
    }
    const rootCode = [...this.units.values()].find((u) => u.tier === 'city')?.code ?? 'CITY';

    const rows: EvaluationRow[] = [];
    const order = ['unit', 'district', 'city'];
    const keys = [...groups.keys()].sort((a, b) => {
      const [la = '', ca = ''] = a.split('\u0000');
      const [lb = '', cb = ''] = b.split('\u0000');
      return order.indexOf(la) - order.indexOf(lb) || ca.localeCompare(cb);
    });
    for (const groupKey of keys) {
      const [level = 'unit', groupCode = ''] = groupKey.split('\u0000');
      const code = level === 'city' ? rootCode : groupCode;
      const group = groups.get(groupKey) ?? new Map<string, Acc>();
      const groupRegistered = group.get(ALL)?.registered ?? 0;
      const info = this.units.get(code);
      const sortedPrograms = [...group.keys()].sort(
        (a, b) => (programIndex.get(a) ?? 99) - (programIndex.get(b) ?? 99) || a.localeCompare(b),
      );
      for (const program of sortedPrograms) {
        const acc = group.get(program);
        if (acc === undefined) continue;
        rows.push(
          this.row({
            level: level as EvaluationRow['level'],
            code,
            name: info?.name ?? code,
            nameEn: info?.nameEn ?? code,
            district: level === 'city' ? code : level === 'district' ? code : this.districtOf(code),
            program,
            registered: groupRegistered,
            served: acc.served,
            cell: acc.cell,
            target,
          }),
        );
      }
    }
    return rows;
  }

  private row(r: {
    level: EvaluationRow['level'];
    code: string;
    name: string;
    nameEn: string;
    district: string;
    program: string;
    registered: number;
    served: number;
    cell: Cell;
    target: number;
  }): EvaluationRow {
    const { cell } = r;
    const coverageBp = ratioBp(r.served, r.registered);
    const budgetUsedBp = ratioBp(cell.budgetPaidFen, cell.budgetAllocatedFen);
    const ratingCount = cell.ratings.reduce((a, b) => a + b, 0);
    const ratingSum = cell.ratings.reduce((a, b, i) => a + b * (i + 1), 0);
    let approvals = 0;
    for (const n of cell.turnaround.values()) approvals += n;
    return {
      level: r.level,
      unitCode: r.code,
      unitName: r.name,
      unitNameEn: r.nameEn,
      districtCode: r.district,
      program: r.program,
      registeredMembers: r.registered,
      membersServed: r.served,
      servedVisits: cell.visits,
      coverageBp,
      coverageTargetBp: r.target,
      meetsCoverageTarget: coverageBp === null ? null : coverageBp >= r.target,
      claimsSubmitted: cell.claimsSubmitted,
      claimsPaid: cell.claimsPaid,
      claimsRejected: cell.claimsRejected,
      claimsFailed: cell.claimsFailed,
      claimsOpen: cell.claimsOpen,
      payments: cell.payments,
      amountPaidFen: cell.amountPaidFen,
      budgetAllocatedFen: cell.budgetAllocatedFen,
      budgetPaidFen: cell.budgetPaidFen,
      budgetUsedBp,
      serviceSpendFloorBp: SERVICE_SPEND_FLOOR_BP,
      meetsServiceSpendFloor: budgetUsedBp === null ? null : budgetUsedBp >= SERVICE_SPEND_FLOOR_BP,
      approvals,
      turnaroundMedianMinutes: percentile(cell.turnaround, 0.5),
      turnaroundP90Minutes: percentile(cell.turnaround, 0.9),
      satisfactionCount: ratingCount,
      satisfactionMean: ratingCount === 0 ? null : Math.round((ratingSum * 100) / ratingCount) / 100,
      satisfaction1: cell.ratings[0] ?? 0,
      satisfaction2: cell.ratings[1] ?? 0,
      satisfaction3: cell.ratings[2] ?? 0,
      satisfaction4: cell.ratings[3] ?? 0,
      satisfaction5: cell.ratings[4] ?? 0,
      fraudFlagsRaised: cell.flagsRaised,
      fraudFlagsConfirmed: cell.flagsConfirmed,
    };
  }

  /** The rows as published: small groups suppressed (see suppressSmallGroups). */
  publishedRows(): PublishedRow[] {
    const sizes = this.groupSizes();
    return suppressSmallGroups(this.rows(), (row) => sizes.get(rowKey(row)) ?? 0);
  }

  /** Distinct members (up to SMALL_GROUP) behind each row: the union of its cells' members. */
  private groupSizes(): Map<string, number> {
    const rootCode = [...this.units.values()].find((u) => u.tier === 'city')?.code ?? 'CITY';
    const sets = new Map<string, Set<string>>();
    for (const [key, members] of this.contributors) {
      const [code = UNKNOWN_UNIT, program = ALL] = key.split('\u0000');
      const groups: [EvaluationRow['level'], string][] = [
        ['unit', code],
        ['district', this.districtOf(code)],
        ['city', rootCode],
      ];
      for (const [level, unitCode] of groups) {
        for (const p of [program, ALL]) {
          const k = rowKey({ level, unitCode, program: p });
          const set = sets.get(k) ?? new Set<string>();
          for (const m of members) if (set.size < SMALL_GROUP) set.add(m);
          sets.set(k, set);
        }
      }
    }
    return new Map([...sets].map(([k, set]) => [k, set.size]));
  }

  /**
   * The members served in the period, each under a pseudonym (`pseudonym(memberId)`), one at a time;
   * none of a unit whose row, or the row of one of their programs there, is suppressed.
   */
  *servedMembers(
    pseudonym: (memberId: string) => string,
    published: readonly PublishedRow[] = this.publishedRows(),
  ): Generator<MemberLine> {
    const programs = this.programs.list;
    const hidden = new Set(published.filter((r) => r.level === 'unit' && r.suppressed).map(rowKey));
    const isHidden = (unitCode: string, program: string) =>
      hidden.has(rowKey({ level: 'unit', unitCode, program }));
    for (const [memberId, facts] of this.members.entries(formatMemberId)) {
      if (facts.served === 0) continue;
      const unitCode = facts.unit === -1 ? UNKNOWN_UNIT : (this.unitCodes.list[facts.unit] ?? UNKNOWN_UNIT);
      const served: string[] = [];
      for (let bit = 0; bit < programs.length; bit++)
        if ((facts.served >>> bit) & 1) served.push(programs[bit] ?? '');
      if (isHidden(unitCode, ALL) || served.some((p) => isHidden(unitCode, p))) continue;
      yield {
        member: pseudonym(memberId),
        unitCode,
        districtCode: this.districtOf(unitCode),
        programs: served,
        paidClaims: facts.paidClaims,
        visits: facts.visits,
      };
    }
  }
}

/** A reducer's state as JSON (see `EvaluationReducer.toPartial`). */
export interface EvaluationPartial {
  readonly period: ExportPeriod;
  readonly units: readonly UnitInfo[];
  readonly unitCodes: readonly string[];
  readonly programs: readonly string[];
  readonly cells: readonly (readonly [
    string,
    Omit<Cell, 'turnaround'> & { turnaround: [number, number][] },
  ])[];
  readonly pendingFlags: readonly (readonly [string, { raised: number; confirmed: number }])[];
  /** Distinct members behind each cell, up to SMALL_GROUP (absent in a partial from before suppression). */
  readonly contributors?: readonly (readonly [string, readonly string[]])[];
  readonly members: MemberTableJson;
}
