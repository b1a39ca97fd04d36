/**
 * A customer order with a Canada Post label, made over Medusa's HTTP API as `npm run demo` does:
 * cart to Montréal, Expedited Parcel, manual payment, then the merchant's fulfillment buys the label.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Auth {
  token?: string;
  publishableKey?: string;
}

export const ADMIN_EMAIL = "admin@maple-goods.example";
export const ADMIN_PASSWORD = "maple-goods-demo";

export function storeApi(baseUrl: string) {
  return async (method: "GET" | "POST", path: string, auth: Auth = {}, body?: unknown): Promise<Json> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    if (auth.publishableKey) headers["x-publishable-api-key"] = auth.publishableKey;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as Json;
  };
}

/** The demo's cart: region Canada, one each of two products, to Camille Tremblay in Montréal. */
export async function demoCart(api: ReturnType<typeof storeApi>, store: Auth) {
  const { regions } = await api("GET", "/store/regions", store);
  const region = (regions as Json[]).find((r) => r.name === "Canada")!;
  const { products } = await api(
    "GET",
    "/store/products?handle[]=maple-syrup-tin&handle[]=wool-blanket&fields=id,*variants",
    store,
  );
  return {
    region_id: region.id as string,
    items: (products as Json[]).map((p) => ({ variant_id: p.variants[0].id as string, quantity: 1 })),
    address: {
      first_name: "Camille",
      last_name: "Tremblay",
      address_1: "10450 Rue Lajeunesse",
      city: "Montréal",
      province: "QC",
      postal_code: "H2B 1A0",
      country_code: "ca",
      phone: "514-555-0142",
    },
  };
}

export async function orderWithLabel(baseUrl: string): Promise<{ orderId: string; pin: string }> {
  const api = storeApi(baseUrl);
  const { token: adminToken } = await api(
    "POST",
    "/auth/user/emailpass",
    {},
    {
      email: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
    },
  );
  const admin = { token: adminToken as string };
  const { api_keys } = await api("GET", "/admin/api-keys?type=publishable&limit=50", admin);
  const store = { publishableKey: (api_keys as Json[]).find((k) => !k.revoked_at)!.token as string };

  const email = `camille.${Date.now()}@example.com`;
  const password = "demo-password-1";
  const { token: registration } = await api(
    "POST",
    "/auth/customer/emailpass/register",
    {},
    {
      email,
      password,
    },
  );
  await api(
    "POST",
    "/store/customers",
    { ...store, token: registration },
    {
      email,
      first_name: "Camille",
      last_name: "Tremblay",
    },
  );
  const { token } = await api("POST", "/auth/customer/emailpass", {}, { email, password });
  const customer = { ...store, token: token as string };

  const { region_id, items, address } = await demoCart(api, store);
  const { cart } = await api("POST", "/store/carts", customer, {
    region_id,
    email,
    shipping_address: address,
    billing_address: address,
    items,
  });
  const { shipping_options } = await api("GET", `/store/shipping-options?cart_id=${cart.id}`, customer);
  const expedited = (shipping_options as Json[]).find(
    (o) => o.provider_id === "canada-post_canada-post" && o.data?.service_code === "DOM.EP",
  );
  if (!expedited) throw new Error("the cart was offered no Canada Post Expedited Parcel option");
  await api("POST", `/store/carts/${cart.id}/shipping-methods`, customer, { option_id: expedited.id });
  const { payment_collection } = await api("POST", "/store/payment-collections", customer, {
    cart_id: cart.id,
  });
  await api("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, customer, {
    provider_id: "pp_system_default",
  });
  const completed = await api("POST", `/store/carts/${cart.id}/complete`, customer);
  if (completed.type !== "order") throw new Error(`the cart was not completed: ${JSON.stringify(completed)}`);
  const orderId = completed.order.id as string;

  const { stock_locations } = await api("GET", "/admin/stock-locations?name=Ottawa%20warehouse", admin);
  const { order } = await api("GET", `/admin/orders/${orderId}?fields=id,*items`, admin);
  await api("POST", `/admin/orders/${orderId}/fulfillments`, admin, {
    location_id: (stock_locations as Json[])[0]?.id,
    items: (order.items as Json[]).map((i) => ({ id: i.id, quantity: i.quantity })),
  });
  const { order: after } = await api(
    "GET",
    `/admin/orders/${orderId}?fields=id,*fulfillments,*fulfillments.labels`,
    admin,
  );
  const pin = (after.fulfillments as Json[]).flatMap((f) => f.labels as Json[])[0]?.tracking_number;
  if (!pin) throw new Error("the fulfillment has no Canada Post label");
  return { orderId, pin: pin as string };
}
