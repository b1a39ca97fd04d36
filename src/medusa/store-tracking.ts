import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { BoundedMap } from "../shipping/bounded-map";
import type { Tracking } from "../shipping/tracking";
import { storeShipmentView, trackedOf, trackingUpdateOf, type ShipmentRow } from "./records";
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
 * Tracking in the language the rows are not kept in (the rows hold the store's language, which the
 * tracking job writes): fetched for the shoppers who read the other one, kept here per PIN and language
 * so they are not asked of Canada Post on every view either. Bounded; the oldest go first.
 */
const translated = new BoundedMap<string, { tracking: Tracking; at: Date }>(5_000);

function remember(pin: string, lang: Language, tracking: Tracking, at: Date): void {
  translated.set(`${pin}|${lang}`, { tracking, at });
}

/**
 * The order's parcels (voided labels left out), each in the store's view, its events and service name in
 * the shopper's language. Parcels not tracked for a while are refreshed through the account's shared
 * tracking limit, one call per PIN and language however many shoppers look; when Canada Post cannot be
 * asked, the stored tracking is shown.
 */
export async function orderParcels(scope: Scope, orderId: string, lang?: Language) {
  const { module, shipping, options } = await runtimeOf(scope);
  const stored = options.settings.language;
  const language = lang ?? stored;
  const rows = (await listRows(module, { order_id: orderId })).filter(
    (r) => r.status !== "voided" && r.tracking_pin,
  );
  const view = (row: ShipmentRow, tracking?: Tracking, at = new Date()) => ({
    ...storeShipmentView(tracking ? { ...row, ...trackingUpdateOf(tracking, at) } : row, language),
    service_name: serviceName(row.service_code, language),
  });

  if (language === stored) {
    const fresh = await shipping.tracking.refreshStale(rows.map(trackedOf), {
      maxAgeMs: TRACKING_MAX_AGE_MS,
      lang: language,
      save: async (id, tracking, at) => void (await updateRow(module, id, trackingUpdateOf(tracking, at))),
    });
    return rows.map((r) => view(r, fresh.get(r.id)));
  }
  // The other language: its own tracking, by its own age; the rows keep the store's language.
  const kept = (r: ShipmentRow) => translated.get(`${r.tracking_pin}|${language}`);
  await shipping.tracking.refreshStale(
    rows.map((r) => ({
      ...trackedOf(r),
      trackedAt: kept(r)?.at ?? null,
      trackingStatus: kept(r)?.tracking.status ?? null,
    })),
    {
      maxAgeMs: TRACKING_MAX_AGE_MS,
      lang: language,
      save: async (id, tracking, at) =>
        remember(rows.find((r) => r.id === id)!.tracking_pin, language, tracking, at),
    },
  );
  return rows.map((r) => view(r, kept(r)?.tracking, kept(r)?.at));
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
