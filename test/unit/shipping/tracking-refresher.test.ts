import { CanadaPostThrottledError, CanadaPostTransportError } from "../../../src/canada-post";
import type { Tracking, TrackingStatus } from "../../../src/shipping/tracking";
import { RollingWindowLimiter, TrackingRefresher } from "../../../src/shipping/tracking-refresher";

const MINUTE = 60_000;

function clock(start = 0) {
  const c = { t: start, now: () => c.t };
  return c;
}

const tracking = (pin: string, status: TrackingStatus): Tracking => ({ pin, status, events: [] });

describe("RollingWindowLimiter", () => {
  it("allows `limit` calls in any rolling window", () => {
    const c = clock();
    const l = new RollingWindowLimiter(3, MINUTE, c.now);
    expect([l.tryAcquire(), l.tryAcquire(), l.tryAcquire(), l.tryAcquire()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(l.nextAvailableAt()).toBe(MINUTE);
    c.t = MINUTE - 1;
    expect(l.tryAcquire()).toBe(false);
    c.t = MINUTE;
    expect(l.tryAcquire()).toBe(true);
    expect(l.tryAcquire()).toBe(true);
    expect(l.tryAcquire()).toBe(true);
    expect(l.tryAcquire()).toBe(false);
  });

  it("stays shut while paused", () => {
    const c = clock();
    const l = new RollingWindowLimiter(5, MINUTE, c.now);
    l.pauseUntil(30_000);
    expect(l.tryAcquire()).toBe(false);
    expect(l.nextAvailableAt()).toBe(30_000);
    c.t = 30_000;
    expect(l.tryAcquire()).toBe(true);
  });

  it("refuses a nonsensical limit", () => {
    expect(() => new RollingWindowLimiter(0, MINUTE)).toThrow(/positive integer/);
  });
});

describe("TrackingRefresher", () => {
  function setup(statusOf: (pin: string) => TrackingStatus = () => "in_transit", opts = {}) {
    const c = clock(1_000_000);
    const fetched: { pin: string; at: number }[] = [];
    const updated: string[] = [];
    const refresher = new TrackingRefresher({
      fetch: async (pin) => {
        fetched.push({ pin, at: c.t });
        return tracking(pin, statusOf(pin));
      },
      onUpdate: (t) => void updated.push(t.pin),
      now: c.now,
      refreshIntervalMs: 0,
      ...opts,
    });
    return { c, fetched, updated, refresher };
  }

  it("never makes more than 20 calls in any rolling minute over simulated minutes", async () => {
    const { c, fetched, refresher } = setup();
    for (let i = 0; i < 50; i++) refresher.track(`pin-${i}`);
    // A scheduled job runs every 10 seconds for 5 simulated minutes.
    for (let step = 0; step <= 30; step++) {
      await refresher.refreshDue();
      c.t += 10_000;
    }
    expect(fetched.length).toBe(20 * 5 + 20); // minutes 0..5 each open a fresh window
    for (const { at } of fetched) {
      const inWindow = fetched.filter((f) => f.at > at - MINUTE && f.at <= at).length;
      expect(inWindow).toBeLessThanOrEqual(20);
    }
  });

  it("refreshes the least recently refreshed first, so every shipment gets its turn", async () => {
    const { c, fetched, refresher } = setup(undefined, { callsPerMinute: 2, refreshIntervalMs: 10_000 });
    refresher.track("old", { lastRefreshedAt: c.t - 5 * MINUTE });
    refresher.track("new", { lastRefreshedAt: c.t - MINUTE });
    refresher.track("never");
    const first = await refresher.refreshDue();
    expect(fetched.map((f) => f.pin)).toEqual(["never", "old"]);
    expect(first.remaining).toBe(1);
    expect(first.nextRunAt).toBe(c.t + MINUTE);
    c.t += MINUTE;
    await refresher.refreshDue();
    // "new" waited longest; "old" and "never" were refreshed at the same instant, in the order tracked.
    expect(fetched.map((f) => f.pin)).toEqual(["never", "old", "new", "old"]);
  });

  it("leaves delivered shipments alone and reports fresh tracking", async () => {
    const { c, fetched, updated, refresher } = setup((pin) => (pin === "a" ? "delivered" : "in_transit"));
    refresher.track("a");
    refresher.track("b");
    refresher.track("c", { status: "delivered" });
    const report = await refresher.refreshDue();
    expect(report.refreshed.map((t) => [t.pin, t.status])).toEqual([
      ["a", "delivered"],
      ["b", "in_transit"],
    ]);
    expect(updated).toEqual(["a", "b"]);
    c.t += MINUTE;
    await refresher.refreshDue();
    expect(fetched.map((f) => f.pin)).toEqual(["a", "b", "b"]);
    expect(refresher.statusOf("a")).toBe("delivered");
  });

  it("waits the refresh interval before asking about a shipment again", async () => {
    const { c, fetched, refresher } = setup(undefined, { refreshIntervalMs: 30 * MINUTE });
    refresher.track("a");
    await refresher.refreshDue();
    c.t += 29 * MINUTE;
    expect((await refresher.refreshDue()).refreshed).toEqual([]);
    c.t += MINUTE;
    await refresher.refreshDue();
    expect(fetched).toHaveLength(2);
  });

  it("backs off when Canada Post throttles, keeping the throttled shipment first in line", async () => {
    const c = clock(0);
    const calls: string[] = [];
    let throttle = true;
    const refresher = new TrackingRefresher({
      fetch: async (pin) => {
        calls.push(pin);
        if (pin === "b" && throttle)
          throw new CanadaPostThrottledError(503, "GetTrackingDetails", [
            { code: "Server", description: "Rejected by SLM Monitor" },
          ]);
        return tracking(pin, "in_transit");
      },
      now: c.now,
      refreshIntervalMs: 0,
      throttleBackoffMs: 2 * MINUTE,
    });
    refresher.track("a", { lastRefreshedAt: -3 });
    refresher.track("b", { lastRefreshedAt: -2 });
    refresher.track("c", { lastRefreshedAt: -1 });
    const report = await refresher.refreshDue();
    expect(report.throttled).toBe(true);
    expect(calls).toEqual(["a", "b"]);
    expect(report.nextRunAt).toBe(2 * MINUTE);
    c.t = MINUTE;
    expect((await refresher.refreshDue()).refreshed).toEqual([]); // still backing off
    throttle = false;
    c.t = 2 * MINUTE;
    await refresher.refreshDue();
    expect(calls).toEqual(["a", "b", "b", "c", "a"]);
  });

  it("moves a failing shipment to the back of the line and reports it", async () => {
    const c = clock(0);
    const calls: string[] = [];
    const refresher = new TrackingRefresher({
      fetch: async (pin) => {
        calls.push(pin);
        if (pin === "bad") throw new CanadaPostTransportError("GetTrackingDetails", "network", "reset");
        return tracking(pin, "in_transit");
      },
      now: c.now,
      refreshIntervalMs: 0,
      callsPerMinute: 2,
    });
    refresher.track("bad", { lastRefreshedAt: -3 });
    refresher.track("good", { lastRefreshedAt: -2 });
    refresher.track("other", { lastRefreshedAt: -1 });
    const report = await refresher.refreshDue();
    expect(report.failed.map((f) => f.pin)).toEqual(["bad"]);
    c.t = MINUTE;
    await refresher.refreshDue();
    expect(calls).toEqual(["bad", "good", "other", "bad"]);
  });

  it("runs one refresh at a time", async () => {
    const { fetched, refresher } = setup();
    refresher.track("a");
    const [r1, r2] = await Promise.all([refresher.refreshDue(), refresher.refreshDue()]);
    expect(r1).toBe(r2);
    expect(fetched).toHaveLength(1);
  });
});
