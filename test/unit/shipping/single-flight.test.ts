import { SingleFlight } from "../../../src/shipping/single-flight";

describe("SingleFlight", () => {
  it("shares one execution between concurrent calls for the same key", async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    let release!: (n: number) => void;
    const fn = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const all = Promise.all(Array.from({ length: 10 }, () => flights.run("k", fn)));
    expect(flights.size).toBe(1);
    release(42);
    expect(await all).toEqual(Array(10).fill(42));
    expect(calls).toBe(1);
  });

  it("runs different keys separately and forgets a key once settled", async () => {
    const flights = new SingleFlight<string>();
    let calls = 0;
    const fn = (v: string) => async () => {
      calls++;
      return v;
    };
    expect(await Promise.all([flights.run("a", fn("a")), flights.run("b", fn("b"))])).toEqual(["a", "b"]);
    expect(flights.size).toBe(0);
    await flights.run("a", fn("again"));
    expect(calls).toBe(3);
  });

  it("gives every caller the same rejection, sync throws included, then lets the key run again", async () => {
    const flights = new SingleFlight<number>();
    const failing = () => Promise.reject(new Error("boom"));
    await expect(Promise.all([flights.run("k", failing), flights.run("k", failing)])).rejects.toThrow("boom");
    await expect(
      flights.run("s", () => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(flights.size).toBe(0);
    expect(await flights.run("k", async () => 1)).toBe(1);
  });
});
