import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeCanadaPostRuntimes } from "../../src/medusa/runtime";
import { CanadaPostFulfillmentService } from "../../src/providers/canada-post/service";
import { startSimulator } from "../../src/simulator";
import { memoryFiles, memoryLocking, memoryModule } from "./support/memory-medusa";
import { MAPLE_GOODS_ORIGIN } from "../support/merchant";

/**
 * The provider as Medusa calls it (shapes from Medusa 2.21's workflows), against the simulator: no
 * database, so provider behaviour is pinned down here and the full app is exercised in test/medusa.
 */
let sim: Awaited<ReturnType<typeof startSimulator>>;
let provider: CanadaPostFulfillmentService;
let records: ReturnType<typeof memoryModule>;
const log = () =>
  fetch(`${sim.url}/__simulator/requests`).then(
    (r) => r.json() as Promise<{ byOperation: Record<string, number> }>,
  );

const options = () => ({
  backendUrl: "http://localhost:9000",
  labelsDir: mkdtempSync(join(tmpdir(), "cp-provider-")),
  notificationEmail: "shipping@example.com",
  settings: {
    origin: MAPLE_GOODS_ORIGIN,
    canadaPost: {
      username: sim.settings.username,
      password: sim.settings.password,
      customerNumber: sim.settings.customerNumber,
      contractId: sim.settings.contractId,
      baseUrl: sim.url,
    },
    quotes: { deadlineMs: 1500 },
    catalogueUnits: { weight: "g" as const, dimension: "cm" as const },
  },
});

const address = {
  first_name: "Jeanne",
  last_name: "Tremblay",
  address_1: "23 rue Jardin",
  city: "Montréal",
  province: "qc",
  postal_code: "H2B 1A0",
  country_code: "ca",
  phone: "514-555-0199",
};
const syrup = {
  id: "item_syrup",
  quantity: 2,
  unit_price: 18,
  title: "Maple syrup",
  variant: { id: "v1", sku: "SYRUP", weight: 540, length: 15, width: 10, height: 10 },
};
const blanket = {
  id: "item_blanket",
  quantity: 1,
  unit_price: 120,
  title: "Wool blanket",
  variant: { id: "v2", sku: "BLANKET", weight: 1800, length: 40, width: 30, height: 15 },
};
const option = (code: string) => ({ id: `canada-post-${code}`, service_code: code });

beforeAll(async () => {
  sim = await startSimulator();
});
beforeEach(async () => {
  await fetch(`${sim.url}/__simulator/reset`, { method: "POST" });
  const opts = options();
  records = memoryModule(opts);
  // As Medusa builds it with the fulfillment module's dependencies ["canadaPost", "locking"].
  provider = new CanadaPostFulfillmentService(
    { canadaPost: records, locking: memoryLocking(), file: memoryFiles() },
    opts,
  );
});
afterAll(async () => {
  await closeCanadaPostRuntimes();
  await sim.close();
});

describe("Canada Post fulfillment provider", () => {
  it("refuses bad options at load, listing what is wrong", () => {
    expect(() =>
      CanadaPostFulfillmentService.validateOptions({ settings: { origin: { postalCode: "12345" } } }),
    ).toThrow(/origin\.postalCode: is not a Canadian postal code/);
  });

  it("stops the load under NODE_ENV=production without credentials, unless the settings ask for the simulator", () => {
    const noKey = { origin: { postalCode: "K2B 8J6" }, canadaPost: { customerNumber: "1234567" } };
    const nodeEnv = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = "production";
      expect(() => CanadaPostFulfillmentService.validateOptions({ settings: noKey })).toThrow(
        /NODE_ENV is production: set CANADA_POST_USERNAME and CANADA_POST_PASSWORD .*canadaPost\.username/,
      );
      expect(() =>
        CanadaPostFulfillmentService.validateOptions({
          settings: { ...noKey, canadaPost: { ...noKey.canadaPost, env: "simulator" } },
        }),
      ).not.toThrow();
      expect(() => CanadaPostFulfillmentService.validateOptions(options())).not.toThrow();
      process.env.NODE_ENV = "development";
      expect(() => CanadaPostFulfillmentService.validateOptions({ settings: noKey })).not.toThrow();
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it("offers the merchant's enabled services and a return option", async () => {
    const opts = await provider.getFulfillmentOptions();
    expect(opts.map((o) => o.id)).toEqual(
      expect.arrayContaining([
        "canada-post-DOM.EP",
        "canada-post-DOM.XP",
        "canada-post-USA.EP",
        "canada-post-return",
      ]),
    );
    expect(opts.find((o) => o.id === "canada-post-return")?.is_return).toBe(true);
    expect(await provider.canCalculate()).toBe(true);
  });

  it("prices every option of a cart with one Get Rates call per distinct parcel", async () => {
    const context = { id: "cart_1", shipping_address: address, items: [syrup, blanket] } as never;
    const codes = ["DOM.RP", "DOM.EP", "DOM.XP", "DOM.PC"];
    const prices = await Promise.all(codes.map((c) => provider.calculatePrice(option(c), {}, context)));
    for (const p of prices) {
      expect(p.calculated_amount).toBeGreaterThan(0);
      expect(p.is_calculated_price_tax_inclusive).toBe(true);
    }
    expect(prices[3]!.calculated_amount).toBeGreaterThan(prices[0]!.calculated_amount);
    expect((await log()).byOperation.GetRates).toBe(1); // syrup and blanket fit one box
  });

  it("tells the shopper what is missing instead of failing on Canada Post", async () => {
    const noAddress = { id: "cart_2", items: [syrup] } as never;
    await expect(provider.calculatePrice(option("DOM.EP"), {}, noAddress)).rejects.toThrow(
      /Add a shipping address/,
    );
    const canoe = { ...syrup, id: "canoe", variant: { weight: 25000, length: 480, width: 90, height: 40 } };
    await expect(
      provider.calculatePrice(option("DOM.EP"), {}, {
        id: "c",
        shipping_address: address,
        items: [canoe],
      } as never),
    ).rejects.toThrow(/canoe/);
  });

  it("gives no amount (not an error) when a service cannot carry the cart", async () => {
    const context = {
      id: "cart_3",
      shipping_address: { ...address, country_code: "us", postal_code: "90210", province: "CA" },
      items: [syrup],
    } as never;
    const r = await provider.calculatePrice(option("DOM.EP"), {}, context);
    expect(r.calculated_amount).toBeUndefined();
  });

  it("buys one label per parcel on fulfillment, with PIN, tracking page and an http label URL, and asks a refund on cancel (transmit mode)", async () => {
    const order = {
      id: "order_1",
      display_id: 1001,
      currency_code: "cad",
      items: [syrup, blanket],
      shipping_address: address,
      customer: { email: "jeanne@example.com" },
    };
    const items = [
      { line_item_id: "item_syrup", quantity: 2 },
      { line_item_id: "item_blanket", quantity: 1 },
    ];
    const fulfillment = { id: "ful_1", location_id: "sloc_1" };
    const data = await provider.validateFulfillmentData(option("DOM.EP"), {}, { shipping_address: address });
    const result = await provider.createFulfillment(data, items, order, fulfillment);
    expect(result.labels).toHaveLength(1);
    const label = result.labels[0]!;
    expect(label.tracking_number).toMatch(/^\d{16}$/);
    expect(label.tracking_url).toBe(
      `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${label.tracking_number}`,
    );
    expect(label.label_url).toMatch(/^http:\/\/localhost:9000\/admin\/canada-post\/shipments\/\d+\/label$/);

    // Recorded the moment it was bought.
    expect(records.rows.map((r) => [r.order_id, r.fulfillment_id, r.tracking_pin, r.status])).toEqual([
      ["order_1", "ful_1", label.tracking_number, "transmitted"],
    ]);

    // Medusa retrying the same fulfillment gets the same label: nothing is asked of Canada Post again.
    const again = await provider.createFulfillment(data, items, order, fulfillment);
    expect(again.labels[0]!.tracking_number).toBe(label.tracking_number);
    expect((await log()).byOperation.CreateShipment).toBe(1);

    const cancelled = await provider.cancelFulfillment(result.data);
    const shipments = (cancelled as { canada_post: { shipments: { status: string }[] } }).canada_post
      .shipments;
    expect(shipments.map((s) => s.status)).toEqual(["refund_requested"]); // transmit mode: refund, not void
    expect(records.rows.map((r) => r.status)).toEqual(["refund_requested"]);
    const ops = (await log()).byOperation;
    expect([ops.VoidShipment, ops.RequestShipmentRefund]).toEqual([1, 1]);
  });

  it("buys one label when ten fulfillments of the same unit arrive at once, and refuses the others with the PIN", async () => {
    const order = {
      id: "order_9",
      currency_code: "cad",
      items: [{ ...syrup, quantity: 1 }],
      shipping_address: address,
    };
    const items = [{ line_item_id: "item_syrup", quantity: 1 }];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        provider.createFulfillment({ service_code: "DOM.EP" }, items, order, { id: `ful_click_${i}` }),
      ),
    );
    const bought = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    expect(bought).toHaveLength(1);
    const pin = bought[0]!.labels[0]!.tracking_number;
    expect(refused).toHaveLength(9);
    for (const e of refused) {
      expect(e).toMatchObject({ type: "not_allowed" });
      expect(e.message).toMatch(new RegExp(`These items already have a Canada Post label: .*PIN ${pin}`));
    }
    expect((await log()).byOperation.CreateShipment).toBe(1);
    expect(records.rows.filter((r) => r.status !== "voided")).toHaveLength(1);
  });

  it("refuses to buy without the records and the lock, saying what to configure, and buys nothing", async () => {
    const bare = new CanadaPostFulfillmentService({}, options());
    const order = { id: "order_3", currency_code: "cad", items: [syrup], shipping_address: address };
    await expect(
      bare.createFulfillment(
        { service_code: "DOM.EP" },
        [{ line_item_id: "item_syrup", quantity: 1 }],
        order,
        {
          id: "ful_3",
        },
      ),
    ).rejects.toThrow(
      /add dependencies: \["canadaPost", "locking", "file", "cache"\] to the "@medusajs\/medusa\/fulfillment" entry/,
    );
    expect((await log()).byOperation.CreateShipment).toBeUndefined();
  });

  it("buys a prepaid return label addressed to the stock location", async () => {
    const ret = await provider.createReturnFulfillment({
      id: "ful_ret_1",
      delivery_address: {
        company: "Maple Goods returns",
        address_1: "502 Main St N",
        city: "Ottawa",
        province: "ON",
        postal_code: "K2B 8J6",
        country_code: "ca",
      },
      shipping_option: { id: "so_ret", data: { id: "canada-post-return", service_code: "DOM.EP" } },
    });
    expect(ret.labels).toHaveLength(1);
    expect(ret.labels[0]!.tracking_number).toMatch(/^\d{16}$/);
    expect((ret.data as { canada_post: { is_return: boolean } }).canada_post.is_return).toBe(true);
    expect((await log()).byOperation.CreateShipment).toBe(1);
  });

  it("gives the admin Canada Post's message and refunds the label already bought when a purchase fails part way", async () => {
    const heavy = (id: string) => ({
      ...blanket,
      id,
      quantity: 1,
      variant: { ...blanket.variant, weight: 20000 },
    });
    const order = {
      id: "order_2",
      currency_code: "cad",
      items: [heavy("a"), heavy("b")],
      shipping_address: address,
    };
    const items = [
      { line_item_id: "a", quantity: 1 },
      { line_item_id: "b", quantity: 1 },
    ];
    // The first parcel is bought; the second Create Shipment answers Canada Post's 9111.
    await fetch(`${sim.url}/__simulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        path: "/shipment$",
        method: "POST",
        after: 1,
        status: 200,
        body: NO_SERVICE,
        contentType: "application/vnd.cpc.shipment-v8+xml",
      }),
    });
    await expect(
      provider.createFulfillment({ service_code: "DOM.EP" }, items, order, { id: "ful_2" }),
    ).rejects.toThrow(
      /Canada Post refused the label: 9111: No services are appropriate.*labels already bought were undone: \d+ refund_requested/,
    );
    const ops = (await log()).byOperation;
    expect(ops.CreateShipment).toBe(2);
    expect(ops.RequestShipmentRefund).toBe(1); // transmit mode: the bought label is refunded, not orphaned
  });
});

const NO_SERVICE =
  '<?xml version="1.0" encoding="UTF-8"?><messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>9111</code><description>No services are appropriate for the shipment of the defined parcel. Validate the parcel criteria against product specifications.</description></message></messages>';
