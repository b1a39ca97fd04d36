import { SERVICES } from "../../../src/simulator/catalog";
import {
  addBusinessDays,
  checkMailingDate,
  priceService,
  rateScenario,
  taxesFor,
  zoneOf,
  type PricingScenario,
} from "../../../src/simulator/pricing";
import { SimFailure } from "../../../src/simulator/respond";

const scenario = (over: Partial<PricingScenario> = {}): PricingScenario => ({
  serviceCode: "DOM.EP",
  originPostalCode: "K2B8J6",
  destination: { country: "CA", postalCode: "M5V3L9" },
  weightKg: 2,
  options: [],
  quoteType: "commercial",
  contract: false,
  mailingDate: new Date("2030-01-09T00:00:00Z"), // a Wednesday
  lang: "en",
  ...over,
});

function failure(fn: () => unknown): SimFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof SimFailure) return e;
    throw e;
  }
  throw new Error("expected a SimFailure");
}

describe("billed weight", () => {
  it("bills the volumetric weight when it exceeds the actual weight, and reports it as cubed weight", () => {
    const light = priceService(scenario({ weightKg: 1 }));
    const bulky = priceService(
      scenario({ weightKg: 1, dimensionsCm: { length: 60, width: 40, height: 30 } }),
    );
    expect(light.cubedWeight).toBeUndefined();
    expect(bulky.cubedWeight).toBe(12); // 72 000 cm³ / 6000
    expect(bulky.base).toBeCloseTo(priceService(scenario({ weightKg: 12 })).base, 2);
  });

  it("bills the actual weight when it is greater, and omits the cubed weight", () => {
    const dense = priceService(
      scenario({ weightKg: 10, dimensionsCm: { length: 20, width: 20, height: 20 } }),
    );
    expect(dense.cubedWeight).toBeUndefined();
    expect(dense.base).toBe(priceService(scenario({ weightKg: 10 })).base);
  });

  it("charges more for heavier parcels", () => {
    expect(priceService(scenario({ weightKg: 5 })).base).toBeGreaterThan(priceService(scenario()).base);
  });
});

describe("zones", () => {
  it("tells local, provincial, neighbouring and far destinations apart", () => {
    expect(zoneOf("K2B8J6", { country: "CA", postalCode: "K2B7A1" })).toBe(1);
    expect(zoneOf("K2B8J6", { country: "CA", postalCode: "M5V3L9" })).toBe(2);
    expect(zoneOf("K2B8J6", { country: "CA", postalCode: "H2X1Y4" })).toBe(3);
    expect(zoneOf("K2B8J6", { country: "CA", postalCode: "V6B1A1" })).toBe(4);
    expect(zoneOf("K2B8J6", { country: "US", postalCode: "10001" })).toBe(1);
    expect(zoneOf("K2B8J6", { country: "US", postalCode: "90210" })).toBe(3);
    expect(zoneOf("K2B8J6", { country: "US", postalCode: "99501" })).toBe(4);
    expect(zoneOf("K2B8J6", { country: "FR" })).toBe(1);
    expect(zoneOf("K2B8J6", { country: "JP" })).toBe(2);
    expect(zoneOf("K2B8J6", { country: "BR" })).toBe(3);
  });

  it("prices and times farther zones higher and longer", () => {
    const near = priceService(scenario({ destination: { country: "CA", postalCode: "K2B7A1" } }));
    const far = priceService(scenario({ destination: { country: "CA", postalCode: "V6B1A1" } }));
    expect(far.base).toBeGreaterThan(near.base);
    expect(far.transitDays).toBeGreaterThan(near.transitDays);
  });
});

describe("taxes by destination province", () => {
  const date = new Date("2030-01-09T00:00:00Z");
  it.each([
    ["M5V3L9", { hst: { amount: 13, percent: 13 } }],
    ["E1C4M3", { hst: { amount: 15, percent: 15 } }],
    ["A1C5M2", { hst: { amount: 15, percent: 15 } }],
    ["C1A4P3", { hst: { amount: 15, percent: 15 } }],
    ["B3H1A1", { hst: { amount: 14, percent: 14 } }],
    ["H2X1Y4", { gst: { amount: 5, percent: 5 }, pst: { amount: 9.98, percent: 9.975 } }],
    ["T2P1J9", { gst: { amount: 5, percent: 5 } }],
    ["V6B1A1", { gst: { amount: 5, percent: 5 } }],
  ])("taxes a $100 shipment to %s", (postalCode, taxes) => {
    expect(taxesFor({ country: "CA", postalCode }, 100, date)).toEqual(taxes);
  });

  it("uses Nova Scotia's 15 % HST before April 2025 and 14 % from then", () => {
    const ns = { country: "CA", postalCode: "B3H1A1" };
    expect(taxesFor(ns, 100, new Date("2025-03-31T00:00:00Z")).hst?.percent).toBe(15);
    expect(taxesFor(ns, 100, new Date("2025-04-01T00:00:00Z")).hst?.percent).toBe(14);
  });

  it("charges no tax to the US or abroad", () => {
    expect(taxesFor({ country: "US", postalCode: "10001" }, 100, date)).toEqual({});
    expect(taxesFor({ country: "JP" }, 100, date)).toEqual({});
  });

  it("adds up base, options, adjustments and taxes into the amount due", () => {
    const q = priceService(scenario({ options: [{ code: "SO" }] }));
    const beforeTax =
      q.base + q.options.reduce((s, o) => s + o.price, 0) + q.adjustments.reduce((s, a) => s + a.cost, 0);
    expect(q.taxes.hst?.percent).toBe(13);
    expect(q.due).toBeCloseTo(beforeTax + q.taxes.hst!.amount, 2);
  });
});

describe("delivery dates", () => {
  it("skips weekends", () => {
    expect(addBusinessDays(new Date("2030-01-11T00:00:00Z"), 1)).toBe("2030-01-14"); // Friday → Monday
    expect(addBusinessDays(new Date("2030-01-09T00:00:00Z"), 3)).toBe("2030-01-14"); // Wednesday + 3
    expect(addBusinessDays(new Date("2030-01-12T00:00:00Z"), 1)).toBe("2030-01-14"); // Saturday → Monday
  });

  it("counts the service's transit days from the mailing date", () => {
    const q = priceService(scenario({ mailingDate: new Date("2030-01-11T00:00:00Z") }));
    expect(q.transitDays).toBe(2);
    expect(q.expectedDeliveryDate).toBe("2030-01-15");
  });

  it("guarantees Expedited, Xpresspost and Priority in Canada but not Regular Parcel", () => {
    const guaranteed = (serviceCode: string) => priceService(scenario({ serviceCode })).guaranteed;
    expect(["DOM.EP", "DOM.XP", "DOM.PC"].map(guaranteed)).toEqual([true, true, true]);
    expect(guaranteed("DOM.RP")).toBe(false);
  });

  it("1622: refuses a mailing date in the past", () => {
    const e = failure(() =>
      checkMailingDate(new Date("2030-01-08T00:00:00Z"), new Date("2030-01-09T10:00:00Z"), "en"),
    );
    expect(e.status).toBe(400);
    expect(e.list).toEqual([
      { code: "1622", description: "The expected-mailing-date must not be in the past." },
    ]);
    expect(() =>
      checkMailingDate(new Date("2030-01-09T00:00:00Z"), new Date("2030-01-09T23:00:00Z"), "en"),
    ).not.toThrow();
  });
});

describe("prices by customer", () => {
  it("is deterministic", () => {
    expect(priceService(scenario({ options: [{ code: "COV", amount: 500 }] }))).toEqual(
      priceService(scenario({ options: [{ code: "COV", amount: 500 }] })),
    );
  });

  it("gives contract < commercial < counter prices", () => {
    const contract = priceService(scenario({ serviceCode: "DOM.XP", contract: true }));
    const commercial = priceService(scenario({ serviceCode: "DOM.XP" }));
    const counter = priceService(scenario({ serviceCode: "DOM.XP", quoteType: "counter" }));
    expect(contract.due).toBeLessThan(commercial.due);
    expect(commercial.due).toBeLessThan(counter.due);
  });

  it("gives commercial customers the automation discount, and promo codes their discount", () => {
    const commercial = priceService(scenario({ promoCode: "SPRING" }));
    const counter = priceService(scenario({ quoteType: "counter", serviceCode: "DOM.RP" }));
    expect(commercial.adjustments.map((a) => a.code)).toEqual(["AUTDISC", "PROMODISC", "FUELSC"]);
    expect(commercial.adjustments[0]).toMatchObject({
      percent: 3,
      cost: -Math.round(commercial.base * 3) / 100,
    });
    expect(counter.adjustments.map((a) => a.code)).toEqual(["FUELSC"]);
  });

  it("prices coverage per $100 step above the included amount", () => {
    const q = (amount: number) =>
      priceService(scenario({ options: [{ code: "COV", amount }] })).options.find((o) => o.code === "COV")!;
    expect(q(100).price).toBe(0);
    expect(q(101).price).toBe(2.75);
    expect(q(500).price).toBe(11);
    expect(q(500).qualifier).toEqual({ stepSize: 100, stepCost: 2.75, includedAmount: 100, maxValue: 5000 });
  });

  it("names services and options in French", () => {
    const q = priceService(scenario({ lang: "fr", options: [{ code: "SO" }] }));
    expect(q.serviceName).toBe("Colis accélérés");
    expect(q.options.map((o) => o.name)).toEqual(["Confirmation de livraison", "Option de signature"]);
  });
});

describe("Canada Post's rating errors", () => {
  it("9111: nothing fits a parcel over 30 kg, with a side over 200 cm, or over 300 cm length + girth", () => {
    for (const over of [
      { weightKg: 30.5 },
      { dimensionsCm: { length: 201, width: 10, height: 10 } },
      { dimensionsCm: { length: 150, width: 40, height: 40 } }, // 150 + 2 × 80 = 310
    ]) {
      const e = failure(() => rateScenario(scenario(over)));
      expect(e.list[0]).toEqual({
        code: "9111",
        description:
          "No services are appropriate for the shipment of the defined parcel. Validate the parcel criteria against product specifications.",
      });
    }
    expect(() => rateScenario(scenario({ weightKg: 30 }))).not.toThrow();
  });

  it("leaves out small packets that a parcel outgrows", () => {
    const codes = (weightKg: number) =>
      rateScenario(scenario({ destination: { country: "US", postalCode: "10001" }, weightKg })).map(
        (q) => q.serviceCode,
      );
    expect(codes(1)).toEqual(expect.arrayContaining(["USA.SP.AIR", "USA.TP", "USA.EP"]));
    expect(codes(3)).not.toContain("USA.SP.AIR");
    expect(codes(3)).toContain("USA.EP");
  });

  it("9112: a domestic service to the US, or a commercial-only service at the counter", () => {
    const us = failure(() => priceService(scenario({ destination: { country: "US", postalCode: "10001" } })));
    expect(us.list[0]).toEqual({
      code: "9112",
      description: "The service DOM.EP is not available for the specified country or customer/contract.",
    });
    const counter = failure(() =>
      rateScenario({ ...scenario({ quoteType: "counter" }), services: ["DOM.EP"] }),
    );
    expect(counter.list[0]!.code).toBe("9112");
  });

  it("7050: an option without its prerequisite, with both codes in the text", () => {
    const e = failure(() => priceService(scenario({ options: [{ code: "PA18" }] })));
    expect(e.list[0]).toEqual({
      code: "7050",
      description:
        "The PA18 option requires the SO option. Please add the prerequisite or remove the option.",
    });
    expect(() => priceService(scenario({ options: [{ code: "PA18" }, { code: "SO" }] }))).not.toThrow();
  });

  it("rates every applicable service, cheapest first", () => {
    const quotes = rateScenario(scenario());
    expect(quotes.map((q) => q.serviceCode).sort()).toEqual(
      SERVICES.filter((s) => s.region === "DOM")
        .map((s) => s.code)
        .sort(),
    );
    const dues = quotes.map((q) => q.due);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });
});
