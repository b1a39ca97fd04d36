import { BoundedMap } from "./bounded-map";
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
  private readonly entries: BoundedMap<string, { value: V; expiresAt: number }>;
  private readonly now: () => number;

  constructor(options: MemoryCacheOptions = {}) {
    const maxEntries = options.maxEntries ?? 1000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new TypeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    this.entries = new BoundedMap(maxEntries);
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<V | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.set(key, entry); // the most recently used
    return entry.value;
  }

  async set(key: string, value: V, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    // Reads and writes make a key the newest, so the oldest, dropped first, is the least recently used.
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
