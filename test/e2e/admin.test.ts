import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BrowserContext } from "playwright-core";
import { FIRST_ADMIN_LOAD_MS, launchBrowser, logInToAdmin } from "./support/browser";
import { ARTIFACTS, startDemoStore, type DemoStore } from "./support/demo-store";
import { orderWithLabel } from "./support/order";

/**
 * The admin in a real browser (Debian's chromium): the merchant logs in, sees the order's Canada Post
 * shipment, opens its label, voids it, and opens the manifests page. Boots the demo store itself.
 */
const DATABASE_URL = "postgres://postgres@localhost:5432/cp_e2e_admin";
const FIRST_LOAD_MS = FIRST_ADMIN_LOAD_MS;

const timings: Record<string, number> = {};
// Written after the store stops: a file written in the repository restarts medusa develop mid-test.
const screenshots: Record<string, Buffer> = {};
async function timed<T>(what: string, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await body();
  } finally {
    timings[what] = Date.now() - started;
  }
}

let store: DemoStore | undefined;
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;

beforeAll(async () => {
  store = await timed("boot demo store", () => startDemoStore(DATABASE_URL, 6 * 60_000));
  ({ context, close: closeBrowser } = await launchBrowser());
}, 8 * 60_000);

afterAll(async () => {
  await closeBrowser?.();
  await store?.stop();
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [name, png] of Object.entries(screenshots)) writeFileSync(resolve(ARTIFACTS, name), png);
  console.log(`admin e2e timings (ms): ${JSON.stringify(timings)}`);
}, 60_000);

test(
  "the merchant voids a Canada Post label from the order page and opens the manifests",
  async () => {
    const baseUrl = store!.baseUrl;
    const { orderId, pin } = await timed("order with label over HTTP", () => orderWithLabel(baseUrl));
    const page = await context!.newPage();

    await timed("log in (first admin load)", () => logInToAdmin(page, baseUrl));

    const widget = page.getByTestId("canada-post-shipments");
    const shipment = widget.getByTestId("canada-post-shipment");
    await timed("order page with widget", async () => {
      await page.goto(`${baseUrl}/app/orders/${orderId}`, { timeout: FIRST_LOAD_MS });
      await shipment.waitFor({ timeout: FIRST_LOAD_MS });
    });
    await expect(shipment.textContent()).resolves.toContain(pin);
    await expect(shipment.getByTestId("canada-post-status").textContent()).resolves.toContain("created");
    screenshots["admin-order-widget.png"] = await widget.screenshot();

    const href = await shipment.getByTestId("canada-post-label").getAttribute("href");
    expect(href).toBeTruthy();
    const label = await page.request.get(href!);
    expect(label.status()).toBe(200);
    expect(label.headers()["content-type"]).toMatch(/^application\/pdf/);
    expect((await label.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // The label previewed in the page, from the same route, ready to print.
    await shipment.getByTestId("canada-post-label-preview-toggle").click();
    const preview = shipment.getByTestId("canada-post-label-preview");
    await preview.waitFor();
    expect(await preview.getAttribute("src")).toBe(href);

    await timed("void label", async () => {
      await shipment.getByTestId("canada-post-void-or-refund").click();
      const dialog = page.getByRole("alertdialog");
      await expect(dialog.textContent()).resolves.toContain("Canada Post cancels this label");
      await dialog.getByRole("button", { name: "Void label" }).click();
      await shipment
        .getByTestId("canada-post-status")
        .filter({ hasText: "voided" })
        .waitFor({ timeout: 30_000 });
    });
    await expect(shipment.getByTestId("canada-post-void-or-refund").count()).resolves.toBe(0);
    screenshots["admin-order-widget-voided.png"] = await widget.screenshot();

    await timed("manifests page", async () => {
      await page.goto(`${baseUrl}/app/canada-post-manifests`, { timeout: FIRST_LOAD_MS });
      await page.getByRole("heading", { name: "Canada Post manifests" }).waitFor({ timeout: FIRST_LOAD_MS });
      await page.getByText("mode: manifest").waitFor({ timeout: 30_000 });
    });
    screenshots["admin-manifests.png"] = await page.screenshot({ fullPage: true });

    // French: Medusa's admin keeps the chosen language in the lng cookie; the widgets follow it.
    await timed("French order page", async () => {
      await context!.addCookies([{ name: "lng", value: "fr", url: baseUrl }]);
      await page.goto(`${baseUrl}/app/orders/${orderId}`, { timeout: FIRST_LOAD_MS });
      await widget.getByRole("heading", { name: "Postes Canada" }).waitFor({ timeout: 60_000 });
      await shipment
        .getByTestId("canada-post-status")
        .filter({ hasText: "annulé" })
        .waitFor({ timeout: 30_000 });
    });
    screenshots["admin-order-widget-fr.png"] = await widget.screenshot();
  },
  10 * 60_000,
);
