import { control, sessionFor, useLocalShopify } from "./helpers";

/**
 * Orders and fulfillments through the Admin API as the app will use them: reading an order with its
 * fulfillment orders, fulfilling partly and wholly, over-asking, cancelling, tracking and carrier events.
 * Statuses and userError texts are those a live shop answers (captured from Admin API 2025-01/2026-04).
 */

const ls = useLocalShopify();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const gql = async (query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> =>
  (await new ls.shopify.clients.Graphql({ session: sessionFor(ls.token) }).request(query, { variables }))
    .data as Record<string, unknown>;

const ORDER = `query Order($id: ID!) { order(id: $id) {
  id name email phone createdAt cancelledAt displayFulfillmentStatus currencyCode presentmentCurrencyCode closed
  subtotalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
  totalPriceSet { shopMoney { amount currencyCode } }
  shippingLine { code title source carrierIdentifier originalPriceSet { shopMoney { amount currencyCode } } }
  shippingAddress { name firstName lastName company address1 address2 city provinceCode zip countryCodeV2 phone }
  customer { id email }
  lineItems(first: 10) { nodes { id name sku quantity currentQuantity requiresShipping originalUnitPriceSet { shopMoney { amount } } variant { id } product { id } } }
  fulfillmentOrders(first: 10) { nodes { id status requestStatus
    assignedLocation { name address1 city province zip countryCode location { id } }
    deliveryMethod { methodType serviceCode presentedName }
    lineItems(first: 10) { nodes { id totalQuantity remainingQuantity lineItem { id sku name variant { id } } } } } }
  fulfillments { id name status createdAt trackingInfo { company number url } events(first: 10) { nodes { status happenedAt message } } }
} }`;

const FULFILL = `mutation F($f: FulfillmentInput!, $message: String) { fulfillmentCreate(fulfillment: $f, message: $message) {
  fulfillment { id name status displayStatus trackingInfo { company number url } fulfillmentLineItems(first: 10) { nodes { quantity lineItem { sku } } } }
  userErrors { field message } } }`;

async function firstOrder(name = "#1001") {
  const list = await gql(`query { orders(first: 10) { nodes { id name } } }`);
  return list.orders.nodes.find((o: { name: string }) => o.name === name).id as string;
}

describe("reading orders", () => {
  it("answers an order with Shopify's shapes", async () => {
    const { order } = await gql(ORDER, { id: await firstOrder() });
    expect(order).toMatchObject({
      name: "#1001",
      email: "emilie.tremblay@example.com",
      phone: null,
      cancelledAt: null,
      displayFulfillmentStatus: "UNFULFILLED",
      currencyCode: "CAD",
      presentmentCurrencyCode: "CAD",
      closed: false,
      subtotalPriceSet: {
        shopMoney: { amount: "60.0", currencyCode: "CAD" },
        presentmentMoney: { amount: "60.0", currencyCode: "CAD" },
      },
      totalPriceSet: { shopMoney: { amount: "75.84", currencyCode: "CAD" } },
      shippingLine: {
        code: "DOM.EP",
        title: "Expedited Parcel",
        source: "Canada Post",
        carrierIdentifier: "c5e4d1c0b2a7e9f86d3c1b0a9e8f7d6c",
        originalPriceSet: { shopMoney: { amount: "15.84", currencyCode: "CAD" } },
      },
      shippingAddress: {
        name: "Émilie Tremblay",
        firstName: "Émilie",
        lastName: "Tremblay",
        company: null,
        address1: "1500 Rue Fleury E",
        address2: null,
        city: "Montréal",
        provinceCode: "QC",
        zip: "H2B 1A0",
        countryCodeV2: "CA",
        phone: "+15145550187",
      },
      customer: { email: "emilie.tremblay@example.com" },
      fulfillments: [],
    });
    expect(order.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(
      order.lineItems.nodes.map((l: Record<string, unknown>) => [
        l.name,
        l.sku,
        l.quantity,
        l.currentQuantity,
        l.requiresShipping,
      ]),
    ).toEqual([
      ["Maple syrup tin (540 ml)", "MG-SYRUP-540", 2, 2, true],
      ["Ceramic mug", "MG-MUG-CERAMIC", 1, 1, true],
    ]);
    const [fo] = order.fulfillmentOrders.nodes;
    expect(fo).toMatchObject({
      status: "OPEN",
      requestStatus: "UNSUBMITTED",
      assignedLocation: {
        name: "Ottawa warehouse",
        address1: "502 Main St N",
        city: "Ottawa",
        province: "Ontario",
        zip: "K2B 8J6",
        countryCode: "CA",
      },
      deliveryMethod: { methodType: "SHIPPING", serviceCode: "DOM.EP", presentedName: "Expedited Parcel" },
    });
    expect(
      fo.lineItems.nodes.map(
        (l: { lineItem: { sku: string }; totalQuantity: number; remainingQuantity: number }) => [
          l.lineItem.sku,
          l.totalQuantity,
          l.remainingQuantity,
        ],
      ),
    ).toEqual([
      ["MG-SYRUP-540", 2, 2],
      ["MG-MUG-CERAMIC", 1, 1],
    ]);
    expect(fo.lineItems.nodes[0].lineItem.id).toBe(order.lineItems.nodes[0].id);
  });

  it("filters orders with fulfillment_status and pages them with cursors", async () => {
    const unfulfilled = await gql(
      `{ orders(first: 10, query: "fulfillment_status:unfulfilled") { nodes { name } } }`,
    );
    expect(unfulfilled.orders.nodes.map((o: { name: string }) => o.name)).toEqual([
      "#1001",
      "#1002",
      "#1003",
    ]);
    const page1 = await gql(`{ orders(first: 2) { nodes { name } pageInfo { hasNextPage endCursor } } }`);
    expect(page1.orders.nodes.map((o: { name: string }) => o.name)).toEqual(["#1001", "#1002"]);
    expect(page1.orders.pageInfo.hasNextPage).toBe(true);
    // Shopify's cursors decode to {"last_id": ..., "last_value": ...}.
    expect(
      Object.keys(JSON.parse(Buffer.from(page1.orders.pageInfo.endCursor, "base64").toString())),
    ).toEqual(["last_id", "last_value"]);
    const page2 = await gql(
      `query P($after: String) { orders(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage hasPreviousPage } } }`,
      { after: page1.orders.pageInfo.endCursor },
    );
    expect(page2.orders).toEqual({
      nodes: [{ name: "#1003" }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
  });
});

describe("fulfilling", () => {
  async function fulfillmentOrder() {
    const { order } = await gql(ORDER, { id: await firstOrder() });
    return { order, fo: order.fulfillmentOrders.nodes[0] };
  }

  it("fulfils part of a fulfillment order (IN_PROGRESS), then the rest (CLOSED), with Canada Post tracking", async () => {
    const { order, fo } = await fulfillmentOrder();
    const syrup = fo.lineItems.nodes[0];
    const first = await gql(FULFILL, {
      f: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: syrup.id, quantity: 1 }] },
        ],
        trackingInfo: { company: "Canada Post", number: "1234567890123456" },
        notifyCustomer: true,
      },
      message: "first parcel",
    });
    expect(first.fulfillmentCreate).toEqual({
      fulfillment: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Fulfillment\/\d+$/),
        name: "#1001-F1",
        status: "SUCCESS",
        displayStatus: "FULFILLED",
        trackingInfo: [
          {
            company: "Canada Post",
            number: "1234567890123456",
            url: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=1234567890123456",
          },
        ],
        fulfillmentLineItems: { nodes: [{ quantity: 1, lineItem: { sku: "MG-SYRUP-540" } }] },
      },
      userErrors: [],
    });
    let now = (await gql(ORDER, { id: order.id })).order;
    expect(now.displayFulfillmentStatus).toBe("PARTIALLY_FULFILLED");
    expect(now.fulfillmentOrders.nodes[0].status).toBe("IN_PROGRESS");
    expect(
      now.fulfillmentOrders.nodes[0].lineItems.nodes.map(
        (l: { remainingQuantity: number }) => l.remainingQuantity,
      ),
    ).toEqual([1, 1]);

    const rest = await gql(FULFILL, {
      f: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }],
        trackingInfo: { company: "Canada Post", numbers: ["111", "222"] },
      },
    });
    expect(rest.fulfillmentCreate.fulfillment.name).toBe("#1001-F2");
    expect(rest.fulfillmentCreate.fulfillment.fulfillmentLineItems.nodes).toEqual([
      { quantity: 1, lineItem: { sku: "MG-SYRUP-540" } },
      { quantity: 1, lineItem: { sku: "MG-MUG-CERAMIC" } },
    ]);
    expect(rest.fulfillmentCreate.fulfillment.trackingInfo.map((t: { number: string }) => t.number)).toEqual([
      "111",
      "222",
    ]);
    now = (await gql(ORDER, { id: order.id })).order;
    expect(now.displayFulfillmentStatus).toBe("FULFILLED");
    expect(now.closed).toBe(true);
    expect(now.fulfillmentOrders.nodes[0].status).toBe("CLOSED");
    const shipped = await gql(
      `{ orders(first: 10, query: "fulfillment_status:shipped") { nodes { name } } }`,
    );
    expect(shipped.orders.nodes).toEqual([{ name: "#1001" }]);
  });

  it("refuses what Shopify refuses, in Shopify's words", async () => {
    const { fo } = await fulfillmentOrder();
    const line = fo.lineItems.nodes[0];
    const errors = async (group: object) =>
      (await gql(FULFILL, { f: { lineItemsByFulfillmentOrder: [group] } })).fulfillmentCreate;
    expect(
      await errors({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: line.id, quantity: 3 }] }),
    ).toEqual({
      fulfillment: null,
      userErrors: [
        { field: ["fulfillment"], message: "Invalid fulfillment order line item quantity requested." },
      ],
    });
    expect(
      await errors({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: line.id, quantity: 0 }] }),
    ).toEqual({
      fulfillment: null,
      userErrors: [
        {
          field: [
            "fulfillment",
            "lineItemsByFulfillmentOrder",
            "0",
            "fulfillmentOrderLineItems",
            "0",
            "quantity",
          ],
          message: "Quantity must be greater than 0",
        },
      ],
    });
    expect((await errors({ fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1" })).userErrors).toEqual([
      { field: ["fulfillment"], message: "Fulfillment order does not exist." },
    ]);
    expect(
      (
        await errors({
          fulfillmentOrderId: fo.id,
          fulfillmentOrderLineItems: [{ id: "gid://shopify/FulfillmentOrderLineItem/1", quantity: 1 }],
        })
      ).userErrors,
    ).toEqual([{ field: ["fulfillment"], message: "Fulfillment order line item does not exist." }]);
    await errors({ fulfillmentOrderId: fo.id });
    const closed = await errors({ fulfillmentOrderId: fo.id });
    expect(closed.userErrors).toEqual([
      {
        field: ["fulfillment"],
        message: `Fulfillment order ${fo.id.split("/").pop()} has an unfulfillable status= closed.`,
      },
    ]);
  });

  it("cancels a fulfillment: CANCELLED/CANCELED, and the quantities come back on a new OPEN fulfillment order", async () => {
    const { order, fo } = await fulfillmentOrder();
    const made = await gql(FULFILL, { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } });
    const id = made.fulfillmentCreate.fulfillment.id;
    const cancelled = await gql(
      `mutation C($id: ID!) { fulfillmentCancel(id: $id) { fulfillment { id status displayStatus } userErrors { field message } } }`,
      { id },
    );
    expect(cancelled.fulfillmentCancel).toEqual({
      fulfillment: { id, status: "CANCELLED", displayStatus: "CANCELED" },
      userErrors: [],
    });
    const now = (await gql(ORDER, { id: order.id })).order;
    expect(now.displayFulfillmentStatus).toBe("UNFULFILLED");
    expect(now.closed).toBe(false);
    expect(now.fulfillmentOrders.nodes.map((f: { status: string }) => f.status)).toEqual(["CLOSED", "OPEN"]);
    expect(
      now.fulfillmentOrders.nodes[1].lineItems.nodes.map(
        (l: { remainingQuantity: number }) => l.remainingQuantity,
      ),
    ).toEqual([2, 1]);
    expect(now.fulfillmentOrders.nodes[1].deliveryMethod.serviceCode).toBe("DOM.EP");
    // A second cancel is answered as a live shop does: the same cancelled fulfillment, no error.
    const again = await gql(
      `mutation C($id: ID!) { fulfillmentCancel(id: $id) { fulfillment { status } userErrors { message } } }`,
      { id },
    );
    expect(again.fulfillmentCancel).toEqual({ fulfillment: { status: "CANCELLED" }, userErrors: [] });
    const unknown = await gql(
      `mutation { fulfillmentCancel(id: "gid://shopify/Fulfillment/1") { fulfillment { id } userErrors { field message } } }`,
    );
    expect(unknown.fulfillmentCancel).toEqual({
      fulfillment: null,
      userErrors: [{ field: ["id"], message: "Fulfillment not found." }],
    });
  });

  it("updates tracking, and records carrier events that set the shipment status", async () => {
    const { fo } = await fulfillmentOrder();
    const id = (await gql(FULFILL, { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } }))
      .fulfillmentCreate.fulfillment.id;
    const tracking = await gql(
      `mutation T($id: ID!, $t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t, notifyCustomer: false) {
        fulfillment { trackingInfo { company number url } } userErrors { field message } } }`,
      {
        id,
        t: {
          company: "Canada Post",
          number: "7023210039414604",
          url: "https://example.com/track/7023210039414604",
        },
      },
    );
    expect(tracking.fulfillmentTrackingInfoUpdate).toEqual({
      fulfillment: {
        trackingInfo: [
          {
            company: "Canada Post",
            number: "7023210039414604",
            url: "https://example.com/track/7023210039414604",
          },
        ],
      },
      userErrors: [],
    });
    const EVENT = `mutation E($e: FulfillmentEventInput!) { fulfillmentEventCreate(fulfillmentEvent: $e) { fulfillmentEvent { status happenedAt message estimatedDeliveryAt } userErrors { field message } } }`;
    const transit = await gql(EVENT, {
      e: {
        fulfillmentId: id,
        status: "IN_TRANSIT",
        happenedAt: "2026-11-24T14:00:00Z",
        message: "Item processed",
        estimatedDeliveryAt: "2026-11-26T00:00:00Z",
      },
    });
    expect(transit.fulfillmentEventCreate).toEqual({
      fulfillmentEvent: {
        status: "IN_TRANSIT",
        happenedAt: "2026-11-24T14:00:00Z",
        message: "Item processed",
        estimatedDeliveryAt: "2026-11-26T00:00:00Z",
      },
      userErrors: [],
    });
    await gql(EVENT, {
      e: { fulfillmentId: id, status: "OUT_FOR_DELIVERY", happenedAt: "2026-11-26T08:00:00Z" },
    });
    await gql(EVENT, {
      e: {
        fulfillmentId: id,
        status: "DELIVERED",
        happenedAt: "2026-11-26T15:30:00Z",
        message: "Delivered to front door",
      },
    });
    const read = await gql(
      `query R($id: ID!) { fulfillment(id: $id) { displayStatus deliveredAt inTransitAt events(first: 10) { nodes { status happenedAt message } } } }`,
      { id },
    );
    expect(read.fulfillment).toEqual({
      displayStatus: "DELIVERED",
      deliveredAt: "2026-11-26T15:30:00Z",
      inTransitAt: "2026-11-24T14:00:00Z",
      events: {
        nodes: [
          { status: "IN_TRANSIT", happenedAt: "2026-11-24T14:00:00Z", message: "Item processed" },
          { status: "OUT_FOR_DELIVERY", happenedAt: "2026-11-26T08:00:00Z", message: null },
          { status: "DELIVERED", happenedAt: "2026-11-26T15:30:00Z", message: "Delivered to front door" },
        ],
      },
    });
    const unknown = await gql(EVENT, {
      e: { fulfillmentId: "gid://shopify/Fulfillment/1", status: "DELIVERED" },
    });
    expect(unknown.fulfillmentEventCreate).toEqual({
      fulfillmentEvent: null,
      userErrors: [{ field: ["fulfillmentEvent", "fulfillmentId"], message: "Fulfillment does not exist." }],
    });
  });

  it("sees a fulfillment the merchant made and cancelled in Shopify's admin", async () => {
    const orderId = await firstOrder("#1002");
    const made = await control(ls.running, "POST", `orders/${encodeURIComponent(orderId)}/fulfill`, {
      trackingCompany: "Canada Post",
      trackingNumber: "999",
    });
    expect(made.status).toBe(201);
    let order = (await gql(ORDER, { id: orderId })).order;
    expect(order.fulfillments.map((f: { name: string; status: string }) => [f.name, f.status])).toEqual([
      ["#1002-F1", "SUCCESS"],
    ]);
    await control(
      ls.running,
      "POST",
      `fulfillments/${encodeURIComponent(made.json.fulfillment.id)}/cancel`,
      {},
    );
    order = (await gql(ORDER, { id: orderId })).order;
    expect(order.fulfillments.map((f: { status: string }) => f.status)).toEqual(["CANCELLED"]);
  });
});
