import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { storeShipmentView } from "../../../../../medusa/records";
import { listRows, refreshStaleTracking, shipmentModule } from "../../../../canada-post-shipments";

/** Stored tracking younger than this is shown as is: Canada Post is not asked on every page view. */
const TRACKING_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * GET /store/orders/:id/tracking: the logged-in customer's parcels of one of their orders. Not their order
 * and no such order answer the same 404, so the route tells nobody else that an order exists.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { lang } = req.validatedQuery as { lang?: "en" | "fr" };
  const orderId = req.params.id!;
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "customer_id"],
    filters: { id: orderId },
  });
  const order = data[0] as { id: string; customer_id?: string | null } | undefined;
  if (!order || !order.customer_id || order.customer_id !== req.auth_context.actor_id) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`);
  }
  const language = lang ?? shipmentModule(req.scope).pluginOptions.settings.language;
  const rows = await listRows(req.scope, { order_id: order.id });
  const shown = rows.filter((r) => r.status !== "voided" && r.tracking_pin);
  const fresh = await refreshStaleTracking(req.scope, shown, TRACKING_MAX_AGE_MS, language);
  res.json({ order_id: order.id, shipments: fresh.map((r) => storeShipmentView(r, language)) });
}
