/**
 * What the load test needs on the demo store, made over Medusa's HTTP API: an admin token, the publishable
 * key, a calculated shipping option of the flat bench provider beside the Canada Post ones, a cart to
 * Montréal to price, and an order with a Canada Post label to read.
 */
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  demoCart,
  orderWithLabel,
  storeApi,
} from "../../test/e2e/support/order";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface LoadTargets {
  adminToken: string;
  publishableKey: string;
  cartId: string;
  /** Canada Post Expedited Parcel, and the flat provider's option, both calculated. */
  canadaPostOptionId: string;
  flatOptionId: string;
  /** Canada Post's shipment id of the order's label (the admin label route's :shipment_id). */
  shipmentId: string;
}

const FLAT_PROVIDER = "bench-flat_bench-flat";

export async function prepareStore(baseUrl: string): Promise<LoadTargets> {
  const api = storeApi(baseUrl);
  const { token } = await api(
    "POST",
    "/auth/user/emailpass",
    {},
    { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  );
  const admin = { token: token as string };
  const { api_keys } = await api("GET", "/admin/api-keys?type=publishable&limit=50", admin);
  const store = { publishableKey: (api_keys as Json[]).find((k) => !k.revoked_at)!.token as string };

  // The flat provider's option in the Canada service zone of the Ottawa warehouse.
  const { stock_locations } = await api(
    "GET",
    "/admin/stock-locations?name=Ottawa%20warehouse&fields=id,*fulfillment_sets,*fulfillment_sets.service_zones",
    admin,
  );
  const location = (stock_locations as Json[])[0]!;
  const zone = (location.fulfillment_sets as Json[])
    .flatMap((s) => s.service_zones as Json[])
    .find((z) => z.name === "Canada")!;
  await api("POST", `/admin/stock-locations/${location.id}/fulfillment-providers`, admin, {
    add: [FLAT_PROVIDER],
  });
  const { shipping_profiles } = await api("GET", "/admin/shipping-profiles?type=default", admin);
  const { shipping_option: flat } = await api("POST", "/admin/shipping-options", admin, {
    name: "Bench flat rate",
    service_zone_id: zone.id,
    shipping_profile_id: (shipping_profiles as Json[])[0]!.id,
    provider_id: FLAT_PROVIDER,
    price_type: "calculated",
    data: { id: "bench-flat" },
    type: { label: "Bench flat", description: "npm run load's comparison", code: "bench-flat" },
    prices: [],
    rules: [
      { attribute: "enabled_in_store", value: "true", operator: "eq" },
      { attribute: "is_return", value: "false", operator: "eq" },
    ],
  });

  // A guest's cart of the demo's two products to Montréal.
  const { region_id, items, address } = await demoCart(api, store);
  const { cart } = await api("POST", "/store/carts", store, { region_id, shipping_address: address, items });
  const { shipping_options } = await api("GET", `/store/shipping-options?cart_id=${cart.id}`, store);
  const expedited = (shipping_options as Json[]).find(
    (o) => o.provider_id === "canada-post_canada-post" && o.data?.service_code === "DOM.EP",
  );
  if (!expedited) throw new Error("the cart was offered no Canada Post Expedited Parcel option");
  if (!(shipping_options as Json[]).some((o) => o.id === flat.id))
    throw new Error("the cart was not offered the bench's flat option");

  const { orderId } = await orderWithLabel(baseUrl);
  const { shipments } = await api("GET", `/admin/canada-post/shipments?order_id=${orderId}`, admin);
  const shipment = (shipments as Json[])[0];
  const shipmentId = (shipment?.shipment_id ?? shipment?.shipmentId) as string | undefined;
  if (!shipmentId)
    throw new Error(`the order's Canada Post shipments have no shipment id: ${JSON.stringify(shipments)}`);
  return {
    adminToken: admin.token,
    publishableKey: store.publishableKey,
    cartId: cart.id as string,
    canadaPostOptionId: expedited.id as string,
    flatOptionId: flat.id as string,
    shipmentId,
  };
}
