import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import { recordFulfillmentShipments } from "../api/canada-post-shipments";

/**
 * The provider cannot reach the plugin's module, so the labels it bought (kept in fulfillment.data) are
 * recorded here, once per parcel, and linked to the order and the fulfillment.
 */
export default async function recordCanadaPostShipments({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string }>) {
  await recordFulfillmentShipments(container, event.data);
}

export const config: SubscriberConfig = { event: "order.fulfillment_created" };
