/**
 * The merchant's side through the embedded admin's API (session tokens): labels bought once however often
 * asked (two requests at once → one label), every PIN of a multi-parcel order on one Shopify fulfillment,
 * the whole journey to tracking events on Shopify's fulfillment, void or refund with fulfillmentCancel, and
 * labels bought when the merchant fulfils in Shopify's admin (the shop's setting).
 */
import type { Json } from "../../scripts/shopify/local-stack";
import { MONTREAL, simulator, useStack, webhooksAnswered } from "./support";

const t = useStack();

async function order(lines: { sku: string; quantity: number }[], code = "DOM.EP"): Promise<Json> {
  const { json } = await t.stack.control("POST", "orders", {
    lines,
    shippingAddress: { ...MONTREAL, zip: MONTREAL.postal_code, provinceCode: "QC", countryCode: "CA" },
    shippingLine: { code, title: code, source: "Canada Post", price: "16.96" },
    email: "emilie.tremblay@example.com",
  });
  return json;
}

const labelsOf = (id: string, body: object = {}) =>
  t.stack.api("POST", `/api/orders/${encodeURIComponent(id)}/labels`, body);

/** Shopify's own view of an order's fulfillments. */
async function shopifyFulfillments(orderId: string): Promise<Json[]> {
  const { json: token } = await t.stack.control("POST", "tokens", {});
  const res = await fetch(`${t.stack.local.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token.access_token },
    body: JSON.stringify({
      query: `query($id: ID!) { order(id: $id) { fulfillments { id status trackingInfo { company number url }
        events(first: 20) { nodes { status } } } } }`,
      variables: { id: orderId },
    }),
  });
  return ((await res.json()) as Json).data.order.fulfillments;
}

test("the admin API refuses a request without a valid session token", async () => {
  expect((await fetch(`${t.stack.appUrl}/api/orders`)).status).toBe(401);
  const forged = await fetch(`${t.stack.appUrl}/api/orders`, { headers: { authorization: "Bearer a.b.c" } });
  expect(forged.status).toBe(401);
});

test("the journey: label, fulfillment with the PIN for Canada Post, tracking events, label download", async () => {
  const o = await order([{ sku: "MG-SYRUP-540", quantity: 2 }]);
  const list = await t.stack.api("GET", "/api/orders");
  expect(list.json.orders.find((x: Json) => x.id === o.id)).toMatchObject({
    service_code: "DOM.EP",
    checkout_amount_cents: 1696,
  });
  const detail = await t.stack.api("GET", `/api/orders/${encodeURIComponent(o.id)}`);
  expect(detail.json.comparison).toMatchObject({ service_code: "DOM.EP", charged_cents: 1696 });
  expect(Number.isInteger(detail.json.comparison.current_cents)).toBe(true);

  const bought = await labelsOf(o.id);
  expect(bought.status).toBe(201);
  const [f] = bought.json.fulfillments;
  const [s] = f.shipments;
  expect(s).toMatchObject({ service_code: "DOM.EP", status: "transmitted" });
  const [shopifyF] = await shopifyFulfillments(o.id);
  expect(shopifyF).toMatchObject({
    id: f.fulfillment_id,
    status: "SUCCESS",
    trackingInfo: [
      { company: "Canada Post", number: s.tracking_pin, url: expect.stringContaining(s.tracking_pin) },
    ],
  });
  const label = await fetch(`${t.stack.appUrl}${s.label_url}`, {
    headers: { authorization: `Bearer ${await t.stack.sessionToken()}` },
  });
  expect(label.headers.get("content-type")).toBe("application/pdf");
  expect(
    Buffer.from(await label.arrayBuffer())
      .subarray(0, 4)
      .toString(),
  ).toBe("%PDF");

  await simulator(t.stack, "POST", "clock", { advanceDays: 1 });
  await t.stack.api("POST", "/api/tracking/sync", { min_age_ms: 0 });
  await simulator(t.stack, "POST", "clock", { advanceDays: 12 });
  await t.stack.api("POST", "/api/tracking/sync", { min_age_ms: 0 });
  const timeline = await t.stack.api("GET", `/api/shipments/${s.id}/tracking`);
  expect(timeline.json.shipment.tracking_status).toBe("delivered");
  expect(timeline.json.events.length).toBeGreaterThan(2);
  const events = (await shopifyFulfillments(o.id))[0].events.nodes.map((e: Json) => e.status);
  expect(events).toEqual(["IN_TRANSIT", "DELIVERED"]);
  // A second run writes nothing twice.
  await t.stack.api("POST", "/api/tracking/sync", { min_age_ms: 0 });
  expect((await shopifyFulfillments(o.id))[0].events.nodes).toHaveLength(2);
});

test("two label requests at once buy one label and make one fulfillment", async () => {
  const o = await order([{ sku: "MG-MUG-CERAMIC", quantity: 1 }]);
  const answers = await Promise.all([labelsOf(o.id), labelsOf(o.id), labelsOf(o.id)]);
  expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
  const pins = new Set(answers.map((a) => a.json.fulfillments[0].shipments[0].tracking_pin));
  expect(pins.size).toBe(1);
  const rows = await t.stack.app.ctx.pool.query(
    "select count(*)::int as n from shipments where order_id = $1",
    [o.id],
  );
  expect(rows.rows[0].n).toBe(1);
  expect(await shopifyFulfillments(o.id)).toHaveLength(1);
});

test("eight orders labelled at once, as a bulk fulfilment does: each gets its one label", async () => {
  // Each purchase runs under two locks; were each lock a connection, the pool's 12 would all be held.
  const orders = await Promise.all(
    Array.from({ length: 8 }, () => order([{ sku: "MG-MUG-CERAMIC", quantity: 1 }])),
  );
  const answers = await Promise.all(orders.map((o) => labelsOf(o.id)));
  expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
  const pins = new Set(answers.map((a) => a.json.fulfillments[0].shipments[0].tracking_pin));
  expect(pins.size).toBe(8);
  const rows = await t.stack.app.ctx.pool.query(
    "select count(*)::int as n from shipments where order_id = any($1::text[])",
    [orders.map((o) => o.id)],
  );
  expect(rows.rows[0].n).toBe(8);
}, 30_000);

test("a multi-parcel order: one label per parcel, every PIN on the one fulfillment", async () => {
  // Paddles are longer than every box: each ships alone, one parcel each.
  const o = await order([{ sku: "MG-PADDLE-CANOE", quantity: 2 }]);
  const bought = await labelsOf(o.id);
  expect(bought.status).toBe(201);
  const pins = bought.json.fulfillments[0].shipments.map((s: Json) => s.tracking_pin);
  expect(pins.length).toBeGreaterThan(1);
  const [f] = await shopifyFulfillments(o.id);
  expect(f.trackingInfo.map((i: Json) => i.number).sort()).toEqual([...pins].sort());
  expect(f.trackingInfo.every((i: Json) => i.company === "Canada Post")).toBe(true);
});

test("void or refund: the label is cancelled with Canada Post, the fulfillment in Shopify; a new label is new", async () => {
  const o = await order([{ sku: "MG-SYRUP-540", quantity: 1 }]);
  const first = (await labelsOf(o.id)).json.fulfillments[0];
  const cancelled = await t.stack.api(
    "POST",
    `/api/fulfillments/${encodeURIComponent(first.fulfillment_id)}/cancel`,
    {},
  );
  expect(cancelled.status).toBe(200);
  expect(cancelled.json.shipments[0].status).toMatch(/^(voided|refund_requested)$/);
  expect((await shopifyFulfillments(o.id))[0].status).toBe("CANCELLED");
  await webhooksAnswered(t.stack, "fulfillments/update");
  const second = await labelsOf(o.id);
  expect(second.status).toBe(201);
  const s2 = second.json.fulfillments[0].shipments[0];
  expect(s2.tracking_pin).not.toBe(first.shipments[0].tracking_pin);
  expect(s2.customer_request_id).not.toBe(first.shipments[0].customer_request_id);
});

test("an order whose customer got Shopify's backup rates needs a service chosen", async () => {
  const o = await order([{ sku: "MG-SYRUP-540", quantity: 1 }], "Shipping");
  const refused = await labelsOf(o.id);
  expect(refused.status).toBe(400);
  expect(refused.json.message).toMatch(/choose one/);
  expect((await labelsOf(o.id, { serviceCode: "DOM.RP" })).status).toBe(201);
});

test("labels bought when the merchant fulfils in Shopify's admin, when the shop asks for it", async () => {
  expect((await t.stack.api("PUT", "/api/settings", { app: { autoLabelOnFulfill: true } })).status).toBe(200);
  const o = await order([{ sku: "MG-MUG-CERAMIC", quantity: 2 }]);
  const before = (await t.stack.control("GET", "webhooks")).json.deliveries.filter(
    (d: Json) => d.topic === "fulfillments/create",
  ).length;
  const fulfilled = await t.stack.control("POST", `orders/${encodeURIComponent(o.id)}/fulfill`, {});
  expect(fulfilled.status).toBe(201);
  const answered = await webhooksAnswered(t.stack, "fulfillments/create", before + 1);
  expect(answered.at(-1)!.status).toBe(200);
  const [f] = await shopifyFulfillments(o.id);
  expect(f.id).toBe(fulfilled.json.fulfillment.id);
  expect(f.trackingInfo[0]).toMatchObject({ company: "Canada Post" });
  const rows = await t.stack.app.ctx.pool.query("select fulfillment_id from shipments where order_id = $1", [
    o.id,
  ]);
  expect(rows.rows).toEqual([{ fulfillment_id: f.id }]);
  await t.stack.api("PUT", "/api/settings", { app: { autoLabelOnFulfill: false } });
});

test("settings: the API key is sealed and masked; bad settings are refused with every problem", async () => {
  const saved = await t.stack.api("PUT", "/api/settings", {
    credentials: { username: "abcdefgh12345678", password: "s3cret-password" },
    merchant: { canadaPost: { customerNumber: "1234567", env: "sandbox" } },
  });
  expect(saved.status).toBe(200);
  const row = await t.stack.app.ctx.shops.get(t.stack.shop);
  expect(row!.credentials).not.toContain("s3cret");
  const view = await t.stack.api("GET", "/api/settings");
  expect(view.json.credentials).toMatchObject({ source: "shop", username: "ab…78", password_set: true });
  expect(view.text).not.toContain("s3cret-password");
  const bad = await t.stack.api("PUT", "/api/settings", {
    merchant: { labels: { encoding: "ZPL", outputFormat: "8.5x11" }, quotes: { deadlineMs: 5 } },
  });
  expect(bad.status).toBe(400);
  expect(bad.json.issues.map((i: Json) => i.path)).toEqual(
    expect.arrayContaining(["labels.outputFormat", "quotes.deadlineMs"]),
  );
  // Each problem also in French, for the admin in French.
  expect(bad.json.issues.find((i: Json) => i.path === "quotes.deadlineMs")).toMatchObject({
    message: "must be at least 200 ms: Canada Post rarely answers faster (got 5)",
    messageFr: "doit être d'au moins 200 ms : Postes Canada répond rarement plus vite (reçu 5)",
  });
  await t.stack.api("PUT", "/api/settings", { credentials: null, merchant: { canadaPost: null } });
  expect((await t.stack.api("GET", "/api/settings")).json.credentials.source).toBe("app default");
});

test("manifest mode: labels wait in their group, transmit makes the manifest, its PDF is kept", async () => {
  expect(
    (await t.stack.api("PUT", "/api/settings", { merchant: { shipments: { mode: "manifest" } } })).status,
  ).toBe(200);
  const o = await order([{ sku: "MG-SYRUP-540", quantity: 1 }]);
  const [s] = (await labelsOf(o.id)).json.fulfillments[0].shipments;
  expect(s).toMatchObject({ status: "created", mode: "manifest", group_id: expect.any(String) });
  const waiting = await t.stack.api("GET", "/api/manifests");
  expect(waiting.json.waiting).toEqual([expect.objectContaining({ groupId: s.group_id, shipmentCount: 1 })]);
  const refused = await t.stack.api("POST", "/api/manifests/transmit", { group_ids: ["no-such-group"] });
  expect(refused.status).toBe(400);
  const sent = await t.stack.api("POST", "/api/manifests/transmit", { group_ids: [s.group_id] });
  expect(sent.status).toBe(201);
  expect(sent.json.transmitted).toBe(1);
  const after = await t.stack.api("GET", "/api/manifests");
  expect(after.json.waiting).toEqual([]);
  const [manifest] = after.json.history;
  const pdf = await fetch(`${t.stack.appUrl}${manifest.document_url}`, {
    headers: { authorization: `Bearer ${await t.stack.sessionToken()}` },
  });
  expect(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 4)
      .toString(),
  ).toBe("%PDF");
  expect((await t.stack.api("GET", `/api/shipments/${s.id}`)).json.shipment.status).toBe("transmitted");
  await t.stack.api("PUT", "/api/settings", { merchant: { shipments: null } });
});
