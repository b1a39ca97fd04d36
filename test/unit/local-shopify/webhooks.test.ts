import { createHmac } from "node:crypto";
import { DeliveryMethod, type Shopify } from "@shopify/shopify-api";
import type { RunningLocalShopify } from "../../../src/local-shopify";
import {
  adminGraphql,
  API_KEY,
  API_SECRET,
  control,
  installToken,
  SHOP,
  shopifyFor,
  startRecorder,
  type Received,
} from "./helpers";

/**
 * Webhooks: signed as Shopify signs them (checked with shopify-api's webhooks.validate and process and by
 * recomputing the HMAC by hand), fired by state changes, redelivered with the same id, and forged.
 */

let running: RunningLocalShopify;
let shopify: Shopify;
let app: Awaited<ReturnType<typeof startRecorder>>;
let token: string;
const processed: { topic: string; shop: string; webhookId: string; apiVersion: string; body: string }[] = [];

beforeAll(async () => {
  app = await startRecorder(async (r, res, req) => {
    if (r.path === "/process") {
      await shopify.webhooks.process({ rawBody: r.body, rawRequest: req, rawResponse: res });
      return;
    }
    res.writeHead(r.path === "/fail" ? 500 : 200, { "content-type": "application/json" });
    res.end("{}");
  });
  const { startLocalShopify } = await import("../../../src/local-shopify/index.js");
  running = await startLocalShopify({
    apps: [
      {
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        appUrl: app.url,
        scopes: ["read_orders", "write_products", "write_merchant_managed_fulfillment_orders"],
        complianceUrl: "/privacy",
        name: "Canada Post",
      },
    ],
  });
  shopify = shopifyFor(running);
  shopify.webhooks.addHandlers({
    ORDERS_CREATE: {
      deliveryMethod: DeliveryMethod.Http,
      callbackUrl: "/process",
      callback: async (topic, shop, body, webhookId, apiVersion) => {
        processed.push({ topic, shop, webhookId, apiVersion: apiVersion!, body });
      },
    },
  });
});
afterAll(async () => {
  await running.close();
  await app.close();
});
beforeEach(async () => {
  await control(running, "POST", "reset");
  app.received.length = 0;
  processed.length = 0;
  token = await installToken(running, [
    "read_orders",
    "write_products",
    "write_merchant_managed_fulfillment_orders",
  ]);
});

async function subscribe(topic: string, path: string, extra = "") {
  const r = await adminGraphql(
    running,
    token,
    `mutation { webhookSubscriptionCreate(topic: ${topic}, webhookSubscription: { uri: "${app.url}${path}"${extra} }) { userErrors { message } } }`,
  );
  expect(r.body.data.webhookSubscriptionCreate.userErrors).toEqual([]);
}

const settle = () => running.runtime.webhooks.settled();
const validate = (r: Received) =>
  shopify.webhooks.validate({
    rawBody: r.body,
    rawRequest: { headers: r.headers, method: "POST", url: r.path },
  });

async function placeOrder() {
  const { json } = await control(running, "POST", "orders", {
    lines: [{ sku: "MG-MUG-CERAMIC", quantity: 2 }],
    email: "zoe@example.com",
    shippingAddress: {
      first_name: "Zoé",
      last_name: "Lavoie",
      address1: "1 Rue Principale",
      city: "Gatineau",
      province: "QC",
      postal_code: "J8X 1A1",
      country: "CA",
    },
    shippingLine: { code: "DOM.RP", title: "Regular Parcel", price: "12.50", source: "Canada Post" },
  });
  return json;
}

describe("signed deliveries", () => {
  it("sends orders/create with Shopify's headers and HMAC, accepted by webhooks.validate", async () => {
    await subscribe("ORDERS_CREATE", "/hooks");
    await placeOrder();
    await settle();
    expect(app.received).toHaveLength(1);
    const r = app.received[0]!;
    expect(r.path).toBe("/hooks");
    expect(
      Object.keys(r.headers)
        .filter((h) => h.startsWith("x-shopify-"))
        .sort(),
    ).toEqual([
      "x-shopify-api-version",
      "x-shopify-event-id",
      "x-shopify-hmac-sha256",
      "x-shopify-shop-domain",
      "x-shopify-topic",
      "x-shopify-triggered-at",
      "x-shopify-webhook-id",
    ]);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-shopify-hmac-sha256"]).toBe(
      createHmac("sha256", API_SECRET).update(r.body).digest("base64"),
    );
    const check = await validate(r);
    expect(check).toMatchObject({
      valid: true,
      webhookType: "webhooks",
      topic: "ORDERS_CREATE",
      domain: SHOP,
      apiVersion: "2026-10",
    });
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({
      name: "#1004",
      order_number: 1004,
      email: "zoe@example.com",
      currency: "CAD",
      financial_status: "paid",
      fulfillment_status: null,
      subtotal_price: "48.00",
      total_price: "60.50",
      total_weight: 900,
      shipping_address: {
        first_name: "Zoé",
        city: "Gatineau",
        province_code: "QC",
        zip: "J8X 1A1",
        country_code: "CA",
      },
      shipping_lines: [{ code: "DOM.RP", title: "Regular Parcel", source: "Canada Post", price: "12.50" }],
    });
    expect(body.line_items[0]).toMatchObject({
      sku: "MG-MUG-CERAMIC",
      quantity: 2,
      grams: 450,
      price: "24.00",
      requires_shipping: true,
    });
    expect(body.admin_graphql_api_id).toBe(`gid://shopify/Order/${body.id}`);
  });

  it("is taken by shopify-api's webhooks.process, handler and all", async () => {
    await subscribe("ORDERS_CREATE", "/process");
    await placeOrder();
    await settle();
    expect(processed).toHaveLength(1);
    expect(processed[0]).toMatchObject({ topic: "ORDERS_CREATE", shop: SHOP, apiVersion: "2026-10" });
    const [delivery] = (await control(running, "GET", "webhooks")).json.deliveries;
    expect(delivery.status).toBe(200);
    expect(processed[0]!.webhookId).toBe(delivery.webhookId);
  });

  it("redelivers with the same webhook id, event id and body; a forged one fails validation and process", async () => {
    await subscribe("ORDERS_CREATE", "/process");
    await placeOrder();
    await settle();
    const [first] = (await control(running, "GET", "webhooks")).json.deliveries;
    const again = await control(running, "POST", "webhooks/redeliver", { id: first.id });
    expect(again.status).toBe(201);
    await settle();
    expect(processed).toHaveLength(2);
    expect(processed[1]!.webhookId).toBe(processed[0]!.webhookId);
    const [, second] = app.received;
    expect(second!.headers["x-shopify-event-id"]).toBe(app.received[0]!.headers["x-shopify-event-id"]);
    expect(second!.body).toBe(app.received[0]!.body);

    await control(running, "POST", "webhooks/forge", { id: first.id });
    await settle();
    expect(processed).toHaveLength(2);
    const forged = app.received[2]!;
    expect(forged.headers["x-shopify-webhook-id"]).toBe(app.received[0]!.headers["x-shopify-webhook-id"]);
    expect(await validate(forged)).toEqual({ valid: false, reason: "invalid_hmac" });
    const deliveries = (await control(running, "GET", "webhooks")).json.deliveries;
    expect(
      deliveries.map((d: { status: number; forged?: boolean }) => [d.status, Boolean(d.forged)]),
    ).toEqual([
      [200, false],
      [200, false],
      [401, true],
    ]);
  });

  it("records the app's answer when it fails", async () => {
    await subscribe("ORDERS_CREATE", "/fail");
    await placeOrder();
    await settle();
    expect((await control(running, "GET", "webhooks")).json.deliveries[0]).toMatchObject({
      topic: "orders/create",
      status: 500,
      url: `${app.url}/fail`,
    });
  });

  it("sends only the includeFields of a subscription", async () => {
    await subscribe("ORDERS_CREATE", "/hooks", ', includeFields: ["id", "name"]');
    await placeOrder();
    await settle();
    expect(Object.keys(JSON.parse(app.received[0]!.body)).sort()).toEqual(["id", "name"]);
  });
});

describe("what fires them", () => {
  it("fulfillments/create and fulfillments/update: created by the app, tracking, a carrier event, cancelled in the admin", async () => {
    await subscribe("FULFILLMENTS_CREATE", "/hooks");
    await subscribe("FULFILLMENTS_UPDATE", "/hooks");
    const order = await placeOrder();
    const created = await adminGraphql(
      running,
      token,
      `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { message } } }`,
      {
        f: {
          lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrders[0].id }],
          trackingInfo: { company: "Canada Post", number: "1234567890123456" },
        },
      },
    );
    const id = created.body.data.fulfillmentCreate.fulfillment.id as string;
    await control(running, "POST", `fulfillments/${encodeURIComponent(id)}/events`, { status: "IN_TRANSIT" });
    await control(running, "POST", `fulfillments/${encodeURIComponent(id)}/cancel`, {});
    await settle();
    const seen = app.received.map((r) => [
      r.headers["x-shopify-topic"],
      JSON.parse(r.body).status,
      JSON.parse(r.body).shipment_status,
    ]);
    expect(seen).toEqual([
      ["fulfillments/create", "success", null],
      ["fulfillments/update", "success", "in_transit"],
      ["fulfillments/update", "cancelled", "in_transit"],
    ]);
    const body = JSON.parse(app.received[0]!.body);
    expect(body).toMatchObject({
      tracking_company: "Canada Post",
      tracking_number: "1234567890123456",
      tracking_url:
        "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=1234567890123456",
      name: "#1004-F1",
    });
    for (const r of app.received) expect((await validate(r)).valid).toBe(true);
  });

  it("products/update when a product's metafields change", async () => {
    await subscribe("PRODUCTS_UPDATE", "/hooks");
    const p = await adminGraphql(
      running,
      token,
      `{ products(first: 1, query: "title:'Knit tuque'") { nodes { id } } }`,
    );
    const productId = p.body.data.products.nodes[0].id;
    const set = await adminGraphql(
      running,
      token,
      `mutation M($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { key } userErrors { message } } }`,
      {
        m: [
          {
            ownerId: productId,
            namespace: "canada_post",
            key: "length",
            type: "number_decimal",
            value: "25",
          },
        ],
      },
    );
    expect(set.body.data.metafieldsSet.userErrors).toEqual([]);
    await settle();
    expect(app.received.map((r) => r.headers["x-shopify-topic"])).toEqual(["products/update"]);
    expect(JSON.parse(app.received[0]!.body)).toMatchObject({
      title: "Knit tuque",
      variants: [{ sku: "MG-TUQUE-KNIT", price: "32.00" }],
    });
  });

  it("app/uninstalled with the shop's payload", async () => {
    await subscribe("APP_UNINSTALLED", "/hooks");
    await control(running, "POST", "uninstall", {});
    await settle();
    expect(app.received).toHaveLength(1);
    const r = app.received[0]!;
    expect(r.headers["x-shopify-topic"]).toBe("app/uninstalled");
    expect(JSON.parse(r.body)).toMatchObject({
      name: "Maple Goods",
      myshopify_domain: SHOP,
      domain: SHOP,
      currency: "CAD",
      iana_timezone: "America/Toronto",
    });
    expect((await validate(r)).valid).toBe(true);
  });

  it("products/create and products/update when the merchant adds or edits a product", async () => {
    await subscribe("PRODUCTS_CREATE", "/hooks");
    await subscribe("PRODUCTS_UPDATE", "/hooks");
    const made = await control(running, "POST", "products", {
      title: "Birch bark box",
      sku: "MG-BOX-BIRCH",
      price: "45.00",
      grams: 300,
    });
    expect(made.status).toBe(201);
    await control(running, "POST", `products/${encodeURIComponent(made.json.id)}`, { price: "49.00" });
    await settle();
    expect(
      app.received.map((r) => [r.headers["x-shopify-topic"], JSON.parse(r.body).variants[0].price]),
    ).toEqual([
      ["products/create", "45.00"],
      ["products/update", "49.00"],
    ]);
  });

  it("orders/cancelled when the merchant cancels an order, which then cannot be fulfilled", async () => {
    await subscribe("ORDERS_CANCELLED", "/hooks");
    const order = await placeOrder();
    const cancelled = await control(running, "POST", `orders/${encodeURIComponent(order.id)}/cancel`, {
      reason: "CUSTOMER",
    });
    expect(cancelled.json.fulfillmentOrders[0].status).toBe("CLOSED");
    await settle();
    expect(app.received.map((r) => r.headers["x-shopify-topic"])).toEqual(["orders/cancelled"]);
    expect(JSON.parse(app.received[0]!.body)).toMatchObject({ name: "#1004", cancel_reason: "customer" });
    const again = await control(running, "POST", `orders/${encodeURIComponent(order.id)}/cancel`, {});
    expect(again).toEqual({
      status: 409,
      json: { error: "Cannot cancel an order that has already been canceled" },
    });
  });
});
