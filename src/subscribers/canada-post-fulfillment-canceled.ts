import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { recordOf } from "../medusa/records";
import { runtimeOf } from "../medusa/scope";
import { listRows } from "../medusa/shipment-rows";

/**
 * The provider's cancelFulfillment voided or refunded the labels and recorded it. A row of the cancelled
 * fulfillment still standing means that record was lost (the label may be voided, or not): only then is
 * Canada Post asked, once more, and the outcome recorded.
 */
export default async function settleCanceledCanadaPostShipments({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const { shipping, module, options } = await runtimeOf(container);
  const rows = await listRows(module, { fulfillment_id: event.data.fulfillment_id });
  const standing = rows.filter((r) => r.status !== "voided" && r.status !== "refund_requested");
  if (!standing.length) return;
  const { failed } = await shipping.shipments.cancel(standing.map(recordOf), {
    email: options.notificationEmail ?? "",
  });
  for (const { record, error } of failed) {
    // This row stays as it was, for the admin to retry from the order page.
    logger.error(
      `Canada Post shipment ${record.shipmentId} (PIN ${record.trackingPin ?? "?"}) of canceled fulfillment ${record.fulfillmentId}: ${error.message}`,
    );
  }
}

export const config: SubscriberConfig = { event: "order.fulfillment_canceled" };
