import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { pathId } from "../../../../../medusa/params";
import { customerOrderId, orderParcels } from "../../../../../medusa/store-tracking";

/**
 * GET /store/orders/:id/tracking: the logged-in customer's parcels of one of their orders, from stored
 * tracking (refreshed when stale, under the account's shared tracking limit). Not their order and no such
 * order answer the same 404, so the route tells nobody else that an order exists.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { lang } = req.validatedQuery as { lang?: "en" | "fr" };
  const asked = pathId(req.params.id, "order", "use the id of one of your orders");
  const orderId = await customerOrderId(req.scope, asked, req.auth_context.actor_id);
  if (!orderId) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${req.params.id} was not found`);
  res.json({ order_id: orderId, shipments: await orderParcels(req.scope, orderId, lang) });
}
