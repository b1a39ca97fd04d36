import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { listRows, voidOrRefundRow } from "../api/canada-post-shipments";

/**
 * The provider's cancelFulfillment already voided or refunded the labels, but Medusa keeps none of what it
 * returned: the truth is asked again (void-or-refund is idempotent: 404 → voided, 7292 → refund_requested).
 */
export default async function markCanadaPostShipmentsCanceled({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const rows = await listRows(container, { fulfillment_id: event.data.fulfillment_id });
  for (const row of rows) {
    if (row.status === "voided" || row.status === "refund_requested") continue;
    try {
      await voidOrRefundRow(container, row);
    } catch (e) {
      // The other rows still get their status; this one stays as it was, for the admin to retry.
      logger.error(
        `Canada Post shipment ${row.shipment_id} (PIN ${row.tracking_pin || "?"}) of canceled fulfillment ${row.fulfillment_id}: ${(e as Error).message}`,
      );
    }
  }
}

export const config: SubscriberConfig = { event: "order.fulfillment_canceled" };
