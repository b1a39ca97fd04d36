/**
 * `npm run shopify:demo`: the whole journey over HTTP, as a shopper, the merchant and Shopify make it.
 * Against `npm run shopify` when it runs (SHOPIFY_LOCAL_URL, http://127.0.0.1:8092), else on a stack of its
 * own started for the run. Checkout rates, the order, its label(s) and the fulfillment with tracking in
 * Shopify, tracking events on the order status page, then a fulfillment cancelled in Shopify's admin (its
 * label voided or refunded). Exits non-zero naming the step that failed.
 */
import { databaseUrlFrom } from "../../src/shopify/config";
import { LOCAL_API_KEY, startLocalStack, webhooksAnswered, type Json, type LocalStack } from "./local-stack";

class StepFailed extends Error {}

let step = "";
function begin(name: string) {
  step = name;
  console.log(`\n▶ ${name}`);
}
function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new StepFailed(what);
}
const say = (line: string) => console.log(`  ${line}`);
const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

type Driver = Pick<LocalStack, "control" | "api"> & { localUrl: string; close(): Promise<void> };

async function running(localUrl: string): Promise<Driver | undefined> {
  const state = await fetch(`${localUrl}/__shopify/state`).then(
    (r) => (r.ok ? (r.json() as Promise<Json>) : undefined),
    () => undefined,
  );
  const appUrl = state?.apps?.find((a: Json) => a.apiKey === LOCAL_API_KEY)?.appUrl;
  if (!appUrl) return undefined;
  const control = async (method: string, name: string, body?: unknown) => {
    const res = await fetch(`${localUrl}/__shopify/${name}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const { json: token } = await control("POST", "session-token", {});
    const res = await fetch(`${appUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  return { control, api, localUrl, close: async () => undefined };
}

/** Shopify's view of the order's fulfillments, read with an offline token of the app. */
async function shopifyFulfillments(d: Driver, orderId: string): Promise<Json[]> {
  const { json: token } = await d.control("POST", "tokens", {});
  const res = await fetch(`${d.localUrl}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token.access_token },
    body: JSON.stringify({
      query: `query($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillments { id status displayStatus
        trackingInfo { company number url } events(first: 20) { nodes { status message happenedAt } } } } }`,
      variables: { id: orderId },
    }),
  });
  const body = (await res.json()) as Json;
  return body.data?.order?.fulfillments ?? [];
}

const waitWebhooks = (d: Driver, topic: string, count = 1) =>
  webhooksAnswered(d.control, topic, count).catch((e: Error) => {
    throw new StepFailed(e.message);
  });

async function journey(d: Driver) {
  begin("1. Checkout: Shopify asks the app for Canada Post rates (a signed carrier-service request)");
  const checkout = await d.control("POST", "checkout", {
    lines: [
      { sku: "MG-SYRUP-540", quantity: 2 },
      { sku: "MG-MUG-CERAMIC", quantity: 1 },
    ],
    destination: {
      country: "CA",
      postal_code: "H2B 1A0",
      province: "QC",
      city: "Montréal",
      address1: "1500 Rue Fleury E",
      name: "Émilie Tremblay",
    },
    email: "emilie.tremblay@example.com",
  });
  check(
    checkout.status === 201,
    `checkout answered HTTP ${checkout.status}: ${JSON.stringify(checkout.json)}`,
  );
  const carrier = checkout.json.carriers[0];
  check(
    carrier?.outcome === "rates",
    `Shopify fell back to backup rates: ${checkout.json.reason ?? carrier?.reason}`,
  );
  for (const r of checkout.json.rates)
    say(
      `${r.serviceName.padEnd(20)} ${r.serviceCode.padEnd(8)} ${money(r.totalPrice).padStart(8)}  ${r.description}`,
    );
  const expedited = checkout.json.rates.find((r: Json) => r.serviceCode === "DOM.EP");
  check(expedited, "no Expedited Parcel (DOM.EP) rate at checkout");

  begin("2. The shopper chooses Expedited Parcel and places the order (orders/create)");
  const order = await d.control("POST", "orders", { checkoutId: checkout.json.id, rate: "DOM.EP" });
  check(
    order.status === 201,
    `placing the order answered HTTP ${order.status}: ${JSON.stringify(order.json)}`,
  );
  const orderId: string = order.json.id;
  say(`${order.json.name} (${orderId}), shipping ${money(order.json.shippingLine.price)}`);
  await waitWebhooks(d, "orders/create");

  begin("3. The merchant opens the order: the service chosen, and checkout's amount against Canada Post now");
  const detail = await d.api("GET", `/api/orders/${encodeURIComponent(orderId)}`);
  check(detail.status === 200, `GET /api/orders/:id answered HTTP ${detail.status}: ${detail.text}`);
  const c = detail.json.comparison;
  check(
    detail.json.order.service_code === "DOM.EP",
    `the order's service is ${detail.json.order.service_code}`,
  );
  say(
    `charged ${money(c.charged_cents)}, Canada Post now ${c.current_cents === null ? c.reason : money(c.current_cents)}`,
  );

  begin("4. The merchant buys the label: Canada Post shipment(s), then a Shopify fulfillment with every PIN");
  const labels = await d.api("POST", `/api/orders/${encodeURIComponent(orderId)}/labels`, {});
  check(labels.status === 201, `creating labels answered HTTP ${labels.status}: ${labels.text}`);
  const f = labels.json.fulfillments[0];
  const pins: string[] = f.shipments.map((s: Json) => s.tracking_pin);
  for (const s of f.shipments)
    say(`PIN ${s.tracking_pin}  ${s.service_code}  ${money(s.price_cents)}  ${s.status}`);
  const again = await d.api("POST", `/api/orders/${encodeURIComponent(orderId)}/labels`, {});
  check(
    again.status === 201 &&
      again.json.fulfillments[0].shipments.every((s: Json) => pins.includes(s.tracking_pin)),
    `asking again bought something else: ${again.text}`,
  );
  say("asked again: the same label, nothing bought twice");
  const label = await d.api("GET", f.shipments[0].label_url);
  check(
    label.status === 200 && label.text.startsWith("%PDF"),
    `the label is not a PDF (HTTP ${label.status})`,
  );
  say(`label ${f.shipments[0].label_url}: ${label.text.length} bytes of PDF`);

  begin("5. Shopify shows the fulfillment with Canada Post tracking (what the customer's order page shows)");
  let fulfillments = await shopifyFulfillments(d, orderId);
  const ours = fulfillments.find((x) => x.id === f.fulfillment_id);
  check(ours, `Shopify has no fulfillment ${f.fulfillment_id}`);
  const numbers = ours.trackingInfo.map((t: Json) => t.number);
  check(
    ours.trackingInfo.every((t: Json) => t.company === "Canada Post"),
    "tracking company is not Canada Post",
  );
  check(
    pins.every((p) => numbers.includes(p)),
    `Shopify's tracking ${numbers} lacks a PIN of ${pins}`,
  );
  say(`${ours.id}: ${ours.displayStatus}, Canada Post ${numbers.join(", ")}`);

  begin("6. Days pass; the tracking job reads Canada Post and writes Shopify fulfillment events");
  const { json: settings } = await d.api("GET", "/api/settings");
  const simulator = settings.backend.kind === "simulator";
  if (!simulator) say(`Canada Post is ${settings.backend.kind}: tracking shows what Canada Post knows now`);
  for (const days of simulator ? [1, 12] : [0]) {
    if (days) {
      const res = await fetch(`${settings.backend.base_url}/__simulator/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ advanceDays: days }),
      });
      check(res.ok, `the simulator's clock did not move (HTTP ${res.status})`);
      say(`(the simulator's clock: ${days} day${days > 1 ? "s" : ""} later)`);
    }
    const sync = await d.api("POST", "/api/tracking/sync", { min_age_ms: 0 });
    check(sync.status === 200, `tracking sync answered HTTP ${sync.status}: ${sync.text}`);
  }
  const timeline = await d.api("GET", `/api/shipments/${f.shipments[0].id}/tracking`);
  for (const e of timeline.json.events.slice(0, 4)) say(`${e.occurred_at}  ${e.description}`);
  fulfillments = await shopifyFulfillments(d, orderId);
  const events = fulfillments.find((x) => x.id === f.fulfillment_id).events.nodes;
  check(events.length > 0, "no fulfillment event was written to Shopify");
  say(`Shopify's events: ${events.map((e: Json) => e.status).join(", ")}`);

  begin("7. Another order: labelled, then the merchant cancels the fulfillment in Shopify's admin");
  const second = await d.control("POST", "orders", {
    lines: [{ sku: "MG-BLANKET-WOOL", quantity: 1 }],
    shippingAddress: {
      country: "CA",
      zip: "M5V 3L9",
      provinceCode: "ON",
      city: "Toronto",
      address1: "290 Bremner Blvd",
      name: "Liam Nguyen",
    },
    shippingLine: { code: "DOM.XP", title: "Xpresspost", source: "Canada Post", price: "22.45" },
    email: "liam.nguyen@example.com",
  });
  check(
    second.status === 201,
    `placing the second order answered HTTP ${second.status}: ${JSON.stringify(second.json)}`,
  );
  const l2 = await d.api("POST", `/api/orders/${encodeURIComponent(second.json.id)}/labels`, {});
  check(l2.status === 201, `labels for the second order answered HTTP ${l2.status}: ${l2.text}`);
  const fid: string = l2.json.fulfillments[0].fulfillment_id;
  const updates = (await d.control("GET", "webhooks")).json.deliveries.filter(
    (w: Json) => w.topic === "fulfillments/update",
  ).length;
  const cancel = await d.control("POST", `fulfillments/${encodeURIComponent(fid)}/cancel`, {});
  check(cancel.status === 200, `cancelling in Shopify answered HTTP ${cancel.status}`);
  await waitWebhooks(d, "fulfillments/update", updates + 1);
  const after = await d.api("GET", `/api/shipments?order_id=${encodeURIComponent(second.json.id)}`);
  const statuses = after.json.shipments.map((s: Json) => s.status);
  check(
    statuses.every((s: string) => s === "voided" || s === "refund_requested"),
    `labels still stand: ${statuses}`,
  );
  say(`${fid} cancelled in Shopify; its label: ${statuses.join(", ")}`);
}

async function main() {
  const localUrl = process.env.SHOPIFY_LOCAL_URL ?? "http://127.0.0.1:8092";
  let driver = await running(localUrl);
  let own: LocalStack | undefined;
  if (driver) console.log(`Using the running local Shopify at ${localUrl} (npm run shopify)`);
  else {
    console.log(`No local Shopify at ${localUrl}: starting the app and a local Shopify for this run`);
    own = await startLocalStack({
      databaseUrl: databaseUrlFrom(process.env),
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
    });
    driver = { control: own.control, api: own.api, localUrl: own.local.url, close: () => own!.close() };
  }
  try {
    await journey(driver);
    console.log(
      "\n✔ The whole journey worked: rates, order, label, fulfillment with tracking, tracking events, cancel.",
    );
  } finally {
    await driver.close();
  }
}

main().catch((e: unknown) => {
  console.error(`\n✘ Step "${step}" failed: ${e instanceof Error ? e.message : String(e)}`);
  if (!(e instanceof StepFailed) && e instanceof Error) console.error(e.stack);
  process.exit(1);
});
