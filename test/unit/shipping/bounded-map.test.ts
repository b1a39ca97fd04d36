import { BoundedMap } from "../../../src/shipping/bounded-map";

describe("BoundedMap", () => {
  it("keeps at most max entries, the oldest set going first", () => {
    const m = new BoundedMap<string, number>(3);
    for (const [i, k] of ["a", "b", "c", "d", "e"].entries()) m.set(k, i);
    expect(m.size).toBe(3);
    expect([...m.keys()]).toEqual(["c", "d", "e"]);
    expect(m.get("a")).toBeUndefined();
    expect(m.get("e")).toBe(4);
  });

  it("makes a key set again the newest, so that it outlives keys set after it first", () => {
    const m = new BoundedMap<string, number>(3);
    m.set("a", 1).set("b", 2).set("c", 3).set("a", 10).set("d", 4);
    expect([...m.keys()]).toEqual(["c", "a", "d"]);
    expect(m.get("a")).toBe(10);
  });

  it("evicts past keys deleted meanwhile, as an ordinary list in insertion order would", () => {
    // The model: a plain array, oldest first, every operation done the obvious way.
    const max = 50;
    const m = new BoundedMap<number, number>(max);
    const model: number[] = [];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
    // Enough operations for the Map to rebuild its table many times over, with deletions anywhere.
    for (let step = 0; step < 20_000; step++) {
      const key = random(400);
      if (random(4) === 0) {
        const i = model.indexOf(key);
        expect(m.delete(key)).toBe(i >= 0);
        if (i >= 0) model.splice(i, 1);
      } else {
        m.set(key, step);
        const i = model.indexOf(key);
        if (i >= 0) model.splice(i, 1);
        model.push(key);
        if (model.length > max) model.shift();
      }
      if (step % 997 === 0) expect([...m.keys()]).toEqual(model);
    }
    expect([...m.keys()]).toEqual(model);
    expect(m.size).toBe(model.length);
  });

  it("starts again from the oldest after being emptied", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2).set("c", 3);
    m.delete("b");
    m.delete("c");
    expect(m.size).toBe(0);
    m.set("d", 4).set("e", 5).set("f", 6);
    expect([...m.keys()]).toEqual(["e", "f"]);
  });

  it.each([0, -1, 1.5, NaN])("refuses max %p", (max) => {
    expect(() => new BoundedMap(max)).toThrow(/max must be a positive integer/);
  });
});
