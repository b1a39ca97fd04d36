import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import type { AxiosResponse } from "axios";
import { CANADIAN_SALES_TAXES } from "../../src/medusa/canadian-tax-rates";
import { seedDemoStore, type DemoStore } from "../../src/medusa/demo-store";
import { trackingUrl } from "../../src/medusa/mapping";
import { closeCanadaPostRuntimes } from "../../src/medusa/runtime";
import {
  anyStatus,
  checkout,
  createAdmin,
  createCart,
  registerCustomer,
  type Customer,
} from "./support/actors";
import { eventually } from "./support/poll";
import { startSuiteSimulator, type SuiteSimulator } from "./support/simulator";

/**
 * The shopper's side on a real Medusa app and PostgreSQL, Canada Post being the simulator: the demo store's
 * Canadian sales taxes on carts (Québec: GST and QST; Ontario: HST), then a guest's tracking lookup by order
 * number and email (the parcels for the right email, one 404 for anything else, 429 past the limits) and a
 * customer's own order tracking. Each step keeps the database the previous one left.
 */
jest.setTimeout(120_000);

const LOOKUP = "/store/canada-post/tracking/lookup";
const address = (province: string, city: string, postal_code: string) => ({
  first_name: "Camille",
  last_name: "Tremblay",
  address_1: "10450 Rue Lajeunesse",
  city,
  province,
  postal_code,
  country_code: "ca",
  phone: "514-555-0142",
});
const MONTREAL = address("ca-qc", "Montréal", "H2B 1A0");
const TORONTO = address("ca-on", "Toronto", "M5V 2T6");

type TaxLine = { code: string; rate: number };
const codesOf = (lines: TaxLine[]) => lines.map((l) => `${l.code} ${l.rate}`).sort();

let cp: SuiteSimulator;
beforeAll(async () => {
  cp = await startSuiteSimulator();
});
afterAll(async () => {
  await cp?.stop();
  await closeCanadaPostRuntimes();
});

medusaIntegrationTestRunner({
  // Its own databases (medusa-cp-storefront-integration-*): no other suite on this machine shares them.
  moduleName: "cp-storefront",
  cwd: join(__dirname, "..", ".."),
  testSuite: ({ api, getContainer, dbUtils, utils }) => {
    let store: DemoStore;
    let admin: { headers: Record<string, string> };
    let guest: Record<string, string>;
    let customer: Customer;
    const orders: Record<
      "guest" | "customer",
      { id: string; display_id: number; email: string; pins: string[] }
    > = {} as never;

    /** A lookup from one client address (Medusa trusts one proxy: X-Forwarded-For names the client). */
    const lookup = (body: Record<string, unknown>, ip: string, headers = guest) =>
      api.post(LOOKUP, body, { headers: { ...headers, "x-forwarded-for": ip }, ...anyStatus });

    const cartOf = async (id: string, headers: Record<string, string>) =>
      (
        await api.get(`/store/carts/${id}?fields=*items,*items.tax_lines,*shipping_methods.tax_lines`, {
          headers,
        })
      ).data.cart;

    /** A cart of one blanket and one tin to `to`, with Canada Post's Expedited Parcel as its shipping. */
    const fillCart = async (headers: Record<string, string>, email: string, to: Record<string, string>) => {
      const expedited = store.shippingOptions.find((o) => o.serviceCode === "DOM.EP")!;
      const cart = await createCart(api, headers, {
        regionId: store.regionId,
        salesChannelId: store.salesChannelId,
        email,
        shippingAddress: to,
        items: store.products.slice(0, 2).map((p) => ({ variant_id: p.variantId, quantity: 1 })),
      });
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: expedited.id }, { headers });
      return { cartId: cart.id, optionId: expedited.id };
    };

    /** The merchant fulfills: Canada Post labels, recorded by the plugin's subscriber. */
    const fulfill = async (order: { id: string; items: { id: string; quantity: number }[] }) => {
      await api.post(
        `/admin/orders/${order.id}/fulfillments`,
        {
          items: order.items.map((i) => ({ id: i.id, quantity: i.quantity })),
          location_id: store.stockLocationId,
        },
        { headers: admin.headers },
      );
      const rows = await eventually(
        async () =>
          (await api.get(`/admin/canada-post/shipments?order_id=${order.id}`, { headers: admin.headers }))
            .data.shipments as { tracking_pin: string }[],
        (r) => r.length > 0,
        { what: "the order's Canada Post shipment records" },
      );
      return rows.map((r) => r.tracking_pin).sort();
    };

    beforeAll(async () => {
      store = await seedDemoStore(getContainer());
      admin = await createAdmin(getContainer(), api);
      guest = { "x-publishable-api-key": store.publishableKey };
    });
    afterEach(async () => {
      await utils.waitWorkflowExecutions();
      await dbUtils.snapshot();
    });

    it("seeds one tax region per province under Canada's, with the GST on the country, twice without duplicates", async () => {
      await seedDemoStore(getContainer());
      const query = getContainer().resolve("query");
      const { data } = await query.graph({
        entity: "tax_region",
        fields: [
          "province_code",
          "parent_id",
          "tax_rates.code",
          "tax_rates.rate",
          "tax_rates.is_combinable",
          "tax_rates.is_default",
        ],
        filters: { country_code: "ca" },
      });
      const country = data.filter((r) => !r.parent_id);
      expect(country).toHaveLength(1);
      const rates = (region: { tax_rates: Record<string, unknown>[] }) =>
        region.tax_rates.map(({ code, rate, is_combinable, is_default }) => ({
          code,
          rate,
          is_combinable,
          is_default,
        }));
      expect(rates(country[0]!)).toEqual([
        { code: "CA-GST", rate: 5, is_combinable: false, is_default: true },
      ]);
      const provinces = data.filter((r) => r.parent_id);
      expect(provinces.map((p) => p.province_code).sort()).toEqual(
        CANADIAN_SALES_TAXES.map((t) => t.province),
      );
      const rateOf = (code: string) => rates(provinces.find((p) => p.province_code === code)!);
      expect(rateOf("ca-qc")).toEqual([
        { code: "CA-QC-QST", rate: 9.975, is_combinable: true, is_default: true },
      ]);
      expect(rateOf("ca-ns")).toEqual([
        { code: "CA-NS-HST", rate: 14, is_combinable: false, is_default: true },
      ]);
      expect(rateOf("ca-yt")).toEqual([{ code: "CA-GST", rate: 5, is_combinable: false, is_default: true }]);
    });

    it("taxes a Québec cart with the GST and the QST, items and shipping alike", async () => {
      const { cartId, optionId } = await fillCart(guest, "Guest.Shopper@Example.com", MONTREAL);
      const cart = await cartOf(cartId, guest);
      for (const item of cart.items) expect(codesOf(item.tax_lines)).toEqual(["CA-GST 5", "CA-QC-QST 9.975"]);
      expect(codesOf(cart.shipping_methods[0].tax_lines)).toEqual(["CA-GST 5", "CA-QC-QST 9.975"]);
      expect(cart.tax_total).toBeCloseTo((cart.item_subtotal + cart.shipping_subtotal) * 0.14975, 1);
      expect(cart.tax_total).toBeGreaterThan(0);

      const order = await checkout(api, guest, cartId, optionId);
      expect((order as unknown as { tax_total: number }).tax_total).toBeCloseTo(cart.tax_total, 2);
      orders.guest = {
        id: order.id,
        display_id: (order as unknown as { display_id: number }).display_id,
        email: "Guest.Shopper@Example.com",
        pins: await fulfill(order),
      };
    });

    it("taxes an Ontario cart with the HST alone, and a province typed as 'QC' with the GST only", async () => {
      customer = await registerCustomer(api, store.publishableKey, "camille@example.com");
      const { cartId, optionId } = await fillCart(customer.headers, customer.email, TORONTO);
      const cart = await cartOf(cartId, customer.headers);
      expect(codesOf(cart.items[0].tax_lines)).toEqual(["CA-ON-HST 13"]);

      // Medusa matches the province code exactly: free text such as "QC" finds no province region.
      const typed = await fillCart(guest, "typed@example.com", { ...MONTREAL, province: "QC" });
      expect(codesOf((await cartOf(typed.cartId, guest)).items[0].tax_lines)).toEqual(["CA-GST 5"]);

      const order = await checkout(api, customer.headers, cartId, optionId);
      orders.customer = {
        id: order.id,
        display_id: (order as unknown as { display_id: number }).display_id,
        email: customer.email,
        pins: await fulfill(order),
      };
    });

    it("gives a guest their order's parcels for its number and email, case and spaces aside", async () => {
      const { display_id, email, pins } = orders.guest;
      const res = await lookup(
        { order_number: `#${display_id}`, email: `  ${email.toLowerCase()} ` },
        "198.51.100.1",
      );
      expect(res.status).toBe(200);
      // Nothing but the tracking: no order id, address, items, labels or prices.
      expect(Object.keys(res.data).sort()).toEqual(["order_number", "shipments"]);
      expect(res.data.order_number).toBe(display_id);
      const shipments = res.data.shipments as Record<string, unknown>[];
      expect(shipments.map((s) => s.tracking_pin).sort()).toEqual(pins);
      for (const s of shipments) {
        expect(Object.keys(s).sort()).toEqual(
          [
            "actual_delivery_date",
            "events",
            "expected_delivery_date",
            "service_code",
            "service_name",
            "status",
            "tracked_at",
            "tracking_pin",
            "tracking_status",
            "tracking_url",
          ].sort(),
        );
        expect(s.tracking_url).toBe(trackingUrl(s.tracking_pin as string));
        expect(s.service_name).toBe("Canada Post Expedited Parcel");
        // Never tracked before: asked of Canada Post now, under the account's tracking limit.
        expect(s.tracked_at).toEqual(expect.any(String));
        expect(s.tracking_status).toEqual(expect.any(String));
      }

      // Canada Post's words in the shopper's language, though the store keeps its tracking in English.
      type Event = { code: string; description: string };
      const descriptionOf = (events: Event[], code: string) =>
        events.find((e) => e.code === code)?.description;
      const english = shipments[0]!.events as Event[];
      expect(descriptionOf(english, "3000")).toBe("Electronic information submitted by shipper");
      const fr = await lookup({ order_number: display_id, email, lang: "fr" }, "198.51.100.1");
      expect(fr.status).toBe(200);
      const [parcel] = fr.data.shipments;
      expect(parcel.service_name).toBe("Postes Canada Colis accélérés");
      expect(parcel.tracking_url).toBe(trackingUrl(parcel.tracking_pin, "fr"));
      expect(parcel.events.map((e: Event) => e.code)).toEqual(english.map((e) => e.code));
      expect(descriptionOf(parcel.events, "3000")).toBe(
        "Renseignements électroniques transmis par l'expéditeur",
      );
      const again = await lookup({ order_number: display_id, email }, "198.51.100.1");
      expect(descriptionOf(again.data.shipments[0].events, "3000")).toBe(
        "Electronic information submitted by shipper",
      );

      // A registered customer's order can be looked up the same way.
      const theirs = await lookup(
        { order_number: orders.customer.display_id, email: orders.customer.email },
        "198.51.100.1",
      );
      expect(theirs.data.shipments.map((s: { tracking_pin: string }) => s.tracking_pin).sort()).toEqual(
        orders.customer.pins,
      );
    });

    it("answers the same 404 for a wrong email and for an order number that does not exist", async () => {
      const wrongEmail = await lookup(
        { order_number: orders.guest.display_id, email: "someone.else@example.com" },
        "198.51.100.2",
      );
      const noSuchOrder = await lookup({ order_number: 987654, email: orders.guest.email }, "198.51.100.2");
      for (const res of [wrongEmail, noSuchOrder]) expect(res.status).toBe(404);
      expect(wrongEmail.data).toEqual(noSuchOrder.data);
      expect(wrongEmail.data).toEqual({
        type: "not_found",
        message: "No order matches this order number and email",
      });
    });

    it("needs the publishable key and a well-formed body", async () => {
      const keyless = await api.post(
        LOOKUP,
        { order_number: orders.guest.display_id, email: orders.guest.email },
        { headers: { "x-forwarded-for": "198.51.100.3" }, ...anyStatus },
      );
      expect(keyless.status).toBe(400);
      expect(keyless.data.message).toMatch(/publishable/i);
      const bad = await lookup({ order_number: "1001; drop table", email: "x" }, "198.51.100.3");
      expect(bad.status).toBe(400);
      expect(bad.data.message).toContain("order_number");
      const huge = await lookup({ order_number: 99_999_999_999, email: orders.guest.email }, "198.51.100.3");
      expect(huge.status).toBe(400);
    });

    it("refuses one client address past 20 attempts, with a Retry-After", async () => {
      const ip = "203.0.113.20";
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++)
        statuses.push((await lookup({ order_number: 500000 + i, email: "a@b.ca" }, ip)).status);
      expect(new Set(statuses)).toEqual(new Set([404]));
      const refused = await lookup(
        { order_number: orders.customer.display_id, email: orders.customer.email },
        ip,
      );
      expectTooMany(refused, 10 * 60);
      // Other shoppers are not held back.
      const other = await lookup(
        { order_number: orders.customer.display_id, email: orders.customer.email },
        "203.0.113.21",
      );
      expect(other.status).toBe(200);
    });

    it("locks an order number after 5 wrong emails from any addresses, even for the right email", async () => {
      const { display_id, email } = orders.guest;
      // One wrong email was tried already (the 404 test); four more, each from another address.
      for (let i = 0; i < 4; i++) {
        expect(
          (await lookup({ order_number: display_id, email: `guess${i}@example.com` }, `192.0.2.${i + 1}`))
            .status,
        ).toBe(404);
      }
      expectTooMany(await lookup({ order_number: display_id, email }, "192.0.2.99"), 15 * 60);
      // The customer's own page is not the guest lookup: it still answers.
      const own = await api.get(`/store/orders/${orders.customer.id}/tracking`, {
        headers: customer.headers,
      });
      expect(own.data.shipments.map((s: { tracking_pin: string }) => s.tracking_pin).sort()).toEqual(
        orders.customer.pins,
      );
    });

    it("still shows a customer their own order, and no one else's", async () => {
      const mine = await api.get(`/store/orders/${orders.customer.id}/tracking?lang=fr`, {
        headers: customer.headers,
        ...anyStatus,
      });
      expect(mine.status).toBe(200);
      expect(mine.data.order_id).toBe(orders.customer.id);
      expect(mine.data.shipments[0].service_name).toBe("Postes Canada Colis accélérés");
      const notMine = await api.get(`/store/orders/${orders.guest.id}/tracking`, {
        headers: customer.headers,
        ...anyStatus,
      });
      expect(notMine.status).toBe(404);
    });
  },
});

function expectTooMany(res: AxiosResponse, maxSeconds: number) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(res.data).toEqual({
    type: "too_many_requests",
    message: expect.stringMatching(/^Too many tracking lookups: try again in \d+ minutes?\.$/),
    retry_after: retryAfter,
  });
}
