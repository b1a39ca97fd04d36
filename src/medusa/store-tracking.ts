import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { storeShipmentView, trackedOf, trackingUpdateOf } from "./records";
import { runtimeOf } from "./scope";
import { serviceNameOf } from "./service-names";
import { listRows, updateRow } from "./shipment-rows";

/**
 * What a shopper sees of an order's Canada Post parcels, for the store routes: the customer's own order
 * page and a guest's lookup by order number and email. One answer for both, from stored tracking.
 */

type Scope = Pick<MedusaContainer, "resolve">;
type Language = "en" | "fr";

/** Stored tracking younger than this is shown as is: Canada Post is not asked on every page view. */
const TRACKING_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * The order's parcels (voided labels left out), each in the store's view with its service named in the
 * shopper's language. Parcels not tracked for a while are refreshed through the account's shared tracking
 * limit, one call per PIN however many shoppers look.
 */
export async function orderParcels(scope: Scope, orderId: string, lang?: Language) {
  const { module, shipping, options } = await runtimeOf(scope);
  const language = lang ?? options.settings.language;
  const rows = (await listRows(module, { order_id: orderId })).filter(
    (r) => r.status !== "voided" && r.tracking_pin,
  );
  const fresh = await shipping.tracking.refreshStale(rows.map(trackedOf), {
    maxAgeMs: TRACKING_MAX_AGE_MS,
    lang: language,
    save: async (id, tracking, at) => void (await updateRow(module, id, trackingUpdateOf(tracking, at))),
  });
  return rows.map((r) => {
    const t = fresh.get(r.id);
    const row = t ? { ...r, ...trackingUpdateOf(t, new Date()) } : r;
    return { ...storeShipmentView(row, language), service_name: serviceName(row.service_code, language) };
  });
}

/** serviceNameOf writes the brand in English ("Canada Post Colis accélérés"): a French shopper reads Postes Canada. */
function serviceName(code: string, lang: Language): string {
  const name = serviceNameOf(code, lang);
  return lang === "fr" ? name.replace(/^Canada Post /, "Postes Canada ") : name;
}

async function orderOf(scope: Scope, filters: Record<string, unknown>) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "email", "customer_id"],
    filters: { ...filters, is_draft_order: false },
  });
  return data[0] as
    { id: string; display_id: number; email?: string | null; customer_id?: string | null } | undefined;
}

/** The order's id when it is this customer's; undefined when there is no such order or it is someone else's. */
export async function customerOrderId(
  scope: Scope,
  orderId: string,
  customerId: string | undefined,
): Promise<string | undefined> {
  const order = await orderOf(scope, { id: orderId });
  return order?.customer_id && order.customer_id === customerId ? order.id : undefined;
}

/**
 * The order a guest names by its number (Medusa's display_id) and the email it was placed with, compared
 * without regard to case or surrounding spaces. No such order and another email both give undefined, by the
 * same path (one query, then the comparison), so neither the answer nor its timing tells them apart.
 */
export async function guestOrderId(
  scope: Scope,
  orderNumber: number,
  email: string,
): Promise<string | undefined> {
  const order = await orderOf(scope, { display_id: orderNumber });
  const given = email.trim().toLowerCase();
  const placed = (order?.email ?? "").trim().toLowerCase();
  return order && placed !== "" && placed === given ? order.id : undefined;
}
