import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { storeShipmentView, trackedOf, trackingUpdateOf } from "../../../../../medusa/records";
import { pathId } from "../../../../../medusa/params";
import { runtimeOf } from "../../../../../medusa/scope";
import { listRows, updateRow } from "../../../../../medusa/shipment-rows";

/** Stored tracking younger than this is shown as is: Canada Post is not asked on every page view. */
const TRACKING_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * GET /store/orders/:id/tracking: the logged-in customer's parcels of one of their orders, from stored
 * tracking; parcels not tracked for a while are refreshed through the account's shared tracking limit, one
 * call per PIN however many customers look. Not their order and no such order answer the same 404, so the
 * route tells nobody else that an order exists.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { lang } = req.validatedQuery as { lang?: "en" | "fr" };
  const orderId = pathId(req.params.id, "order", "use the id of one of your orders");
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
  const { module, shipping, options } = await runtimeOf(req.scope);
  const language = lang ?? options.settings.language;
  const rows = (await listRows(module, { order_id: order.id })).filter(
    (r) => r.status !== "voided" && r.tracking_pin,
  );
  const fresh = await shipping.tracking.refreshStale(rows.map(trackedOf), {
    maxAgeMs: TRACKING_MAX_AGE_MS,
    lang: language,
    save: async (id, tracking, at) => void (await updateRow(module, id, trackingUpdateOf(tracking, at))),
  });
  const shown = rows.map((r) => {
    const t = fresh.get(r.id);
    return t ? { ...r, ...trackingUpdateOf(t, new Date()) } : r;
  });
  res.json({ order_id: order.id, shipments: shown.map((r) => storeShipmentView(r, language)) });
}
