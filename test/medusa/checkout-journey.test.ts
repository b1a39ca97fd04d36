import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { DEMO_PRODUCTS, seedDemoStore, type DemoStore } from "../../src/medusa/demo-store";
import { trackingUrl } from "../../src/medusa/mapping";
import { closeCanadaPostRuntimes } from "../../src/medusa/runtime";
import {
  anyStatus,
  checkout,
  createAdmin,
  createCart,
  OTTAWA_CUSTOMER_ADDRESS,
  registerCustomer,
  type Customer,
} from "./support/actors";
import { eventually } from "./support/poll";
import { distinctParcels, linesOf, runtimeOf } from "./support/parcels";
import { dueFromSimulator, startSuiteSimulator, type SuiteSimulator } from "./support/simulator";
import type { TestProduct } from "./support/store";

/**
 * The whole journey on a real Medusa app and PostgreSQL, Canada Post being the simulator: live rates for
 * each option from one Get Rates per parcel, checkout by a registered customer, labels bought on
 * fulfillment, the customer's tracking, and the labels voided when the fulfillment is cancelled. Each step
 * keeps the database the previous one left (the runner would otherwise restore it before every test).
 */
jest.setTimeout(120_000);

/** The demo store's catalogue, as the packer sees it. */
const PRODUCTS: TestProduct[] = DEMO_PRODUCTS.map((p) => ({
  title: p.title,
  weight: p.weight,
  length: p.l,
  width: p.w,
  height: p.h,
  price: p.price,
}));
const productOf = (title: string) => PRODUCTS.find((p) => p.title === title)!;
/** Two tins, a blanket and a paddle: parcels of different sizes. */
const BASKET: Record<string, number> = {
  "Maple syrup tin (540 ml)": 2,
  "Wool blanket": 1,
  "Canoe paddle": 1,
};

let cp: SuiteSimulator;
beforeAll(async () => {
  cp = await startSuiteSimulator({ CANADA_POST_SHIPMENT_MODE: "manifest" });
});
afterAll(async () => {
  // The simulator first: closing it ends calls still hanging on a fault, which the runtimes' close awaits.
  await cp?.stop();
  await closeCanadaPostRuntimes();
});

medusaIntegrationTestRunner({
  moduleName: "cp-journey",
  // The repository root: its medusa-config.ts loads this plugin from src/.
  cwd: join(__dirname, "..", ".."),
  testSuite: ({ api, getContainer, dbUtils, utils }) => {
    let store: DemoStore;
    let domestic: DemoStore["shippingOptions"];
    let customer: Customer;
    let admin: { headers: Record<string, string> };
    let cartId: string;
    const prices = new Map<string, number>();
    let order: { id: string; items: { id: string; quantity: number }[]; customer_id: string | null };
    let labels: { tracking_number: string; tracking_url: string; label_url: string }[] = [];
    let fulfillmentId: string;

    const adminShipments = async (orderId: string) =>
      (await api.get(`/admin/canada-post/shipments?order_id=${orderId}`, { headers: admin.headers })).data
        .shipments as { tracking_pin: string; status: string }[];

    beforeAll(async () => {
      store = await seedDemoStore(getContainer());
      domestic = store.shippingOptions.filter((o) => o.serviceCode.startsWith("DOM."));
      admin = await createAdmin(getContainer(), api);
    });
    // The journey's steps build on each other: keep what each leaves as the next one's starting point.
    afterEach(async () => {
      await utils.waitWorkflowExecutions();
      await dbUtils.snapshot();
    });

    it("prices every Canada Post option of a cart with one Get Rates per distinct parcel", async () => {
      customer = await registerCustomer(api, store.publishableKey, "camille@example.com");
      const cart = await createCart(api, customer.headers, {
        regionId: store.regionId,
        salesChannelId: store.salesChannelId,
        email: customer.email,
        items: store.products
          .filter((p) => BASKET[p.title])
          .map((p) => ({ variant_id: p.variantId, quantity: BASKET[p.title]! })),
      });
      cartId = cart.id;
      const { data } = await api.get(`/store/carts/${cartId}`, { headers: customer.headers });
      const items = (data.cart.items as { id: string; quantity: number; variant_id: string }[]).map((i) => ({
        id: i.id,
        quantity: i.quantity,
        product: productOf(store.products.find((p) => p.variantId === i.variant_id)!.title),
      }));
      expect(domestic.map((o) => o.serviceCode).sort()).toEqual(["DOM.EP", "DOM.PC", "DOM.RP", "DOM.XP"]);
      // The paddle cannot share a box with the rest: more than one parcel, each rated once.
      const expectedCalls = await distinctParcels(getContainer(), linesOf(items));
      expect(expectedCalls).toBeGreaterThanOrEqual(2);

      await cp.clearRequests();
      // As the Next.js starter does: every calculated option at once.
      const answers = await Promise.all(
        domestic.map((o) =>
          api.post(
            `/store/shipping-options/${o.id}/calculate`,
            { cart_id: cartId },
            { headers: customer.headers },
          ),
        ),
      );
      expect(await cp.calls()).toEqual({ GetRates: expectedCalls });
      // Each amount is Canada Post's own price (the demo sets no pricing rules), summed over the parcels,
      // asked of the simulator directly for each parcel the cart packs into.
      const { shipping } = await runtimeOf(getContainer());
      const perParcel = await Promise.all(
        shipping.rates
          .pack(linesOf(items))
          .map((p) => dueFromSimulator(cp, p, { postalCode: OTTAWA_CUSTOMER_ADDRESS.postal_code })),
      );
      for (const [i, { data: priced }] of answers.entries()) {
        const amount = priced.shipping_option.amount as number;
        const code = domestic[i]!.serviceCode;
        expect(priced.shipping_option.id).toBe(domestic[i]!.id);
        const expected = Math.round(perParcel.reduce((sum, dues) => sum + dues.get(code)! * 100, 0)) / 100;
        expect({ code, amount }).toEqual({ code, amount: expected });
        prices.set(code, amount);
      }
      expect(prices.size).toBe(domestic.length);

      // Pricing again (the storefront re-renders) asks Canada Post nothing more.
      await cp.clearRequests();
      await api.post(
        `/store/shipping-options/${domestic[0]!.id}/calculate`,
        { cart_id: cartId },
        { headers: customer.headers },
      );
      expect(await cp.calls()).toEqual({});
    });

    it("completes the cart with Expedited Parcel into an order of the logged-in customer", async () => {
      const expedited = domestic.find((o) => o.serviceCode === "DOM.EP")!;
      order = await checkout(api, customer.headers, cartId, expedited.id);

      const { data } = await api.get(`/store/orders/${order.id}?fields=+customer_id,*shipping_methods`, {
        headers: customer.headers,
      });
      expect(data.order.customer_id).toBe(customer.id);
      const [method] = data.order.shipping_methods;
      expect(method.shipping_option_id).toBe(expedited.id);
      expect(method.amount).toBe(prices.get("DOM.EP"));
      expect(method.data).toMatchObject({ service_code: "DOM.EP" });
    });

    it("buys one Canada Post label per parcel when the admin creates the fulfillment", async () => {
      await cp.clearRequests();
      const created = await api.post(
        `/admin/orders/${order.id}/fulfillments`,
        {
          items: order.items.map((i) => ({ id: i.id, quantity: i.quantity })),
          location_id: store.stockLocationId,
        },
        { headers: admin.headers, ...anyStatus },
      );
      expect(created.data).not.toHaveProperty("message");
      expect(created.status).toBe(200);

      const { data } = await api.get(
        `/admin/orders/${order.id}?fields=id,*fulfillments,*fulfillments.labels`,
        { headers: admin.headers },
      );
      const [fulfillment] = data.order.fulfillments;
      fulfillmentId = fulfillment.id;
      expect(fulfillment.provider_id).toBe("canada-post_canada-post");
      labels = fulfillment.labels;
      expect(labels.length).toBeGreaterThanOrEqual(1);
      expect((await cp.calls()).CreateShipment).toBe(labels.length);
      for (const label of labels) {
        expect(label.tracking_number).toMatch(/^\d{16}$/);
        expect(label.tracking_url).toBe(trackingUrl(label.tracking_number));
        expect(label.label_url).toMatch(/^http:\/\/[^/]+\/admin\/canada-post\/shipments\/[^/]+\/label$/);
        expect(cp.sim.store.shipments.size).toBe(labels.length);

        const pdf = await api.get(new URL(label.label_url).pathname, {
          headers: admin.headers,
          responseType: "arraybuffer",
        });
        expect(pdf.status).toBe(200);
        expect(
          Buffer.from(pdf.data as ArrayBuffer)
            .subarray(0, 4)
            .toString("latin1"),
        ).toBe("%PDF");
      }
      // The label route is the admin's only.
      const anonymous = await api.get(new URL(labels[0]!.label_url).pathname, anyStatus);
      expect(anonymous.status).toBe(401);

      // The plugin's records of the shipments (written by its subscriber) list the same labels.
      const pins = labels.map((l) => l.tracking_number).sort();
      const records = await eventually(
        () => adminShipments(order.id),
        (rows) => rows.length === labels.length,
        { what: "the order's Canada Post shipment records" },
      );
      expect(records.map((r) => r.tracking_pin).sort()).toEqual(pins);
      expect(records.map((r) => r.status)).toEqual(labels.map(() => "created"));
    });

    it("shows the customer the tracking of their shipment, and no one else", async () => {
      const path = `/store/orders/${order.id}/tracking`;
      const mine = await api.get(path, { headers: customer.headers, ...anyStatus });
      expect(mine.status).toBe(200);
      expect(mine.data.order_id).toBe(order.id);
      const shown = mine.data.shipments as { tracking_pin: string; tracking_url: string; status: string }[];
      expect(shown.map((s) => s.tracking_pin).sort()).toEqual(labels.map((l) => l.tracking_number).sort());
      for (const s of shown) {
        expect(s.status).toBe("created");
        expect(s.tracking_url).toBe(trackingUrl(s.tracking_pin));
      }

      const other = await registerCustomer(api, store.publishableKey, "someone-else@example.com");
      expect((await api.get(path, { headers: other.headers, ...anyStatus })).status).toBe(404);
      const anonymous = await api.get(path, {
        headers: { "x-publishable-api-key": store.publishableKey },
        ...anyStatus,
      });
      expect(anonymous.status).toBe(401);
    });

    it("voids the labels at Canada Post when the admin cancels the fulfillment", async () => {
      await cp.clearRequests();
      const cancelled = await api.post(
        `/admin/orders/${order.id}/fulfillments/${fulfillmentId}/cancel`,
        {},
        { headers: admin.headers, ...anyStatus },
      );
      expect(cancelled.data).not.toHaveProperty("message");
      expect(cancelled.status).toBe(200);
      // The provider voids each label once (204) and records it; nothing asks Canada Post again.
      const records = await eventually(
        () => adminShipments(order.id),
        (rows) => rows.every((r) => r.status === "voided"),
        { what: "every shipment record voided" },
      );
      expect(records).toHaveLength(labels.length);
      await new Promise((r) => setTimeout(r, 1000)); // the cancel event's subscriber has had its turn
      const { entries } = await cp.requests();
      const voids = entries.filter((e) => e.operation === "VoidShipment");
      expect(voids.map((e) => e.status)).toEqual(labels.map(() => 204));

      // Canada Post no longer knows the shipments: Get Shipment answers 404.
      const auth = Buffer.from(`${cp.sim.settings.username}:${cp.sim.settings.password}`).toString("base64");
      const customerNumber = cp.sim.settings.customerNumber;
      for (const label of labels) {
        const shipmentId = decodeURIComponent(new URL(label.label_url).pathname.split("/")[4]!);
        const res = await fetch(
          `${cp.sim.url}/rs/${customerNumber}/${customerNumber}/shipment/${shipmentId}`,
          {
            headers: { authorization: `Basic ${auth}`, accept: "application/vnd.cpc.shipment-v8+xml" },
          },
        );
        expect(res.status).toBe(404);
      }
      expect(cp.sim.store.shipments.size).toBe(0);

      const { data } = await api.get(`/admin/orders/${order.id}?fields=id,*fulfillments`, {
        headers: admin.headers,
      });
      const fulfillment = data.order.fulfillments.find((f: { id: string }) => f.id === fulfillmentId);
      expect(fulfillment.canceled_at).toBeTruthy();
      // The customer no longer sees voided labels.
      const tracking = await api.get(`/store/orders/${order.id}/tracking`, { headers: customer.headers });
      expect(tracking.data.shipments).toEqual([]);
    });
  },
});
