import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { closeCanadaPostRuntimes } from "../../src/medusa/runtime";
import { anyStatus, checkout, createAdmin, createCart, registerCustomer } from "./support/actors";
import { linesOf, runtimeOf } from "./support/parcels";
import { startSuiteSimulator, type SuiteSimulator } from "./support/simulator";
import { seedTestStore, type TestProduct, type TestStore } from "./support/store";

/**
 * Canada Post failing under a real Medusa app: a hung or broken Get Rates still prices the cart (the
 * merchant's fallback rates, within the quote deadline) and checkout goes on; a Create Shipment refused on
 * the second parcel fails the admin's fulfillment with Canada Post's own code and words, and leaves no
 * label bought. Each test uses its own product, so no quote cached by another test answers for it.
 */
jest.setTimeout(120_000);

const DEADLINE_MS = 1000;
const FALLBACK = { "DOM.RP": 12.5, "DOM.EP": 16.75, "DOM.XP": 24 } as const;
const PRODUCTS: TestProduct[] = [
  { title: "Snowshoes", weight: 2100, length: 60, width: 25, height: 12, price: 149 },
  { title: "Toque", weight: 150, length: 25, width: 20, height: 3, price: 29 },
  // 20 kg each: two cannot share a 30 kg parcel.
  { title: "Cast iron stove", weight: 20000, length: 45, width: 40, height: 35, price: 899 },
];
const NO_SERVICE_ENVELOPE =
  '<?xml version="1.0" encoding="UTF-8"?><messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>9111</code><description>No services are appropriate for the shipment of the defined parcel. Validate the parcel criteria against product specifications.</description></message></messages>';

let cp: SuiteSimulator;
beforeAll(async () => {
  cp = await startSuiteSimulator({
    CANADA_POST_SHIPMENT_MODE: "manifest",
    CANADA_POST_QUOTE_DEADLINE_MS: String(DEADLINE_MS),
    CANADA_POST_FALLBACK_RATES: JSON.stringify(
      Object.fromEntries(Object.entries(FALLBACK).map(([code, amount]) => [code, { amount, name: code }])),
    ),
  });
});
afterAll(async () => {
  // The simulator first: closing it ends calls still hanging on a fault, which the runtimes' close awaits.
  await cp?.stop();
  await closeCanadaPostRuntimes();
});

medusaIntegrationTestRunner({
  moduleName: "cp-faults",
  // The repository root: its medusa-config.ts loads this plugin from src/.
  cwd: join(__dirname, "..", ".."),
  testSuite: ({ api, getContainer }) => {
    let store: TestStore;

    beforeAll(async () => {
      store = await seedTestStore(getContainer(), PRODUCTS);
    });
    afterEach(async () => {
      await cp.clearFaults();
    });

    const shopper = async (email: string, product: number, quantity = 1) => {
      const customer = await registerCustomer(api, store.publishableKey, email);
      const cart = await createCart(api, customer.headers, {
        regionId: store.regionId,
        salesChannelId: store.salesChannelId,
        email,
        items: [{ variant_id: store.products[product]!.variantId, quantity }],
      });
      return { customer, cartId: cart.id };
    };
    const option = (serviceCode: string) => store.shippingOptions.find((o) => o.serviceCode === serviceCode)!;

    it("prices the cart with the fallback rate within the deadline while Get Rates hangs, and checkout goes on", async () => {
      const { customer, cartId } = await shopper("hung@example.com", 0);
      await cp.fault({ path: "^/rs/ship/price$", hang: true });
      await cp.clearRequests();

      const started = Date.now();
      const priced = await api.post(
        `/store/shipping-options/${option("DOM.EP").id}/calculate`,
        { cart_id: cartId },
        { headers: customer.headers },
      );
      const elapsed = Date.now() - started;
      expect(priced.data.shipping_option.amount).toBe(FALLBACK["DOM.EP"]);
      expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 50); // it did wait for Canada Post
      expect(elapsed).toBeLessThan(DEADLINE_MS + 2000); // and no longer than the deadline plus Medusa's own work
      expect((await cp.calls()).GetRates).toBeGreaterThanOrEqual(1);

      // Canada Post still hung: the method is added at the fallback price and the order is placed.
      const order = await checkout(api, customer.headers, cartId, option("DOM.EP").id);
      const { data } = await api.get(`/store/orders/${order.id}?fields=*shipping_methods`, {
        headers: customer.headers,
      });
      expect(data.order.shipping_methods[0].amount).toBe(FALLBACK["DOM.EP"]);
    });

    it("prices the cart with the fallback rate when Get Rates answers 500", async () => {
      const { customer, cartId } = await shopper("broken@example.com", 1);
      await cp.fault({ path: "^/rs/ship/price$", status: 500 });
      await cp.clearRequests();

      const started = Date.now();
      const priced = await api.post(
        `/store/shipping-options/${option("DOM.XP").id}/calculate`,
        { cart_id: cartId },
        { headers: customer.headers },
      );
      expect(priced.data.shipping_option.amount).toBe(FALLBACK["DOM.XP"]);
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 2000);
      expect((await cp.calls()).GetRates).toBeGreaterThanOrEqual(1);
    });

    it("fails the fulfillment with Canada Post's 9111 when the second parcel is refused, and voids the first label", async () => {
      const { customer, cartId } = await shopper("stoves@example.com", 2, 2);
      const { data: cartData } = await api.get(`/store/carts/${cartId}`, { headers: customer.headers });
      const [item] = cartData.cart.items as { id: string; quantity: number }[];
      const { shipping } = await runtimeOf(getContainer());
      expect(
        shipping.rates.pack(linesOf([{ id: item!.id, quantity: 2, product: PRODUCTS[2]! }])),
      ).toHaveLength(2);

      const order = await checkout(api, customer.headers, cartId, option("DOM.EP").id);
      const admin = await createAdmin(getContainer(), api);
      await cp.clearRequests();
      // The first Create Shipment goes through; the second is refused as Canada Post refuses it.
      await cp.fault({
        path: "/shipment$",
        method: "POST",
        after: 1,
        status: 400,
        body: NO_SERVICE_ENVELOPE,
        contentType: "application/vnd.cpc.messages+xml",
      });

      const refused = await api.post(
        `/admin/orders/${order.id}/fulfillments`,
        {
          items: order.items.map((i) => ({ id: i.id, quantity: i.quantity })),
          location_id: store.stockLocationId,
        },
        { headers: admin.headers, ...anyStatus },
      );
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.data.message).toContain(
        "9111: No services are appropriate for the shipment of the defined parcel",
      );

      const { entries } = await cp.requests();
      const created = entries.filter((e) => e.operation === "CreateShipment");
      expect(created).toHaveLength(2);
      expect(created.filter((e) => e.status === 400)).toHaveLength(1);
      expect(entries.filter((e) => e.operation === "VoidShipment" && e.status === 204)).toHaveLength(1);
      // No label left bought at Canada Post, and no fulfillment left on the order.
      expect(cp.sim.store.shipments.size).toBe(0);
      const { data } = await api.get(`/admin/orders/${order.id}?fields=id,*fulfillments`, {
        headers: admin.headers,
      });
      expect(data.order.fulfillments.filter((f: { canceled_at: string | null }) => !f.canceled_at)).toEqual(
        [],
      );
    });
  },
});
