/**
 * Installing through OAuth (shopify-api's begin and callback against the local Shopify), the carrier
 * service updated when the app's URL changes, and Shopify's limits: THROTTLED and 429 retried with backoff,
 * userErrors surfaced with Shopify's text.
 */
import { adminGraphql, checkUserErrors, ShopifyUserError } from "../../src/shopify/admin-graphql";
import { offlineSession } from "../../src/shopify/context";
import { FULFILLMENT_EVENT_CREATE } from "../../src/shopify/queries";
import { registerShop } from "../../src/shopify/registration";
import { useStack } from "./support";

const t = useStack({ install: false });
const BROWSER = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36",
};

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

test("OAuth install: /auth, Shopify's grant, /auth/callback; the carrier service and webhooks are registered", async () => {
  const begin = await fetch(`${t.stack.appUrl}/auth?shop=${t.stack.shop}`, {
    redirect: "manual",
    headers: BROWSER,
  });
  expect(begin.status).toBe(302);
  const authorize = new URL(begin.headers.get("location")!);
  expect(authorize.pathname).toBe("/admin/oauth/authorize");
  expect(authorize.searchParams.get("scope")).toContain("write_shipping");
  const granted = await t.stack.local.fetch(authorize.toString(), { redirect: "manual" });
  const callback = new URL(granted.headers.get("location")!);
  expect(callback.pathname).toBe("/auth/callback");
  const done = await fetch(callback, {
    redirect: "manual",
    headers: { ...BROWSER, cookie: cookiesOf(begin) },
  });
  expect(done.status).toBe(302);

  const session = await offlineSession(t.stack.app.ctx, t.stack.shop);
  expect(session.accessToken).toBeTruthy();
  const { json: state } = await t.stack.control("GET", "state");
  const shop = state.shops[0];
  expect(shop.carrierServices).toEqual([
    expect.objectContaining({
      name: "Canada Post",
      callbackUrl: `${t.stack.appUrl}/carrier-service/rates`,
      active: true,
    }),
  ]);
  expect(shop.webhookSubscriptions.map((w: { topic: string }) => w.topic).sort()).toEqual([
    "APP_UNINSTALLED",
    "FULFILLMENTS_CREATE",
    "FULFILLMENTS_UPDATE",
    "ORDERS_CREATE",
    "PRODUCTS_CREATE",
    "PRODUCTS_UPDATE",
  ]);
  const row = await t.stack.app.ctx.shops.get(t.stack.shop);
  expect(row?.settings.merchant.origin).toMatchObject({
    postalCode: "K2B 8J6",
    sender: expect.objectContaining({ city: "Ottawa", province: "ON" }),
  });
});

test("the carrier service follows the app's URL: updated when it changed, left alone when not", async () => {
  const ctx = t.stack.app.ctx;
  const session = await offlineSession(ctx, t.stack.shop);
  const moved = await registerShop(
    ctx.shopify,
    ctx.shops,
    session,
    new URL("https://canada-post.example.com"),
  );
  expect(moved.carrierService).toBe("updated");
  let { json: state } = await t.stack.control("GET", "state");
  expect(state.shops[0].carrierServices[0].callbackUrl).toBe(
    "https://canada-post.example.com/carrier-service/rates",
  );
  const back = await registerShop(ctx.shopify, ctx.shops, session, ctx.config.appUrl);
  expect(back.carrierService).toBe("updated");
  expect((await registerShop(ctx.shopify, ctx.shops, session, ctx.config.appUrl)).carrierService).toBe(
    "unchanged",
  );
  ({ json: state } = await t.stack.control("GET", "state"));
  expect(state.shops[0].carrierServices).toHaveLength(1);
});

test("THROTTLED and 429 are retried with backoff; userErrors reach the caller with Shopify's text", async () => {
  const ctx = t.stack.app.ctx;
  const session = await offlineSession(ctx, t.stack.shop);
  await t.stack.control("POST", "faults", { kind: "throttled", times: 2 });
  await t.stack.control("POST", "faults", { kind: "status", status: 429, retryAfter: "0.2", times: 1 });
  const { shop } = await adminGraphql<{ shop: { name: string } }>(ctx.shopify, session, "{ shop { name } }");
  expect(shop.name).toBe("Maple Goods");
  const calls = (await t.stack.control("GET", "requests")).json.calls.slice(-4);
  expect(calls.map((c: { status: number }) => c.status)).toEqual([200, 200, 429, 200]);

  await t.stack.control("POST", "faults", { kind: "status", status: 503, times: 9 });
  await expect(
    adminGraphql(ctx.shopify, session, "{ shop { name } }", undefined, {
      tries: 3,
      sleep: async () => undefined,
    }),
  ).rejects.toThrow(/did not answer after 3 tries/);
  await t.stack.control("DELETE", "faults");

  const refused = adminGraphql<{ fulfillmentEventCreate: { userErrors: { message: string }[] } }>(
    ctx.shopify,
    session,
    FULFILLMENT_EVENT_CREATE,
    { fulfillmentEvent: { fulfillmentId: "gid://shopify/Fulfillment/1", status: "IN_TRANSIT" } },
  ).then(({ fulfillmentEventCreate }) => checkUserErrors("fulfillmentEventCreate", fulfillmentEventCreate));
  await expect(refused).rejects.toBeInstanceOf(ShopifyUserError);
  await expect(refused).rejects.toThrow(/Shopify refused fulfillmentEventCreate: .+/);
});
