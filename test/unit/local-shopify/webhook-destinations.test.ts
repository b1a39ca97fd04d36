import type { Shopify } from "@shopify/shopify-api";
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
 * Where webhooks go besides GraphQL subscriptions: the mandatory privacy topics to the app's compliance
 * URL, the topics of the app's configuration (shopify.app.toml), and an app with no URL at all.
 */

let running: RunningLocalShopify;
let shopify: Shopify;
let app: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
  app = await startRecorder();
  const { startLocalShopify } = await import("../../../src/local-shopify/index.js");
  running = await startLocalShopify({
    apps: [{ apiKey: API_KEY, apiSecret: API_SECRET, appUrl: app.url, complianceUrl: "/privacy" }],
  });
  shopify = shopifyFor(running);
});
afterAll(async () => {
  await running.close();
  await app.close();
});

const settle = () => running.runtime.webhooks.settled();
const validate = (r: Received) =>
  shopify.webhooks.validate({
    rawBody: r.body,
    rawRequest: { headers: r.headers, method: "POST", url: r.path },
  });

describe("privacy webhooks", () => {
  it("sends customers/data_request, customers/redact and shop/redact to the compliance URL", async () => {
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"])
      expect((await control(running, "POST", "compliance", { topic })).status).toBe(201);
    await settle();
    expect(app.received.map((r) => [r.path, r.headers["x-shopify-topic"]])).toEqual([
      ["/privacy", "customers/data_request"],
      ["/privacy", "customers/redact"],
      ["/privacy", "shop/redact"],
    ]);
    const shopId = Number(
      /\d+$/.exec(
        (await adminGraphql(running, await installToken(running), "{ shop { id } }")).body.data.shop.id,
      )![0],
    );
    const [request, redact, shopRedact] = app.received.map((r) => JSON.parse(r.body));
    expect(Object.keys(request).sort()).toEqual([
      "customer",
      "data_request",
      "orders_requested",
      "shop_domain",
      "shop_id",
    ]);
    expect(request).toMatchObject({
      shop_id: shopId,
      shop_domain: SHOP,
      customer: { email: "emilie.tremblay@example.com" },
      data_request: { id: 9999 },
    });
    expect(request.orders_requested).toHaveLength(1);
    expect(Object.keys(redact).sort()).toEqual(["customer", "orders_to_redact", "shop_domain", "shop_id"]);
    expect(shopRedact).toEqual({ shop_id: shopId, shop_domain: SHOP });
    const checks = await Promise.all(app.received.map(validate));
    expect(checks.map((c) => (c.valid ? c.topic : c.reason))).toEqual([
      "CUSTOMERS_DATA_REQUEST",
      "CUSTOMERS_REDACT",
      "SHOP_REDACT",
    ]);
  });
});

describe("an app with no URL", () => {
  it("records the privacy webhook it cannot deliver, and keeps serving", async () => {
    const { startLocalShopify } = await import("../../../src/local-shopify/index.js");
    const bare = await startLocalShopify({ apps: [{ apiKey: "k", apiSecret: "s" }] });
    try {
      const res = await fetch(`${bare.url}/__shopify/compliance`, {
        method: "POST",
        body: JSON.stringify({ topic: "shop/redact" }),
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({
        url: "/webhooks",
        status: 0,
        error: "the app has no appUrl to resolve /webhooks against",
      });
    } finally {
      await bare.close();
    }
  });
});

describe("app-specific subscriptions (shopify.app.toml)", () => {
  it("delivers the topics the app's configuration names, to its app URL", async () => {
    const recorder = await startRecorder();
    const { startLocalShopify } = await import("../../../src/local-shopify/index.js");
    const other = await startLocalShopify({
      apps: [
        {
          apiKey: "toml-app",
          apiSecret: "toml-secret",
          appUrl: recorder.url,
          webhooks: [{ topics: ["orders/create"], uri: "/toml-hooks" }],
          webhooksApiVersion: "2026-07",
        },
      ],
    });
    try {
      await fetch(`${other.url}/__shopify/tokens`, { method: "POST", body: "{}" });
      await fetch(`${other.url}/__shopify/orders`, {
        method: "POST",
        body: JSON.stringify({ lines: [{ sku: "MG-TUQUE-KNIT", quantity: 1 }] }),
      });
      await other.runtime.webhooks.settled();
      expect(
        recorder.received.map((r) => [
          r.path,
          r.headers["x-shopify-topic"],
          r.headers["x-shopify-api-version"],
        ]),
      ).toEqual([["/toml-hooks", "orders/create", "2026-07"]]);
    } finally {
      await other.close();
      await recorder.close();
    }
  });
});
