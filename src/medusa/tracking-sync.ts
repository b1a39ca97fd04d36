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

/** The scheduled job's work: the core's sync (one run at a time, under the shared tracking limiter). */
export async function runTrackingSync(
  container: MedusaContainer,
  options: Omit<TrackingSyncOptions, "limiter"> = {},
): Promise<TrackingSyncReport> {
  const { shipping, module } = await runtimeOf(container);
  return shipping.tracking.sync(medusaTrackingStore(container, module), options);
}
