import { HttpInternalError, HttpThrottlingError } from "@shopify/shopify-api";
import { adminGraphql, control, sessionFor, useLocalShopify } from "./helpers";

/**
 * Cost-based throttling: query costs compared with the costs a live shop reported for the same queries
 * (captured Admin API responses), the leaky bucket and THROTTLED, the single-query limit, the request
 * log, and injected 429/5xx answers against shopify-api's own retries.
 */

const ls = useLocalShopify();

const cost = async (query: string, variables?: unknown) =>
  (await adminGraphql(ls.running, ls.token, query, variables)).body.extensions.cost;

async function fulfillmentOrderOf(name: string) {
  const r = await adminGraphql(
    ls.running,
    ls.token,
    `{ orders(first: 5) { nodes { name fulfillmentOrders(first: 1) { nodes { id } } } } }`,
  );
  return r.body.data.orders.nodes.find((o: { name: string }) => o.name === name).fulfillmentOrders.nodes[0]
    .id as string;
}

describe("query costs, as a live shop charged the same queries", () => {
  it("fulfillmentCreate: 11 with tracking; 19 requested and 15 actual with a page of fulfillment line items", async () => {
    const plain = await cost(
      `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id status displayStatus createdAt updatedAt trackingInfo { number url company } } userErrors { field message } } }`,
      {
        f: {
          lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: await fulfillmentOrderOf("#1001") }],
          trackingInfo: { number: "1" },
        },
      },
    );
    expect([plain.requestedQueryCost, plain.actualQueryCost]).toEqual([11, 11]);
    const paged = await cost(
      `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id name status displayStatus trackingInfo(first: 5) { number url company }
        fulfillmentLineItems(first: 5) { nodes { id quantity lineItem { id title } } } } userErrors { field message } } }`,
      { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: await fulfillmentOrderOf("#1003") }] } },
    );
    expect([paged.requestedQueryCost, paged.actualQueryCost]).toEqual([19, 15]);
  });

  it("fulfillmentTrackingInfoUpdate: 11, or 51 when it notifies the customer", async () => {
    const made = await adminGraphql(
      ls.running,
      ls.token,
      `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } } }`,
      {
        f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: await fulfillmentOrderOf("#1001") }] },
      },
    );
    const id = made.body.data.fulfillmentCreate.fulfillment.id;
    const q = `mutation T($id: ID!, $t: FulfillmentTrackingInput!, $n: Boolean) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t, notifyCustomer: $n) {
      fulfillment { id status trackingInfo { number url company } } userErrors { field message } } }`;
    expect((await cost(q, { id, t: { number: "1" }, n: false })).requestedQueryCost).toBe(11);
    expect((await cost(q, { id, t: { number: "2" }, n: true })).requestedQueryCost).toBe(51);
  });

  it("connections count their page size sub-linearly: carrierServices(first: 250) 13, webhookSubscriptions(first: 5) 5 requested, 3 for one", async () => {
    expect(
      (
        await cost(
          `{ carrierServices(first: 250) { nodes { id name formattedName callbackUrl active supportsServiceDiscovery } } }`,
        )
      ).requestedQueryCost,
    ).toBe(13);
    await adminGraphql(
      ls.running,
      ls.token,
      `mutation { webhookSubscriptionCreate(topic: SHOP_UPDATE, webhookSubscription: { uri: "https://app.example/h" }) { userErrors { message } } }`,
    );
    const subs = await cost(
      `query L($first: Int!) { webhookSubscriptions(first: $first) { nodes { id apiVersion { handle displayName supported } } } }`,
      { first: 5 },
    );
    expect([subs.requestedQueryCost, subs.actualQueryCost]).toEqual([5, 3]);
  });

  it("refuses a query over the single-query limit of 1000 with MAX_COST_EXCEEDED", async () => {
    // products 2 + 11 × (1 + variants (2 + 11 × (1 + metafields (2 + 11 × 1)))) = 2 + 11 × 157 = 1729.
    const r = await adminGraphql(
      ls.running,
      ls.token,
      `{ products(first: 250) { nodes { variants(first: 250) { nodes { metafields(first: 250) { nodes { id } } } } } } }`,
    );
    expect(r.body.errors[0].extensions).toEqual({ code: "MAX_COST_EXCEEDED", cost: 1729, maxCost: 1000 });
    expect(r.body.errors[0].message).toMatch(
      /^Query cost is 1729, which exceeds the single query max cost limit \(1000\)\./,
    );
  });
});

describe("the bucket", () => {
  it("reports what is left after each query, and answers THROTTLED when it is short", async () => {
    const { startLocalShopify } = await import("../../../src/local-shopify/index.js");
    const small = await startLocalShopify({
      apps: [{ apiKey: "k", apiSecret: "s", scopes: ["read_products"] }],
      shop: { throttle: { maximumAvailable: 20, restoreRate: 10 } },
    });
    try {
      const t = (await (await fetch(`${small.url}/__shopify/tokens`, { method: "POST", body: "{}" })).json())
        .access_token as string;
      // Requested 2 + 4 × 1 = 6; the 5 products answered cost 2 + 3 × 1 = 5, and the difference comes back.
      const q = `{ products(first: 10) { nodes { id } } }`;
      const seen: unknown[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await adminGraphql(small, t, q);
        seen.push(
          r.body.errors?.[0]?.extensions?.code ?? r.body.extensions.cost.throttleStatus.currentlyAvailable,
        );
      }
      expect(seen).toEqual([15, 10, 5, "THROTTLED"]);
      const throttled = await adminGraphql(small, t, q);
      expect(throttled.status).toBe(200);
      expect(throttled.body).toEqual({
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: {
          cost: {
            requestedQueryCost: 6,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 20, currentlyAvailable: 5, restoreRate: 10 },
          },
        },
      });
      // A second later 10 more points: 15, less the 5 the query costs.
      await fetch(`${small.url}/__shopify/clock`, {
        method: "POST",
        body: JSON.stringify({ advanceMs: 1000 }),
      });
      expect((await adminGraphql(small, t, q)).body.extensions.cost.throttleStatus.currentlyAvailable).toBe(
        10,
      );
    } finally {
      await small.close();
    }
  });

  it("can be forced empty for the next calls (the throttled fault)", async () => {
    await control(ls.running, "POST", "faults", { kind: "throttled", times: 1 });
    const r = await adminGraphql(ls.running, ls.token, "{ shop { name } }");
    expect(r.body.errors[0].extensions.code).toBe("THROTTLED");
    expect(r.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);
  });
});

describe("HTTP faults against shopify-api's client", () => {
  const client = () => new ls.shopify.clients.Graphql({ session: sessionFor(ls.token) });

  it("a 429 with Retry-After, retried by the client when it is asked to retry", async () => {
    await control(ls.running, "POST", "faults", { status: 429, times: 1 });
    const raw = await fetch(`${ls.running.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": ls.token },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toBe("1.0");
    await control(ls.running, "POST", "faults", { status: 429, times: 1 });
    await expect(client().request("{ shop { name } }")).rejects.toBeInstanceOf(HttpThrottlingError);
    await control(ls.running, "POST", "faults", { status: 429, times: 1 });
    const { data } = await client().request("{ shop { name } }", { retries: 1 });
    expect(data).toEqual({ shop: { name: "Maple Goods" } });
  });

  it("5xx answers for the next N calls, logged with the fault", async () => {
    await control(ls.running, "POST", "faults", { status: 500, times: 1 });
    await expect(client().request("{ shop { name } }")).rejects.toBeInstanceOf(HttpInternalError);
    await control(ls.running, "POST", "faults", { status: 503, times: 2 });
    const { data } = await client().request("query Shop { shop { name } }", { retries: 2 });
    expect(data).toEqual({ shop: { name: "Maple Goods" } });
    const calls = (await control(ls.running, "GET", "requests")).json.calls.filter(
      (c: { kind: string }) => c.kind === "graphql",
    );
    expect(calls.map((c: { status: number; fault?: string }) => [c.status, c.fault ?? null])).toEqual([
      [500, "status 500"],
      [503, "status 503"],
      [503, "status 503"],
      [200, null],
    ]);
  });

  it("logs every Admin API call with its operation, variables, costs and errors", async () => {
    // products(first: 3): 2 + 2 × 1 = 4.
    await adminGraphql(ls.running, ls.token, "query One($n: Int!) { products(first: $n) { nodes { id } } }", {
      n: 3,
    });
    await adminGraphql(
      ls.running,
      ls.token,
      `mutation { carrierServiceCreate(input: { name: "", callbackUrl: "https://a.example/r", supportsServiceDiscovery: true, active: true }) { userErrors { message } } }`,
    );
    const calls = (await control(ls.running, "GET", "requests")).json.calls;
    expect(calls.at(-2)).toMatchObject({
      kind: "graphql",
      shop: "maple-goods.myshopify.local",
      apiKey: "test-client-id",
      apiVersion: "2026-10",
      operationName: "One",
      fields: ["products"],
      variables: { n: 3 },
      requestedQueryCost: 4,
      actualQueryCost: 4,
      status: 200,
    });
    expect(calls.at(-1)).toMatchObject({
      fields: ["carrierServiceCreate"],
      requestedQueryCost: 10,
      errors: ["Shipping rate provider name can't be blank"],
    });
  });
});
