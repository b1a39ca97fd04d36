/**
 * The carrier-service callback as Shopify's checkout calls it (the local Shopify signs and posts the rate
 * request, and falls back to its backup rates on any failure): signature first, Shopify's rate format,
 * empty lists for what cannot ship, fallback while Canada Post hangs, one Canada Post call for identical
 * parcels.
 */
import { createHmac } from "node:crypto";
import { LOCAL_API_SECRET } from "../../scripts/shopify/local-stack";
import { MONTREAL, rateCalls, simulator, useStack } from "./support";

const t = useStack();

const cart = (lines: { sku: string; quantity: number }[], destination: object = MONTREAL) => ({
  lines,
  destination,
});

/** The rate request as Shopify sends it, with grams and cents. */
function rateBody(grams = 1500, country = "CA", postal = "H2B 1A0") {
  return JSON.stringify({
    rate: {
      origin: { country: "CA", postal_code: "K2B8J6", province: "ON", city: "Ottawa" },
      destination: { country, postal_code: postal, province: "QC", city: "Montréal" },
      items: [
        {
          name: "Box",
          sku: "X",
          quantity: 1,
          grams,
          price: 2500,
          requires_shipping: true,
          variant_id: 1,
          product_id: 1,
        },
      ],
      currency: "CAD",
      locale: "en",
    },
  });
}

const sign = (body: string, secret = LOCAL_API_SECRET) =>
  createHmac("sha256", secret).update(body).digest("base64");

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(`${t.stack.appUrl}/carrier-service/rates`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-shop-domain": t.stack.shop, ...headers },
    body,
  });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeEach(async () => {
  await t.stack.control("POST", "settings", { rateCache: false });
  await simulator(t.stack, "DELETE", "faults");
});

test("checkout shows Canada Post's rates in Shopify's format: cents, Canada Post's codes, delivery dates", async () => {
  const { json } = await t.stack.control("POST", "checkout", cart([{ sku: "MG-SYRUP-540", quantity: 2 }]));
  expect(json.backupRatesUsed).toBe(false);
  const codes = json.rates.map((r: { serviceCode: string }) => r.serviceCode);
  expect(codes).toEqual(expect.arrayContaining(["DOM.RP", "DOM.EP", "DOM.XP"]));
  for (const r of json.rates) {
    expect(Number.isInteger(r.totalPrice)).toBe(true);
    expect(r.currency).toBe("CAD");
    expect(r.minDeliveryDate).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00 [-+]\d{4}$/);
  }
});

test("a forged or missing signature is refused (401) and costs no Canada Post call", async () => {
  const before = await rateCalls(t.stack);
  const body = rateBody(1234);
  expect((await post(body, { "x-shopify-hmac-sha256": sign(body, "not-the-secret") })).status).toBe(401);
  expect((await post(body, {})).status).toBe(401);
  expect((await post(`${body} `, { "x-shopify-hmac-sha256": sign(body) })).status).toBe(401);
  expect(await rateCalls(t.stack)).toBe(before);
  const good = await post(body, { "x-shopify-hmac-sha256": sign(body) });
  expect(good.status).toBe(200);
  expect(good.json.rates.length).toBeGreaterThan(0);
  expect(await rateCalls(t.stack)).toBe(before + 1);
});

test("nothing that can ship (over 30 kg a unit) is an empty list, not an error", async () => {
  const body = rateBody(31_000);
  const answer = await post(body, { "x-shopify-hmac-sha256": sign(body) });
  expect(answer).toEqual({ status: 200, json: { rates: [] } });
});

test("an address Canada Post cannot read gets no rate and costs no call", async () => {
  const before = await rateCalls(t.stack);
  const body = rateBody(800, "CA", "99999");
  const answer = await post(body, { "x-shopify-hmac-sha256": sign(body) });
  expect(answer).toEqual({ status: 200, json: { rates: [] } });
  expect(await rateCalls(t.stack)).toBe(before);
});

test("identical parcels share one Canada Post call: carts asked for at once, then from the cache", async () => {
  const before = await rateCalls(t.stack);
  const body = rateBody(2222);
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => post(body, { "x-shopify-hmac-sha256": sign(body) })),
  );
  expect(answers.every((a) => a.status === 200 && a.json.rates.length > 0)).toBe(true);
  await post(body, { "x-shopify-hmac-sha256": sign(body) });
  expect(await rateCalls(t.stack)).toBe(before + 1);
});

test("Canada Post hanging: the merchant's fallback rates within the deadline; with none, Shopify's backup rates", async () => {
  await simulator(t.stack, "POST", "faults", { path: "^/rs/ship/price$", hang: true });
  // No fallback rates configured: a 503 within the deadline, and Shopify shows its backup rates.
  let started = Date.now();
  let checkout = await t.stack.control("POST", "checkout", cart([{ sku: "MG-MUG-CERAMIC", quantity: 3 }]));
  expect(Date.now() - started).toBeLessThan(4000);
  expect(checkout.json.backupRatesUsed).toBe(true);
  expect(checkout.json.carriers[0].status).toBe(503);
  expect(checkout.json.rates.map((r: { serviceName: string }) => r.serviceName)).toContain(
    "Standard shipping",
  );

  const saved = await t.stack.api("PUT", "/api/settings", {
    merchant: {
      quotes: {
        deadlineMs: 1000,
        fallbackRates: { "DOM.EP": { amount: 19.99, name: "Expedited (estimated)" } },
      },
    },
  });
  expect(saved.status).toBe(200);
  started = Date.now();
  checkout = await t.stack.control("POST", "checkout", cart([{ sku: "MG-MUG-CERAMIC", quantity: 4 }]));
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(900);
  expect(took).toBeLessThan(2500);
  expect(checkout.json.backupRatesUsed).toBe(false);
  expect(checkout.json.rates).toEqual([
    expect.objectContaining({
      serviceCode: "DOM.EP",
      serviceName: "Expedited (estimated)",
      totalPrice: 1999,
      description: "Estimated rate",
    }),
  ]);
  await simulator(t.stack, "DELETE", "faults");
  await t.stack.api("PUT", "/api/settings", { merchant: { quotes: null } });
});

test("a destination no enabled service reaches is an empty list", async () => {
  await t.stack.api("PUT", "/api/settings", {
    merchant: { services: [{ code: "DOM.EP" }, { code: "DOM.RP" }] },
  });
  const { json } = await t.stack.control(
    "POST",
    "checkout",
    cart([{ sku: "MG-SYRUP-540", quantity: 1 }], {
      country: "US",
      postal_code: "98109",
      province: "WA",
      city: "Seattle",
    }),
  );
  expect(json.carriers[0]).toMatchObject({ outcome: "rates", status: 200, rates: [] });
  await t.stack.api("PUT", "/api/settings", { merchant: { services: null } });
});
