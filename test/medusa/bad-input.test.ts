import { join } from "node:path";
import { Modules } from "@medusajs/framework/utils";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { closeCanadaPostRuntimes } from "../../src/medusa/runtime";
import { recordFulfillmentShipments } from "../../src/medusa/shipment-rows";
import { anyStatus, createAdmin, createCart, OTTAWA_CUSTOMER_ADDRESS } from "./support/actors";
import { startSuiteSimulator, type SuiteSimulator } from "./support/simulator";
import { seedTestStore, type TestStore } from "./support/store";

/**
 * What a shopper (or anyone with the publishable key) can send, on a real Medusa app and PostgreSQL: an
 * address Canada Post cannot read gets no price and never a 500; an order of 200,000 units is refused with
 * a message before any packing; a NUL byte in a URL is not found; another provider's fulfillment is never
 * recorded as Canada Post's.
 */
jest.setTimeout(120_000);

let cp: SuiteSimulator;
beforeAll(async () => {
  cp = await startSuiteSimulator();
});
afterAll(async () => {
  await cp?.stop();
  await closeCanadaPostRuntimes();
});

medusaIntegrationTestRunner({
  moduleName: "cp-bad-input",
  cwd: join(__dirname, "..", ".."),
  testSuite: ({ api, getContainer }) => {
    let store: TestStore;
    let admin: { headers: Record<string, string> };
    const pk = () => ({ "x-publishable-api-key": store.publishableKey });

    beforeAll(async () => {
      store = await seedTestStore(getContainer(), [
        { title: "Toque", weight: 150, length: 25, width: 20, height: 3, price: 29 },
      ]);
      admin = await createAdmin(getContainer(), api);
    });

    const guestCart = (quantity: number, postalCode: string) =>
      createCart(api, pk(), {
        regionId: store.regionId,
        salesChannelId: store.salesChannelId,
        email: "guest@example.com",
        items: [{ variant_id: store.products[0]!.variantId, quantity }],
        shippingAddress: { ...OTTAWA_CUSTOMER_ADDRESS, postal_code: postalCode },
      });

    it("gives no price, not a 500, for a postal code Canada Post cannot read", async () => {
      const cart = await guestCart(1, "H2B 1A0, QC");
      await cp.clearRequests();
      const priced = await api.post(
        `/store/shipping-options/${store.shippingOptions[1]!.id}/calculate`,
        { cart_id: cart.id },
        { headers: pk(), ...anyStatus },
      );
      expect(priced.status).toBe(200);
      expect(priced.data.shipping_option.amount ?? null).toBeNull();
      const chosen = await api.post(
        `/store/carts/${cart.id}/shipping-methods`,
        { option_id: store.shippingOptions[1]!.id },
        { headers: pk(), ...anyStatus },
      );
      expect(chosen.status).toBeGreaterThanOrEqual(400);
      expect(chosen.status).toBeLessThan(500);
      expect((await cp.calls()).GetRates).toBeUndefined(); // Canada Post was not asked

      // The storefront can tell the shopper why, in their language, and which field to fix.
      const why = await api.get(`/store/canada-post/carts/${cart.id}/delivery`, { headers: pk() });
      expect(why.data).toEqual({
        cart_id: cart.id,
        priced: false,
        services: [],
        problem: {
          code: "invalid_postal_code",
          field: "postal_code",
          message: '"H2B 1A0, QC" is not a Canadian postal code: write it as A1A 1A1, for example K2B 8J6.',
        },
      });
      const pourquoi = await api.get(`/store/canada-post/carts/${cart.id}/delivery?lang=fr`, {
        headers: pk(),
      });
      expect(pourquoi.data.problem.message).toBe(
        "« H2B 1A0, QC » n'est pas un code postal canadien : écrivez-le sous la forme A1A 1A1, par exemple K2B 8J6.",
      );
    });

    it("lists a priced cart's Canada Post services, with nothing to fix", async () => {
      const cart = await guestCart(1, "K1A 0B1");
      const { data } = await api.get(`/store/canada-post/carts/${cart.id}/delivery`, { headers: pk() });
      expect(data.priced).toBe(true);
      expect(data.problem).toBeNull();
      expect(data.services.map((s: { service_code: string }) => s.service_code)).toEqual([
        "DOM.RP",
        "DOM.EP",
        "DOM.XP",
        "DOM.PC",
      ]);
      expect(
        data.services.every(
          (s: { amount: number; currency_code: string }) => s.amount > 0 && s.currency_code === "cad",
        ),
      ).toBe(true);
    });

    it("refuses an order of 200,000 units with a message, before packing", async () => {
      const cart = await guestCart(200_000, "K1A 0B1");
      const priced = await api.post(
        `/store/shipping-options/${store.shippingOptions[1]!.id}/calculate`,
        { cart_id: cart.id },
        { headers: pk(), ...anyStatus },
      );
      expect(priced.status).toBe(400);
      expect(priced.data.message).toMatch(/200000 units to ship; .*at most 1000 units per order/);
    });

    it("answers a NUL byte in a shipment or manifest id with 404, not a database error", async () => {
      for (const path of [
        "/admin/canada-post/shipments/%00/label",
        "/admin/canada-post/shipments/%00",
        "/admin/canada-post/manifests/%00/pdf",
      ]) {
        const res = await api.get(path, { headers: admin.headers, ...anyStatus });
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
    });

    it("records only this provider's fulfillments as Canada Post shipments", async () => {
      const container = getContainer();
      const fulfillment = container.resolve(Modules.FULFILLMENT);
      // Another provider's fulfillment whose data happens to look like Canada Post's.
      const manual = await fulfillment.createFulfillment({
        location_id: store.stockLocationId,
        provider_id: "manual_manual",
        delivery_address: { address_1: "1 Main St", city: "Ottawa", country_code: "ca" },
        items: [],
        labels: [],
        order: {},
        data: {
          canada_post: {
            version: 1,
            order_id: "order_forged",
            fulfillment_id: "ful_forged",
            service_code: "DOM.EP",
            shipments: [{ fulfillmentId: "ful_forged", parcelIndex: 0, shipmentId: "123", links: [] }],
          },
        },
      } as never);
      const rows = await recordFulfillmentShipments(container, { fulfillment_id: manual.id });
      expect(rows).toEqual([]);
      const listed = await api.get(`/admin/canada-post/shipments?order_id=order_forged`, {
        headers: admin.headers,
      });
      expect(listed.data.shipments).toEqual([]);
    });
  },
});
