import { CanadaPostTransportError, type ClientContext } from "../../../src/canada-post";
import { RollingWindowLimiter } from "../../../src/shipping/rate-limiter";
import type { Tracking, TrackingStatus } from "../../../src/shipping/tracking";
import { TrackingLimitError, TrackingService } from "../../../src/shipping/tracking-service";
import type { TrackedShipment } from "../../../src/shipping/tracking-sync";

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

/** A tracking service on a fake Canada Post that counts its calls and answers when `gate` opens. */
function service(callsPerMinute: number, c = clock()) {
  const calls: string[] = [];
  let open!: () => void;
  let gate = Promise.resolve();
  const svc = new TrackingService({
    ctx: {} as ClientContext,
    lang: "en",
    callsPerMinute,
    now: c.now,
    source: async (pin, lang) => {
      calls.push(`${pin}/${lang}`);
      await gate;
      if (pin === "bad") throw new CanadaPostTransportError("GetTrackingDetails", "network", "reset");
      return tracking(pin, "in_transit");
    },
  });
  const hold = () => (gate = new Promise<void>((r) => (open = r)));
  return { svc, calls, c, hold, release: () => open() };
}

const shipment = (id: string, pin: string, trackedAt: number | null = null): TrackedShipment => ({
  id,
  orderId: "order_1",
  fulfillmentId: "ful_1",
  trackingPin: pin,
  status: "transmitted",
  trackingStatus: trackedAt === null ? null : "in_transit",
  trackedAt: trackedAt === null ? null : new Date(trackedAt),
  parcelIndex: 0,
});

describe("TrackingService", () => {
  it("refuses a refresh past the account's limit, saying when to try again, and asks nothing", async () => {
    const { svc, calls, c } = service(2);
    await svc.track("A");
    c.t = 10_000;
    await svc.track("B");
    const error = await svc.track("C").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackingLimitError);
    expect((error as TrackingLimitError).retryAfterMs).toBe(50_000);
    expect((error as Error).message).toMatch(/try again in 50 s/);
    expect(calls).toEqual(["A/en", "B/en"]);
  });

  it("shares one call between everyone asking about the same PIN at once", async () => {
    const { svc, calls, hold, release } = service(20);
    hold();
    const asked = Promise.all([svc.track("A"), svc.track("A"), svc.track("A", "fr"), svc.track("A")]);
    await new Promise((r) => setImmediate(r));
    release();
    const answers = await asked;
    expect(answers.map((t) => t.pin)).toEqual(["A", "A", "A", "A"]);
    expect(calls).toEqual(["A/en", "A/fr"]);
  });

  it("serves customers stored tracking, refreshing stale parcels only while the limit allows, once per PIN", async () => {
    const { svc, calls, c } = service(2, clock(10 * MINUTE));
    const saved: string[] = [];
    const save = async (id: string) => void saved.push(id);
    const shipments = [
      shipment("fresh", "F", 10 * MINUTE - 60_000),
      shipment("stale1", "S1", 0),
      shipment("stale2", "S2", 1),
      shipment("never", "N"),
    ];
    // Ten customers open their pages at once: the freshest stays as stored, the two the limit allows are
    // refreshed once each, the rest keep what they had.
    const pages = await Promise.all(
      Array.from({ length: 10 }, () => svc.refreshStale(shipments, { maxAgeMs: 5 * MINUTE, save })),
    );
    expect(calls).toEqual(["N/en", "S1/en"]);
    expect([...pages[0]!.keys()].sort()).toEqual(["never", "stale1"]);
    expect(new Set(saved)).toEqual(new Set(["never", "stale1"]));
    c.t += MINUTE;
    await svc.refreshStale(shipments, { maxAgeMs: 5 * MINUTE, save });
    expect(calls).toHaveLength(4);
  });

  it("keeps the stored tracking when Canada Post fails, and logs it", async () => {
    const warnings: string[] = [];
    const c = clock();
    const svc = new TrackingService({
      ctx: {} as ClientContext,
      lang: "en",
      now: c.now,
      logger: { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
      source: async () => {
        throw new CanadaPostTransportError("GetTrackingDetails", "network", "reset");
      },
    });
    const fresh = await svc.refreshStale([shipment("x", "BAD1")], {
      maxAgeMs: 0,
      save: async () => undefined,
    });
    expect(fresh.size).toBe(0);
    expect(warnings).toEqual([expect.stringContaining("BAD1: Canada Post GetTrackingDetails failed: reset")]);
  });

  it("answers a customer's page by its deadline while Canada Post hangs, and keeps what arrives later", async () => {
    let answer: (t: Tracking) => void = () => undefined;
    const svc = new TrackingService({
      ctx: {} as ClientContext,
      lang: "en",
      source: () => new Promise<Tracking>((resolve) => (answer = resolve)),
    });
    const saved: string[] = [];
    const started = Date.now();
    const fresh = await svc.refreshStale([shipment("slow", "SLOW1")], {
      maxAgeMs: 0,
      deadlineMs: 50,
      save: async (id) => void saved.push(id),
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fresh.size).toBe(0); // the page shows the stored tracking
    answer(tracking("SLOW1", "in_transit"));
    await new Promise((r) => setTimeout(r, 10));
    expect(saved).toEqual(["slow"]); // Canada Post's late answer is kept for the next look
  });

  it("runs one sync at a time, and moves a failing PIN to the back of the line", async () => {
    const { svc, calls, c } = service(2);
    const rows = [shipment("bad", "bad", -3), shipment("good", "good", -2), shipment("other", "other", -1)];
    const store = {
      candidates: async () => rows,
      save: async (id: string, _t: Tracking, at: Date) =>
        void (rows.find((r) => r.id === id)!.trackedAt = at),
      failed: async (id: string, at: Date) => void (rows.find((r) => r.id === id)!.trackedAt = at),
      shipmentsOfFulfillment: async () => rows,
      fulfillment: async () => undefined,
      markDelivered: async () => undefined,
    };
    const opts = { minAgeMs: 0, maxRunMs: 0, now: c.now };
    const [a, b] = [svc.sync(store, opts), svc.sync(store, opts)];
    expect(b).toBe(a);
    const report = await a;
    expect(report.failed.map((f) => f.pin)).toEqual(["bad"]);
    c.t = MINUTE;
    await svc.sync(store, opts);
    expect(calls).toEqual(["bad/en", "good/en", "other/en", "bad/en"]);
  });
});
