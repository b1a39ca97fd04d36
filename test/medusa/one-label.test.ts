import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { closeCanadaPostRuntimes } from "../../src/medusa/runtime";
import { anyStatus, checkout, createAdmin, createCart, registerCustomer } from "./support/actors";
import { eventually } from "./support/poll";
import { startSuiteSimulator, type SuiteSimulator } from "./support/simulator";
import { seedTestStore, type TestStore } from "./support/store";

/**
 * "The same request" is what the merchant sees as the same: the same order items. On a real Medusa app and
 * PostgreSQL (transmit mode, Canada Post being the simulator): ten fulfillment requests for the one unit of
 * an order, all at once, buy one label; cancelling it voids or refunds it once; a new fulfillment after the
 * cancel buys a new label. Counted in the simulator's request log.
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

/** Create Shipment calls that sold a label: Canada Post refuses with HTTP 200 and an envelope too. */
async function labelsSold(): Promise<number> {
  const { entries } = await cp.requests();
  return entries.filter((e) => e.operation === "CreateShipment" && e.status < 300 && !e.codes).length;
}

medusaIntegrationTestRunner({
  moduleName: "cp-one-label",
  cwd: join(__dirname, "..", ".."),
  testSuite: ({ api, getContainer, dbUtils, utils }) => {
    let store: TestStore;
    let admin: { headers: Record<string, string> };
    let order: { id: string; items: { id: string; quantity: number }[] };

    const fulfill = () =>
      api.post(
        `/admin/orders/${order.id}/fulfillments`,
        { items: [{ id: order.items[0]!.id, quantity: 1 }], location_id: store.stockLocationId },
        { headers: admin.headers, ...anyStatus },
      );
    const liveFulfillments = async () => {
      const { data } = await api.get(`/admin/orders/${order.id}?fields=id,*fulfillments`, {
        headers: admin.headers,
      });
      return (data.order.fulfillments as { id: string; canceled_at: string | null }[]).filter(
        (f) => !f.canceled_at,
      );
    };
    const shipments = async () =>
      (await api.get(`/admin/canada-post/shipments?order_id=${order.id}`, { headers: admin.headers })).data
        .shipments as { tracking_pin: string; status: string; fulfillment_id: string }[];

    beforeAll(async () => {
      store = await seedTestStore(getContainer(), [
        { title: "Maple syrup tin", weight: 540, length: 15, width: 10, height: 10, price: 18 },
      ]);
      admin = await createAdmin(getContainer(), api);
      const email = "one-unit@example.com";
      const customer = await registerCustomer(api, store.publishableKey, email);
      const cart = await createCart(api, customer.headers, {
        regionId: store.regionId,
        salesChannelId: store.salesChannelId,
        email,
        items: [{ variant_id: store.products[0]!.variantId, quantity: 1 }],
      });
      order = await checkout(api, customer.headers, cart.id, store.shippingOptions[1]!.id);
    });

    // The second test starts from what the first left: keep it (the runner would restore the database).
    afterEach(async () => {
      await utils.waitWorkflowExecutions();
      await dbUtils.snapshot();
    });

    it("buys one label for ten fulfillment requests of the same single unit at once", async () => {
      await cp.clearRequests();
      const answers = await Promise.all(Array.from({ length: 10 }, fulfill));
      const ok = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status !== 200);
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(9);
      const live = await eventually(shipments, (rows) => rows.length > 0, { what: "the label recorded" });
      const pin = live[0]!.tracking_pin;
      for (const r of refused) {
        // Either the plugin's refusal (the items have a label) or Medusa's own (nothing left to fulfil).
        expect(r.status).toBe(400);
        expect(String(r.data.message)).toMatch(new RegExp(`PIN ${pin}|fulfill`, "i"));
      }
      expect(refused.some((r) => String(r.data.message).includes(`PIN ${pin}`))).toBe(true);

      expect(await labelsSold()).toBe(1);
      expect(cp.sim.store.shipments.size).toBe(1);
      expect(
        (await shipments()).filter((s) => s.status !== "voided" && s.status !== "refund_requested"),
      ).toHaveLength(1);
      expect(await liveFulfillments()).toHaveLength(1);
    });

    it("voids or refunds the label once when the fulfillment is cancelled, then a new fulfillment buys a new label", async () => {
      const [fulfillment] = await liveFulfillments();
      await cp.clearRequests();
      const cancelled = await api.post(
        `/admin/orders/${order.id}/fulfillments/${fulfillment!.id}/cancel`,
        {},
        { headers: admin.headers, ...anyStatus },
      );
      expect(cancelled.status).toBe(200);
      await eventually(shipments, (rows) => rows.every((r) => r.status === "refund_requested"), {
        what: "the label's refund recorded",
      });
      // Give the cancel event's subscriber its turn: it must not ask Canada Post again.
      await new Promise((r) => setTimeout(r, 1500));
      const calls = await cp.calls();
      // Transmit mode: Void Shipment answers 8064 (transmitted), then one refund request. Once each.
      expect(calls.VoidShipment).toBe(1);
      expect(calls.RequestShipmentRefund).toBe(1);

      await cp.clearRequests();
      const again = await fulfill();
      expect(again.status).toBe(200);
      expect(await labelsSold()).toBe(1);
      const rows = await eventually(shipments, (r) => r.length === 2, { what: "the new label recorded" });
      expect(new Set(rows.map((r) => r.tracking_pin)).size).toBe(2);
    });
  },
});
