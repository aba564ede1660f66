/**
 * A bounded map whose entries vanish at their own expiry time; the oldest entry goes first when it is full.
 *
 * The order of insertion is kept in a ring of keys rather than read from the Map: a Map that is emptied from the
 * front keeps its deleted slots until it rehashes, so finding its first key walks past every one of them, and under
 * a stream of new keys (every request a client not seen lately) that walk cost more than the work being cached.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();
  private readonly order: (string | undefined)[];
  private next = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    this.order = new Array<string | undefined>(Math.max(0, maxEntries));
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAtMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, expiresAtMs: number): void {
    if (this.maxEntries <= 0) return;
    const known = this.entries.get(key);
    if (known) {
      known.value = value;
      known.expiresAtMs = expiresAtMs;
      return;
    }
    // The slot's previous key is the oldest insertion still counted. It may have expired and been deleted already,
    // or even been inserted again since (then it leaves a little early): either way the Map never outgrows the ring.
    const oldest = this.order[this.next];
    if (oldest !== undefined) this.entries.delete(oldest);
    this.order[this.next] = key;
    this.next = (this.next + 1) % this.maxEntries;
    this.entries.set(key, { value, expiresAtMs });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
