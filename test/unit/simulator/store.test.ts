import { SimClock } from "../../../src/simulator/clock";
import { SimStore } from "../../../src/simulator/store";

describe("simulator identifiers", () => {
  it("are the same on every fresh start by default, so tests can rely on them", () => {
    const a = new SimStore(new SimClock());
    const b = new SimStore(new SimClock());
    expect([a.shipmentId(), a.trackingPin()]).toEqual([b.shipmentId(), b.trackingPin()]);
  });

  it("start elsewhere when asked, so a restarted default backend does not reuse stored PINs", () => {
    const first = new SimStore(new SimClock());
    const restarted = new SimStore(new SimClock(), 1_000_000);
    const earlier = new Set(Array.from({ length: 50 }, () => first.trackingPin()));
    const later = Array.from({ length: 50 }, () => restarted.trackingPin());
    expect(later.filter((pin) => earlier.has(pin))).toEqual([]);
    expect(later.every((pin) => /^\d{15,16}$/.test(pin))).toBe(true);
  });

  it("keep their starting point across a reset", () => {
    const store = new SimStore(new SimClock(), 4242);
    const before = store.shipmentId();
    store.reset();
    expect(store.shipmentId()).toBe(before);
  });
});
