import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { DEMO_PRODUCTS, seedDemoStore, type DemoStore } from "../../src/medusa/demo-store";
import { closeCanadaPostRuntimes } from "../../src/medusa/runtime";
import {
  anyStatus,
  checkout,
  createAdmin,
  createCart,
  OTTAWA_CUSTOMER_ADDRESS,
  registerCustomer,
} from "./support/actors";
import { runtimeOf } from "./support/parcels";
import { eventually } from "./support/poll";
import { dueFromSimulator, startSuiteSimulator, type SuiteSimulator } from "./support/simulator";

/**
 * End of day on a real Medusa app, in manifest mode, Canada Post being the simulator: the rate comparison
 * before buying, then the labels' group waiting, transmitted from the admin, its manifest PDF kept and the
 * shipments marked transmitted. Each step keeps the database the previous one left.
 */
jest.setTimeout(120_000);

let cp: SuiteSimulator;
beforeAll(async () => {
  cp = await startSuiteSimulator({ CANADA_POST_SHIPMENT_MODE: "manifest" });
});
afterAll(async () => {
  await cp?.stop();
  await closeCanadaPostRuntimes();
});

interface WaitingGroup {
  group_id: string;
  shipment_count: number;
  order_ids: string[];
}

medusaIntegrationTestRunner({
  moduleName: "cp6b-manifests",
  // Its own database per process: two `npm test` runs at once (shared machines) would otherwise share one.
  dbName: `medusa-cp6b-manifests-${process.pid}`,
  cwd: join(__dirname, "..", ".."),
  testSuite: ({ api, getContainer, dbUtils, utils }) => {
    let store: DemoStore;
    let admin: { headers: Record<string, string> };
    let order: { id: string; items: { id: string; quantity: number }[] };
    let checkoutAmount: number;
    let pins: string[];

    beforeAll(async () => {
      store = await seedDemoStore(getContainer());
      admin = await createAdmin(getContainer(), api);
    });
    afterEach(async () => {
      await utils.waitWorkflowExecutions();
      await dbUtils.snapshot();
    });

    it("compares the checkout amount with Canada Post's price now before a label is bought", async () => {
      const customer = await registerCustomer(api, store.publishableKey, "end-of-day@example.com");
      const tins = store.products.find((p) => p.title === "Maple syrup tin (540 ml)")!;
      const cart = await createCart(api, customer.headers, {
        regionId: store.regionId,
        salesChannelId: store.salesChannelId,
        email: customer.email,
        items: [{ variant_id: tins.variantId, quantity: 2 }],
      });
      const expedited = store.shippingOptions.find((o) => o.serviceCode === "DOM.EP")!;
      order = await checkout(api, customer.headers, cart.id, expedited.id);
      const { data } = await api.get(`/admin/orders/${order.id}?fields=id,*shipping_methods`, {
        headers: admin.headers,
      });
      checkoutAmount = data.order.shipping_methods[0].amount;
      // Canada Post's own price for the parcels the tins pack into (the demo sets no pricing rules), asked
      // of the simulator directly.
      const { shipping } = await runtimeOf(getContainer());
      const product = DEMO_PRODUCTS.find((p) => p.title === tins.title)!;
      const parcels = shipping.rates.pack([
        {
          id: "tins",
          quantity: 2,
          weight: product.weight,
          weightUnit: "g",
          length: product.l,
          width: product.w,
          height: product.h,
          dimensionUnit: "cm",
        },
      ]);
      const dues = await Promise.all(
        parcels.map((p) => dueFromSimulator(cp, p, { postalCode: OTTAWA_CUSTOMER_ADDRESS.postal_code })),
      );
      const expected = Math.round(dues.reduce((sum, d) => sum + d.get("DOM.EP")! * 100, 0)) / 100;
      expect(checkoutAmount).toBe(expected);

      const quote = await api.get(`/admin/canada-post/orders/${order.id}/quote`, {
        headers: admin.headers,
        ...anyStatus,
      });
      expect(quote.status).toBe(200);
      expect(quote.data.shipping_method).toMatchObject({ service_code: "DOM.EP", amount: checkoutAmount });
      expect(quote.data.parcels.length).toBeGreaterThanOrEqual(1);
      expect(quote.data.parcels.map((p: { weight: number }) => p.weight)).toEqual(
        parcels.map((p) => p.weight),
      );
      // Nothing changed since checkout: Canada Post's price now is the amount charged.
      expect(quote.data.current.amount).toBe(expected);
      expect(quote.data.difference).toBeCloseTo(quote.data.current.amount - checkoutAmount, 2);
      expect(quote.data.has_canada_post_shipment).toBe(false);

      const anonymous = await api.get(`/admin/canada-post/orders/${order.id}/quote`, anyStatus);
      expect(anonymous.status).toBe(401);
    });

    it("lists the fulfillment's labels as a group waiting for transmit", async () => {
      const created = await api.post(
        `/admin/orders/${order.id}/fulfillments`,
        {
          items: order.items.map((i) => ({ id: i.id, quantity: i.quantity })),
          location_id: store.stockLocationId,
        },
        { headers: admin.headers, ...anyStatus },
      );
      expect(created.status).toBe(200);
      const rows = await eventually(
        async () =>
          (await api.get(`/admin/canada-post/shipments?order_id=${order.id}`, { headers: admin.headers }))
            .data.shipments as { tracking_pin: string; status: string }[],
        (r) => r.length > 0,
        { what: "the order's Canada Post shipment records" },
      );
      pins = rows.map((r) => r.tracking_pin);

      const { data } = await api.get("/admin/canada-post/manifests", { headers: admin.headers });
      expect(data.mode).toBe("manifest");
      const waiting = data.waiting as WaitingGroup[];
      expect(waiting).toHaveLength(1);
      expect(waiting[0]).toMatchObject({ shipment_count: rows.length, order_ids: [order.id] });
      expect(data.manifests).toEqual([]);
    });

    it("transmits the group, keeps its manifest PDF and marks the shipments transmitted", async () => {
      const before = (await api.get("/admin/canada-post/manifests", { headers: admin.headers })).data;
      const groupId = (before.waiting as WaitingGroup[])[0]!.group_id;

      const unknown = await api.post(
        "/admin/canada-post/manifests",
        { group_ids: ["no-such-group"] },
        { headers: admin.headers, ...anyStatus },
      );
      expect(unknown.status).toBe(400);
      expect(unknown.data.message).toMatch(/no-such-group/);

      await cp.clearRequests();
      const posted = await api.post(
        "/admin/canada-post/manifests",
        { group_ids: [groupId] },
        { headers: admin.headers, ...anyStatus },
      );
      expect(posted.status).toBe(200);
      expect((await cp.calls()).TransmitShipments).toBe(1);
      expect(posted.data.transmitted).toEqual({ group_ids: [groupId], shipment_count: pins.length });
      const [manifest] = posted.data.manifests;
      expect(manifest.po_number).toBeTruthy();
      expect(manifest.group_ids).toEqual([groupId]);
      expect(manifest.pdf_url).toMatch(/\/admin\/canada-post\/manifests\/[^/]+\/pdf$/);

      const pdf = await api.get(new URL(manifest.pdf_url).pathname, {
        headers: admin.headers,
        responseType: "arraybuffer",
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers["content-type"]).toMatch(/application\/pdf/);
      expect(
        Buffer.from(pdf.data as ArrayBuffer)
          .subarray(0, 4)
          .toString("latin1"),
      ).toBe("%PDF");

      const shipments = (
        await api.get(`/admin/canada-post/shipments?order_id=${order.id}`, { headers: admin.headers })
      ).data.shipments as { status: string }[];
      expect(shipments.map((s) => s.status)).toEqual(pins.map(() => "transmitted"));

      const after = (await api.get("/admin/canada-post/manifests", { headers: admin.headers })).data;
      expect(after.waiting).toEqual([]);
      expect(after.manifests.map((m: { id: string }) => m.id)).toEqual([manifest.id]);

      // The quote now says a label was bought: the widget steps aside.
      const quote = await api.get(`/admin/canada-post/orders/${order.id}/quote`, { headers: admin.headers });
      expect(quote.data.has_canada_post_shipment).toBe(true);
    });
  },
});
