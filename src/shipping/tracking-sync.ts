/**
 * Keeps many shipments' tracking current from a scheduled job, within Canada Post's tracking throttle: the
 * least recently tracked undelivered shipments first, and a fulfillment marked delivered (once) when Canada
 * Post reports every one of its parcels delivered. The platform supplies its records and its "delivered"
 * step as functions, so the loop is the same for every platform and can be tested with a fake clock.
 */
import { CanadaPostThrottledError } from "../canada-post";
import type { RollingWindowLimiter } from "./rate-limiter";
import { isLive, type ShipmentStatus } from "./shipment-record";
import type { Tracking } from "./tracking";

/** What the loop needs to know of one shipment the platform keeps. */
export interface TrackedShipment {
  /** The platform's id of its record. */
  id: string;
  orderId: string;
  fulfillmentId: string;
  /** Empty when Canada Post gave none: nothing to track. */
  trackingPin: string;
  /** The label's state: created, transmitted, voided, refund_requested. */
  status: string;
  trackingStatus: string | null;
  trackedAt: Date | string | null;
  createdAt?: Date | string;
  parcelIndex: number;
}

export interface FulfillmentState {
  id: string;
  deliveredAt: Date | string | null;
  canceledAt: Date | string | null;
  /** A return label's fulfillment is not the order's: the platform cannot mark it delivered. */
  isReturn?: boolean;
}

export interface TrackingSyncDeps {
  /** The shipments that may need tracking: not voided, not delivered (the loop filters again). */
  candidates(): Promise<TrackedShipment[]>;
  /** Get Tracking Details for one PIN, normalised. */
  track(pin: string): Promise<Tracking>;
  save(id: string, tracking: Tracking, at: Date): Promise<void>;
  /**
   * Canada Post could not answer for this shipment (an unknown PIN...): the platform notes when it was
   * asked, so that it goes to the back of the line and a few broken PINs cannot starve the others.
   */
  failed(id: string, at: Date): Promise<void>;
  /** Every shipment of a fulfillment (voided ones included). */
  shipmentsOfFulfillment(fulfillmentId: string): Promise<TrackedShipment[]>;
  fulfillment(fulfillmentId: string): Promise<FulfillmentState | undefined>;
  markDelivered(orderId: string, fulfillmentId: string): Promise<void>;
}

export interface TrackingSyncOptions {
  /** Shared by everything that tracks in this process, so that together they stay under the throttle. */
  limiter: RollingWindowLimiter;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A shipment tracked more recently than this is left alone (e.g. the admin just refreshed it). */
  minAgeMs?: number;
  /** How long a run may wait for the limiter before leaving the rest to the next run. */
  maxRunMs?: number;
  /** How long Canada Post's throttle pauses the limiter. */
  throttleBackoffMs?: number;
}

export interface TrackingSyncReport {
  refreshed: { pin: string; status: string }[];
  failed: { pin: string; message: string }[];
  /** Fulfillments marked delivered by this run. */
  delivered: string[];
  /** Canada Post throttled us: the run stopped, the next one continues. */
  throttled: boolean;
  /** Shipments still due when the run stopped. */
  remaining: number;
}

export const DEFAULT_TRACKING_MIN_AGE_MS = 10 * 60_000;
export const DEFAULT_TRACKING_MAX_RUN_MS = 10 * 60_000;

function timeOf(d: Date | string | null | undefined): number {
  if (!d) return -Infinity;
  const t = new Date(d).getTime();
  return Number.isFinite(t) ? t : -Infinity;
}

/** The shipments to ask Canada Post about, least recently tracked (never tracked first), then oldest made. */
export function dueShipments<S extends TrackedShipment>(
  shipments: readonly S[],
  now: number,
  minAgeMs: number,
): S[] {
  return shipments
    .filter(
      (s) =>
        s.trackingPin &&
        isLive(s as { status: ShipmentStatus }) &&
        s.trackingStatus !== "delivered" &&
        timeOf(s.trackedAt) <= now - minAgeMs,
    )
    .sort(
      (a, b) =>
        timeOf(a.trackedAt) - timeOf(b.trackedAt) ||
        timeOf(a.createdAt) - timeOf(b.createdAt) ||
        a.parcelIndex - b.parcelIndex,
    );
}

/** Every mailed parcel of the fulfillment is delivered (and there is at least one). */
export function allDelivered(shipments: readonly TrackedShipment[]): boolean {
  const mailed = shipments.filter((s) => isLive(s as { status: ShipmentStatus }));
  return mailed.length > 0 && mailed.every((s) => s.trackingStatus === "delivered");
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function syncTracking(
  deps: TrackingSyncDeps,
  options: TrackingSyncOptions,
): Promise<TrackingSyncReport> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const minAgeMs = options.minAgeMs ?? DEFAULT_TRACKING_MIN_AGE_MS;
  const deadline = now() + (options.maxRunMs ?? DEFAULT_TRACKING_MAX_RUN_MS);
  const { limiter } = options;
  const report: TrackingSyncReport = {
    refreshed: [],
    failed: [],
    delivered: [],
    throttled: false,
    remaining: 0,
  };

  const due = dueShipments(await deps.candidates(), now(), minAgeMs);
  const newlyDelivered = new Map<string, string>(); // fulfillment id → order id
  let next = 0;
  while (next < due.length) {
    if (!limiter.tryAcquire()) {
      const at = limiter.nextAvailableAt();
      if (at > deadline) break;
      await sleep(Math.max(0, at - now()));
      continue;
    }
    const shipment = due[next++]!;
    try {
      const tracking = await deps.track(shipment.trackingPin);
      await deps.save(shipment.id, tracking, new Date(now()));
      report.refreshed.push({ pin: shipment.trackingPin, status: tracking.status });
      if (tracking.status === "delivered") newlyDelivered.set(shipment.fulfillmentId, shipment.orderId);
    } catch (e) {
      if (e instanceof CanadaPostThrottledError) {
        // Another process shares the API key: stop politely, this one stays first in line for the next run.
        limiter.pauseUntil(now() + (options.throttleBackoffMs ?? 60_000));
        report.throttled = true;
        next--;
        break;
      }
      // One PIN Canada Post cannot answer for must not stop the others; it goes to the back of the line.
      report.failed.push({ pin: shipment.trackingPin, message: messageOf(e) });
      await deps.failed(shipment.id, new Date(now())).catch(() => undefined);
    }
  }
  report.remaining = due.length - next;

  for (const [fulfillmentId, orderId] of newlyDelivered) {
    try {
      if (await markIfAllDelivered(deps, fulfillmentId, orderId)) report.delivered.push(fulfillmentId);
    } catch (e) {
      report.failed.push({ pin: `fulfillment ${fulfillmentId}`, message: messageOf(e) });
    }
  }
  return report;
}

async function markIfAllDelivered(deps: TrackingSyncDeps, fulfillmentId: string, orderId: string) {
  if (!orderId || !allDelivered(await deps.shipmentsOfFulfillment(fulfillmentId))) return false;
  const f = await deps.fulfillment(fulfillmentId);
  // Once: a platform refuses to mark a fulfillment delivered twice, or a cancelled one.
  if (!f || f.deliveredAt || f.canceledAt || f.isReturn) return false;
  await deps.markDelivered(orderId, fulfillmentId);
  return true;
}
