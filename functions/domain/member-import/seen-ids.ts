/**
 * The identity numbers seen so far in one file, by their keyed hash, with the row each was first seen
 * in. A flat open-addressing table of the hash's first 128 bits in typed arrays: a million rows take
 * about 40 MB and no per-entry objects.
 */
export class SeenIds {
  /** Four 32-bit words per slot. */
  private keys: Uint32Array;
  /** Row of each slot; 0 marks an empty slot (data rows start at 2). */
  private rows: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialSlots = 1024) {
    let slots = 16;
    while (slots < initialSlots) slots *= 2;
    this.keys = new Uint32Array(slots * 4);
    this.rows = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Records `hexHash` (at least 32 hex digits) as seen in `row`. Returns the row it was first seen in
   * when it was seen before (and keeps that row), or null when it is new.
   */
  add(hexHash: string, row: number): number | null {
    if (row < 1) throw new RangeError('row must be at least 1');
    const a = Number.parseInt(hexHash.slice(0, 8), 16) >>> 0;
    const b = Number.parseInt(hexHash.slice(8, 16), 16) >>> 0;
    const c = Number.parseInt(hexHash.slice(16, 24), 16) >>> 0;
    const d = Number.parseInt(hexHash.slice(24, 32), 16) >>> 0;
    let slot = a & this.mask;
    for (;;) {
      const seenRow = this.rows[slot] ?? 0;
      if (seenRow === 0) break;
      const k = slot * 4;
      if (this.keys[k] === a && this.keys[k + 1] === b && this.keys[k + 2] === c && this.keys[k + 3] === d) {
        return seenRow;
      }
      slot = (slot + 1) & this.mask;
    }
    this.put(slot, a, b, c, d, row);
    this.count++;
    if (this.count * 2 > this.rows.length) this.grow();
    return null;
  }

  private put(slot: number, a: number, b: number, c: number, d: number, row: number): void {
    const k = slot * 4;
    this.keys[k] = a;
    this.keys[k + 1] = b;
    this.keys[k + 2] = c;
    this.keys[k + 3] = d;
    this.rows[slot] = row;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldRows = this.rows;
    const slots = oldRows.length * 2;
    this.keys = new Uint32Array(slots * 4);
    this.rows = new Uint32Array(slots);
    this.mask = slots - 1;
    for (let old = 0; old < oldRows.length; old++) {
      const row = oldRows[old] ?? 0;
      if (row === 0) continue;
      const k = old * 4;
      const a = oldKeys[k] ?? 0;
      let slot = a & this.mask;
      while ((this.rows[slot] ?? 0) !== 0) slot = (slot + 1) & this.mask;
      this.put(slot, a, oldKeys[k + 1] ?? 0, oldKeys[k + 2] ?? 0, oldKeys[k + 3] ?? 0, row);
    }
  }
}
