import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import canadaPostTrackingJob, { config as jobConfig } from "../../src/jobs/canada-post-tracking";
import { seedDemoStore, type DemoStore } from "../../src/medusa/demo-store";
import { closeCanadaPostRuntimes } from "../../src/medusa/runtime";
import { runTrackingSync } from "../../src/medusa/tracking-sync";
import { anyStatus, checkout, createAdmin, createCart, registerCustomer } from "./support/actors";
import { eventually } from "./support/poll";
import { startSuiteSimulator, type SuiteSimulator } from "./support/simulator";

/**
 * The tracking job and the settings page's routes on a real Medusa app, Canada Post being the simulator:
 * a fulfilment's parcels tracked until Canada Post delivers them, the fulfilment then marked delivered
 * once; the configuration shown with its secrets masked; the connection test's answer and Canada Post's
 * own error when it fails. Each step keeps the database the previous one left.
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
  moduleName: "cp-tracking-job",
  cwd: join(__dirname, "..", ".."),
  testSuite: ({ api, getContainer, dbUtils, utils }) => {
    let store: DemoStore;
    let admin: { headers: Record<string, string> };

    beforeAll(async () => {
      store = await seedDemoStore(getContainer());
      admin = await createAdmin(getContainer(), api);
    });
    afterEach(async () => {
      await utils.waitWorkflowExecutions();
      await dbUtils.snapshot();
      await cp.clearFaults();
    });

    it("tracks a fulfilment's parcels until Canada Post delivers them, then marks the fulfilment delivered once", async () => {
      expect(jobConfig).toEqual({ name: "canada-post-tracking", schedule: "*/15 * * * *" });
      const customer = await registerCustomer(api, store.publishableKey, "tracked@example.com");
      const syrup = store.products.find((p) => p.title.startsWith("Maple syrup"))!;
      const cart = await createCart(api, customer.headers, {
        regionId: store.regionId,
        salesChannelId: store.salesChannelId,
        email: customer.email,
        items: [{ variant_id: syrup.variantId, quantity: 1 }],
      });
      const expedited = store.shippingOptions.find((o) => o.serviceCode === "DOM.EP")!;
      const order = await checkout(api, customer.headers, cart.id, expedited.id);
      const created = await api.post(
        `/admin/orders/${order.id}/fulfillments`,
        {
          items: order.items.map((i) => ({ id: i.id, quantity: i.quantity })),
          location_id: store.stockLocationId,
        },
        { headers: admin.headers, ...anyStatus },
      );
      expect(created.status).toBe(200);

      type Listed = {
        tracking_pin: string;
        fulfillment_id: string;
        tracking: {
          status: string | null;
          events: unknown[];
          actual_delivery_date: string | null;
          expected_delivery_date: string | null;
        };
      };
      const shipments = async (): Promise<Listed[]> =>
        (await api.get(`/admin/canada-post/shipments?order_id=${order.id}`, { headers: admin.headers })).data
          .shipments;
      const recorded = await eventually(shipments, (rows) => rows.length > 0, {
        what: "the shipment records",
      });
      const fulfillmentId = recorded[0]!.fulfillment_id;
      const deliveredAt = async () =>
        (
          await api.get(`/admin/orders/${order.id}?fields=id,*fulfillments`, { headers: admin.headers })
        ).data.order.fulfillments.find((f: { id: string }) => f.id === fulfillmentId).delivered_at as
          string | null;

      // Today: in Canada Post's hands, not delivered; the fulfilment stays as it is.
      await cp.clearRequests();
      await canadaPostTrackingJob(getContainer());
      expect((await cp.calls()).GetTrackingDetails).toBe(recorded.length);
      const inTransit = await shipments();
      for (const s of inTransit) {
        expect(s.tracking.status).not.toBe("delivered");
        expect(s.tracking.expected_delivery_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      expect(await deliveredAt()).toBeNull();

      // Ten days later Canada Post has delivered every parcel (the job asks again: its rows are 10 min old).
      await fetch(`${cp.sim.url}/__simulator/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ advanceDays: 10 }),
      });
      const report = await runTrackingSync(getContainer(), { minAgeMs: 0 });
      if ("skipped" in report) throw new Error(`the sync was skipped: ${report.skipped}`);
      expect(report.failed).toEqual([]);
      expect(report.delivered).toEqual([fulfillmentId]);
      const delivered = await shipments();
      for (const s of delivered) {
        expect(s.tracking.status).toBe("delivered");
        expect(s.tracking.events.length).toBeGreaterThan(1);
        expect(s.tracking.actual_delivery_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      const at = await deliveredAt();
      expect(at).toBeTruthy();

      // Delivered rows are not asked about again, and the fulfilment is not marked twice.
      await cp.clearRequests();
      await canadaPostTrackingJob(getContainer());
      expect((await cp.calls()).GetTrackingDetails ?? 0).toBe(0);
      expect(await deliveredAt()).toBe(at);
    });

    it("shows the configuration in force with the API key masked and no password", async () => {
      const { data } = await api.get("/admin/canada-post/settings", { headers: admin.headers });
      const s = data.settings;
      const username = cp.sim.settings.username;
      expect(s.credentials.username).toBe(`${username.slice(0, 2)}…${username.slice(-2)}`);
      expect(s.credentials.password_set).toBe(true);
      expect(JSON.stringify(data)).not.toContain(cp.sim.settings.password);
      expect(JSON.stringify(data)).not.toContain(username);
      expect(s.backend).toEqual({ kind: "custom", base_url: cp.sim.url });
      expect(s.origin.postalCode).toBe("K2B8J6");
      expect(s.services.map((x: { code: string }) => x.code)).toContain("DOM.EP");
      expect(s.shipments.mode).toBe("transmit");
      expect(s.quotes.deadline_ms).toBe(2500);
      expect(s.labels).toEqual({ encoding: "PDF", outputFormat: "8.5x11" });

      expect((await api.get("/admin/canada-post/settings", anyStatus)).status).toBe(401);
    });

    it("tests the connection with Discover Services and Get Service", async () => {
      await cp.clearRequests();
      const res = await api.post(
        "/admin/canada-post/settings/test-connection",
        {},
        { headers: admin.headers },
      );
      expect(res.status).toBe(200);
      expect(res.data.ok).toBe(true);
      expect(res.data.services.map((s: { service_code: string }) => s.service_code)).toContain("DOM.EP");
      expect(res.data.service.service_code).toMatch(/^(DOM|USA|INT)\./);
      expect(res.data.elapsed_ms).toBeGreaterThanOrEqual(0);
      expect(await cp.calls()).toEqual({ DiscoverServices: 1, GetService: 1 });
    });

    it("gives Canada Post's own error when the connection test fails", async () => {
      await cp.fault({ path: "^/rs/ship/service", status: 500 });
      const res = await api.post(
        "/admin/canada-post/settings/test-connection",
        {},
        { headers: admin.headers, ...anyStatus },
      );
      expect(res.status).toBe(502);
      expect(res.data).toMatchObject({
        type: "canada_post_error",
        code: "Server",
        message: "Internal Server Error (injected by a simulator fault)",
        operation: "DiscoverServices",
        canada_post_status: 500,
      });
    });
  },
});
