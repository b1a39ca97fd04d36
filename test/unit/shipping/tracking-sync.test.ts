import { CanadaPostError, CanadaPostThrottledError } from "../../../src/canada-post";
import { RollingWindowLimiter } from "../../../src/shipping/rate-limiter";
import type { Tracking, TrackingStatus } from "../../../src/shipping/tracking";
import {
  allDelivered,
  dueShipments,
  syncTracking,
  type FulfillmentState,
  type TrackedShipment,
  type TrackingSyncDeps,
} from "../../../src/shipping/tracking-sync";

const T0 = Date.parse("2026-03-02T12:00:00Z");
const MIN = 60_000;

let seq = 0;
/** A shipment as a platform keeps it, with the tracking the loop stores on it. */
type Row = TrackedShipment & {
  trackingEvents?: Tracking["events"];
  expectedDeliveryDate?: string | null;
  actualDeliveryDate?: string | null;
};
const row = (over: Partial<Row> = {}): Row => {
  seq++;
  return {
    id: `cpship_${seq}`,
    orderId: "order_1",
    fulfillmentId: "ful_1",
    trackingPin: `10000000000000${String(seq).padStart(2, "0")}`,
    status: "transmitted",
    parcelIndex: 0,
    trackingStatus: null,
    trackedAt: null,
    createdAt: new Date(T0 - 86_400_000),
    ...over,
  };
};

const tracking = (pin: string, status: TrackingStatus): Tracking => ({
  pin,
  status,
  expectedDeliveryDate: "2026-03-04",
  ...(status === "delivered" ? { actualDeliveryDate: "2026-03-03" } : {}),
  events: [
    {
      code: status === "delivered" ? "1496" : "0100",
      description: status,
      occurredAt: "2026-03-03T10:00:00-05:00",
    },
  ],
});

/** An in-memory platform: rows, fulfillments, a fake clock and Canada Post answering from `answers`. */
function world(rows: Row[], answers: Record<string, TrackingStatus | Error> = {}) {
  let now = T0;
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  const fulfillments = new Map<string, FulfillmentState>();
  const asked: string[] = [];
  const marked: [string, string][] = [];
  const deps: TrackingSyncDeps = {
    candidates: async () => rows.map((r) => ({ ...r })),
    track: async (pin) => {
      asked.push(pin);
      const a = answers[pin] ?? "in_transit";
      if (a instanceof Error) throw a;
      return tracking(pin, a);
    },
    save: async (id, t, at) =>
      void Object.assign(
        rows.find((r) => r.id === id)!,
        {
          trackingStatus: t.status,
          trackingEvents: t.events,
          expectedDeliveryDate: t.expectedDeliveryDate ?? null,
          actualDeliveryDate: t.actualDeliveryDate ?? null,
          trackedAt: at,
        },
      ),
    failed: async (id, at) => void (rows.find((r) => r.id === id)!.trackedAt = at),
    shipmentsOfFulfillment: async (id) => rows.filter((r) => r.fulfillmentId === id),
    fulfillment: async (id) => fulfillments.get(id) ?? { id, deliveredAt: null, canceledAt: null },
    markDelivered: async (orderId, fulfillmentId) => {
      marked.push([orderId, fulfillmentId]);
      fulfillments.set(fulfillmentId, { id: fulfillmentId, deliveredAt: new Date(now), canceledAt: null });
    },
  };
  const limiter = (limit = 20) => new RollingWindowLimiter(limit, MIN, clock.now);
  return { deps, clock, asked, marked, fulfillments, limiter };
}

describe("dueShipments", () => {
  it("skips voided, refunded, delivered, PIN-less and freshly tracked rows; never tracked first, then oldest tracked", () => {
    const old = row({ trackedAt: new Date(T0 - 60 * MIN) });
    const older = row({ trackedAt: new Date(T0 - 120 * MIN).toISOString() });
    const never = row();
    const rows = [
      old,
      row({ status: "voided" }),
      row({ status: "refund_requested" }),
      row({ trackingStatus: "delivered" }),
      row({ trackingPin: "" }),
      row({ trackedAt: new Date(T0 - 2 * MIN) }),
      older,
      never,
    ];
    expect(dueShipments(rows, T0, 10 * MIN).map((r) => r.id)).toEqual([never.id, older.id, old.id]);
  });

  it("allDelivered ignores voided parcels but needs at least one delivered", () => {
    expect(allDelivered([row({ trackingStatus: "delivered" }), row({ status: "voided" })])).toBe(true);
    expect(allDelivered([row({ trackingStatus: "delivered" }), row({ trackingStatus: "in_transit" })])).toBe(
      false,
    );
    expect(allDelivered([row({ status: "voided" })])).toBe(false);
  });
});

describe("syncTracking", () => {
  it("stores status, events and dates on each row asked about", async () => {
    const r = row();
    const w = world([r], { [r.trackingPin]: "in_transit" });
    const report = await syncTracking(w.deps, { limiter: w.limiter(), ...w.clock });
    expect(report.refreshed).toEqual([{ pin: r.trackingPin, status: "in_transit" }]);
    expect(r).toMatchObject({
      trackingStatus: "in_transit",
      expectedDeliveryDate: "2026-03-04",
      actualDeliveryDate: null,
      trackedAt: new Date(T0),
    });
    expect(r.trackingEvents).toHaveLength(1);
    expect(w.marked).toEqual([]);
  });

  it("never makes more calls than the limiter allows in a minute, and waits for the window within the run's budget", async () => {
    const rows = Array.from({ length: 7 }, () => row());
    const w = world(rows);
    const calls: number[] = [];
    const track = w.deps.track;
    w.deps.track = async (pin) => (calls.push(w.clock.now()), track(pin));
    const report = await syncTracking(w.deps, { limiter: w.limiter(3), ...w.clock, maxRunMs: 2 * MIN });
    // 3 at once, 3 a minute later, 1 two minutes later: within the 2-minute budget.
    expect(calls).toEqual([T0, T0, T0, T0 + MIN, T0 + MIN, T0 + MIN, T0 + 2 * MIN]);
    expect(report.remaining).toBe(0);
  });

  it("leaves what the limiter cannot allow within the budget to the next run, oldest first", async () => {
    const rows = Array.from({ length: 5 }, (_, i) => row({ trackedAt: new Date(T0 - (i + 1) * 60 * MIN) }));
    const w = world(rows);
    const report = await syncTracking(w.deps, { limiter: w.limiter(2), ...w.clock, maxRunMs: 30_000 });
    expect(w.asked).toEqual([rows[4]!.trackingPin, rows[3]!.trackingPin]);
    expect(report.remaining).toBe(3);
    expect(w.clock.now()).toBe(T0);
  });

  it("stops politely when Canada Post throttles, keeping the row first in line", async () => {
    const rows = [row(), row(), row()];
    const throttled = new CanadaPostThrottledError(503, "GetTrackingDetails", [
      { code: "Server", description: "Rejected by SLM Monitor" },
    ]);
    const w = world(rows, { [rows[1]!.trackingPin]: throttled });
    const limiter = w.limiter();
    const report = await syncTracking(w.deps, { limiter, ...w.clock });
    expect(report.throttled).toBe(true);
    expect(w.asked).toEqual([rows[0]!.trackingPin, rows[1]!.trackingPin]);
    expect(report.remaining).toBe(2);
    expect(rows[1]!.trackedAt).toBeNull();
    expect(limiter.tryAcquire()).toBe(false);
  });

  it("goes on past a PIN Canada Post refuses, reporting Canada Post's words", async () => {
    const rows = [row(), row()];
    const refused = new CanadaPostError(404, "GetTrackingDetails", [
      { code: "004", description: "No Pin History" },
    ]);
    const w = world(rows, { [rows[0]!.trackingPin]: refused });
    const report = await syncTracking(w.deps, { limiter: w.limiter(), ...w.clock });
    expect(report.failed).toEqual([
      { pin: rows[0]!.trackingPin, message: expect.stringContaining("004: No Pin History") },
    ]);
    expect(report.refreshed.map((r) => r.pin)).toEqual([rows[1]!.trackingPin]);
  });

  it("marks a fulfillment delivered once, only when every mailed parcel is delivered", async () => {
    const a = row({ fulfillmentId: "ful_A", parcelIndex: 0 });
    const b = row({ fulfillmentId: "ful_A", parcelIndex: 1 });
    const voided = row({ fulfillmentId: "ful_A", parcelIndex: 2, status: "voided" });
    const c = row({ fulfillmentId: "ful_B", orderId: "order_2" });
    const answers: Record<string, TrackingStatus> = {
      [a.trackingPin]: "delivered",
      [b.trackingPin]: "out_for_delivery",
      [c.trackingPin]: "delivered",
    };
    const w = world([a, b, voided, c], answers);
    const opts = { limiter: w.limiter(), ...w.clock, minAgeMs: 0 };

    const first = await syncTracking(w.deps, opts);
    expect(first.delivered).toEqual(["ful_B"]);
    expect(w.marked).toEqual([["order_2", "ful_B"]]);

    answers[b.trackingPin] = "delivered";
    w.clock.sleep(MIN);
    const second = await syncTracking(w.deps, opts);
    expect(w.asked.filter((p) => p === a.trackingPin)).toHaveLength(1); // delivered rows are not asked again
    expect(second.delivered).toEqual(["ful_A"]);
    expect(w.marked).toEqual([
      ["order_2", "ful_B"],
      ["order_1", "ful_A"],
    ]);

    // Delivered already (e.g. by the admin): not marked again.
    const d = row({ fulfillmentId: "ful_C" });
    answers[d.trackingPin] = "delivered";
    const w2 = world([d], answers);
    w2.fulfillments.set("ful_C", { id: "ful_C", deliveredAt: new Date(T0), canceledAt: null });
    const third = await syncTracking(w2.deps, { limiter: w2.limiter(), ...w2.clock });
    expect(third.delivered).toEqual([]);
    expect(w2.marked).toEqual([]);
  });

  it("does not mark a return label's or a cancelled fulfillment delivered", async () => {
    const ret = row({ fulfillmentId: "ful_R" });
    const gone = row({ fulfillmentId: "ful_X" });
    const w = world([ret, gone], { [ret.trackingPin]: "delivered", [gone.trackingPin]: "delivered" });
    w.fulfillments.set("ful_R", { id: "ful_R", deliveredAt: null, canceledAt: null, isReturn: true });
    w.fulfillments.set("ful_X", { id: "ful_X", deliveredAt: null, canceledAt: new Date(T0) });
    const report = await syncTracking(w.deps, { limiter: w.limiter(), ...w.clock });
    expect(report.refreshed).toHaveLength(2);
    expect(w.marked).toEqual([]);
  });
});
