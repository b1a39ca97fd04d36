/**
 * Connect with Canada Post for a Shopify shop, over HTTP: the start hands the admin Canada Post's page and a
 * nonce; Canada Post's return reaches the app's URL, which only carries it back into the embedded admin's
 * Settings page; the completion is accepted once, from the staff member who started, with the nonce their
 * browser kept. Connected, the shop's labels go with the new account's key (the simulator names it);
 * disconnected, the app's default is in force again.
 */
import type { Json } from "../../scripts/shopify/local-stack";
import { MONTREAL, simulator, useStack } from "./support";

const t = useStack();

/** The admin API as a given staff member (their own session tokens). */
async function as(userId: number, method: string, path: string, body?: unknown) {
  const { json: minted } = await t.stack.control("POST", "session-token", { userId });
  const res = await fetch(`${t.stack.appUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${minted.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const OWNER = 1; // any staff id works: the local Shopify signs whatever subject it is asked for
const OTHER = 2;

/** Start, then the merchant's decision at the simulated Canada Post page; answers where Canada Post sends back. */
async function startAndDecide(decision: "approve" | "cancel") {
  const started = await as(OWNER, "POST", "/api/connection/start", {
    host: "bWFwbGUtZ29vZHMubXlzaG9waWZ5LmxvY2FsL2FkbWlu",
  });
  expect(started.status).toBe(200);
  const page = new URL(started.json.redirect_url);
  const form = new URLSearchParams({
    "token-id": page.searchParams.get("token-id")!,
    "platform-id": page.searchParams.get("platform-id")!,
    "return-url": page.searchParams.get("return-url")!,
    decision,
    business: "new",
    name: "Maple Goods Online",
    card: "on",
  });
  const res = await fetch(`${page.origin}/information/app/drc/decision`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  return { back: new URL(res.headers.get("location")!), nonce: started.json.nonce as string };
}

/** The app's return route, as the browser follows it: into the embedded admin's Settings page. */
async function followReturn(back: URL): Promise<URL> {
  expect(back.origin).toBe(t.stack.appUrl);
  expect(back.pathname).toBe("/connection/return");
  const res = await fetch(back, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

const completion = (settings: URL, nonce?: string) => ({
  state: settings.searchParams.get("state"),
  "token-id": settings.searchParams.get("token-id"),
  "registration-status": settings.searchParams.get("registration-status"),
  nonce,
});

test("not connected at first: the simulator's account is in force and the button is offered", async () => {
  const { json } = await as(OWNER, "GET", "/api/connection");
  expect(json.connection).toMatchObject({
    state: "not_connected",
    source: "simulator",
    account: null,
    can_connect: true,
  });
});

test("cancelled at Canada Post: refused with the reason, nothing connected", async () => {
  const { back, nonce } = await startAndDecide("cancel");
  const settings = await followReturn(back);
  expect(settings.searchParams.get("registration-status")).toBe("CANCELLED");
  const done = await as(OWNER, "POST", "/api/connection/complete", completion(settings, nonce));
  expect(done.status).toBe(400);
  expect(done.json).toMatchObject({ type: "connection_refused", reason: "cancelled" });
  expect(done.json.messages.fr).toContain("Vous avez annulé");
  expect((await as(OWNER, "GET", "/api/connection")).json.connection.state).toBe("not_connected");
});

test("another staff member, or the same one without the browser's nonce, cannot complete it", async () => {
  const { back, nonce } = await startAndDecide("approve");
  const settings = await followReturn(back);
  // The return goes back into the embedded admin (the local Shopify's admin here), carrying Canada Post's query.
  expect(settings.pathname).toBe("/admin/apps/canada-post-local/settings");
  expect(settings.origin).toBe(t.stack.local.url);
  const other = await as(OTHER, "POST", "/api/connection/complete", completion(settings, nonce));
  expect(other.json).toMatchObject({ type: "connection_refused", reason: "session" });
  // The state was spent by that refusal: taken once, whatever the outcome.
  const again = await as(OWNER, "POST", "/api/connection/complete", completion(settings, nonce));
  expect(again.json).toMatchObject({ type: "connection_refused", reason: "state" });

  const second = await startAndDecide("approve");
  const noNonce = await as(
    OWNER,
    "POST",
    "/api/connection/complete",
    completion(await followReturn(second.back)),
  );
  expect(noNonce.json).toMatchObject({ type: "connection_refused", reason: "session" });
});

test("approved: connected, labels go with the new account's key; disconnected, the default again", async () => {
  const { back, nonce } = await startAndDecide("approve");
  const done = await as(
    OWNER,
    "POST",
    "/api/connection/complete",
    completion(await followReturn(back), nonce),
  );
  expect(done.status).toBe(200);
  expect(done.json.connection).toMatchObject({
    state: "connected",
    source: "connection",
    account: { contract_id: null, has_credit_card: true },
  });
  expect(done.json.connection.account.username).toMatch(/^..….{2}$/);

  const accounts = await simulator(t.stack, "GET", "accounts");
  const key = accounts.keys.find(
    (k: Json) => k.platformId && k.customerNumber === done.json.connection.account.customer_number,
  );
  expect(key).toBeDefined();
  const { json: order } = await t.stack.control("POST", "orders", {
    lines: [{ sku: "MG-SYRUP-540", quantity: 1 }],
    shippingAddress: { ...MONTREAL, zip: MONTREAL.postal_code, provinceCode: "QC", countryCode: "CA" },
    shippingLine: { code: "DOM.EP", title: "Expedited Parcel", source: "Canada Post", price: "16.96" },
  });
  const bought = await t.stack.api("POST", `/api/orders/${encodeURIComponent(order.id)}/labels`, {});
  expect(bought.status).toBe(201);
  const log = await simulator(t.stack, "GET", "requests");
  const created = log.entries.filter((e: Json) => e.operation === "CreateShipment");
  expect(created.at(-1)).toMatchObject({ username: key.username, status: 200 });

  const gone = await as(OWNER, "DELETE", "/api/connection");
  expect(gone.json.connection).toMatchObject({ state: "not_connected", source: "simulator" });
});

test("Canada Post's service notices reach the admin in the shop's language; none is an empty list", async () => {
  await simulator(t.stack, "DELETE", "service-notices");
  expect(await as(OWNER, "GET", "/api/service-notices")).toEqual({ status: 200, json: { notices: [] } });

  await simulator(t.stack, "POST", "service-notices", {
    text: "Web services unavailable Sunday 02:00-06:00 ET",
    textFr: "Services Web indisponibles dimanche de 2 h à 6 h HE",
    from: "2026-12-06T07:00:00Z",
    to: "2026-12-06T11:00:00Z",
  });
  const en = await as(OWNER, "GET", "/api/service-notices");
  expect(en).toEqual({
    status: 200,
    json: {
      notices: [
        {
          text: "Web services unavailable Sunday 02:00-06:00 ET",
          from: "2026-12-06T07:00:00Z",
          to: "2026-12-06T11:00:00Z",
        },
      ],
    },
  });

  expect((await as(OWNER, "PUT", "/api/settings", { merchant: { language: "fr" } })).status).toBe(200);
  const fr = await as(OWNER, "GET", "/api/service-notices");
  expect(fr.json.notices[0].text).toBe("Services Web indisponibles dimanche de 2 h à 6 h HE");
  await simulator(t.stack, "DELETE", "service-notices");
});
