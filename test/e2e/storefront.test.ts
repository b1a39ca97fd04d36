import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser";
import { ARTIFACTS, freePort, ROOT, startDemoStore, type DemoStore } from "./support/demo-store";

/**
 * The demo storefront in a real browser (Debian's chromium): npm start boots the store and its storefront
 * (its own database and ports), npm run demo places an order for the demo customer, who then logs in,
 * opens the order and reads its Canada Post tracking in English and French; a guest finds the same
 * parcels by order number and email, and is told plainly when they do not match.
 */
const DATABASE_URL = "postgres://postgres@localhost:5432/canada_post_e2e_storefront";
const CUSTOMER = { email: "camille@maple-goods.example", password: "maple-goods-customer" };

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
let storefront: string;
let context: BrowserContext;
let closeBrowser: (() => Promise<void>) | undefined;
let order: { id: string; number: string };

/** `npm run demo` against this store: the journey's output names the order it placed. */
function runDemo(baseUrl: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(resolve(ROOT, "node_modules/.bin/tsx"), ["scripts/demo.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: new URL(baseUrl).port,
        MEDUSA_BACKEND_URL: baseUrl,
        STOREFRONT_URL: storefront,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    child.on("exit", (code) =>
      code === 0 ? done(out) : fail(new Error(`npm run demo exited ${code}:\n${out}`)),
    );
  });
}

beforeAll(async () => {
  const storePort = await freePort();
  storefront = `http://localhost:${storePort}`;
  store = await timed("boot demo store and storefront", () =>
    startDemoStore(DATABASE_URL, 6 * 60_000, {
      STORE_PORT: String(storePort),
      // As npm start runs it: labels transmitted at once, no admin needed here.
      CANADA_POST_SHIPMENT_MODE: "transmit",
      MEDUSA_ADMIN_DISABLE: "true",
    }),
  );
  const journey = await timed("npm run demo", () => runDemo(store!.baseUrl));
  const placed = /See it on the storefront: \S+\/account\/orders\/(\S+)/.exec(journey);
  const number = /The whole journey passed: order #(\d+)/.exec(journey);
  if (!placed || !number) throw new Error(`npm run demo did not name its order:\n${journey}`);
  order = { id: placed[1]!, number: number[1]! };
  ({ context, close: closeBrowser } = await launchBrowser({ viewport: { width: 1100, height: 1000 } }));
}, 8 * 60_000);

afterAll(async () => {
  await closeBrowser?.();
  await store?.stop();
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [name, png] of Object.entries(screenshots)) writeFileSync(resolve(ARTIFACTS, name), png);
  console.log(`storefront e2e timings (ms): ${JSON.stringify(timings)}`);
}, 60_000);

const parcelOf = (page: Page) => page.locator(".cp-tracking__parcel").first();

test(
  "the demo customer logs in, opens the order and reads its Canada Post tracking, in English and French",
  async () => {
    const page = await context.newPage();
    await timed("log in", async () => {
      await page.goto(`${storefront}/account`);
      await page.getByText(`${CUSTOMER.email} / ${CUSTOMER.password}`).waitFor();
      await page.getByLabel("Email").fill(CUSTOMER.email);
      await page.getByLabel("Password").fill(CUSTOMER.password);
      await page.getByRole("button", { name: "Log in" }).click();
    });
    await timed("open the order", async () => {
      await page.getByRole("link", { name: `Order #${order.number}` }).click();
      await page.waitForURL(`${storefront}/account/orders/${order.id}`);
      await parcelOf(page).waitFor({ timeout: 30_000 });
    });

    await page.getByRole("heading", { name: "Shipping and tracking" }).waitFor();
    const parcel = parcelOf(page);
    const pin = (await parcel.getAttribute("data-tracking-pin"))!;
    expect(pin).toMatch(/^\d{16}$/);
    const link = parcel.getByRole("link", { name: new RegExp(pin) });
    expect(await link.getAttribute("href")).toBe(
      `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${pin}`,
    );
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await parcel.locator("h3").textContent()).toBe("Parcel 1 · Canada Post Expedited Parcel");
    expect(await parcel.locator(".cp-tracking__status").textContent()).toBe("Label created");
    expect(await parcel.locator(".cp-tracking__expected").textContent()).toMatch(
      /^[A-Z][a-z]+ \d{1,2}, \d{4}$/,
    );
    await parcel.getByText("Electronic information submitted by shipper").waitFor();
    // Québec taxes (GST + QST) on the order, not CA$0.00.
    expect(await page.locator(".totals dd").nth(1).textContent()).not.toBe("$0.00");
    screenshots["storefront-order.png"] = await page.screenshot({ fullPage: true });

    await timed("French", async () => {
      await page.getByRole("button", { name: "Français" }).click();
      await page.getByRole("heading", { name: "Expédition et suivi" }).waitFor();
      await parcelOf(page).getByText("Renseignements électroniques transmis par l'expéditeur").waitFor();
    });
    expect(await parcelOf(page).locator(".cp-tracking__status").textContent()).toBe("Étiquette créée");
    expect(
      await parcelOf(page)
        .getByRole("link", { name: new RegExp(pin) })
        .getAttribute("href"),
    ).toBe(`https://www.canadapost-postescanada.ca/track-reperage/fr#/details/${pin}`);
    screenshots["storefront-order-fr.png"] = await page.screenshot({ fullPage: true });
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("button", { name: "Log in" }).waitFor();
  },
  5 * 60_000,
);

test(
  "a guest finds the order's parcels by number and email, and is told when they do not match",
  async () => {
    const page = await context.newPage();
    await page.goto(`${storefront}/track`);
    await page.getByRole("heading", { name: "Track your order" }).waitFor();

    await page.getByLabel("Order number").fill(`#${order.number}`);
    await page.getByLabel("Email").fill("someone.else@example.com");
    await page.getByRole("button", { name: "Track" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^No order matches this order number and email address/);
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".cp-tracking").count()).toBe(0);
    screenshots["storefront-guest-not-found.png"] = await page.screenshot({ fullPage: true });

    await timed("guest lookup", async () => {
      await page.getByLabel("Email").fill(CUSTOMER.email.toUpperCase());
      await page.getByRole("button", { name: "Track" }).click();
      await page.getByRole("heading", { name: `Order #${order.number}` }).waitFor();
    });
    expect(await page.getByRole("alert").count()).toBe(0);
    const parcel = parcelOf(page);
    expect(await parcel.getByRole("link").getAttribute("href")).toMatch(
      /^https:\/\/www\.canadapost-postescanada\.ca\/track-reperage\/en#\/details\/\d{16}$/,
    );
    await parcel.getByText("Electronic information submitted by shipper").waitFor();
    screenshots["storefront-guest.png"] = await page.screenshot({ fullPage: true });
  },
  2 * 60_000,
);

test(
  "a shopper is told why an address gets no Canada Post price, and sees the prices once it is right",
  async () => {
    const page = await context.newPage();
    await page.goto(`${storefront}/shipping`);
    await page.getByRole("heading", { name: "What does shipping cost?" }).waitFor();

    await timed("unpriceable address", async () => {
      await page.getByLabel("Postal code").fill("H2B 1A0, QC");
      await page.getByRole("button", { name: "See the options" }).click();
      await page.locator(".cp-delivery-problem").waitFor({ timeout: 30_000 });
    });
    const problem = page.locator(".cp-delivery-problem");
    expect(await problem.textContent()).toBe(
      '"H2B 1A0, QC" is not a Canadian postal code: write it as A1A 1A1, for example K2B 8J6.',
    );
    expect(await problem.getAttribute("data-field")).toBe("postal_code");
    expect(await page.locator('.shipping-options li[data-priced="true"]').count()).toBe(0);
    screenshots["storefront-no-price.png"] = await page.screenshot({ fullPage: true });

    await page.getByRole("button", { name: "Français" }).click();
    await page.getByText("« H2B 1A0, QC » n'est pas un code postal canadien").waitFor();
    await page.getByRole("button", { name: "English" }).click();

    await timed("priced address", async () => {
      await page.getByLabel("Postal code").fill("H2B 1A0");
      await page.getByRole("button", { name: "See the options" }).click();
      await page.locator('.shipping-options li[data-priced="true"]').first().waitFor({ timeout: 30_000 });
    });
    expect(await page.locator(".cp-delivery-problem").count()).toBe(0);
    const priced = await page.locator('.shipping-options li[data-priced="true"]').allTextContents();
    expect(priced.length).toBeGreaterThanOrEqual(4);
    for (const line of priced) expect(line).toMatch(/ · (\$\d+\.\d{2}|Free)$/);
    screenshots["storefront-prices.png"] = await page.screenshot({ fullPage: true });
  },
  2 * 60_000,
);
