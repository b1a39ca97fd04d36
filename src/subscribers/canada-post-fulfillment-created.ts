import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import { recordFulfillmentShipments } from "../medusa/shipment-rows";

/**
 * The provider records each label the moment it is bought; here a fulfillment's shipments are linked to
 * the order and the fulfillment (and any the provider only kept in fulfillment.data are recorded).
 */
export default async function recordCanadaPostShipments({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string }>) {
  await recordFulfillmentShipments(container, event.data);
}

export const config: SubscriberConfig = { event: "order.fulfillment_created" };
