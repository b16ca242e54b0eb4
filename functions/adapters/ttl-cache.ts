/**
 * A small cache of read results that live `ttlMs` after they were read, for reference data that changes
 * rarely and never moves money by itself (union units, approvers, program versions). Keeps the promise,
 * so concurrent readers of one key share one request; a read that fails is not kept. Callers get their
 * own copy of each value.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { until: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(key: string, read: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return read();
    const now = this.clock();
    let entry = this.entries.get(key);
    if (entry === undefined || entry.until <= now) {
      const value = read();
      const fresh = { until: now + this.ttlMs, value };
      this.entries.set(key, fresh);
      value.catch(() => {
        if (this.entries.get(key) === fresh) this.entries.delete(key);
      });
      entry = fresh;
    }
    return structuredClone(await entry.value);
  }

  /** Forgets everything: the next read of each key asks the store again. */
  clear(): void {
    this.entries.clear();
  }
}
