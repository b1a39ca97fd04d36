import {
  applyMarkup,
  applyPricingRules,
  applyRounding,
  qualifiesForFreeShipping,
  selectServices,
  serviceName,
  sumMoney,
  toCents,
} from "../../../src/shipping/pricing-rules";

const noRules = { rounding: "none" as const };

describe("money", () => {
  it("rounds half cents up on the decimal value, not the binary one", () => {
    expect(toCents(1.005)).toBe(101);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(-0.33)).toBe(-33);
    expect(sumMoney([0.1, 0.2])).toBe(0.3);
    expect(sumMoney([10.97, 1.39, 0.98, -0.33])).toBe(13.01);
  });
});

describe("markup", () => {
  it("adds a percentage with correct cent rounding", () => {
    expect(applyMarkup(1005, { percent: 15 })).toBe(1156); // 11.5575 → 11.56
    expect(applyPricingRules(10.05, "DOM.EP", undefined, { ...noRules, markup: { percent: 15 } })).toBe(
      11.56,
    );
  });
  it("adds a flat amount after the percentage", () => {
    expect(applyMarkup(1000, { percent: 10, flat: 1.5 })).toBe(1250);
  });
  it("never goes below zero with a discount", () => {
    expect(applyMarkup(500, { flat: -10 })).toBe(0);
    expect(applyMarkup(1000, { percent: -25 })).toBe(750);
  });
});

describe("handling fee", () => {
  it("is added after the markup", () => {
    expect(
      applyPricingRules(10, "DOM.EP", undefined, { ...noRules, markup: { percent: 10 }, handlingFee: 2.25 }),
    ).toBe(13.25);
  });
});

describe("rounding", () => {
  it.each([
    ["none", 1234, 1234],
    ["nearest_0.05", 1232, 1230],
    ["nearest_0.05", 1233, 1235],
    ["nearest_0.05", 1237, 1235],
    ["up_0.99", 1230, 1299],
    ["up_0.99", 1299, 1299],
    ["up_0.99", 1300, 1399],
    ["up_0.99", 5, 99],
    ["up_whole", 1201, 1300],
    ["up_whole", 1200, 1200],
  ] as const)("%s turns %i cents into %i", (mode, cents, expected) => {
    expect(applyRounding(cents, mode)).toBe(expected);
  });
  it("keeps a free price free", () => {
    expect(applyRounding(0, "up_0.99")).toBe(0);
  });
});

describe("free shipping", () => {
  const freeShipping = { "DOM.EP": 100, "*": 250 };
  it("applies at or above the service's threshold", () => {
    expect(qualifiesForFreeShipping("DOM.EP", 100, freeShipping)).toBe(true);
    expect(qualifiesForFreeShipping("DOM.EP", 99.99, freeShipping)).toBe(false);
    expect(applyPricingRules(14.2, "DOM.EP", 100, { ...noRules, handlingFee: 2, freeShipping })).toBe(0);
    expect(applyPricingRules(14.2, "DOM.EP", 99.99, { ...noRules, handlingFee: 2, freeShipping })).toBe(16.2);
  });
  it("uses the '*' threshold for services without their own", () => {
    expect(qualifiesForFreeShipping("DOM.XP", 249.99, freeShipping)).toBe(false);
    expect(qualifiesForFreeShipping("DOM.XP", 250, freeShipping)).toBe(true);
  });
  it("needs a subtotal to apply", () => {
    expect(qualifiesForFreeShipping("DOM.EP", undefined, freeShipping)).toBe(false);
  });
});

describe("services", () => {
  const services = [{ serviceCode: "DOM.XP", name: "Express" }, { serviceCode: "DOM.EP" }];
  const quotes = [
    { serviceCode: "DOM.EP", amount: 12 },
    { serviceCode: "DOM.PC", amount: 30 },
    { serviceCode: "DOM.XP", amount: 18 },
  ];
  it("renames with the merchant's name, else keeps Canada Post's", () => {
    expect(serviceName("DOM.XP", "Xpresspost", services)).toBe("Express");
    expect(serviceName("DOM.EP", "Expedited Parcel", services)).toBe("Expedited Parcel");
  });
  it("keeps only enabled services, in the merchant's order", () => {
    expect(selectServices(quotes, services).map((q) => q.serviceCode)).toEqual(["DOM.XP", "DOM.EP"]);
  });
  it("keeps every service cheapest first when none is configured, and honours a requested subset", () => {
    expect(selectServices(quotes, undefined).map((q) => q.serviceCode)).toEqual([
      "DOM.EP",
      "DOM.XP",
      "DOM.PC",
    ]);
    expect(selectServices(quotes, services, ["DOM.EP"]).map((q) => q.serviceCode)).toEqual(["DOM.EP"]);
  });
});
