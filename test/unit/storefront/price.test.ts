import { formatShippingPrice } from "../../../src/storefront";

/** The starters test a price for truthiness, so free shipping (0) reads "-": this helper says "Free". */
describe("formatShippingPrice", () => {
  const cad = { currencyCode: "cad" };

  it("reads Free at zero, in the shopper's language", () => {
    expect(formatShippingPrice(0, cad)).toBe("Free");
    expect(formatShippingPrice(0, { ...cad, locale: "en-US" })).toBe("Free");
    expect(formatShippingPrice(0, { ...cad, locale: "fr-CA" })).toBe("Gratuit");
    expect(formatShippingPrice("0", { ...cad, locale: "fr" })).toBe("Gratuit");
    // What would print as $0.00 after a calculation's rounding is free too.
    expect(formatShippingPrice(0.004, cad)).toBe("Free");
    expect(formatShippingPrice(-0, cad)).toBe("Free");
  });

  it("writes other amounts in the currency, as the locale writes them", () => {
    expect(formatShippingPrice(15.84, cad)).toBe("$15.84");
    expect(formatShippingPrice(15.84, { ...cad, locale: "en-US" })).toBe("CA$15.84");
    expect(formatShippingPrice(15.84, { ...cad, locale: "fr-CA" })).toBe("15,84\u00a0$");
    expect(formatShippingPrice(0.01, cad)).toBe("$0.01");
    expect(formatShippingPrice("22.45", { currencyCode: "usd", locale: "en-US" })).toBe("$22.45");
    // A currency without cents: less than half a yen prints ¥0, so it is free; one yen is not.
    expect(formatShippingPrice(0.4, { currencyCode: "jpy", locale: "en-CA" })).toBe("Free");
    expect(formatShippingPrice(1, { currencyCode: "jpy", locale: "en-CA" })).toBe("JP¥1");
  });

  it("gives nothing when there is no price, so the page can show its own placeholder", () => {
    for (const missing of [undefined, null, "", "abc", Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatShippingPrice(missing as number, cad)).toBeUndefined();
    }
    expect(formatShippingPrice(undefined, cad) ?? "-").toBe("-");
  });
});
