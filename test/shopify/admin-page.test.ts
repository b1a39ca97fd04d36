/**
 * What the app serves the embedded admin besides its JSON: the built pages at the app's URL (the client id
 * and the App Bridge script filled in, framed only by Shopify's admin and, here, the local one), its assets,
 * one file for a batch of labels, and the catalogue the rate preview builds a cart from.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { APP_BRIDGE_CDN } from "../../src/shopify/admin-page";
import { MONTREAL, useStack } from "./support";

const dist = mkdtempSync(join(tmpdir(), "cp-admin-dist-"));
mkdirSync(join(dist, "assets"));
writeFileSync(
  join(dist, "index.html"),
  `<!doctype html><html><head><meta name="shopify-api-key" content="__SHOPIFY_API_KEY__" /><script src="${APP_BRIDGE_CDN}"></script><script type="module" src="/assets/app-1.js"></script></head><body><div id="root"></div></body></html>`,
);
writeFileSync(join(dist, "assets", "app-1.js"), "console.log('admin')");

const t = useStack({ adminDist: dist });

test("each page of the embedded admin is the built index.html, with the client id and the App Bridge script", async () => {
  for (const path of ["/", "/orders", "/shipments", "/manifests", "/settings"]) {
    const res = await fetch(`${t.stack.appUrl}${path}?embedded=1&shop=${t.stack.shop}&host=x`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<meta name="shopify-api-key" content="canada-post-local" />');
    // In this development run the local Shopify's stand-in replaces Shopify's CDN script; the build keeps the CDN.
    expect(html).toContain(`<script src="${t.stack.local.url}/__shopify/app-bridge.js">`);
    expect(html).not.toContain("cdn.shopify.com");
    expect(res.headers.get("content-security-policy")).toBe(
      `frame-ancestors https://admin.shopify.com https://${t.stack.shop} ${t.stack.local.url};`,
    );
  }
  const asset = await fetch(`${t.stack.appUrl}/assets/app-1.js`);
  expect(asset.headers.get("content-type")).toMatch(/^text\/javascript/);
  expect(asset.headers.get("cache-control")).toContain("immutable");
  expect((await fetch(`${t.stack.appUrl}/assets/..%2Fsecret`)).status).toBe(404);
});

test("opened by the admin with its signed launch and id_token the page loads, and still loads with a stale token", async () => {
  const launch = await fetch(`${t.stack.local.url}/__shopify/launch`, { redirect: "manual" });
  const url = new URL(launch.headers.get("location")!);
  expect((await fetch(url)).status).toBe(200);
  url.searchParams.set("id_token", "a.b.c");
  expect((await fetch(url)).status).toBe(200);
});

test("the local admin frames the app and serves its App Bridge stand-in", async () => {
  const frame = await (await fetch(`${t.stack.local.url}/admin/apps/canada-post-local/orders`)).text();
  expect(frame).toMatch(
    /<iframe id="app-iframe"[^>]* src="http:\/\/127\.0\.0\.1:\d+\/orders\?embedded=1&amp;host=/,
  );
  const script = await fetch(`${t.stack.local.url}/__shopify/app-bridge.js`);
  expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
  expect(await script.text()).toContain("window.shopify = {");
});

test("several labels as one PDF, page after page", async () => {
  const ids: string[] = [];
  for (const sku of ["MG-SYRUP-540", "MG-MUG-CERAMIC"]) {
    const { json: order } = await t.stack.control("POST", "orders", {
      lines: [{ sku, quantity: 1 }],
      shippingAddress: { ...MONTREAL, zip: MONTREAL.postal_code, provinceCode: "QC", countryCode: "CA" },
      shippingLine: { code: "DOM.EP", title: "Expedited Parcel", source: "Canada Post", price: "16.96" },
    });
    const bought = await t.stack.api("POST", `/api/orders/${encodeURIComponent(order.id)}/labels`, {});
    expect(bought.status).toBe(201);
    ids.push(...bought.json.fulfillments[0].shipments.map((s: { id: string }) => s.id));
  }
  const res = await fetch(`${t.stack.appUrl}/api/labels/merged`, {
    method: "POST",
    headers: { authorization: `Bearer ${await t.stack.sessionToken()}`, "content-type": "application/json" },
    body: JSON.stringify({ shipment_ids: ids }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  const pdf = await PDFDocument.load(Buffer.from(await res.arrayBuffer()));
  expect(pdf.getPageCount()).toBe(2);

  const unknown = await t.stack.api("POST", "/api/labels/merged", { shipment_ids: ["999999"] });
  expect(unknown.status).toBe(404);
  const bad = await t.stack.api("POST", "/api/labels/merged", { shipment_ids: [] });
  expect(bad.status).toBe(400);
});

test("the catalogue for the rate preview: each variant with its weight, price and known sizes", async () => {
  const { status, json } = await t.stack.api("GET", "/api/products");
  expect(status).toBe(200);
  const syrup = json.variants.find((v: { sku: string }) => v.sku === "MG-SYRUP-540");
  expect(syrup).toMatchObject({ grams: expect.any(Number), price_cents: expect.any(Number) });
  expect(syrup.grams).toBeGreaterThan(0);
  const tuque = json.variants.find((v: { title: string }) => /tuque/i.test(v.title));
  expect(tuque.dimensions_cm).toBeNull();
});
