/**
 * Webhooks as the local Shopify delivers them: HMAC-checked, processed once per webhook id, the privacy
 * topics answered from what the app holds and redacted, products' sizes kept, orders' chosen service kept.
 */
import { MONTREAL, useStack, webhooksAnswered } from "./support";

const t = useStack();

async function deliveries(topic: string) {
  const { json } = await t.stack.control("GET", "webhooks");
  return json.deliveries.filter((d: { topic: string }) => d.topic === topic);
}

async function placeOrder(sku = "MG-SYRUP-540") {
  const checkout = await t.stack.control("POST", "checkout", {
    lines: [{ sku, quantity: 1 }],
    destination: MONTREAL,
  });
  const { json } = await t.stack.control("POST", "orders", {
    checkoutId: checkout.json.id,
    rate: "DOM.EP",
    email: "e@example.com",
  });
  return json as { id: string; name: string };
}

test("orders/create keeps the Canada Post service the customer chose; a redelivery is processed once", async () => {
  const order = await placeOrder();
  const first = (await webhooksAnswered(t.stack, "orders/create")).at(-1)!;
  expect(first.status).toBe(200);
  const { rows } = await t.stack.app.ctx.pool.query("select * from order_choices where order_id = $1", [
    order.id,
  ]);
  expect(rows).toEqual([
    expect.objectContaining({ service_code: "DOM.EP", title: "Expedited Parcel", currency: "CAD" }),
  ]);

  await t.stack.app.ctx.pool.query("delete from order_choices where order_id = $1", [order.id]);
  const again = await t.stack.control("POST", "webhooks/redeliver", { id: first.id });
  expect(again.status).toBe(201);
  await t.stack.local.runtime.webhooks.settled();
  const replay = (await t.stack.control("GET", "webhooks")).json.deliveries.find(
    (d: { id: number }) => d.id === again.json.id,
  );
  expect(replay.status).toBe(200);
  expect(JSON.parse(replay.response)).toEqual({ ok: true, duplicate: true });
  // Not done again: the row deleted above stays deleted.
  const after = await t.stack.app.ctx.pool.query("select 1 from order_choices where order_id = $1", [
    order.id,
  ]);
  expect(after.rowCount).toBe(0);
});

test("a forged webhook is refused (401) and does nothing", async () => {
  await placeOrder("MG-MUG-CERAMIC");
  const first = (await webhooksAnswered(t.stack, "orders/create", 2)).at(-1)!;
  const forged = await t.stack.control("POST", "webhooks/forge", { id: first.id });
  await t.stack.local.runtime.webhooks.settled();
  const answer = (await t.stack.control("GET", "webhooks")).json.deliveries.find(
    (d: { id: number }) => d.id === forged.json.id,
  );
  expect(answer.status).toBe(401);
  const unsigned = await fetch(`${t.stack.appUrl}/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "shop/redact",
      "x-shopify-shop-domain": t.stack.shop,
    },
    body: JSON.stringify({ shop_domain: t.stack.shop }),
  });
  expect(unsigned.status).toBe(401);
  expect(await t.stack.app.ctx.shops.get(t.stack.shop)).toBeDefined();
});

test("products/update keeps the variant's canada_post sizes for checkout", async () => {
  const { json: created } = await t.stack.control("POST", "products", {
    title: "Snowshoes",
    sku: "MG-SNOWSHOES",
    price: "129.00",
    grams: 2600,
    dimensionsCm: { length: 70, width: 25, height: 12 },
  });
  await webhooksAnswered(t.stack, "products/create");
  const variantId = Number(String(created.variantId).split("/").pop());
  const sizes = await t.stack.app.ctx.variants.get(t.stack.shop, [variantId]);
  expect(sizes.get(variantId)).toMatchObject({ length: 70, width: 25, height: 12 });
  await t.stack.control("POST", `products/${encodeURIComponent(created.id)}`, { grams: 2700 });
  await webhooksAnswered(t.stack, "products/update");
  expect((await deliveries("products/update")).every((d: { status: number }) => d.status === 200)).toBe(true);
});

test("privacy: data_request answered from what the app holds, customers/redact deletes it", async () => {
  const order = await placeOrder("MG-BLANKET-WOOL");
  await webhooksAnswered(t.stack, "orders/create", 3);
  const labels = await t.stack.api("POST", `/api/orders/${encodeURIComponent(order.id)}/labels`, {});
  expect(labels.status).toBe(201);
  const pin = labels.json.fulfillments[0].shipments[0].tracking_pin;
  const labelKey = `label-${labels.json.fulfillments[0].shipments[0].customer_request_id}`;
  const labelKept = () => t.stack.app.ctx.pool.query("select 1 from documents where key = $1", [labelKey]);
  expect((await labelKept()).rowCount).toBe(1);
  const orderNumber = Number(order.id.split("/").pop());

  await t.stack.control("POST", "compliance", { topic: "customers/data_request", orders: [orderNumber] });
  await webhooksAnswered(t.stack, "customers/data_request");
  const requests = await t.stack.api("GET", "/api/data-requests");
  const payload = requests.json.data_requests[0].payload;
  expect(payload.shipments.map((s: { tracking_pin: string }) => s.tracking_pin)).toContain(pin);
  expect(payload.checkout_choices[0]).toMatchObject({ service_code: "DOM.EP" });

  await t.stack.control("POST", "compliance", { topic: "customers/redact", orders: [orderNumber] });
  await webhooksAnswered(t.stack, "customers/redact");
  const left = await t.stack.app.ctx.pool.query(
    "select (select count(*) from shipments where order_id = $1) + (select count(*) from order_choices where order_id = $1) as n",
    [order.id],
  );
  expect(Number(left.rows[0].n)).toBe(0);
  // The label printed the customer's name and address: gone too.
  expect((await labelKept()).rowCount).toBe(0);
});

test("app/uninstalled removes the sessions and nothing else; shop/redact then deletes everything", async () => {
  const shop = t.stack.shop;
  const ctx = t.stack.app.ctx;
  const before = await ctx.pool.query("select count(*)::int as n from shipments where shop = $1", [shop]);
  await t.stack.control("POST", "uninstall", {});
  await webhooksAnswered(t.stack, "app/uninstalled");
  expect(await ctx.sessions.findSessionsByShop(shop)).toEqual([]);
  expect((await ctx.shops.get(shop))?.uninstalled_at).toBeTruthy();
  const after = await ctx.pool.query("select count(*)::int as n from shipments where shop = $1", [shop]);
  expect(after.rows[0].n).toBe(before.rows[0].n);

  // Installed again through a session token: same settings, same labels, a carrier service again.
  expect((await t.stack.api("GET", "/api/settings")).status).toBe(200);
  const state = await t.stack.control("GET", "state");
  expect(state.json.shops[0].carrierServices).toHaveLength(1);

  await t.stack.control("POST", "compliance", { topic: "shop/redact" });
  await webhooksAnswered(t.stack, "shop/redact");
  expect(await ctx.shops.get(shop)).toBeUndefined();
  const rows = await ctx.pool.query("select count(*)::int as n from shipments where shop = $1", [shop]);
  expect(rows.rows[0].n).toBe(0);
});
