import type { CacheStore } from "./ports";

export type { CacheStore } from "./ports";

export interface MemoryCacheOptions {
  /** Entries kept at most; the least recently used goes first. */
  maxEntries?: number;
  /** Milliseconds since the epoch; injected so tests can move time. */
  now?: () => number;
}

/**
 * The default cache port: in this process, bounded in size, with an expiry per entry. A store that fails must
 * not fail a checkout, so the core treats a cache's errors as misses.
 */
export class MemoryCache<V> implements CacheStore<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1)
      throw new TypeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<V | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: V, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    // A Map iterates in insertion order, and a read re-inserts: the first key is the least recently used.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
