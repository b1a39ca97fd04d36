import { CanadaPostError, CanadaPostThrottledError } from "../../../src/canada-post";
import type { ShipmentRow } from "../../../src/medusa/records";
import {
  allDelivered,
  dueRows,
  syncTracking,
  type FulfillmentState,
  type TrackingSyncDeps,
} from "../../../src/medusa/tracking-sync";
import { RollingWindowLimiter } from "../../../src/shipping/tracking-refresher";
import type { Tracking, TrackingStatus } from "../../../src/shipping/tracking";

const T0 = Date.parse("2026-03-02T12:00:00Z");
const MIN = 60_000;

let seq = 0;
const row = (over: Partial<ShipmentRow> = {}): ShipmentRow => {
  seq++;
  return {
    id: `cpship_${seq}`,
    order_id: "order_1",
    fulfillment_id: "ful_1",
    shipment_id: `3400000000000${seq}`,
    customer_request_id: null,
    tracking_pin: `10000000000000${String(seq).padStart(2, "0")}`,
    service_code: "DOM.EP",
    mode: "transmit",
    group_id: null,
    status: "transmitted",
    parcel_index: 0,
    parcel: {},
    price: null,
    label_location: null,
    label_media_type: null,
    links: [],
    refund: null,
    tracking_status: null,
    tracking_events: null,
    expected_delivery_date: null,
    actual_delivery_date: null,
    tracked_at: null,
    created_at: new Date(T0 - 86_400_000),
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

/** An in-memory Medusa: rows, fulfillments, a fake clock and Canada Post answering from `answers`. */
function world(rows: ShipmentRow[], answers: Record<string, TrackingStatus | Error> = {}) {
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
    save: async (id, update) =>
      void Object.assign(
        rows.find((r) => r.id === id)!,
        update,
      ),
    rowsOfFulfillment: async (id) => rows.filter((r) => r.fulfillment_id === id),
    fulfillment: async (id) => fulfillments.get(id) ?? { id, delivered_at: null, canceled_at: null },
    markDelivered: async (orderId, fulfillmentId) => {
      marked.push([orderId, fulfillmentId]);
      fulfillments.set(fulfillmentId, { id: fulfillmentId, delivered_at: new Date(now), canceled_at: null });
    },
  };
  const limiter = (limit = 20) => new RollingWindowLimiter(limit, MIN, clock.now);
  return { deps, clock, asked, marked, fulfillments, limiter };
}

describe("dueRows", () => {
  it("skips voided, refunded, delivered, PIN-less and freshly tracked rows; never tracked first, then oldest tracked", () => {
    const old = row({ tracked_at: new Date(T0 - 60 * MIN) });
    const older = row({ tracked_at: new Date(T0 - 120 * MIN).toISOString() });
    const never = row();
    const rows = [
      old,
      row({ status: "voided" }),
      row({ status: "refund_requested" }),
      row({ tracking_status: "delivered" }),
      row({ tracking_pin: "" }),
      row({ tracked_at: new Date(T0 - 2 * MIN) }),
      older,
      never,
    ];
    expect(dueRows(rows, T0, 10 * MIN).map((r) => r.id)).toEqual([never.id, older.id, old.id]);
  });

  it("allDelivered ignores voided parcels but needs at least one delivered", () => {
    expect(allDelivered([row({ tracking_status: "delivered" }), row({ status: "voided" })])).toBe(true);
    expect(
      allDelivered([row({ tracking_status: "delivered" }), row({ tracking_status: "in_transit" })]),
    ).toBe(false);
    expect(allDelivered([row({ status: "voided" })])).toBe(false);
  });
});

describe("syncTracking", () => {
  it("stores status, events and dates on each row asked about", async () => {
    const r = row();
    const w = world([r], { [r.tracking_pin]: "in_transit" });
    const report = await syncTracking(w.deps, { limiter: w.limiter(), ...w.clock });
    expect(report.refreshed).toEqual([{ pin: r.tracking_pin, status: "in_transit" }]);
    expect(r).toMatchObject({
      tracking_status: "in_transit",
      expected_delivery_date: "2026-03-04",
      actual_delivery_date: null,
      tracked_at: new Date(T0),
    });
    expect(r.tracking_events).toHaveLength(1);
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
    const rows = Array.from({ length: 5 }, (_, i) => row({ tracked_at: new Date(T0 - (i + 1) * 60 * MIN) }));
    const w = world(rows);
    const report = await syncTracking(w.deps, { limiter: w.limiter(2), ...w.clock, maxRunMs: 30_000 });
    expect(w.asked).toEqual([rows[4]!.tracking_pin, rows[3]!.tracking_pin]);
    expect(report.remaining).toBe(3);
    expect(w.clock.now()).toBe(T0);
  });

  it("stops politely when Canada Post throttles, keeping the row first in line", async () => {
    const rows = [row(), row(), row()];
    const throttled = new CanadaPostThrottledError(503, "GetTrackingDetails", [
      { code: "Server", description: "Rejected by SLM Monitor" },
    ]);
    const w = world(rows, { [rows[1]!.tracking_pin]: throttled });
    const limiter = w.limiter();
    const report = await syncTracking(w.deps, { limiter, ...w.clock });
    expect(report.throttled).toBe(true);
    expect(w.asked).toEqual([rows[0]!.tracking_pin, rows[1]!.tracking_pin]);
    expect(report.remaining).toBe(2);
    expect(rows[1]!.tracked_at).toBeNull();
    expect(limiter.tryAcquire()).toBe(false);
  });

  it("goes on past a PIN Canada Post refuses, reporting Canada Post's words", async () => {
    const rows = [row(), row()];
    const refused = new CanadaPostError(404, "GetTrackingDetails", [
      { code: "004", description: "No Pin History" },
    ]);
    const w = world(rows, { [rows[0]!.tracking_pin]: refused });
    const report = await syncTracking(w.deps, { limiter: w.limiter(), ...w.clock });
    expect(report.failed).toEqual([
      { pin: rows[0]!.tracking_pin, message: expect.stringContaining("004: No Pin History") },
    ]);
    expect(report.refreshed.map((r) => r.pin)).toEqual([rows[1]!.tracking_pin]);
  });

  it("marks a fulfillment delivered once, only when every mailed parcel is delivered", async () => {
    const a = row({ fulfillment_id: "ful_A", parcel_index: 0 });
    const b = row({ fulfillment_id: "ful_A", parcel_index: 1 });
    const voided = row({ fulfillment_id: "ful_A", parcel_index: 2, status: "voided" });
    const c = row({ fulfillment_id: "ful_B", order_id: "order_2" });
    const answers: Record<string, TrackingStatus> = {
      [a.tracking_pin]: "delivered",
      [b.tracking_pin]: "out_for_delivery",
      [c.tracking_pin]: "delivered",
    };
    const w = world([a, b, voided, c], answers);
    const opts = { limiter: w.limiter(), ...w.clock, minAgeMs: 0 };

    const first = await syncTracking(w.deps, opts);
    expect(first.delivered).toEqual(["ful_B"]);
    expect(w.marked).toEqual([["order_2", "ful_B"]]);

    answers[b.tracking_pin] = "delivered";
    w.clock.sleep(MIN);
    const second = await syncTracking(w.deps, opts);
    expect(w.asked.filter((p) => p === a.tracking_pin)).toHaveLength(1); // delivered rows are not asked again
    expect(second.delivered).toEqual(["ful_A"]);
    expect(w.marked).toEqual([
      ["order_2", "ful_B"],
      ["order_1", "ful_A"],
    ]);

    // Delivered already (e.g. by the admin): not marked again.
    const d = row({ fulfillment_id: "ful_C" });
    answers[d.tracking_pin] = "delivered";
    const w2 = world([d], answers);
    w2.fulfillments.set("ful_C", { id: "ful_C", delivered_at: new Date(T0), canceled_at: null });
    const third = await syncTracking(w2.deps, { limiter: w2.limiter(), ...w2.clock });
    expect(third.delivered).toEqual([]);
    expect(w2.marked).toEqual([]);
  });

  it("does not mark a return label's or a cancelled fulfillment delivered", async () => {
    const ret = row({ fulfillment_id: "ful_R" });
    const gone = row({ fulfillment_id: "ful_X" });
    const w = world([ret, gone], { [ret.tracking_pin]: "delivered", [gone.tracking_pin]: "delivered" });
    w.fulfillments.set("ful_R", { id: "ful_R", delivered_at: null, canceled_at: null, is_return: true });
    w.fulfillments.set("ful_X", { id: "ful_X", delivered_at: null, canceled_at: new Date(T0) });
    const report = await syncTracking(w.deps, { limiter: w.limiter(), ...w.clock });
    expect(report.refreshed).toHaveLength(2);
    expect(w.marked).toEqual([]);
  });
});
