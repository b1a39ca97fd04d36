import type { MedusaLocking } from "../../../src/medusa/locks";
import {
  GuestLookupLimiter,
  MedusaAttemptStore,
  MemoryAttemptStore,
  type AttemptStore,
  type GuestLookupLimits,
} from "../../../src/medusa/guest-lookup-limits";

/**
 * The guest lookup's limits on a hand-moved clock: every attempt from one address counts; wrong guesses
 * count against the order number, whatever address they come from; windows end and counts start again.
 */
const LIMITS: GuestLookupLimits = {
  perAddress: { attempts: 4, windowMs: 60_000 },
  perOrderNumber: { failures: 3, windowMs: 120_000 },
};

function limiterAt(start = 1_000_000, store: AttemptStore = new MemoryAttemptStore()) {
  const clock = { now: start };
  return { clock, limiter: new GuestLookupLimiter(store, LIMITS, () => clock.now) };
}

describe("GuestLookupLimiter", () => {
  it("admits an address's attempts up to its limit, then refuses until its window ends", async () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 4; i++) expect(await limiter.admit("203.0.113.7", 1000 + i)).toEqual({ ok: true });
    clock.now += 15_000;
    expect(await limiter.admit("203.0.113.7", 2000)).toEqual({
      ok: false,
      retryAfterSeconds: 45,
      limit: "address",
    });
    // Another address is not held back by this one.
    expect(await limiter.admit("198.51.100.2", 2000)).toEqual({ ok: true });
    clock.now += 45_000;
    expect(await limiter.admit("203.0.113.7", 2000)).toEqual({ ok: true });
  });

  it("locks an order number after wrong guesses from any address, the right email included", async () => {
    const { clock, limiter } = limiterAt();
    for (const address of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) {
      expect(await limiter.admit(address, 1001)).toEqual({ ok: true });
      await limiter.failed(1001);
    }
    clock.now += 20_000;
    expect(await limiter.admit("198.51.100.9", 1001)).toEqual({
      ok: false,
      retryAfterSeconds: 100,
      limit: "order",
    });
    // Other orders are still looked up, and successes never count against the number.
    expect(await limiter.admit("198.51.100.9", 1002)).toEqual({ ok: true });
    clock.now += 100_000;
    expect(await limiter.admit("198.51.100.10", 1001)).toEqual({ ok: true });
  });

  it("never says to retry in less than a second", async () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 4; i++) await limiter.admit("203.0.113.7", 1);
    clock.now += 59_999;
    expect(await limiter.admit("203.0.113.7", 1)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
  });
});

describe("MemoryAttemptStore", () => {
  it("counts per key in fixed windows and reads a window without adding to it", async () => {
    const store = new MemoryAttemptStore();
    expect(await store.hit("a", 1000, 0)).toEqual({ count: 1, resetAt: 1000 });
    expect(await store.hit("a", 1000, 500)).toEqual({ count: 2, resetAt: 1000 });
    expect(await store.peek("a", 999)).toEqual({ count: 2, resetAt: 1000 });
    expect(await store.peek("a", 1000)).toBeUndefined();
    expect(await store.hit("a", 1000, 1000)).toEqual({ count: 1, resetAt: 2000 });
    expect(await store.peek("b", 0)).toBeUndefined();
  });

  it("stays bounded under a flood of addresses: closed windows go first, then the oldest open ones", async () => {
    const store = new MemoryAttemptStore(3);
    await store.hit("old", 10, 0);
    await store.hit("a", 1000, 0);
    await store.hit("b", 1000, 0);
    await store.hit("c", 1000, 20); // "old" has closed: swept
    expect(store.size).toBe(3);
    expect(await store.peek("a", 20)).toBeDefined();
    await store.hit("d", 1000, 30); // all open: the oldest ("a") makes room
    expect(store.size).toBe(3);
    expect(await store.peek("a", 30)).toBeUndefined();
    expect(await store.peek("d", 30)).toEqual({ count: 1, resetAt: 1030 });
  });

  it("makes room for a tenth of its windows at once, so that a flood does not scan them all on every request", async () => {
    const store = new MemoryAttemptStore(100);
    for (let i = 0; i < 100; i++) await store.hit(`address:${i}`, 60_000, 0);
    await store.hit("address:100", 60_000, 1);
    // All 100 open: the 10 oldest went, and the new one came in.
    expect(store.size).toBe(91);
    expect(await store.peek("address:9", 1)).toBeUndefined();
    expect(await store.peek("address:10", 1)).toBeDefined();
    // Nine more windows fit without another sweep; the tenth starts one.
    for (let i = 101; i < 110; i++) await store.hit(`address:${i}`, 60_000, 2);
    expect(store.size).toBe(100);
    await store.hit("address:110", 60_000, 3);
    expect(store.size).toBe(91);
  });
});

describe("MedusaAttemptStore", () => {
  /** Medusa's cache module as a Map that keeps the TTL it was given; its locking module as one queue per key. */
  function medusaModules() {
    const entries = new Map<string, { data: unknown; ttl?: number }>();
    const cache = {
      entries,
      get: async <T>(key: string) => (entries.get(key)?.data as T | undefined) ?? null,
      set: async (key: string, data: unknown, ttl?: number) => {
        await new Promise((r) => setImmediate(r)); // a write takes a moment, as Redis's does
        entries.set(key, { data: JSON.parse(JSON.stringify(data)), ttl });
      },
    };
    const queues = new Map<string, Promise<unknown>>();
    const locking: MedusaLocking = {
      execute: <T>(keys: string | string[], job: () => Promise<T>) => {
        const key = String(keys);
        const run = (queues.get(key) ?? Promise.resolve()).then(job, job);
        queues.set(
          key,
          run.catch(() => undefined),
        );
        return run;
      },
    };
    return { cache, locking };
  }

  it("counts every attempt made through two instances at once, in one window", async () => {
    const { cache, locking } = medusaModules();
    const instances = [new MedusaAttemptStore(locking, cache), new MedusaAttemptStore(locking, cache)];
    const counts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => instances[i % 2]!.hit("address:203.0.113.7", 600_000, 1_000)),
    );
    expect(counts.map((w) => w.count).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await instances[1]!.peek("address:203.0.113.7", 2_000)).toEqual({ count: 10, resetAt: 601_000 });
    // Kept in the cache as long as the window lasts: 600 s.
    const [entry] = [...cache.entries.values()];
    expect(entry!.ttl).toBe(600);
  });

  it("starts a new window once the last one has ended", async () => {
    const { cache, locking } = medusaModules();
    const store = new MedusaAttemptStore(locking, cache);
    await store.hit("order:1001", 60_000, 0);
    await store.hit("order:1001", 60_000, 59_000);
    expect(await store.peek("order:1001", 59_999)).toEqual({ count: 2, resetAt: 60_000 });
    expect(await store.peek("order:1001", 60_000)).toBeUndefined();
    expect(await store.hit("order:1001", 60_000, 60_000)).toEqual({ count: 1, resetAt: 120_000 });
  });
});
