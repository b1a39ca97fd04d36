import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { ensureAdminBuilt } from "../../scripts/shopify/admin-build";
import { LOCAL_API_KEY, startLocalStack, type LocalStack } from "../../scripts/shopify/local-stack";
import { dropDatabase, quiet, testDatabaseUrl } from "../shopify/support";
import { launchBrowser } from "./support/browser";

/**
 * The Shopify embedded admin in Debian's chromium, served by the app, framed by the local Shopify's admin the
 * way Shopify's admin frames it, with its App Bridge stand-in handing out session tokens signed like
 * Shopify's. The merchant's day: a settings mistake shown under its field, manifest mode saved, a label
 * created (its PIN, its PDF opened and downloaded), voided; two orders labelled in one go; the day's group
 * transmitted with its manifest; the admin in French; Connect with Canada Post and back connected.
 * Its own database and free ports; screenshots under test-artifacts/.
 */
const ARTIFACTS = resolve(__dirname, "../../test-artifacts");
const WAIT = 30_000;

let stack: LocalStack | undefined;
let databaseUrl: string;
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
let app: FrameLocator;
const screenshots: Record<string, Buffer> = {};

beforeAll(async () => {
  await ensureAdminBuilt();
  databaseUrl = testDatabaseUrl();
  stack = await startLocalStack({ databaseUrl, logger: quiet });
  ({ context, close: closeBrowser } = await launchBrowser({ viewport: { width: 1440, height: 1100 } }));
  page = await context.newPage();
  app = page.frameLocator("#app-iframe");
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await stack?.close();
  if (databaseUrl) await dropDatabase(databaseUrl);
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [name, png] of Object.entries(screenshots)) writeFileSync(resolve(ARTIFACTS, name), png);
}, 60_000);

const adminUrl = (path = "") => `${stack!.local.url}/admin/apps/${LOCAL_API_KEY}${path}`;
const toast = (text: string | RegExp) => page.getByTestId("admin-toast").filter({ hasText: text }).first();
const nav = (name: string) => page.locator("#app-nav a", { hasText: name }).click();

test("the merchant's settings: a mistake shown under its field, then manifest mode saved", async () => {
  await page.goto(adminUrl("/settings"));
  const postal = app.getByLabel("Postal code", { exact: true });
  await postal.waitFor({ timeout: WAIT });
  await postal.fill("12345");
  await app.getByRole("button", { name: "Save" }).click();
  const inline = app.locator("#field-merchant\\.origin\\.postalCodeError");
  await inline.waitFor({ timeout: WAIT });
  expect(await inline.textContent()).toMatch(/not a Canadian postal code/);
  screenshots["shopify-admin-settings-error.png"] = await page.screenshot({ fullPage: true });

  await postal.fill("K2B 8J6");
  await app.getByLabel("Shipment mode").selectOption("manifest");
  await app.getByRole("button", { name: "Save" }).click();
  await toast("Settings saved").waitFor({ timeout: WAIT });
  const { json } = await stack!.api("GET", "/api/settings");
  expect(json.merchant.shipments.mode).toBe("manifest");
  expect(json.merchant.origin.postalCode).toMatch(/^K2B ?8J6$/);
}, 120_000);

test("a label for an order: its PIN, its PDF opened and downloaded, then voided", async () => {
  await nav("Orders to ship");
  const row = app.getByRole("row").filter({ hasText: "#1001" });
  await row.waitFor({ timeout: WAIT });
  await row.getByText("DOM.EP").waitFor();
  // Checkout's $15.84 against Canada Post's price for the same parcels now.
  await row.getByText("$15.84").waitFor();
  await row.getByText(/than checkout/).waitFor({ timeout: WAIT });
  screenshots["shopify-admin-orders.png"] = await page.screenshot({ fullPage: true });
  await row.getByRole("button", { name: "Create label" }).click();
  const created = toast(/Label created for #1001: PIN \d+/);
  await created.waitFor({ timeout: WAIT });
  const pin = /PIN (\d+)/.exec((await created.textContent())!)![1]!;

  await nav("Shipments");
  const shipment = app.getByRole("row").filter({ hasText: pin });
  await shipment.waitFor({ timeout: WAIT });
  expect(await shipment.getByRole("link", { name: pin }).getAttribute("href")).toContain(pin);
  await shipment.getByText("Created", { exact: true }).waitFor();
  screenshots["shopify-admin-shipments.png"] = await page.screenshot({ fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: WAIT }),
    shipment.getByRole("button", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`label-${pin}.pdf`);
  expect(
    readFileSync((await download.path())!)
      .subarray(0, 5)
      .toString("latin1"),
  ).toBe("%PDF-");
  const [opened] = await Promise.all([
    context!.waitForEvent("page", { timeout: WAIT }),
    shipment.getByRole("button", { name: "Open" }).click(),
  ]);
  expect(opened.url()).toMatch(/^blob:/);
  await opened.close();

  await shipment.getByRole("button", { name: "Void or refund" }).click();
  const dialog = app.getByRole("dialog");
  await dialog.getByText(`Canada Post cancels label ${pin}`).waitFor({ timeout: WAIT });
  await dialog.getByRole("button", { name: "Void or refund" }).click();
  await toast(`Label ${pin} voided`).waitFor({ timeout: WAIT });
  await shipment.getByText("Voided", { exact: true }).waitFor({ timeout: WAIT });
}, 120_000);

test("two orders labelled at once, then the day's group transmitted with its manifest", async () => {
  await nav("Orders to ship");
  for (const name of ["#1001", "#1002"]) {
    const row = app.getByRole("row").filter({ hasText: name });
    await row.waitFor({ timeout: WAIT });
    await row.getByRole("checkbox").check();
  }
  await app.getByRole("button", { name: "Create 2 labels" }).click();
  await toast("2 label(s) created").waitFor({ timeout: 60_000 });

  await nav("Manifests");
  const waiting = app.getByTestId("waiting-groups");
  await waiting.waitFor({ timeout: WAIT });
  expect(await waiting.textContent()).toMatch(/-\d{8}/);
  screenshots["shopify-admin-manifests-waiting.png"] = await page.screenshot({ fullPage: true });
  await app.getByRole("button", { name: "Transmit 1 group(s)" }).click();
  await app.getByRole("dialog").getByRole("button", { name: "Transmit" }).click();
  await toast("2 label(s) transmitted").waitFor({ timeout: 60_000 });
  const history = app.getByTestId("manifest-history");
  await history.getByRole("button", { name: "Manifest PDF" }).waitFor({ timeout: WAIT });
  screenshots["shopify-admin-manifests.png"] = await page.screenshot({ fullPage: true });
}, 120_000);

test("the admin follows the merchant's language: French", async () => {
  await page.locator("#admin-locale").selectOption("fr");
  await app.getByRole("heading", { name: "Manifestes" }).waitFor({ timeout: WAIT });
  await page.locator("#app-nav a", { hasText: "Commandes à expédier" }).click();
  await app.getByRole("heading", { name: "Commandes à expédier" }).waitFor({ timeout: WAIT });
  screenshots["shopify-admin-fr.png"] = await page.screenshot({ fullPage: true });
  await page.locator("#admin-locale").selectOption("en");
  await app.getByRole("heading", { name: "Orders to ship" }).waitFor({ timeout: WAIT });
}, 120_000);

test("Connect with Canada Post from the Settings page, and back connected", async () => {
  await nav("Settings");
  const card = app.getByTestId("canada-post-connection");
  const state = card.getByTestId("connection-state");
  await state.and(app.locator('[data-state="not_connected"]')).waitFor({ timeout: WAIT });
  await card.getByRole("button", { name: "Connect with Canada Post" }).click();
  await page.waitForURL(/\/information\/app\/drc\/merchant/, { timeout: WAIT });
  screenshots["shopify-admin-connect-canada-post.png"] = await page.screenshot({ fullPage: true });
  await page.getByLabel("Create a new business account").check();
  await page.getByLabel("Business name").fill("Maple Goods Online");
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/\/admin\/apps\/[^/]+\/settings/, { timeout: WAIT });
  await app.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: WAIT });
  expect(await card.getByTestId("connected-account").textContent()).toMatch(
    /Customer number \d+, no contract/,
  );
  await card.getByText("the connected Canada Post account").waitFor();
  screenshots["shopify-admin-connected.png"] = await page.screenshot({ fullPage: true });
  const { json } = await stack!.api("GET", "/api/connection");
  expect(json.connection).toMatchObject({ state: "connected", source: "connection" });
}, 120_000);
