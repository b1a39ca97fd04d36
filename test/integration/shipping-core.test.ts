import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCanadaPost, type CanadaPostBackend } from "../../src/runtime/open-canada-post";
import { createShipping } from "../../src/shipping/create-shipping";
import { FileLabelStore } from "../../src/shipping/label-store";
import { PackingError, type CartLine } from "../../src/shipping/packing";
import { parseMerchantSettings } from "../../src/shipping/settings";
import { MAPLE_GOODS_ORIGIN } from "../support/merchant";

/** The core against the built-in simulator, as an adapter would open it. */
let backend: CanadaPostBackend;
const control = (path: string, init?: RequestInit) =>
  fetch(`${backend.baseUrl}/__simulator/${path}`, {
    ...init,
    headers: { "content-type": "application/json" },
  }).then((r) => r.json() as Promise<Record<string, unknown>>);
const getRatesCalls = async () =>
  ((await control("requests")).byOperation as Record<string, number>).GetRates ?? 0;

const settings = {
  origin: MAPLE_GOODS_ORIGIN,
};
/** A short deadline, so the outage test is quick; the default (2.5 s) elsewhere. */
const impatient = {
  ...settings,
  quotes: { deadlineMs: 400, fallbackRates: { "DOM.EP": { amount: 19.99, name: "Expedited (estimated)" } } },
};

const CART: CartLine[] = [
  {
    id: "mug",
    quantity: 2,
    weight: 450,
    weightUnit: "g",
    length: 12,
    width: 10,
    height: 10,
    dimensionUnit: "cm",
    value: 18,
  },
  {
    id: "kettle",
    quantity: 1,
    weight: 1.6,
    weightUnit: "kg",
    length: 25,
    width: 20,
    height: 22,
    dimensionUnit: "cm",
    value: 60,
  },
  {
    id: "rug",
    quantity: 1,
    weight: 9,
    weightUnit: "lb",
    length: 50,
    width: 9,
    height: 9,
    dimensionUnit: "in",
    value: 120,
    shipsAlone: true,
  },
];
const MONTREAL = { country: "CA", postalCode: "H2B 1A0" };

beforeAll(async () => {
  backend = await openCanadaPost(undefined);
});
afterAll(() => backend.close());
beforeEach(() => control("reset", { method: "POST" }));

describe("the shipping core against the simulator", () => {
  it("prices a cart once per distinct parcel, however many services ask at once", async () => {
    const core = createShipping({ settings, canadaPost: backend });
    const services = ["DOM.RP", "DOM.EP", "DOM.XP", "DOM.PC"];
    const results = await Promise.all(
      services.map((code) =>
        core.rates.quoteCart({ lines: CART, destination: MONTREAL, serviceCodes: [code] }),
      ),
    );
    const parcels = results[0]!.parcels;
    expect(parcels.length).toBe(2); // the mugs and kettle in one box, the rug alone
    expect(await getRatesCalls()).toBe(new Set(parcels.map((p) => p.id)).size);
    results.forEach((r, i) => {
      expect({ source: r.source, reason: r.reason }).toEqual({ source: "canada-post", reason: undefined });
      expect(r.quotes.map((q) => q.serviceCode)).toEqual([services[i]]);
      expect(r.quotes[0]!.amount).toBeGreaterThan(0);
    });
    // Priority costs more than Regular Parcel for the same cart.
    expect(results[3]!.quotes[0]!.amount).toBeGreaterThan(results[0]!.quotes[0]!.amount);
  });

  it("quotes a US cart with the US services only", async () => {
    const core = createShipping({ settings, canadaPost: backend });
    const r = await core.rates.quoteCart({
      lines: CART,
      destination: { country: "US", postalCode: "90210" },
    });
    expect(r.source).toBe("canada-post");
    expect(r.quotes.length).toBeGreaterThan(0);
    expect(r.quotes.every((q) => q.serviceCode.startsWith("USA."))).toBe(true);
  });

  it("answers with the fallback rates at the deadline when Canada Post hangs", async () => {
    const core = createShipping({ settings: impatient, canadaPost: backend });
    await control("faults", {
      method: "POST",
      body: JSON.stringify({ path: "^/rs/ship/price$", hang: true }),
    });
    const started = Date.now();
    const r = await core.rates.quoteCart({ lines: CART, destination: MONTREAL });
    const elapsed = Date.now() - started;
    expect(r.source).toBe("fallback");
    expect(r.reason).toMatch(/did not answer within 400 ms/);
    expect(r.quotes).toEqual([expect.objectContaining({ serviceCode: "DOM.EP", amount: 19.99 })]);
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1500);
    // The calls were abandoned at the deadline on their sockets, not left to the client's 15 s timeout, and
    // none was retried: one Get Rates per parcel, each closed by the client about 400 ms after it arrived.
    await new Promise((r) => setTimeout(r, 200));
    const { entries } = (await control("requests")) as {
      entries: { operation: string; clientClosedAfterMs?: number }[];
    };
    const calls = entries.filter((e) => e.operation === "GetRates");
    expect(calls).toHaveLength(r.parcels.length);
    for (const call of calls) {
      expect(call.clientClosedAfterMs).toBeGreaterThanOrEqual(350);
      expect(call.clientClosedAfterMs).toBeLessThan(900);
    }
  });

  it("refuses a cart that no parcel can carry, naming the item", async () => {
    const core = createShipping({ settings, canadaPost: backend });
    const canoe: CartLine = { id: "canoe", quantity: 1, weight: 25, length: 480, width: 90, height: 40 };
    await expect(core.rates.quoteCart({ lines: [canoe], destination: MONTREAL })).rejects.toThrow(
      PackingError,
    );
    await expect(core.rates.quoteCart({ lines: [canoe], destination: MONTREAL })).rejects.toThrow(/canoe/);
    expect(await getRatesCalls()).toBe(0);
  });

  it("takes settings parsed once: handed parsed settings, it uses them as they are", () => {
    const parsed = parseMerchantSettings(settings);
    expect(createShipping({ settings: parsed, canadaPost: backend }).settings).toBe(parsed);
    // Raw settings are checked at the entry, with every problem listed.
    expect(() =>
      createShipping({ settings: { origin: { postalCode: "12345" } }, canadaPost: backend }),
    ).toThrow(/origin\.postalCode: is not a Canadian postal code/);
  });

  it("tracks a parcel into one normalised model", async () => {
    const core = createShipping({ settings, canadaPost: backend });
    const t = await core.tracking.track("1371134583769923");
    expect(t.status).toBe("delivered");
    expect(t.events.length).toBeGreaterThan(2);
    expect(t.events[0]!.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/);
  });

  it("buys one label per packed parcel for a fulfillment, once, and voids them", async () => {
    const labels = new FileLabelStore(mkdtempSync(join(tmpdir(), "cp-labels-")));
    const core = createShipping({
      settings: { ...settings, shipments: { mode: "manifest" } },
      canadaPost: backend,
      labels,
    });
    const { parcels } = await core.rates.quoteCart({ lines: CART, destination: MONTREAL });
    const request = {
      orderId: "order_01",
      fulfillmentId: "ful_01",
      serviceCode: "DOM.EP",
      destination: {
        name: "Jane Doe",
        addressLine1: "23 jardin private",
        city: "Montreal",
        province: "QC",
        ...MONTREAL,
      },
      parcels,
      orderValue: 156,
    };
    const [first, again] = await Promise.all([
      core.shipments.createShipments(request),
      core.shipments.createShipments(request),
    ]);
    expect(first!.map((r) => r.trackingPin)).toEqual(again!.map((r) => r.trackingPin));
    expect(first).toHaveLength(parcels.length);
    expect(((await control("requests")).byOperation as Record<string, number>).CreateShipment).toBe(
      parcels.length,
    );
    const label = await labels.get(first![0]!.label!.location);
    expect(label?.data.subarray(0, 5).toString()).toBe("%PDF-");

    const voided = await core.shipments.voidOrRefund(first![0]!, { email: "merchant@example.com" });
    expect(voided.status).toBe("voided");
  });
});
