import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { recordFulfillmentShipments } from "../medusa/shipment-rows";

/**
 * A return with a Canada Post return label: Medusa emits no fulfillment event for it, only the return's,
 * so its fulfillments are read through the return and filed under the order.
 */
export default async function recordCanadaPostReturnLabels({
  event,
  container,
}: SubscriberArgs<{ order_id: string; return_id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "return",
    fields: ["id", "order_id", "fulfillments.id"],
    filters: { id: event.data.return_id },
  });
  const ret = data[0] as { order_id?: string; fulfillments?: { id: string }[] } | undefined;
  for (const f of ret?.fulfillments ?? []) {
    await recordFulfillmentShipments(container, {
      fulfillment_id: f.id,
      order_id: event.data.order_id || ret?.order_id,
    });
  }
}

export const config: SubscriberConfig = { event: "order.return_requested" };
