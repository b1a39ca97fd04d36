import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { RequestedTokenType, type Session, type Shopify } from "@shopify/shopify-api";
import type { RunningLocalShopify } from "../../../src/local-shopify";
import { adminGraphql, API_KEY, API_SECRET, BROWSER, control, SHOP, shopifyFor, startShop } from "./helpers";

/**
 * Installing the app: OAuth through @shopify/shopify-api's own auth.begin and auth.callback, token
 * exchange, refresh, session tokens and uninstalling. Expected values are written out from Shopify's
 * documented shapes, not computed by the local Shopify.
 */

let running: RunningLocalShopify;
let shopify: Shopify;
let app: Server;
let appUrl: string;
const sessions: Session[] = [];
const failures: string[] = [];

beforeAll(async () => {
  app = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://app").pathname;
    const online = new URL(req.url ?? "/", "http://app").searchParams.get("online") === "1";
    const work =
      path === "/auth"
        ? shopify.auth.begin({
            shop: SHOP,
            callbackPath: "/auth/callback",
            isOnline: online,
            rawRequest: req,
            rawResponse: res,
          })
        : shopify.auth.callback({ rawRequest: req, rawResponse: res }).then(({ session }) => {
            sessions.push(session);
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ ok: true }));
          });
    work.catch((e: Error) => {
      failures.push(`${e.name}: ${e.message}`);
      res.writeHead(500);
      res.end(e.message);
    });
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  running = await startShop({}, appUrl);
  shopify = shopifyFor(running, new URL(appUrl).host);
});
afterAll(async () => {
  await running.close();
  await new Promise<void>((r) => app.close(() => r()));
});
beforeEach(async () => {
  await control(running, "POST", "reset");
  sessions.length = 0;
  failures.length = 0;
});

const cookieHeader = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

/** The browser's trip: the app's /auth, Shopify's grant screen (Install), back to the app's callback. */
async function installThroughOAuth(online = false) {
  const begin = await fetch(`${appUrl}/auth${online ? "?online=1" : ""}`, {
    redirect: "manual",
    headers: BROWSER,
  });
  expect(begin.status).toBe(302);
  const authorize = new URL(begin.headers.get("location")!);
  expect(authorize.origin).toBe(`https://${SHOP}`);
  expect(authorize.pathname).toBe("/admin/oauth/authorize");
  const cookies = cookieHeader(begin);
  const page = await running.fetch(authorize.toString(), { redirect: "manual" });
  expect(page.status).toBe(200);
  const html = await page.text();
  const install = /id="install" href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&");
  const granted = await fetch(`${running.url}${install}`, { redirect: "manual" });
  expect(granted.status).toBe(302);
  const callback = new URL(granted.headers.get("location")!);
  const done = await fetch(callback, { headers: { ...BROWSER, cookie: cookies } });
  return { authorize, html, callback, done };
}

describe("OAuth install through shopify-api's auth.begin and auth.callback", () => {
  it("shows the grant screen, redirects with Shopify's signed parameters, and the callback gets an offline token", async () => {
    const { authorize, html, callback, done } = await installThroughOAuth();
    expect(authorize.searchParams.get("client_id")).toBe(API_KEY);
    expect(authorize.searchParams.get("scope")).toBe(
      "write_shipping,read_orders,write_merchant_managed_fulfillment_orders,write_products",
    );
    expect(html).toContain("Install Canada Post?");
    expect(html).toContain("<code>write_shipping</code>");
    expect(html).toContain("maple-goods.myshopify.local");

    expect(callback.origin + callback.pathname).toBe(`${appUrl}/auth/callback`);
    expect([...callback.searchParams.keys()].sort()).toEqual([
      "code",
      "hmac",
      "host",
      "shop",
      "state",
      "timestamp",
    ]);
    expect(callback.searchParams.get("shop")).toBe(SHOP);
    expect(callback.searchParams.get("state")).toBe(authorize.searchParams.get("state"));
    // host: base64 of "maple-goods.myshopify.local/admin", without padding.
    expect(callback.searchParams.get("host")).toBe("bWFwbGUtZ29vZHMubXlzaG9waWZ5LmxvY2FsL2FkbWlu");
    // The hmac, recomputed here from Shopify's documented recipe: sorted "k=v" joined by "&", hex.
    const p = Object.fromEntries(callback.searchParams);
    const message = ["code", "host", "shop", "state", "timestamp"].map((k) => `${k}=${p[k]}`).join("&");
    expect(p.hmac).toBe(createHmac("sha256", API_SECRET).update(message).digest("hex"));

    expect(failures).toEqual([]);
    expect(done.status).toBe(200);
    const session = sessions[0]!;
    expect(session.id).toBe("offline_maple-goods.myshopify.local");
    expect(session.shop).toBe(SHOP);
    expect(session.isOnline).toBe(false);
    expect(session.accessToken).toMatch(/^shpat_[0-9a-f]{32}$/);
    expect(session.scope).toBe(
      "write_shipping,read_orders,write_merchant_managed_fulfillment_orders,write_products",
    );
    const client = new shopify.clients.Graphql({ session });
    const { data } = await client.request(`{ shop { name } }`);
    expect(data).toEqual({ shop: { name: "Maple Goods" } });
  });

  it("answers an online grant with the staff member, and a code only once", async () => {
    const { callback } = await installThroughOAuth(true);
    const session = sessions[0]!;
    expect(session.isOnline).toBe(true);
    expect(session.accessToken).toMatch(/^shpua_/);
    expect(session.onlineAccessInfo?.associated_user).toEqual({
      id: 74125896301,
      first_name: "Camille",
      last_name: "Roy",
      email: "owner@maple-goods.example",
      email_verified: true,
      account_owner: true,
      locale: "en",
      collaborator: false,
    });
    expect(session.onlineAccessInfo?.expires_in).toBe(86399);
    const again = await fetch(`${running.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: API_KEY,
        client_secret: API_SECRET,
        code: callback.searchParams.get("code"),
      }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: "invalid_request",
      error_description: "The authorization code was not found or was already used",
    });
  });

  it("skips the grant screen once the app holds the scopes, and with auto-approval", async () => {
    await installThroughOAuth();
    const begin = await fetch(`${appUrl}/auth`, { redirect: "manual", headers: BROWSER });
    const straight = await running.fetch(begin.headers.get("location")!, { redirect: "manual" });
    expect(straight.status).toBe(302);
    expect(straight.headers.get("location")).toContain(`${appUrl}/auth/callback?code=`);

    await control(running, "POST", "reset");
    await control(running, "POST", "settings", { autoApprove: true });
    const begin2 = await fetch(`${appUrl}/auth`, { redirect: "manual", headers: BROWSER });
    expect((await running.fetch(begin2.headers.get("location")!, { redirect: "manual" })).status).toBe(302);
  });

  it("refuses an unknown client, a foreign redirect_uri, and leaves the app uninstalled on Cancel", async () => {
    const bad = await fetch(
      `${running.url}/admin/oauth/authorize?client_id=nope&scope=read_orders&redirect_uri=${appUrl}/cb&state=1`,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Oauth error invalid_request: The client_id is invalid");
    const foreign = await fetch(
      `${running.url}/admin/oauth/authorize?client_id=${API_KEY}&scope=read_orders&redirect_uri=https://evil.example/cb&state=1`,
    );
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("The redirect_uri is not whitelisted");
    const begin = await fetch(`${appUrl}/auth`, { redirect: "manual", headers: BROWSER });
    const html = await (await running.fetch(begin.headers.get("location")!)).text();
    const cancel = /id="cancel" href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&");
    expect(await (await fetch(`${running.url}${cancel}`)).text()).toContain("Installation cancelled");
    expect((await control(running, "GET", "state")).json.shops[0].installations).toEqual([]);
  });
});

describe("session tokens and token exchange", () => {
  it("mints App Bridge session tokens that shopify.session.decodeSessionToken accepts, with Shopify's claims", async () => {
    const { json } = await control(running, "POST", "session-token", {});
    const payload = await shopify.session.decodeSessionToken(json.token);
    expect(payload.iss).toBe("https://maple-goods.myshopify.local/admin");
    expect(payload.dest).toBe("https://maple-goods.myshopify.local");
    expect(payload.aud).toBe(API_KEY);
    expect(payload.sub).toBe("74125896301");
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.sid).toMatch(/^[0-9a-f]{32}$/);
  });

  it("exchanges a session token for offline and online tokens (auth.tokenExchange)", async () => {
    const { json } = await control(running, "POST", "session-token", {});
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: json.token,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    expect(session.id).toBe("offline_maple-goods.myshopify.local");
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.scope).toBe(
      "write_shipping,read_orders,write_merchant_managed_fulfillment_orders,write_products",
    );
    const online = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: json.token,
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(online.session.id).toBe("maple-goods.myshopify.local_74125896301");
    expect(online.session.onlineAccessInfo?.associated_user.email).toBe("owner@maple-goods.example");
    const r = await adminGraphql(running, online.session.accessToken!, "{ shop { myshopifyDomain } }");
    expect(r.body.data).toEqual({ shop: { myshopifyDomain: SHOP } });
  });

  it("gives expiring offline tokens with a refresh token, and refreshing revokes the old token", async () => {
    const { json } = await control(running, "POST", "session-token", {});
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: json.token,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime() - Date.now()).toBeGreaterThan(3590_000);
    expect(session.expires!.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    const refreshed = await shopify.auth.refreshToken({ shop: SHOP, refreshToken: session.refreshToken! });
    expect(refreshed.session.accessToken).not.toBe(session.accessToken);
    expect((await adminGraphql(running, session.accessToken!, "{ shop { id } }")).status).toBe(401);
    expect((await adminGraphql(running, refreshed.session.accessToken!, "{ shop { id } }")).status).toBe(200);
  });

  it("refuses session tokens signed with another secret, or expired", async () => {
    const post = (subject: string) =>
      fetch(`${running.url}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: API_KEY,
          client_secret: API_SECRET,
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: subject,
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        }),
      });
    const { mintSessionToken } = await import("../../../src/local-shopify/index.js");
    const forged = mintSessionToken({
      shopDomain: SHOP,
      apiKey: API_KEY,
      apiSecret: "not-the-secret",
      userId: 1,
      now: new Date(),
    });
    const res = await post(forged.token);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe("invalid_subject_token");
    const old = mintSessionToken({
      shopDomain: SHOP,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      userId: 1,
      now: new Date(Date.now() - 3600_000),
    });
    expect((await (await post(old.token)).json()).error_description).toBe("the token has expired");
    const wrongSecret = await fetch(`${running.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: API_KEY, client_secret: "wrong", code: "x" }),
    });
    expect(wrongSecret.status).toBe(401);
  });

  it("opens the app as the admin does: a frame of a signed launch URL with an id_token", async () => {
    const res = await fetch(`${running.url}/admin/apps/${API_KEY}/settings?state=s1`);
    expect(res.status).toBe(200);
    const src = /<iframe id="app-iframe"[^>]* src="([^"]+)"/.exec(await res.text())![1]!;
    const launch = new URL(src.replace(/&amp;/g, "&"));
    expect(launch.pathname).toBe("/settings");
    expect(launch.searchParams.get("state")).toBe("s1");
    expect(launch.origin).toBe(appUrl);
    expect(launch.searchParams.get("embedded")).toBe("1");
    expect(await shopify.utils.validateHmac(Object.fromEntries(launch.searchParams))).toBe(true);
    const payload = await shopify.session.decodeSessionToken(launch.searchParams.get("id_token")!);
    expect(payload.dest).toBe(`https://${SHOP}`);
  });
});

describe("uninstall", () => {
  it("revokes the app's tokens and removes its carrier services and subscriptions", async () => {
    const { json } = await control(running, "POST", "tokens", {});
    const token = json.access_token as string;
    const created = await adminGraphql(
      running,
      token,
      `mutation { carrierServiceCreate(input: { name: "Canada Post", callbackUrl: "http://127.0.0.1:9/rates", supportsServiceDiscovery: true, active: true }) { carrierService { id } userErrors { message } } }`,
    );
    expect(created.body.data.carrierServiceCreate.userErrors).toEqual([]);
    const gone = await control(running, "POST", "uninstall", {});
    expect(gone.json).toEqual({ uninstalled: true, shop: SHOP, apiKey: API_KEY });
    const r = await adminGraphql(running, token, "{ shop { id } }");
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
    const state = (await control(running, "GET", "state")).json.shops[0];
    expect(state.carrierServices).toEqual([]);
    expect(state.tokens).toEqual([]);
  });
});
