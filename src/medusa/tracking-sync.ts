import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { markOrderFulfillmentAsDeliveredWorkflow } from "@medusajs/medusa/core-flows";
import type { TrackingSyncDeps, TrackingSyncOptions, TrackingSyncReport } from "../shipping/tracking-sync";
import { fulfillmentDataOf } from "./fulfillment-data";
import type { CanadaPostModuleLike } from "./module-service";
import { trackedOf, trackingUpdateOf } from "./records";
import { runtimeOf } from "./scope";
import { listRows, updateRow } from "./shipment-rows";

/** A label that was voided or refunded never travels: nothing to track. */
const NOT_MAILED = ["voided", "refund_requested"];

/** The core's tracking loop on a Medusa container: the plugin's rows, Query and the delivered workflow. */
export function medusaTrackingStore(
  container: MedusaContainer,
  module: CanadaPostModuleLike,
): Omit<TrackingSyncDeps, "track"> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  return {
    candidates: async () =>
      (
        await listRows(module, {
          status: { $nin: NOT_MAILED },
          tracking_pin: { $ne: "" },
          $or: [{ tracking_status: null }, { tracking_status: { $ne: "delivered" } }],
        })
      ).map(trackedOf),
    save: async (id, tracking, at) => void (await updateRow(module, id, trackingUpdateOf(tracking, at))),
    failed: async (id, at) => void (await updateRow(module, id, { tracked_at: at })),
    shipmentsOfFulfillment: async (fulfillmentId) =>
      (await listRows(module, { fulfillment_id: fulfillmentId })).map(trackedOf),
    fulfillment: async (fulfillmentId) => {
      const { data } = await query.graph({
        entity: "fulfillment",
        fields: ["id", "delivered_at", "canceled_at", "data"],
        filters: { id: fulfillmentId },
      });
      const f = data[0] as
        { id: string; delivered_at: Date | null; canceled_at: Date | null; data: unknown } | undefined;
      if (!f) return undefined;
      return {
        id: f.id,
        deliveredAt: f.delivered_at,
        canceledAt: f.canceled_at,
        isReturn: Boolean(fulfillmentDataOf(f.data)?.is_return),
      };
    },
    markDelivered: async (orderId, fulfillmentId) => {
      await markOrderFulfillmentAsDeliveredWorkflow(container).run({ input: { orderId, fulfillmentId } });
    },
  };
}

/**
 * The scheduled job's work (and the admin's "refresh all"): the core's sync under the shared tracking limiter,
 * one run at a time across every instance of the store (Medusa's Locking module). An instance that finds
 * another one syncing skips its turn: parcels synced a moment ago are not asked about again anyway.
 */
export async function runTrackingSync(
  container: MedusaContainer,
  options: Omit<TrackingSyncOptions, "limiter"> = {},
): Promise<TrackingSyncReport | { skipped: string }> {
  const { shipping, module, locking } = await runtimeOf(container);
  const sync = () => shipping.tracking.sync(medusaTrackingStore(container, module), options);
  try {
    return await locking().execute(SYNC_LOCK, sync, { timeout: 1, expire: 60 });
  } catch (e) {
    if (e instanceof Error && /acquiring lock/i.test(e.message))
      return { skipped: "another instance of the store is refreshing Canada Post tracking now" };
    throw e;
  }
}

const SYNC_LOCK = "canada-post:tracking-sync";
