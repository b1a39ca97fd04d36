import { formatShippingPrice } from "../src/storefront/price";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  BACKEND_URL,
  CUSTOMER_EMAIL,
  CUSTOMER_PASSWORD,
  PUBLISHABLE_KEY_TITLE,
  STOREFRONT_URL,
} from "./demo-config";
import { ensureDemoCustomer } from "./demo-customer";
import { api, HttpError } from "./http";

/**
 * `npm run demo`: the demo customer buys from the running demo store with live Canada Post rates, the
 * merchant fulfills (a real label from Canada Post or the simulator), and the customer sees the tracking,
 * all through Medusa's HTTP API; the order is then on the demo storefront for that customer. Each step prints what happened; the first failing step ends the run with exit code 1.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let stepNumber = 0;
const CANADA_POST_PROVIDER_ID = "canada-post_canada-post";

async function step<T>(title: string, body: () => Promise<T>): Promise<T> {
  stepNumber += 1;
  const n = stepNumber;
  console.log(`\n${n}. ${title}`);
  const started = Date.now();
  try {
    const result = await body();
    console.log(`   ✔ done in ${Date.now() - started} ms`);
    return result;
  } catch (e) {
    console.error(`   ✖ step ${n} (${title}) failed: ${(e as Error).message}`);
    process.exit(1);
  }
}

function show(label: string, value: unknown): void {
  console.log(`   ${label.padEnd(18)} ${String(value)}`);
}

const money = (amount: unknown) => (typeof amount === "number" ? `$${amount.toFixed(2)} CAD` : "no price");
/** A shipping price: free shipping is a price (0), shown "Free", not a missing one. */
const shippingPrice = (amount: unknown) =>
  formatShippingPrice(typeof amount === "number" ? amount : undefined, { currencyCode: "cad" }) ?? "no price";

async function main(): Promise<void> {
  console.log(`Canada Post on Medusa: the demo journey against ${BACKEND_URL}`);

  const admin = await step("Merchant logs in to the admin", async () => {
    const { token } = await api<{ token: string }>(
      "POST",
      "/auth/user/emailpass",
      {},
      {
        email: ADMIN_EMAIL,
        password: ADMIN_PASSWORD,
      },
    );
    const { api_keys } = await api("GET", `/admin/api-keys?type=publishable&limit=50`, { token });
    const key = (api_keys as Json[]).find((k) => k.title === PUBLISHABLE_KEY_TITLE && !k.revoked_at);
    if (!key)
      throw new Error(`no publishable key "${PUBLISHABLE_KEY_TITLE}": run npm start (it seeds the store)`);
    show("admin", ADMIN_EMAIL);
    show("publishable key", key.token);
    return { token, publishableKey: key.token as string };
  });
  const store = { publishableKey: admin.publishableKey };

  const customer = await step(`Customer logs in (the demo customer ${CUSTOMER_EMAIL})`, async () => {
    const { token, created } = await ensureDemoCustomer(store.publishableKey);
    const { customer } = await api("GET", "/store/customers/me", { ...store, token });
    show("customer", `${customer.first_name} ${customer.last_name} <${customer.email}> ${customer.id}`);
    if (created) show("registered", "now (npm start creates it too)");
    return { ...store, token, email: customer.email as string, id: customer.id as string };
  });

  const cart = await step("Customer fills a cart: two products, shipped to Montréal H2B 1A0", async () => {
    const { regions } = await api("GET", "/store/regions", store);
    const region = (regions as Json[]).find((r) => r.name === "Canada");
    if (!region) throw new Error("no region Canada: run npm start (it seeds the store)");
    const { products } = await api(
      "GET",
      `/store/products?handle[]=maple-syrup-tin&handle[]=wool-blanket&fields=id,title,*variants`,
      store,
    );
    if ((products as Json[]).length < 2)
      throw new Error("the demo products maple-syrup-tin and wool-blanket are missing");
    const address = {
      first_name: "Camille",
      last_name: "Tremblay",
      address_1: "10450 Rue Lajeunesse",
      city: "Montréal",
      // Medusa's province tax regions match ISO 3166-2 codes: "ca-qc" is taxed GST + QST, "QC" GST only.
      province: "ca-qc",
      postal_code: "H2B 1A0",
      country_code: "ca",
      phone: "514-555-0142",
    };
    const { cart } = await api("POST", "/store/carts", customer, {
      region_id: region.id,
      email: customer.email,
      shipping_address: address,
      billing_address: address,
      items: (products as Json[]).map((p, i) => ({
        variant_id: p.variants[0].id,
        quantity: i === 0 ? 2 : 1,
      })),
    });
    for (const item of cart.items as Json[])
      show("item", `${item.quantity} × ${item.title} (${money(item.unit_price)})`);
    show("cart", `${cart.id}, items ${money(cart.item_total)}`);
    return cart as Json;
  });

  const options = await step("Live Canada Post rates for every Canada Post option", async () => {
    const { shipping_options } = await api("GET", `/store/shipping-options?cart_id=${cart.id}`, customer);
    const ours = (shipping_options as Json[]).filter((o) => o.provider_id === CANADA_POST_PROVIDER_ID);
    if (ours.length === 0) throw new Error("the cart was offered no Canada Post shipping option");
    const priced: Json[] = [];
    for (const option of ours) {
      const { shipping_option } = await api(
        "POST",
        `/store/shipping-options/${option.id}/calculate`,
        customer,
        {
          cart_id: cart.id,
        },
      );
      show(String(option.name).replace(/^Canada Post /, ""), shippingPrice(shipping_option.amount));
      // The calculate answer may leave out the option's data: keep the listed option's.
      priced.push({ ...option, amount: shipping_option.amount });
    }
    if (priced.some((o) => typeof o.amount !== "number" || o.amount < 0)) {
      throw new Error("a Canada Post option came back without a price");
    }
    return priced;
  });

  await step("Customer chooses Expedited Parcel", async () => {
    const expedited = options.find((o) => o.data?.service_code === "DOM.EP");
    if (!expedited) throw new Error("no Expedited Parcel (DOM.EP) option for this cart");
    const { cart: updated } = await api("POST", `/store/carts/${cart.id}/shipping-methods`, customer, {
      option_id: expedited.id,
    });
    const method: Json = (updated.shipping_methods as Json[])[0] ?? {};
    show("shipping", `${String(method.name ?? expedited.name)}: ${shippingPrice(method.amount)}`);
    show("taxes", `${money(updated.tax_total)} (GST 5 % + QST 9.975 % in Québec)`);
    show("cart total", money(updated.total));
  });

  const order = await step("Customer pays (manual payment) and places the order", async () => {
    const { payment_collection } = await api("POST", "/store/payment-collections", customer, {
      cart_id: cart.id,
    });
    await api("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, customer, {
      provider_id: "pp_system_default",
    });
    const completed = await api("POST", `/store/carts/${cart.id}/complete`, customer);
    if (completed.type !== "order") {
      throw new Error(
        `the cart was not completed: ${completed.error?.message ?? JSON.stringify(completed).slice(0, 300)}`,
      );
    }
    show("order", `#${completed.order.display_id} ${completed.order.id}`);
    show("total", money(completed.order.total));
    return completed.order as Json;
  });

  const labels = await step("Merchant fulfills the order: Canada Post label bought", async () => {
    const { stock_locations } = await api("GET", "/admin/stock-locations?name=Ottawa%20warehouse", admin);
    const location = (stock_locations as Json[])[0];
    if (!location) throw new Error("no stock location Ottawa warehouse: run npm start (it seeds the store)");
    const { order: full } = await api("GET", `/admin/orders/${order.id}?fields=id,*items`, admin);
    await api("POST", `/admin/orders/${order.id}/fulfillments`, admin, {
      location_id: location.id,
      items: (full.items as Json[]).map((i) => ({ id: i.id, quantity: i.quantity })),
    });
    const { order: after } = await api(
      "GET",
      `/admin/orders/${order.id}?fields=id,fulfillment_status,*fulfillments,*fulfillments.labels`,
      admin,
    );
    const labels = (after.fulfillments as Json[]).flatMap((f) => f.labels as Json[]);
    if (labels.length === 0) throw new Error("the fulfillment has no label");
    show("fulfillment", `${after.fulfillments[0].id} (${after.fulfillment_status})`);
    for (const l of labels) {
      show("tracking PIN", l.tracking_number);
      show("tracking URL", l.tracking_url);
      show("label URL", l.label_url);
    }
    return labels;
  });

  await step("Merchant opens the label (GET label_url with the admin token)", async () => {
    for (const l of labels) {
      const res = await fetch(l.label_url as string, { headers: { authorization: `Bearer ${admin.token}` } });
      const bytes = Buffer.from(await res.arrayBuffer());
      if (!res.ok) throw new HttpError(res.status, "GET", l.label_url, bytes.toString("utf8"));
      const type = res.headers.get("content-type") ?? "";
      const isPdf = type.startsWith("application/pdf") && bytes.subarray(0, 5).toString("latin1") === "%PDF-";
      show("label", `HTTP ${res.status}, ${type}, ${bytes.length} bytes${isPdf ? ", a PDF" : ""}`);
      if (!isPdf) throw new Error(`the label at ${l.label_url} is not a PDF (${type})`);
    }
  });

  await step("Customer tracks the order (GET /store/orders/:id/tracking)", async () => {
    try {
      const tracking = await api("GET", `/store/orders/${order.id}/tracking`, customer);
      const shipments = (tracking.shipments ?? []) as Json[];
      if (shipments.length === 0) throw new Error("the tracking lists no parcel");
      for (const s of shipments) {
        const events = (s.events ?? []) as { description?: string; occurredAt?: string }[];
        show("parcel", `PIN ${s.tracking_pin} (${s.service_code})`);
        show("status", `${s.tracking_status ?? s.status}, expected ${s.expected_delivery_date ?? "unknown"}`);
        const last = events[0];
        if (last) show("latest event", `${last.occurredAt ?? ""} ${last.description ?? ""}`.trim());
        show("tracking URL", s.tracking_url);
      }
    } catch (e) {
      if (e instanceof HttpError) console.error(`   HTTP status of the tracking route: ${e.status}`);
      throw e;
    }
  });

  console.log(
    [
      `\nThe whole journey passed: order #${order.display_id}, ${labels.length} Canada Post label(s).`,
      `See it on the storefront: ${STOREFRONT_URL}/account/orders/${order.id}`,
      `  (log in as ${CUSTOMER_EMAIL} / ${CUSTOMER_PASSWORD}),`,
      `or as a guest: ${STOREFRONT_URL}/track?order=${order.display_id} with the email ${customer.email}`,
    ].join("\n"),
  );
}

void main();
