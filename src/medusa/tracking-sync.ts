import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { markOrderFulfillmentAsDeliveredWorkflow } from "@medusajs/medusa/core-flows";
import { CanadaPostThrottledError } from "../canada-post";
import { CANADA_POST_MODULE } from "../modules/canada-post";
import type CanadaPostModuleService from "../modules/canada-post/service";
import { RollingWindowLimiter } from "../shipping/tracking-refresher";
import type { Tracking } from "../shipping/tracking";
import { fulfillmentDataOf } from "./fulfillment-data";
import { trackingUpdateOf, type ShipmentRow } from "./records";

/**
 * Keeps the tracking of the shipment records current from a scheduled job, within Canada Post's tracking
 * throttle: the least recently tracked undelivered shipments first, and a Medusa fulfillment marked
 * delivered (once) when Canada Post reports every one of its parcels delivered. The logic takes its I/O
 * as functions so that it can be tested with a fake clock; `runTrackingSync` wires it to Medusa.
 */

/** A label that was voided or refunded never travels: nothing to track. */
const NOT_MAILED = new Set(["voided", "refund_requested"]);

export interface FulfillmentState {
  id: string;
  delivered_at: Date | string | null;
  canceled_at: Date | string | null;
  /** A return label's fulfillment is not the order's: Medusa cannot mark it delivered. */
  is_return?: boolean;
}

export interface TrackingSyncDeps {
  /** The rows that may need tracking: not voided, not delivered (the sync filters again). */
  candidates(): Promise<ShipmentRow[]>;
  /** Get Tracking Details for one PIN, normalised. */
  track(pin: string): Promise<Tracking>;
  save(id: string, update: ReturnType<typeof trackingUpdateOf>): Promise<void>;
  /** Every row of a fulfillment (voided ones included). */
  rowsOfFulfillment(fulfillmentId: string): Promise<ShipmentRow[]>;
  fulfillment(fulfillmentId: string): Promise<FulfillmentState | undefined>;
  markDelivered(orderId: string, fulfillmentId: string): Promise<void>;
}

export interface TrackingSyncOptions {
  /** Shared by the runs of a process, so that two runs together stay under Canada Post's throttle. */
  limiter: RollingWindowLimiter;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A row tracked more recently than this is left alone (e.g. the admin just refreshed it). */
  minAgeMs?: number;
  /** How long a run may wait for the limiter before leaving the rest to the next run. */
  maxRunMs?: number;
  /** How long Canada Post's throttle pauses the limiter. */
  throttleBackoffMs?: number;
}

export interface TrackingSyncReport {
  refreshed: { pin: string; status: string }[];
  failed: { pin: string; message: string }[];
  /** Fulfillments marked delivered in Medusa by this run. */
  delivered: string[];
  /** Canada Post throttled us: the run stopped, the next one continues. */
  throttled: boolean;
  /** Rows still due when the run stopped. */
  remaining: number;
}

export const DEFAULT_TRACKING_MIN_AGE_MS = 10 * 60_000;
export const DEFAULT_TRACKING_MAX_RUN_MS = 10 * 60_000;

function timeOf(d: Date | string | null | undefined): number {
  if (!d) return -Infinity;
  const t = new Date(d).getTime();
  return Number.isFinite(t) ? t : -Infinity;
}

/** The rows to ask Canada Post about, least recently tracked (never tracked first), then oldest created. */
export function dueRows(rows: readonly ShipmentRow[], now: number, minAgeMs: number): ShipmentRow[] {
  return rows
    .filter(
      (r) =>
        r.tracking_pin &&
        !NOT_MAILED.has(r.status) &&
        r.tracking_status !== "delivered" &&
        timeOf(r.tracked_at) <= now - minAgeMs,
    )
    .sort(
      (a, b) =>
        timeOf(a.tracked_at) - timeOf(b.tracked_at) ||
        timeOf(a.created_at) - timeOf(b.created_at) ||
        a.parcel_index - b.parcel_index,
    );
}

/** Every mailed parcel of the fulfillment is delivered (and there is at least one). */
export function allDelivered(rows: readonly ShipmentRow[]): boolean {
  const mailed = rows.filter((r) => !NOT_MAILED.has(r.status));
  return mailed.length > 0 && mailed.every((r) => r.tracking_status === "delivered");
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

  const due = dueRows(await deps.candidates(), now(), minAgeMs);
  const newlyDelivered = new Map<string, string>(); // fulfillment id → order id
  let next = 0;
  while (next < due.length) {
    if (!limiter.tryAcquire()) {
      const at = limiter.nextAvailableAt();
      if (at > deadline) break;
      await sleep(Math.max(0, at - now()));
      continue;
    }
    const row = due[next++]!;
    try {
      const tracking = await deps.track(row.tracking_pin);
      await deps.save(row.id, trackingUpdateOf(tracking, new Date(now())));
      report.refreshed.push({ pin: row.tracking_pin, status: tracking.status });
      if (tracking.status === "delivered") newlyDelivered.set(row.fulfillment_id, row.order_id);
    } catch (e) {
      if (e instanceof CanadaPostThrottledError) {
        // Another process shares the API key: stop politely, this row stays first in line for the next run.
        limiter.pauseUntil(now() + (options.throttleBackoffMs ?? 60_000));
        report.throttled = true;
        next--;
        break;
      }
      // One PIN Canada Post cannot answer for must not stop the others; it is asked again next run.
      report.failed.push({ pin: row.tracking_pin, message: messageOf(e) });
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
  if (!orderId || !allDelivered(await deps.rowsOfFulfillment(fulfillmentId))) return false;
  const f = await deps.fulfillment(fulfillmentId);
  // Once: Medusa refuses to mark a fulfillment delivered twice, or a cancelled one.
  if (!f || f.delivered_at || f.canceled_at || f.is_return) return false;
  await deps.markDelivered(orderId, fulfillmentId);
  return true;
}

/* ------------------------------------------------------------------ Medusa wiring */

/** One limiter per process: every run (and every overlapping one) counts against the same throttle. */
let sharedLimiter: RollingWindowLimiter | undefined;
let running: Promise<TrackingSyncReport> | undefined;

export const DEFAULT_TRACKING_CALLS_PER_MINUTE = 20;

export function trackingLimiter(callsPerMinute = DEFAULT_TRACKING_CALLS_PER_MINUTE): RollingWindowLimiter {
  if (!sharedLimiter || sharedLimiter.limit !== callsPerMinute)
    sharedLimiter = new RollingWindowLimiter(callsPerMinute, 60_000);
  return sharedLimiter;
}

/** The I/O of the sync on a Medusa container: the plugin's module, Query and the delivered workflow. */
export function medusaTrackingDeps(container: MedusaContainer): TrackingSyncDeps {
  const service = container.resolve<CanadaPostModuleService>(CANADA_POST_MODULE);
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const list = async (filters: Record<string, unknown>) =>
    (await service.listCanadaPostShipments(filters)) as unknown as ShipmentRow[];
  return {
    candidates: () =>
      list({
        status: { $nin: [...NOT_MAILED] },
        tracking_pin: { $ne: "" },
        $or: [{ tracking_status: null }, { tracking_status: { $ne: "delivered" } }],
      }),
    track: async (pin) => {
      const { core, options } = await service.runtime();
      return core.track(pin, options.settings.language);
    },
    save: async (id, update) => {
      await service.updateCanadaPostShipments({ id, ...update } as never);
    },
    rowsOfFulfillment: (fulfillmentId) => list({ fulfillment_id: fulfillmentId }),
    fulfillment: async (fulfillmentId) => {
      const { data } = await query.graph({
        entity: "fulfillment",
        fields: ["id", "delivered_at", "canceled_at", "data"],
        filters: { id: fulfillmentId },
      });
      const f = data[0] as
        { id: string; delivered_at: Date | null; canceled_at: Date | null; data: unknown } | undefined;
      if (!f) return undefined;
      return { ...f, is_return: Boolean(fulfillmentDataOf(f.data)?.is_return) };
    },
    markDelivered: async (orderId, fulfillmentId) => {
      await markOrderFulfillmentAsDeliveredWorkflow(container).run({ input: { orderId, fulfillmentId } });
    },
  };
}

/** The scheduled job's work: one run at a time per process, under the shared tracking limiter. */
export function runTrackingSync(
  container: MedusaContainer,
  options: Partial<TrackingSyncOptions> & { callsPerMinute?: number } = {},
): Promise<TrackingSyncReport> {
  running ??= syncTracking(medusaTrackingDeps(container), {
    ...options,
    limiter: options.limiter ?? trackingLimiter(options.callsPerMinute),
  }).finally(() => (running = undefined));
  return running;
}
