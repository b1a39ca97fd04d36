/**
 * A Map that keeps at most `max` entries: setting a key makes it the newest, and the oldest go first.
 *
 * Finding the oldest by `map.keys().next()` on every eviction costs a walk over the slots of every entry
 * deleted since V8 last rebuilt the table: a cache kept full by evictions pays, on each set, about a
 * microsecond per thousand entries (5 µs at 5,000, 45 µs at 50,000). One iterator kept across evictions
 * walks each slot once: a Map's iterator follows deletions, insertions and rebuilds of its table, and
 * every live entry is ahead of it, since it has only passed entries that were then deleted.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  /** Made on the first eviction: kept before it, it would hold on to every table the Map outgrew. */
  private oldest: MapIterator<K> | undefined;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`max must be a positive integer, got ${max}`);
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** `key` becomes the newest entry (moved to the end when it was there already). */
  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.max) this.entries.delete(this.nextOldest());
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  keys(): MapIterator<K> {
    return this.entries.keys();
  }

  get size(): number {
    return this.entries.size;
  }

  private nextOldest(): K {
    let next = (this.oldest ??= this.entries.keys()).next();
    // Never done while an entry is left (see above); a fresh iterator is the safe answer if it ever were.
    if (next.done) next = (this.oldest = this.entries.keys()).next();
    return next.value as K;
  }
}
