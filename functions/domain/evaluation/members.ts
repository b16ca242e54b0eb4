import { memberIdNumber } from '../member-import/member-record.ts';

/** What the export keeps per member: a few bytes, so a million members cost a few MiB. */
export interface MemberFacts {
  /** Index of the member's grassroots unit (into the reducer's unit list), -1 when not in the registry. */
  unit: number;
  /** Registered in the period (joined by its end, not left before its start). */
  registered: boolean;
  /** Bit per program (index into the reducer's program list) the member was served by in the period. */
  served: number;
  paidClaims: number;
  visits: number;
}

const U16_MAX = 0xffff;

/**
 * Per-member facts in typed arrays indexed by the member number (`M000123` → 123), which grow as
 * needed; ids of another form go to a small map. Nothing but these numbers is held: no name, no id.
 */
export class MemberTable {
  private unit = new Int32Array(1024).fill(-1);
  private flags = new Uint8Array(1024);
  private served = new Uint32Array(1024);
  private paid = new Uint16Array(1024);
  private visits = new Uint16Array(1024);
  private readonly other = new Map<string, MemberFacts>();
  private highest = 0;

  private ensure(n: number): void {
    if (n < this.unit.length) return;
    let size = this.unit.length;
    while (size <= n) size *= 2;
    const grow = <T extends Int32Array | Uint8Array | Uint32Array | Uint16Array>(
      old: T,
      make: (s: number) => T,
    ) => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.unit = grow(this.unit, (s) => new Int32Array(s).fill(-1));
    this.flags = grow(this.flags, (s) => new Uint8Array(s));
    this.served = grow(this.served, (s) => new Uint32Array(s));
    this.paid = grow(this.paid, (s) => new Uint16Array(s));
    this.visits = grow(this.visits, (s) => new Uint16Array(s));
  }

  private slot(memberId: string): number | MemberFacts {
    const n = memberIdNumber(memberId);
    if (n !== null && n < 2 ** 30) {
      this.ensure(n);
      if (n > this.highest) this.highest = n;
      return n;
    }
    let facts = this.other.get(memberId);
    if (facts === undefined) {
      facts = { unit: -1, registered: false, served: 0, paidClaims: 0, visits: 0 };
      this.other.set(memberId, facts);
    }
    return facts;
  }

  /** Bit 1: known to the registry; bit 2: registered in the period. */
  setRegistry(memberId: string, unit: number, registered: boolean): void {
    const s = this.slot(memberId);
    if (typeof s === 'number') {
      this.unit[s] = unit;
      this.flags[s] = 1 | (registered ? 2 : 0);
    } else {
      s.unit = unit;
      s.registered = registered;
    }
  }

  unitOf(memberId: string): number {
    const n = memberIdNumber(memberId);
    if (n !== null && n < 2 ** 30) return n < this.unit.length ? (this.unit[n] ?? -1) : -1;
    return this.other.get(memberId)?.unit ?? -1;
  }

  markServed(memberId: string, programBit: number, by: 'paid' | 'visit'): void {
    const s = this.slot(memberId);
    if (typeof s === 'number') {
      this.served[s] = (this.served[s] ?? 0) | (1 << programBit);
      if (by === 'paid') this.paid[s] = Math.min(U16_MAX, (this.paid[s] ?? 0) + 1);
      else this.visits[s] = Math.min(U16_MAX, (this.visits[s] ?? 0) + 1);
    } else {
      s.served |= 1 << programBit;
      if (by === 'paid') s.paidClaims++;
      else s.visits++;
    }
  }

  /** Every member the table knows, with their id; ids are rebuilt from the number. */
  *entries(formatId: (n: number) => string): Generator<[string, MemberFacts]> {
    for (let n = 0; n <= this.highest; n++) {
      const flags = this.flags[n] ?? 0;
      const served = this.served[n] ?? 0;
      if (flags === 0 && served === 0) continue;
      yield [
        formatId(n),
        {
          unit: this.unit[n] ?? -1,
          registered: (flags & 2) !== 0,
          served,
          paidClaims: this.paid[n] ?? 0,
          visits: this.visits[n] ?? 0,
        },
      ];
    }
    yield* this.other.entries();
  }

  /** Adds another table's facts (from another scan segment), remapping its unit and program indexes. */
  mergeFrom(other: MemberTable, unitMap: (i: number) => number, servedMap: (mask: number) => number): void {
    for (let n = 0; n <= other.highest; n++) {
      const flags = other.flags[n] ?? 0;
      const served = other.served[n] ?? 0;
      if (flags === 0 && served === 0) continue;
      this.ensure(n);
      if (n > this.highest) this.highest = n;
      if (flags !== 0) {
        this.flags[n] = flags;
        this.unit[n] = unitMap(other.unit[n] ?? -1);
      }
      this.served[n] = (this.served[n] ?? 0) | servedMap(served);
      this.paid[n] = Math.min(U16_MAX, (this.paid[n] ?? 0) + (other.paid[n] ?? 0));
      this.visits[n] = Math.min(U16_MAX, (this.visits[n] ?? 0) + (other.visits[n] ?? 0));
    }
    for (const [id, facts] of other.other) {
      const mine = this.other.get(id);
      const unit = facts.unit === -1 ? (mine?.unit ?? -1) : unitMap(facts.unit);
      this.other.set(id, {
        unit,
        registered: facts.registered || (mine?.registered ?? false),
        served: (mine?.served ?? 0) | servedMap(facts.served),
        paidClaims: (mine?.paidClaims ?? 0) + facts.paidClaims,
        visits: (mine?.visits ?? 0) + facts.visits,
      });
    }
  }

  /**
   * A JSON form for moving a partial between invocations: with `servedOnly`, just the members served
   * (a claims-table segment's contribution); otherwise everything the registry said, too.
   */
  toJSON(servedOnly = false): MemberTableJson {
    const served: [number, number, number, number][] = [];
    for (let n = 0; n <= this.highest; n++) {
      const mask = this.served[n] ?? 0;
      if (mask !== 0) served.push([n, mask, this.paid[n] ?? 0, this.visits[n] ?? 0]);
    }
    const size = this.highest + 1;
    const b64 = (a: Int32Array | Uint8Array) =>
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    return {
      highest: this.highest,
      unit: servedOnly ? null : b64(this.unit.subarray(0, size)),
      flags: servedOnly ? null : b64(this.flags.subarray(0, size)),
      served,
      other: [...this.other.entries()].filter(([, f]) => !servedOnly || f.served !== 0),
    };
  }

  static fromJSON(json: MemberTableJson): MemberTable {
    const table = new MemberTable();
    table.ensure(json.highest);
    table.highest = json.highest;
    if (json.unit !== null && json.flags !== null) {
      // A copy: a decoded Buffer may sit at an offset an Int32Array cannot start at.
      const unit = new Uint8Array(Buffer.from(json.unit, 'base64'));
      table.unit.set(new Int32Array(unit.buffer, 0, unit.byteLength / 4));
      table.flags.set(Buffer.from(json.flags, 'base64'));
    }
    for (const [n, mask, paid, visits] of json.served) {
      table.served[n] = mask;
      table.paid[n] = paid;
      table.visits[n] = visits;
    }
    for (const [id, facts] of json.other) table.other.set(id, { ...facts });
    return table;
  }
}

export interface MemberTableJson {
  readonly highest: number;
  /** Base64 of the Int32Array of unit indexes (null in a served-only partial). */
  readonly unit: string | null;
  readonly flags: string | null;
  /** [member number, program mask, paid claims, visits] of every member served. */
  readonly served: readonly (readonly [number, number, number, number])[];
  readonly other: readonly (readonly [string, MemberFacts])[];
}
