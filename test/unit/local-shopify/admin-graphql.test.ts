import { GraphqlQueryError } from "@shopify/shopify-api";
import { adminGraphql, control, installToken, sessionFor, useLocalShopify } from "./helpers";

/**
 * The Admin GraphQL endpoint: authentication, versions, the shop, carrier services and webhook
 * subscriptions with the userErrors a live shop answers (texts captured from Admin API 2026-04).
 */

const ls = useLocalShopify();

const client = () => new ls.shopify.clients.Graphql({ session: sessionFor(ls.token) });

describe("the endpoint", () => {
  it("answers 401 without a token or with a token of another shop or revoked", async () => {
    for (const t of [undefined, "shpat_00000000000000000000000000000000"]) {
      const r = await adminGraphql(ls.running, t, "{ shop { id } }");
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
      });
    }
  });

  it("serves 2026-07 and 2026-10, answers a retired version with the oldest one, and 404 for nonsense", async () => {
    for (const v of ["2026-07", "2026-10"]) {
      const r = await adminGraphql(ls.running, ls.token, "{ shop { name } }", undefined, v);
      expect(r.status).toBe(200);
      expect(r.headers.get("x-shopify-api-version")).toBe(v);
    }
    const retired = await adminGraphql(ls.running, ls.token, "{ shop { name } }", undefined, "2023-01");
    expect(retired.headers.get("x-shopify-api-version")).toBe("2025-10");
    expect((await adminGraphql(ls.running, ls.token, "{ shop { name } }", undefined, "latest")).status).toBe(
      404,
    );
  });

  it("answers the shop as Shopify shapes it, through shopify-api's GraphQL client", async () => {
    const { data, extensions } = await client().request(
      `query Shop { shop { id name myshopifyDomain email currencyCode ianaTimezone contactEmail
        billingAddress { address1 address2 city provinceCode zip countryCodeV2 phone company } } }`,
    );
    expect(data.shop).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/Shop\/\d+$/),
      name: "Maple Goods",
      myshopifyDomain: "maple-goods.myshopify.local",
      email: "owner@maple-goods.example",
      currencyCode: "CAD",
      ianaTimezone: "America/Toronto",
      contactEmail: "owner@maple-goods.example",
      billingAddress: {
        address1: "502 Main St N",
        address2: null,
        city: "Ottawa",
        provinceCode: "ON",
        zip: "K2B 8J6",
        countryCodeV2: "CA",
        phone: "+16135550142",
        company: "Maple Goods",
      },
    });
    // One object (the shop; addresses are free), as a live shop charges.
    expect(extensions?.cost).toEqual({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
    });
  });

  it("answers node(id:) and nodes(ids:) for the types it serves", async () => {
    const ids = await client().request(
      `{ orders(first: 1) { nodes { id } } products(first: 1) { nodes { id } } }`,
    );
    const order = ids.data.orders.nodes[0].id;
    const product = ids.data.products.nodes[0].id;
    const { data } = await client().request(
      `query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Order { name } ... on Product { title } } }`,
      { variables: { ids: [order, product, "gid://shopify/Order/1"] } },
    );
    expect(data.nodes).toEqual([
      { __typename: "Order", id: order, name: "#1001" },
      { __typename: "Product", id: product, title: "Maple syrup tin (540 ml)" },
      null,
    ]);
  });

  it("is reached by a fetch that rewrites https://{shop}/ in another process (fetchThroughLocalShopify)", async () => {
    const { fetchThroughLocalShopify } = await import("../../../src/local-shopify/index.js");
    const viaMap = fetchThroughLocalShopify({ "maple-goods.myshopify.local": ls.running.url });
    const res = await viaMap("https://maple-goods.myshopify.local/admin/api/2026-10/graphql.json", {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": ls.token },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect((await res.json()).data).toEqual({ shop: { name: "Maple Goods" } });
  });

  it("words validation and variable errors as Shopify does", async () => {
    const unknown = await adminGraphql(ls.running, ls.token, "{ shop { colour } }");
    expect(unknown.body.errors[0]).toMatchObject({
      message: "Field 'colour' doesn't exist on type 'Shop'",
      extensions: { code: "undefinedField", typeName: "Shop", fieldName: "colour" },
    });
    const notGid = await adminGraphql(ls.running, ls.token, "query O($id: ID!) { order(id: $id) { id } }", {
      id: "not-a-gid",
    });
    expect(notGid.body.errors[0]).toMatchObject({
      message: "Variable $id of type ID! was provided invalid value",
      extensions: {
        code: "INVALID_VARIABLE",
        value: "not-a-gid",
        problems: [
          {
            path: [],
            explanation: "Invalid global id 'not-a-gid'",
            message: "Invalid global id 'not-a-gid'",
          },
        ],
      },
    });
    const noPage = await adminGraphql(ls.running, ls.token, "{ orders { nodes { id } } }");
    expect(noPage.body.errors[0]).toMatchObject({
      message: "you must provide one of first or last",
      extensions: { code: "BAD_REQUEST" },
      path: ["orders"],
    });
    expect(noPage.body.data).toBeNull();
  });

  it("denies fields the token's scopes do not reach, with ACCESS_DENIED", async () => {
    const narrow = await installToken(ls.running, ["read_orders"]);
    const r = await adminGraphql(ls.running, narrow, "{ carrierServices(first: 5) { nodes { id } } }");
    expect(r.body.errors[0]).toMatchObject({
      message: "Access denied for carrierServices field. Required access: `read_shipping` access scope.",
      extensions: {
        code: "ACCESS_DENIED",
        documentation: "https://shopify.dev/api/usage/access-scopes",
        requiredAccess: "`read_shipping` access scope.",
      },
      path: ["carrierServices"],
    });
    await expect(
      new ls.shopify.clients.Graphql({ session: sessionFor(narrow) }).request(
        "{ carrierServices(first: 5) { nodes { id } } }",
      ),
    ).rejects.toThrow(GraphqlQueryError);
  });
});

const CREATE = `mutation Create($input: DeliveryCarrierServiceCreateInput!) {
  carrierServiceCreate(input: $input) { carrierService { id name formattedName callbackUrl active supportsServiceDiscovery } userErrors { field message } } }`;

describe("carrier services", () => {
  const input = {
    name: "Canada Post",
    callbackUrl: "https://app.example/rates",
    supportsServiceDiscovery: true,
    active: true,
  };

  it("creates, lists, updates and deletes, with Shopify's payloads", async () => {
    const created = await client().request(CREATE, { variables: { input } });
    const service = created.data.carrierServiceCreate.carrierService;
    expect(created.data.carrierServiceCreate.userErrors).toEqual([]);
    expect(service).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/DeliveryCarrierService\/\d+$/),
      name: "Canada Post",
      formattedName: "Canada Post (Rates provided by app)",
      callbackUrl: "https://app.example/rates",
      active: true,
      supportsServiceDiscovery: true,
    });
    const list = await client().request(`{ carrierServices(first: 10) { nodes { id name active } } }`);
    expect(list.data.carrierServices.nodes).toEqual([{ id: service.id, name: "Canada Post", active: true }]);
    const updated = await client().request(
      `mutation U($input: DeliveryCarrierServiceUpdateInput!) { carrierServiceUpdate(input: $input) { carrierService { name callbackUrl active } userErrors { field message } } }`,
      {
        variables: { input: { id: service.id, callbackUrl: "https://app.example/v2/rates", active: false } },
      },
    );
    expect(updated.data.carrierServiceUpdate).toEqual({
      carrierService: { name: "Canada Post", callbackUrl: "https://app.example/v2/rates", active: false },
      userErrors: [],
    });
    const deleted = await client().request(
      `mutation D($id: ID!) { carrierServiceDelete(id: $id) { deletedId userErrors { field message } } }`,
      { variables: { id: service.id } },
    );
    expect(deleted.data.carrierServiceDelete).toEqual({ deletedId: service.id, userErrors: [] });
  });

  it("refuses a second service of the same name, a blank name, http and Shopify's hosts, as Shopify does", async () => {
    await client().request(CREATE, { variables: { input } });
    const errors = async (i: object) =>
      (
        await client().request(
          CREATE.replace("userErrors { field message }", "userErrors { field message code }"),
          { variables: { input: { ...input, ...i } } },
        )
      ).data.carrierServiceCreate;
    expect(await errors({})).toEqual({
      carrierService: null,
      userErrors: [
        { field: null, message: "Canada Post is already configured", code: "CARRIER_SERVICE_CREATE_FAILED" },
      ],
    });
    expect(await errors({ name: " " })).toEqual({
      carrierService: null,
      userErrors: [
        {
          field: null,
          message: "Shipping rate provider name can't be blank",
          code: "CARRIER_SERVICE_CREATE_FAILED",
        },
      ],
    });
    expect(
      (await errors({ name: "Other", callbackUrl: "http://app.example/rates" })).userErrors[0].message,
    ).toBe("Shipping rate provider callback url must use HTTPS");
    expect(
      (await errors({ name: "Other", callbackUrl: "https://shopify.com/rates" })).userErrors[0].message,
    ).toBe("Shipping rate provider callback url invalid host");
    // This machine is allowed over plain http (the app runs here), unless strictUrls asks for Shopify's rule.
    expect((await errors({ name: "Local", callbackUrl: "http://127.0.0.1:3000/rates" })).userErrors).toEqual(
      [],
    );
    await control(ls.running, "POST", "settings", { strictUrls: true });
    expect(
      (await errors({ name: "Local 2", callbackUrl: "http://127.0.0.1:3000/rates" })).userErrors[0].message,
    ).toBe("Shipping rate provider callback url must use HTTPS");
  });

  it("answers services of another app, or unknown, as not found", async () => {
    const r = await client().request(
      `mutation { carrierServiceDelete(id: "gid://shopify/DeliveryCarrierService/999999999999") { deletedId userErrors { field message } } }`,
    );
    expect(r.data.carrierServiceDelete).toEqual({
      deletedId: null,
      userErrors: [{ field: ["id"], message: "The carrier or app could not be found." }],
    });
  });
});

const SUBSCRIBE = `mutation S($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    webhookSubscription { id topic format uri callbackUrl endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } includeFields apiVersion { handle } }
    userErrors { field message } } }`;

describe("webhook subscriptions", () => {
  it("creates (callbackUrl or uri), lists and deletes", async () => {
    const r = await client().request(SUBSCRIBE, {
      variables: {
        topic: "ORDERS_CREATE",
        sub: { callbackUrl: "https://app.example/webhooks", format: "JSON" },
      },
    });
    const sub = r.data.webhookSubscriptionCreate.webhookSubscription;
    expect(sub).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/WebhookSubscription\/\d+$/),
      topic: "ORDERS_CREATE",
      format: "JSON",
      uri: "https://app.example/webhooks",
      callbackUrl: "https://app.example/webhooks",
      endpoint: { __typename: "WebhookHttpEndpoint", callbackUrl: "https://app.example/webhooks" },
      includeFields: [],
      apiVersion: { handle: "2026-10" },
    });
    await client().request(SUBSCRIBE, {
      variables: { topic: "APP_UNINSTALLED", sub: { uri: "https://app.example/webhooks" } },
    });
    const list = await client().request(`{ webhookSubscriptions(first: 10) { nodes { topic uri } } }`);
    expect(list.data.webhookSubscriptions.nodes).toEqual([
      { topic: "ORDERS_CREATE", uri: "https://app.example/webhooks" },
      { topic: "APP_UNINSTALLED", uri: "https://app.example/webhooks" },
    ]);
    const del = await client().request(
      `mutation D($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }`,
      {
        variables: { id: sub.id },
      },
    );
    expect(del.data.webhookSubscriptionDelete).toEqual({
      deletedWebhookSubscriptionId: sub.id,
      userErrors: [],
    });
  });

  it("answers the userErrors Shopify answers", async () => {
    const errs = async (topic: string, sub: object) =>
      (await client().request(SUBSCRIBE, { variables: { topic, sub } })).data.webhookSubscriptionCreate
        .userErrors;
    await errs("ORDERS_CREATE", { uri: "https://app.example/hooks" });
    expect(await errs("ORDERS_CREATE", { uri: "https://app.example/hooks" })).toEqual([
      {
        field: ["webhookSubscription", "callbackUrl"],
        message: "Address for this topic has already been taken",
      },
    ]);
    expect(await errs("ORDERS_CREATE", {})).toEqual([
      { field: ["webhookSubscription", "callbackUrl"], message: "Address can't be blank" },
    ]);
    expect(await errs("ORDERS_CREATE", { uri: "ftp://app.example/hooks" })).toEqual([
      { field: ["webhookSubscription", "callbackUrl"], message: "Address protocol ftp:// is not supported" },
    ]);
    expect(await errs("ORDERS_CREATE", { uri: "https://shop.myshopify.com/hooks" })).toEqual([
      {
        field: ["webhookSubscription", "callbackUrl"],
        message: "Address cannot be a Shopify or an internal domain",
      },
    ]);
    const gone = await client().request(
      `mutation { webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/1") { deletedWebhookSubscriptionId userErrors { field message } } }`,
    );
    expect(gone.data.webhookSubscriptionDelete).toEqual({
      deletedWebhookSubscriptionId: null,
      userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }],
    });
  });

  it("registers through shopify-api's webhooks.register (its own queries and mutations)", async () => {
    ls.shopify.webhooks.addHandlers({
      ORDERS_CREATE: {
        deliveryMethod: "http" as never,
        callbackUrl: "/webhooks",
        callback: async () => undefined,
      },
      FULFILLMENTS_UPDATE: {
        deliveryMethod: "http" as never,
        callbackUrl: "/webhooks",
        callback: async () => undefined,
      },
    });
    const result = await ls.shopify.webhooks.register({ session: sessionFor(ls.token) });
    expect(result.ORDERS_CREATE![0]!.success).toBe(true);
    expect(result.FULFILLMENTS_UPDATE![0]!.success).toBe(true);
    const list = await client().request(`{ webhookSubscriptions(first: 10) { nodes { topic uri } } }`);
    expect(list.data.webhookSubscriptions.nodes).toEqual([
      { topic: "ORDERS_CREATE", uri: "http://127.0.0.1:3000/webhooks" },
      { topic: "FULFILLMENTS_UPDATE", uri: "http://127.0.0.1:3000/webhooks" },
    ]);
    // A second run finds them in place and changes nothing.
    const again = await ls.shopify.webhooks.register({ session: sessionFor(ls.token) });
    expect(again.ORDERS_CREATE).toEqual([]);
  });
});
