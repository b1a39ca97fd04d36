import { MemoryCache } from "../../../src/shipping/memory-cache";

describe("MemoryCache", () => {
  it("drops the least recently used entry when full: a read counts as a use", async () => {
    const cache = new MemoryCache<string>({ maxEntries: 2 });
    await cache.set("a", "A", 60_000);
    await cache.set("b", "B", 60_000);
    expect(await cache.get("a")).toBe("A"); // now b is the least recently used
    await cache.set("c", "C", 60_000);
    expect(cache.size).toBe(2);
    expect(await cache.get("b")).toBeUndefined();
    expect(await cache.get("a")).toBe("A");
    expect(await cache.get("c")).toBe("C");
  });

  it("forgets an entry once its time is up, and a read of it does not bring it back", async () => {
    let t = 1_000;
    const cache = new MemoryCache<string>({ now: () => t });
    await cache.set("k", "v", 500);
    t = 1_499;
    expect(await cache.get("k")).toBe("v");
    t = 1_500;
    expect(await cache.get("k")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("keeps nothing with no time to live", async () => {
    const cache = new MemoryCache<string>();
    await cache.set("k", "v", 0);
    expect(await cache.get("k")).toBeUndefined();
  });

  it("stays at its bound over many more keys than it holds", async () => {
    const cache = new MemoryCache<number>({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) await cache.set(`k${i}`, i, 60_000);
    expect(cache.size).toBe(100);
    expect(await cache.get("k9899")).toBeUndefined();
    expect(await cache.get("k9900")).toBe(9900);
  });

  it.each([0, 2.5])("refuses maxEntries %p", (maxEntries) => {
    expect(() => new MemoryCache({ maxEntries })).toThrow(/maxEntries must be a positive integer/);
  });
});
