import { createHmac } from "node:crypto";
import type { Shopify } from "@shopify/shopify-api";
import type { RunningLocalShopify } from "../../../src/local-shopify";
import {
  adminGraphql,
  API_SECRET,
  control,
  installToken,
  SHOP,
  shopifyFor,
  startRecorder,
  startShop,
  type Received,
} from "./helpers";

/**
 * Checkout through the app's carrier service: the rate request Shopify sends (shape from Shopify's
 * DeliveryCarrierService documentation), its signature (checked with shopify-api's
 * fulfillmentService.validate), the rates shown, backup rates whenever the callback fails, the 15-minute
 * cache, and orders placed with the chosen rate.
 */

let running: RunningLocalShopify;
let shopify: Shopify;
let carrier: Awaited<ReturnType<typeof startRecorder>>;
let token: string;
let serviceId: string;
const validations: unknown[] = [];

const RATES = {
  rates: [
    {
      service_name: "Expedited Parcel",
      service_code: "DOM.EP",
      total_price: "1584",
      description: "2 business days",
      currency: "CAD",
    },
    {
      service_name: "Regular Parcel",
      service_code: "DOM.RP",
      total_price: 1252,
      description: "4 business days",
      currency: "CAD",
      min_delivery_date: "2026-12-03 00:00:00 -0500",
      max_delivery_date: "2026-12-03 00:00:00 -0500",
    },
    {
      service_name: "Xpresspost",
      service_code: "DOM.XP",
      total_price: "2245",
      description: "Next day",
      currency: "CAD",
    },
  ],
};

beforeAll(async () => {
  carrier = await startRecorder(async (r, res, req) => {
    const send = (
      status: number,
      body: string,
      headers: Record<string, string> = { "content-type": "application/json" },
    ) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    validations.push(
      await shopify.fulfillmentService.validate({ rawBody: r.body, rawRequest: req, rawResponse: res }),
    );
    if (r.path === "/rates") return send(200, JSON.stringify(RATES));
    if (r.path === "/error") return send(500, "boom");
    if (r.path === "/empty") return send(200, JSON.stringify({ rates: [] }));
    if (r.path === "/not-json") return send(200, "<html>oops</html>", { "content-type": "text/html" });
    if (r.path === "/decimal")
      return send(200, JSON.stringify({ rates: [{ ...RATES.rates[0], total_price: "15.84" }] }));
    if (r.path === "/missing")
      return send(
        200,
        JSON.stringify({
          rates: [{ service_name: "Expedited Parcel", total_price: "1584", currency: "CAD" }],
        }),
      );
    if (r.path === "/away") return send(302, "", { location: "https://elsewhere.example/rates" });
    if (r.path === "/moved") return send(307, "", { location: "/rates" });
    if (r.path === "/slow") {
      // Answers after 1.5 s, unless Shopify has hung up by then.
      const late = setTimeout(() => send(200, JSON.stringify(RATES)), 1500);
      res.on("close", () => clearTimeout(late));
      return;
    }
    send(404, "{}");
  });
  running = await startShop();
  shopify = shopifyFor(running);
});
afterAll(async () => {
  await running.close();
  await carrier.close();
});
beforeEach(async () => {
  await control(running, "POST", "reset");
  carrier.received.length = 0;
  validations.length = 0;
  token = await installToken(running);
  const r = await adminGraphql(
    running,
    token,
    `mutation { carrierServiceCreate(input: { name: "Canada Post", callbackUrl: "${carrier.url}/rates", supportsServiceDiscovery: true, active: true }) { carrierService { id } userErrors { message } } }`,
  );
  serviceId = r.body.data.carrierServiceCreate.carrierService.id;
});

async function pointAt(path: string) {
  const r = await adminGraphql(
    running,
    token,
    `mutation U($input: DeliveryCarrierServiceUpdateInput!) { carrierServiceUpdate(input: $input) { userErrors { message } } }`,
    { input: { id: serviceId, callbackUrl: `${carrier.url}${path}` } },
  );
  expect(r.body.data.carrierServiceUpdate.userErrors).toEqual([]);
}

const MONTREAL = {
  name: "Émilie Tremblay",
  address1: "1500 Rue Fleury E",
  city: "Montréal",
  province: "QC",
  postal_code: "H2B 1A0",
  country: "CA",
};
const SEATTLE = {
  name: "Olivia Parker",
  address1: "400 Broad St",
  city: "Seattle",
  province: "WA",
  postal_code: "98109",
  country: "US",
};

async function checkout(
  destination: object = MONTREAL,
  lines: object[] = [
    { sku: "MG-SYRUP-540", quantity: 2 },
    { sku: "MG-TUQUE-KNIT", quantity: 1 },
  ],
) {
  const r = await control(running, "POST", "checkout", { lines, destination });
  expect(r.status).toBe(201);
  return r.json;
}

async function variantIds(sku: string) {
  const r = await adminGraphql(
    running,
    token,
    `query V($q: String) { productVariants(first: 1, query: $q) { nodes { legacyResourceId product { legacyResourceId } } } }`,
    { q: `sku:${sku}` },
  );
  const v = r.body.data.productVariants.nodes[0];
  return { variant: Number(v.legacyResourceId), product: Number(v.product.legacyResourceId) };
}

describe("the rate request", () => {
  it("is Shopify's rate JSON, signed with the app's secret, for the shop", async () => {
    await checkout();
    expect(carrier.received).toHaveLength(1);
    const r: Received = carrier.received[0]!;
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-shopify-shop-domain"]).toBe(SHOP);
    expect(r.headers["x-shopify-hmac-sha256"]).toBe(
      createHmac("sha256", API_SECRET).update(r.body).digest("base64"),
    );
    expect(validations).toEqual([{ valid: true }]);
    const syrup = await variantIds("MG-SYRUP-540");
    const tuque = await variantIds("MG-TUQUE-KNIT");
    const item = (name: string, sku: string, quantity: number, grams: number, price: number, ids: { product: number; variant: number }) => ({
      name, sku, quantity, grams, price, vendor: "Maple Goods", requires_shipping: true, taxable: true, fulfillment_service: "manual", properties: null, product_id: ids.product, variant_id: ids.variant,
    }); // prettier-ignore
    expect(JSON.parse(r.body)).toEqual({
      rate: {
        origin: { country: "CA", postal_code: "K2B 8J6", province: "ON", city: "Ottawa", name: null, address1: "502 Main St N", address2: "", address3: null, phone: null, fax: null, email: null, address_type: null, company_name: "Maple Goods" },
        destination: { country: "CA", postal_code: "H2B 1A0", province: "QC", city: "Montréal", name: "Émilie Tremblay", address1: "1500 Rue Fleury E", address2: "", address3: null, phone: null, fax: null, email: null, address_type: null, company_name: null },
        items: [item("Maple syrup tin (540 ml)", "MG-SYRUP-540", 2, 540, 1800, syrup), item("Knit tuque", "MG-TUQUE-KNIT", 1, 120, 3200, tuque)],
        currency: "CAD",
        locale: "en",
        order_totals: { subtotal_price: "6800", total_price: "6800", discount_amount: "0" },
        customer: null,
      },
    }); // prettier-ignore
  });

  it("shows the app's rates, cheapest first", async () => {
    const c = await checkout();
    expect(c.backupRatesUsed).toBe(false);
    expect(
      c.rates.map((r: { serviceCode: string; totalPrice: number }) => [r.serviceCode, r.totalPrice]),
    ).toEqual([
      ["DOM.RP", 1252],
      ["DOM.EP", 1584],
      ["DOM.XP", 2245],
    ]);
    expect(c.rates[0]).toMatchObject({
      source: "carrier",
      carrierName: "Canada Post",
      serviceName: "Regular Parcel",
      currency: "CAD",
      minDeliveryDate: "2026-12-03 00:00:00 -0500",
    });
    expect(c.carriers[0]).toMatchObject({
      name: "Canada Post",
      outcome: "rates",
      cached: false,
      status: 200,
    });
  });

  it("offers nothing when the app answers an empty list (not backup rates)", async () => {
    await pointAt("/empty");
    const c = await checkout();
    expect(c).toMatchObject({ rates: [], backupRatesUsed: false });
  });
});

describe("backup rates", () => {
  const backup = (c: {
    rates: { serviceName: string; serviceCode: string; totalPrice: number; source: string }[];
  }) => c.rates.map((r) => [r.source, r.serviceName, r.serviceCode, r.totalPrice]);

  it("on a 5xx, for the destination's country", async () => {
    await pointAt("/error");
    const ca = await checkout();
    expect(ca.backupRatesUsed).toBe(true);
    expect(ca.reason).toBe("Canada Post: HTTP 500");
    expect(backup(ca)).toEqual([
      ["backup", "Standard shipping", "Shipping", 1500],
      ["backup", "Express shipping", "Shipping", 2900],
    ]);
    expect(backup(await checkout(SEATTLE))).toEqual([["backup", "International shipping", "Shipping", 3900]]);
  });

  it("are the shop's, set through a control", async () => {
    await pointAt("/error");
    const set = await control(running, "POST", "backup-rates", {
      rates: [
        { name: "Flat rate", price: "9.99" },
        { name: "Rural", price: 2500, countries: ["ca"] },
      ],
    });
    expect(set.json.backupRates).toEqual([
      { name: "Flat rate", price: 999 },
      { name: "Rural", price: 2500, countries: ["CA"] },
    ]);
    expect(backup(await checkout())).toEqual([["backup", "Rural", "Shipping", 2500]]);
    expect(backup(await checkout(SEATTLE))).toEqual([["backup", "Flat rate", "Shipping", 999]]);
    expect((await control(running, "POST", "backup-rates", { rates: [{ name: "x" }] })).status).toBe(400);
  });

  it("on a timeout (Shopify's limit, shortened here)", async () => {
    await control(running, "POST", "settings", { carrierTimeoutMs: 200 });
    await pointAt("/slow");
    const started = Date.now();
    const c = await checkout();
    expect(Date.now() - started).toBeLessThan(1200);
    expect(c.backupRatesUsed).toBe(true);
    expect(c.reason).toBe("Canada Post: no answer within 200 ms (timeout)");
  });

  it("on a malformed answer: not JSON, a price not in cents, a required field missing", async () => {
    await pointAt("/not-json");
    expect((await checkout()).reason).toBe("Canada Post: malformed answer: the body is not JSON");
    await pointAt("/decimal");
    expect((await checkout()).reason).toBe(
      'Canada Post: malformed answer: rates[0].total_price must be a whole number of cents (got "15.84")',
    );
    await pointAt("/missing");
    expect((await checkout()).reason).toBe(
      "Canada Post: malformed answer: rates[0].service_code is required; rates[0].description is required",
    );
  });

  it("on a redirect to another domain, while a redirect within the callback's host is followed", async () => {
    await pointAt("/away");
    expect((await checkout()).reason).toBe("Canada Post: redirect to another domain (elsewhere.example)");
    await pointAt("/moved");
    const c = await checkout();
    expect(c.backupRatesUsed).toBe(false);
    expect(carrier.received.map((r) => r.path).slice(-2)).toEqual(["/moved", "/rates"]);
  });
});

describe("Shopify's rate cache", () => {
  it("answers identical requests from its cache for 15 minutes, and can be switched off", async () => {
    await checkout();
    const second = await checkout();
    expect(carrier.received).toHaveLength(1);
    expect(second.carriers[0]).toMatchObject({ cached: true, outcome: "rates" });
    await checkout(SEATTLE);
    expect(carrier.received).toHaveLength(2);
    await control(running, "POST", "clock", { advanceMinutes: 16 });
    await checkout();
    expect(carrier.received).toHaveLength(3);
    await control(running, "POST", "settings", { rateCache: false });
    await checkout();
    await checkout();
    expect(carrier.received).toHaveLength(5);
  });

  it("keeps a failure for 30 seconds", async () => {
    await pointAt("/error");
    await checkout();
    const again = await checkout();
    expect(again.carriers[0]).toMatchObject({ cached: true, outcome: "backup", reason: "HTTP 500" });
    expect(carrier.received).toHaveLength(1);
    await control(running, "POST", "clock", { advanceMs: 31_000 });
    await checkout();
    expect(carrier.received).toHaveLength(2);
  });
});

const ORDER = `query O($id: ID!) { order(id: $id) { name shippingLine { code title source carrierIdentifier originalPriceSet { shopMoney { amount } } }
  fulfillmentOrders(first: 5) { nodes { deliveryMethod { methodType serviceCode presentedName } } } } }`;

describe("placing the order", () => {
  it("records the chosen rate as Shopify does: code, title, source, a 32-hex carrier identifier", async () => {
    const c = await checkout();
    const placed = await control(running, "POST", "orders", {
      checkoutId: c.id,
      rate: "DOM.EP",
      email: "emilie.tremblay@example.com",
    });
    expect(placed.status).toBe(201);
    const { order } = (await adminGraphql(running, token, ORDER, { id: placed.json.id })).body.data;
    expect(order.name).toBe("#1004");
    expect(order.shippingLine).toEqual({
      code: "DOM.EP",
      title: "Expedited Parcel",
      source: "Canada Post",
      carrierIdentifier: expect.stringMatching(/^[0-9a-f]{32}$/),
      originalPriceSet: { shopMoney: { amount: "15.84" } },
    });
    expect(order.fulfillmentOrders.nodes).toEqual([
      {
        deliveryMethod: { methodType: "SHIPPING", serviceCode: "DOM.EP", presentedName: "Expedited Parcel" },
      },
    ]);
  });

  it("names a backup rate's code Shipping, with no carrier identifier", async () => {
    await pointAt("/error");
    const c = await checkout();
    const placed = await control(running, "POST", "orders", { checkoutId: c.id, rate: "Express shipping" });
    const { order } = (await adminGraphql(running, token, ORDER, { id: placed.json.id })).body.data;
    expect(order.shippingLine).toEqual({
      code: "Shipping",
      title: "Express shipping",
      source: "shopify",
      carrierIdentifier: null,
      originalPriceSet: { shopMoney: { amount: "29.0" } },
    });
    expect(order.fulfillmentOrders.nodes[0].deliveryMethod.serviceCode).toBe("Shipping");
  });

  it("explains a rate the checkout did not offer", async () => {
    const c = await checkout();
    const r = await control(running, "POST", "orders", { checkoutId: c.id, rate: "USA.XP" });
    expect(r.status).toBe(400);
    expect(r.json.error).toContain('no rate "USA.XP"');
  });
});
