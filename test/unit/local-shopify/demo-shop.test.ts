import type { RunningLocalShopify } from "../../../src/local-shopify";
import { adminGraphql, control, installToken, SHOP, startShop } from "./helpers";

/** The demo shop the local Shopify starts with: Maple Goods in Ottawa, its catalogue and its orders. */

let running: RunningLocalShopify;
let token: string;

beforeAll(async () => {
  running = await startShop();
  token = await installToken(running, ["read_orders", "read_products", "read_locations", "read_shipping"]);
});
afterAll(() => running.close());

it("serves maple-goods.myshopify.local at its URL", () => {
  expect(running.shopDomain).toBe(SHOP);
  expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(running.shops).toEqual([{ domain: SHOP, url: running.url }]);
});

it("is in Ottawa (502 Main St N, K2B 8J6), in CAD and Toronto's time zone, with one location", async () => {
  const { body } = await adminGraphql(
    running,
    token,
    `{ shop { name currencyCode ianaTimezone billingAddress { address1 city provinceCode zip countryCodeV2 } }
       locations(first: 5) { nodes { name isPrimary address { address1 city provinceCode zip countryCode } } } }`,
  );
  expect(body.data).toEqual({
    shop: {
      name: "Maple Goods",
      currencyCode: "CAD",
      ianaTimezone: "America/Toronto",
      billingAddress: {
        address1: "502 Main St N",
        city: "Ottawa",
        provinceCode: "ON",
        zip: "K2B 8J6",
        countryCodeV2: "CA",
      },
    },
    locations: {
      nodes: [
        {
          name: "Ottawa warehouse",
          isPrimary: true,
          address: {
            address1: "502 Main St N",
            city: "Ottawa",
            provinceCode: "ON",
            zip: "K2B 8J6",
            countryCode: "CA",
          },
        },
      ],
    },
  });
});

it("sells five products with real weights, all but the tuque with canada_post dimensions", async () => {
  const { body } = await adminGraphql(
    running,
    token,
    `{ productVariants(first: 10) { nodes { sku price inventoryItem { measurement { weight { value } } }
       l: metafield(namespace: "canada_post", key: "length") { value } w: metafield(namespace: "canada_post", key: "width") { value } h: metafield(namespace: "canada_post", key: "height") { value } } } }`,
  );
  type Row = {
    sku: string;
    price: string;
    inventoryItem: { measurement: { weight: { value: number } } };
  } & Record<"l" | "w" | "h", { value: string } | null>;
  const rows = body.data.productVariants.nodes.map((v: Row) => [
    v.sku,
    v.price,
    v.inventoryItem.measurement.weight.value,
    v.l?.value ?? null,
    v.w?.value ?? null,
    v.h?.value ?? null,
  ]);
  expect(rows).toEqual([
    ["MG-SYRUP-540", "18.00", 540, "10", "10", "15"],
    ["MG-BLANKET-WOOL", "149.00", 1800, "40", "30", "15"],
    ["MG-MUG-CERAMIC", "24.00", 450, "12", "10", "10"],
    ["MG-PADDLE-CANOE", "89.00", 900, "150", "20", "5"],
    ["MG-TUQUE-KNIT", "32.00", 120, null, null, null],
  ]);
});

it("has three unfulfilled orders: Montréal H2B 1A0, Toronto and the US", async () => {
  const { body } = await adminGraphql(
    running,
    token,
    `{ orders(first: 10, query: "fulfillment_status:unfulfilled") { nodes { name displayFulfillmentStatus shippingLine { code source }
       shippingAddress { city provinceCode zip countryCodeV2 } } } }`,
  );
  expect(body.data.orders.nodes).toEqual([
    {
      name: "#1001",
      displayFulfillmentStatus: "UNFULFILLED",
      shippingLine: { code: "DOM.EP", source: "Canada Post" },
      shippingAddress: { city: "Montréal", provinceCode: "QC", zip: "H2B 1A0", countryCodeV2: "CA" },
    },
    {
      name: "#1002",
      displayFulfillmentStatus: "UNFULFILLED",
      shippingLine: { code: "DOM.XP", source: "Canada Post" },
      shippingAddress: { city: "Toronto", provinceCode: "ON", zip: "M5V 3L9", countryCodeV2: "CA" },
    },
    {
      name: "#1003",
      displayFulfillmentStatus: "UNFULFILLED",
      shippingLine: { code: "USA.EP", source: "Canada Post" },
      shippingAddress: { city: "Seattle", provinceCode: "WA", zip: "98109", countryCodeV2: "US" },
    },
  ]);
});

it("keeps backup rates and lists the app among its apps", async () => {
  const { json } = await control(running, "GET", "state");
  expect(json.shops[0].backupRates).toEqual([
    { name: "Standard shipping", price: 1500, countries: ["CA"] },
    { name: "Express shipping", price: 2900, countries: ["CA"] },
    { name: "International shipping", price: 3900 },
  ]);
  expect(json.apps.map((a: { apiKey: string }) => a.apiKey)).toEqual(["test-client-id"]);
  expect(json.shops[0].tokens[0].token).toMatch(/^shpat_[0-9a-f]{4}…[0-9a-f]{4}$/);
  const page = await (await fetch(`${running.url}/admin`)).text();
  expect(page).toContain("Maple Goods");
  expect(page).toContain("#1001");
});
