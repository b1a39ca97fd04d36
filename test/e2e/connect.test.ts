import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BrowserContext } from "playwright-core";
import { FIRST_ADMIN_LOAD_MS, launchBrowser, logInToAdmin } from "./support/browser";
import { ARTIFACTS, startDemoStore, type DemoStore } from "./support/demo-store";
import { orderWithLabel } from "./support/order";

/**
 * Connect with Canada Post in a real browser, on `npm start` with no variable set: the merchant clicks
 * Connect, signs in on the simulated Canada Post page, cancels once (nothing connected), then approves a new
 * business account and comes back connected; a label bought afterwards goes with the merchant's new key (the
 * simulator's log names it). Its own database and port.
 */
const DATABASE_URL = "postgres://postgres@localhost:5432/canada_post_e2e_connect";
const FIRST_LOAD_MS = FIRST_ADMIN_LOAD_MS;

let store: DemoStore | undefined;
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
const screenshots: Record<string, Buffer> = {};

beforeAll(async () => {
  store = await startDemoStore(DATABASE_URL, 6 * 60_000);
  ({ context, close: closeBrowser } = await launchBrowser());
}, 8 * 60_000);

afterAll(async () => {
  await closeBrowser?.();
  await store?.stop();
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [name, png] of Object.entries(screenshots)) writeFileSync(resolve(ARTIFACTS, name), png);
}, 60_000);

test(
  "the merchant connects the demo store to Canada Post with the button and buys a label with the new account",
  async () => {
    const baseUrl = store!.baseUrl;
    const page = await context!.newPage();
    await logInToAdmin(page, baseUrl);
    const panel = page.getByTestId("canada-post-connection");
    const state = panel.getByTestId("canada-post-connection-state");
    await page.goto(`${baseUrl}/app/canada-post-settings`, { timeout: FIRST_LOAD_MS });
    await state.filter({ hasText: "not_connected" }).waitFor({ timeout: FIRST_LOAD_MS });
    await panel.getByText("the built-in simulator's test account").waitFor();

    // Cancelled at Canada Post: back on the page, nothing connected.
    await panel.getByRole("button", { name: "Connect with Canada Post" }).click();
    await page.waitForURL(/\/information\/app\/drc\/merchant/, { timeout: 60_000 });
    const simulator = new URL(page.url()).origin;
    screenshots["connect-canada-post-page.png"] = await page.screenshot({ fullPage: true });
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.waitForURL(/canada-post-settings\?connection_error=cancelled/, { timeout: 60_000 });
    await panel.getByText("You cancelled at Canada Post").waitFor({ timeout: 60_000 });
    await state.filter({ hasText: "not_connected" }).waitFor();

    // Approved with a new business account (card on file): connected.
    await panel.getByRole("button", { name: "Connect with Canada Post" }).click();
    await page.waitForURL(/\/information\/app\/drc\/merchant/, { timeout: 60_000 });
    await page.getByLabel("Create a new business account").check();
    await page.getByLabel("Business name").fill("Maple Goods Online");
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/canada-post-settings\?connected=1/, { timeout: 60_000 });
    await state.filter({ hasText: /^connected$/ }).waitFor({ timeout: 60_000 });
    const account = await panel.getByTestId("canada-post-connected-account").textContent();
    expect(account).toMatch(/Customer number \d+, no contract, credit card on file/);
    await panel.getByText("the account connected with Canada Post").waitFor();
    screenshots["connect-connected.png"] = await page.screenshot({ fullPage: true });

    const accounts = (await (await fetch(`${simulator}/__simulator/accounts`)).json()) as {
      keys: { username: string; customerNumber: string; platformId?: string }[];
    };
    const key = accounts.keys.find((k) => k.platformId && account!.includes(k.customerNumber))!;
    expect(key).toBeDefined();

    // A label bought now goes with the merchant's key, through the platform.
    const { pin } = await orderWithLabel(baseUrl);
    expect(pin).toBeTruthy();
    const log = (await (await fetch(`${simulator}/__simulator/requests`)).json()) as {
      entries: { operation: string; username?: string; status: number }[];
    };
    const created = log.entries.filter((e) => e.operation === "CreateShipment");
    expect(created.at(-1)).toMatchObject({ username: key.username, status: 200 });

    // Disconnect: the simulator's test account is in force again.
    await panel.getByRole("button", { name: "Disconnect" }).click();
    await state.filter({ hasText: "not_connected" }).waitFor({ timeout: 60_000 });
  },
  12 * 60_000,
);
