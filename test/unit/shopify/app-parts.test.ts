/**
 * The Shopify app's pure parts: credentials sealed at rest, the body signature, the configuration's
 * refusals, and Shopify's rate request and answer translated (grams and cents in, cents and dates out).
 */
import { createHmac } from "node:crypto";
import { appConfigFrom, AppConfigError } from "../../../src/shopify/config";
import { bodySignatureValid } from "../../../src/shopify/hmac";
import {
  cartLinesOf,
  rateRequestOf,
  RateRequestError,
  shopifyRatesOf,
  subtotalOf,
} from "../../../src/shopify/rate-request";
import { decodeKey, open, seal, SecretBoxError } from "../../../src/shopify/secret-box";
import { fulfilledLinesOf, trackingInputOf } from "../../../src/shopify/order-mapping";
import type { ShipmentRecord } from "../../../src/shipping/shipments";

const KEY = Buffer.alloc(32, 3);

test("credentials are sealed with AES-256-GCM: a new nonce each time, tampering and the wrong key refused", () => {
  const a = seal('{"username":"u","password":"p"}', KEY);
  const b = seal('{"username":"u","password":"p"}', KEY);
  expect(a).not.toBe(b);
  expect(a).not.toContain("password");
  expect(open(a, KEY)).toBe('{"username":"u","password":"p"}');
  expect(() => open(a, Buffer.alloc(32, 4))).toThrow(SecretBoxError);
  const parts = a.split(":");
  parts[3] = Buffer.from("tampered").toString("base64url");
  expect(() => open(parts.join(":"), KEY)).toThrow(/cannot be decrypted/);
  expect(decodeKey(KEY.toString("base64"))).toEqual(KEY);
  expect(decodeKey(KEY.toString("hex"))).toEqual(KEY);
  expect(() => decodeKey("c2hvcnQ=")).toThrow(/32 bytes/);
});

test("the body signature: base64 HMAC-SHA256 of the raw bytes with the app's secret", () => {
  const body = Buffer.from('{"rate":{}}');
  const good = createHmac("sha256", "secret").update(body).digest("base64");
  expect(bodySignatureValid(body, good, "secret")).toBe(true);
  expect(bodySignatureValid(body, good, "other")).toBe(false);
  expect(bodySignatureValid(Buffer.from('{"rate":{} }'), good, "secret")).toBe(false);
  expect(bodySignatureValid(body, undefined, "secret")).toBe(false);
  expect(bodySignatureValid(body, "short", "secret")).toBe(false);
});

test("the configuration names every missing variable, and production needs the encryption key and https", () => {
  expect(() => appConfigFrom({})).toThrow(AppConfigError);
  try {
    appConfigFrom({ NODE_ENV: "production", SHOPIFY_APP_URL: "http://app.example.com" });
  } catch (e) {
    const m = (e as Error).message;
    for (const v of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_ENCRYPTION_KEY", "must be https"])
      expect(m).toContain(v);
    expect(m).not.toMatch(/secret-value/);
  }
  const c = appConfigFrom({
    SHOPIFY_API_KEY: "k",
    SHOPIFY_API_SECRET: "s",
    SHOPIFY_APP_URL: "https://app.example.com",
    SHOPIFY_SCOPES: "write_shipping,read_orders",
    SHOPIFY_APP_ENCRYPTION_KEY: KEY.toString("base64"),
  });
  expect(c).toMatchObject({ scopes: ["write_shipping", "read_orders"], developmentKey: false, port: 3000 });
  expect(c.databaseUrl).toMatch(/\/canada_post_shopify$/);
});

const request = {
  rate: {
    origin: { country: "CA", postal_code: "K2B8J6" },
    destination: { country: "CA", postal_code: "H2B1A0" },
    items: [
      {
        name: "Syrup",
        sku: "S",
        quantity: 2,
        grams: 540,
        price: 1800,
        requires_shipping: true,
        variant_id: 11,
      },
      {
        name: "Gift card",
        sku: "G",
        quantity: 1,
        grams: 0,
        price: 5000,
        requires_shipping: false,
        variant_id: 12,
      },
      {
        name: "Tuque",
        sku: "T",
        quantity: 1,
        grams: 120,
        price: 3200,
        requires_shipping: true,
        variant_id: 13,
      },
    ],
    currency: "CAD",
    order_totals: { subtotal_price: "13800" },
  },
};

test("rate.items to cart lines: grams, the variant's sizes when known, cents to dollars, nothing that needs no shipping", () => {
  const rate = rateRequestOf(request);
  const lines = cartLinesOf(rate, new Map([[11, { length: 10, width: 10, height: 15 }]]));
  expect(lines).toEqual([
    expect.objectContaining({
      id: "11",
      quantity: 2,
      weight: 540,
      weightUnit: "g",
      length: 10,
      height: 15,
      value: 18,
    }),
    expect.objectContaining({ id: "13", quantity: 1, weight: 120, length: undefined, value: 32 }),
  ]);
  expect(subtotalOf(rate)).toBe(138);
  expect(() => rateRequestOf({})).toThrow(RateRequestError);
  expect(() => rateRequestOf({ rate: { destination: {}, items: [{ quantity: 1.5, grams: 1 }] } })).toThrow(
    /whole quantity/,
  );
});

test("quotes to Shopify's rates: cents as text, Canada Post's code, the expected date with the shop's offset", () => {
  const rates = shopifyRatesOf(
    {
      source: "canada-post",
      parcels: [],
      quotes: [
        {
          serviceCode: "DOM.EP",
          name: "Expedited Parcel",
          amount: 16.96,
          transitDays: 4,
          expectedDeliveryDate: "2026-07-03",
          guaranteed: true,
          breakdown: { base: 13.86, options: 0, adjustments: 0, taxes: 2.21, due: 16.96 },
        },
      ],
    },
    "CAD",
    "America/Toronto",
  );
  expect(rates).toEqual([
    {
      service_name: "Expedited Parcel",
      service_code: "DOM.EP",
      total_price: "1696",
      description: "4 business days, guaranteed",
      currency: "CAD",
      min_delivery_date: "2026-07-03 00:00:00 -0400",
      max_delivery_date: "2026-07-03 00:00:00 -0400",
    },
  ]);
});

test("tracking for fulfillmentCreate: one PIN as number and url, several as numbers and urls; lines summed", () => {
  const rec = (pin: string, items: { lineId: string; quantity: number }[]) =>
    ({ trackingPin: pin, parcel: { items } }) as unknown as ShipmentRecord;
  expect(trackingInputOf([rec("1", [])])).toEqual({
    company: "Canada Post",
    number: "1",
    url: expect.stringContaining("/1"),
  });
  const two = trackingInputOf([rec("1", []), rec("2", [])]);
  expect(two).toMatchObject({ company: "Canada Post", numbers: ["1", "2"] });
  expect(two).not.toHaveProperty("url");
  expect(
    fulfilledLinesOf([
      rec("1", [{ lineId: "a", quantity: 1 }]),
      rec("2", [
        { lineId: "a", quantity: 2 },
        { lineId: "b", quantity: 1 },
      ]),
    ]),
  ).toEqual([
    { id: "a", quantity: 3 },
    { id: "b", quantity: 1 },
  ]);
});
