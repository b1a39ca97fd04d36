import type { GetRatesInput, PriceQuote } from "../../../src/canada-post";
import { PackingError, type CartLine } from "../../../src/shipping/packing";
import { QuoteInputError, QuoteService, type RateSource } from "../../../src/shipping/quotes";
import { Rates } from "../../../src/shipping/rates";
import {
  parseMerchantSettings,
  quoteRulesOf,
  type MerchantSettingsInput,
} from "../../../src/shipping/settings";

/**
 * A cart as a shopper sends it: any address, any currency, any quantity. What cannot be priced gets no
 * price and says why (never an exception a platform would turn into a 500); Canada Post is not asked.
 */

const calls: GetRatesInput[] = [];
/** Canada Post's answer for every parcel: Expedited at 12.40 CAD due. */
const source: RateSource = async (input) => {
  calls.push(input);
  const quote: PriceQuote = {
    serviceCode: "DOM.EP",
    serviceName: "Expedited Parcel",
    priceDetails: { base: 11, due: 12.4, options: [], adjustments: [] },
    serviceStandard: { expectedTransitTime: 2, guaranteedDelivery: true },
  };
  return [quote];
};

function rates(extra: Partial<MerchantSettingsInput> = {}, now: () => number = Date.now) {
  const settings = parseMerchantSettings({ origin: { postalCode: "K2B 8J6" }, ...extra });
  const quotes = new QuoteService({ rateSource: source, rules: quoteRulesOf(settings), now });
  return new Rates(settings, quotes, { originPostalCode: "K2B8J6" }, now);
}

const MUG: CartLine = { id: "mug", quantity: 1, weight: 0.4, length: 12, width: 10, height: 10 };
beforeEach(() => (calls.length = 0));

describe("a cart that cannot be priced says why, and asks Canada Post nothing", () => {
  it.each([
    [
      { country: "CA", postalCode: "H2B 1A0, QC" },
      "invalid_postal_code",
      /"H2B 1A0, QC" is not a Canadian postal code: write it as A1A 1A1/,
    ],
    [{ country: "CA", postalCode: "12345" }, "invalid_postal_code", /not a Canadian postal code/],
    [{ country: "CA" }, "postal_code_required", /Add the postal code/],
    [
      { country: "US", postalCode: "K2B 8J6" },
      "invalid_zip_code",
      /not a US ZIP code: write it as 12345 or 12345-6789/,
    ],
    [{ country: "Canada", postalCode: "K2B 8J6" }, "invalid_country", /Choose the country/],
    [{ country: "QQ" }, "invalid_country", /Choose the country/],
    [{ country: "FR", postalCode: "75001 PARIS CEDEX 01" }, "invalid_postal_code", /up to 10 letters/],
  ])("%j → %s", async (destination, code, message) => {
    const r = await rates().quoteCart({ lines: [MUG], destination });
    expect(r.quotes).toEqual([]);
    expect(r.problem?.code).toBe(code);
    expect(r.problem?.message.en).toMatch(message);
    expect(r.problem?.message.fr).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it("gives French words for a French-speaking shopper", async () => {
    const r = await rates().quoteCart({ lines: [MUG], destination: { country: "CA", postalCode: "H2B1A" } });
    expect(r.problem?.message.fr).toBe(
      "« H2B1A » n'est pas un code postal canadien : écrivez-le sous la forme A1A 1A1, par exemple K2B 8J6.",
    );
  });

  it("prices a well-written address however it is typed", async () => {
    const r = await rates().quoteCart({
      lines: [MUG],
      destination: { country: "ca", postalCode: " h2b-1a0 " },
    });
    expect(r.problem).toBeUndefined();
    expect(r.quotes.map((q) => [q.serviceCode, q.amount, q.currency])).toEqual([["DOM.EP", 12.4, "CAD"]]);
    expect(calls[0]!.destination).toEqual({ country: "CA", postalCode: "H2B1A0" });
  });
});

describe("currencies", () => {
  it("gives no price in a currency the store has no rate for, saying so", async () => {
    const r = await rates().quoteCart({
      lines: [MUG],
      destination: { country: "CA", postalCode: "H2B 1A0" },
      currency: "usd",
    });
    expect(r.quotes).toEqual([]);
    expect(r.problem).toMatchObject({ code: "currency_not_supported", field: "currency" });
    expect(r.problem!.message.en).toMatch(/no exchange rate for USD/);
    expect(calls).toHaveLength(0);
  });

  it("converts with the merchant's rate, rounded the merchant's way in that currency", async () => {
    // 12.40 CAD at 0.72 USD per CAD is 8.928 USD: 8.93 as is. With "up_0.99", 12.40 CAD is 12.99 CAD,
    // 9.3528 USD, shown as 9.99 USD.
    const plain = await rates({ currencies: { USD: 0.72 } }).quoteCart({
      lines: [MUG],
      destination: { country: "CA", postalCode: "H2B 1A0" },
      currency: "USD",
    });
    expect(plain.quotes.map((q) => [q.amount, q.currency])).toEqual([[8.93, "USD"]]);
    expect(plain.quotes[0]!.breakdown.due).toBe(12.4); // Canada Post's own price stays in CAD
    const rounded = await rates({ currencies: { USD: 0.72 }, pricing: { rounding: "up_0.99" } }).quoteCart({
      lines: [MUG],
      destination: { country: "CA", postalCode: "H2B 1A0" },
      currency: "USD",
    });
    expect(rounded.quotes[0]!.amount).toBe(9.99);
  });

  it("compares a cart's subtotal in its currency with the CAD free-shipping threshold", async () => {
    // 100 CAD free shipping; 75 USD at 0.72 is 104.17 CAD (free), 70 USD is 97.22 CAD (not free).
    const r = rates({ currencies: { USD: 0.72 }, pricing: { freeShippingOver: { "*": 100 } } });
    const at = (orderSubtotal: number) =>
      r.quoteCart({
        lines: [MUG],
        destination: { country: "CA", postalCode: "H2B 1A0" },
        currency: "USD",
        orderSubtotal,
      });
    expect((await at(75)).quotes[0]!.amount).toBe(0);
    expect((await at(70)).quotes[0]!.amount).toBe(8.93);
  });
});

describe("what the platform adds to a cart", () => {
  it("refuses an order subtotal that is not an amount, as a programming error, and asks Canada Post nothing", async () => {
    const r = rates({ pricing: { freeShippingOver: { "*": 100 } } });
    for (const orderSubtotal of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const ask = r.quoteCart({
        lines: [MUG],
        destination: { country: "CA", postalCode: "H2B 1A0" },
        orderSubtotal,
      });
      await expect(ask).rejects.toThrow(QuoteInputError);
      await expect(ask).rejects.toThrow(/orderSubtotal must be an amount of 0 or more/);
    }
    expect(calls).toHaveLength(0);
  });
});

describe("bounded work per cart", () => {
  it("refuses an order of more units than the store prices, before packing", async () => {
    const many: CartLine = { ...MUG, quantity: 200_000 };
    const error = await rates()
      .quoteCart({ lines: [many], destination: { country: "CA", postalCode: "H2B 1A0" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackingError);
    expect(error).toMatchObject({ problem: "tooManyUnits" });
    expect((error as Error).message).toMatch(
      /200000 units to ship; .* at most 1000 units per order \(the store's setting packing\.maxUnits\)/,
    );
    expect(calls).toHaveLength(0);
  });

  it("refuses an order that packs into more parcels than the store allows", async () => {
    const heavy: CartLine = { id: "anvil", quantity: 4, weight: 25, length: 30, width: 20, height: 20 };
    const error = await rates({ packing: { maxParcels: 3 } })
      .quoteCart({ lines: [heavy], destination: { country: "CA", postalCode: "H2B 1A0" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: "tooManyParcels" });
    expect((error as Error).message).toMatch(/packs into 4 parcels; .* at most 3 parcels/);
  });
});

describe("a cart asked again", () => {
  afterEach(() => jest.restoreAllMocks());

  it("answers from the carts priced lately until the cache lifetime passes, then asks Canada Post again", async () => {
    let t = 0;
    const r = rates({ quotes: { cacheSeconds: 60 } }, () => t);
    const ask = (quantity: number) =>
      r.quoteCart({ lines: [{ ...MUG, quantity }], destination: { country: "CA", postalCode: "H2B 1A0" } });
    expect((await ask(1)).source).toBe("canada-post");
    t = 59_000;
    const again = await ask(1);
    expect(again.source).toBe("cache");
    expect(again.quotes.map((q) => q.amount)).toEqual([12.4]);
    expect(calls).toHaveLength(1);
    expect((await ask(2)).source).toBe("canada-post"); // another cart: another parcel
    t = 61_000;
    expect((await ask(1)).source).toBe("canada-post");
    expect(calls).toHaveLength(3);
  });

  it("prices the options a platform asks for at once with one pricing and one answer, each narrowed to its service", async () => {
    const r = rates();
    const priced = jest.spyOn(QuoteService.prototype, "quoteChecked");
    const destination = { country: "CA", postalCode: "H2B 1A0" };
    const [ep, rp, both] = await Promise.all([
      r.quoteCart({ lines: [MUG], destination, serviceCodes: ["DOM.EP"] }),
      r.quoteCart({ lines: [MUG], destination, serviceCodes: ["DOM.RP"] }),
      r.quoteCart({ lines: [MUG], destination, serviceCodes: ["DOM.RP", "DOM.EP"] }),
    ]);
    expect(priced).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(1);
    expect(ep.quotes.map((q) => [q.serviceCode, q.amount])).toEqual([["DOM.EP", 12.4]]);
    expect(both.quotes.map((q) => q.serviceCode)).toEqual(["DOM.EP"]);
    expect(rp.quotes).toEqual([]);
    expect(rp.reason).toBe("Canada Post offers none of the requested services (DOM.RP) for this cart");
    // Asked again for another option: the cart priced lately, not another pricing.
    expect((await r.quoteCart({ lines: [MUG], destination, serviceCodes: ["DOM.EP"] })).source).toBe("cache");
    expect(priced).toHaveBeenCalledTimes(1);
  });

  it("a caller with a signal of its own waits on its own pricing", async () => {
    const r = rates();
    const priced = jest.spyOn(QuoteService.prototype, "quoteChecked");
    const destination = { country: "CA", postalCode: "H2B 1A0" };
    await Promise.all([
      r.quoteCart({ lines: [MUG], destination }),
      r.quoteCart({ lines: [MUG], destination, signal: new AbortController().signal }),
    ]);
    expect(priced).toHaveBeenCalledTimes(2);
  });

  it("answers a cart before keeping it: asked again meanwhile, the same answer as a repeat, within its lifetime", async () => {
    let t = 0;
    const r = rates({ quotes: { cacheSeconds: 60 } }, () => t);
    const priced = jest.spyOn(QuoteService.prototype, "quoteChecked");
    const ask = () => r.quoteCart({ lines: [MUG], destination: { country: "CA", postalCode: "H2B 1A0" } });
    expect((await ask()).source).toBe("canada-post");
    // No turn of the event loop yet: the cart is not kept, its answer is shared.
    const again = await ask();
    expect(again.source).toBe("cache");
    expect(again.quotes.map((q) => q.amount)).toEqual([12.4]);
    expect(priced).toHaveBeenCalledTimes(1);
    // Past the lifetime, even before it was kept: priced again, from Canada Post.
    t = 60_000;
    expect((await ask()).source).toBe("canada-post");
    expect(priced).toHaveBeenCalledTimes(2);
    expect(calls).toHaveLength(2);
  });

  it("prices the same cart again when it ships from another location", async () => {
    const r = rates({ quotes: { cacheSeconds: 60 } });
    const ask = (originPostalCode: string) =>
      r.quoteCart({ lines: [MUG], destination: { country: "CA", postalCode: "H2B 1A0" }, originPostalCode });
    expect((await ask("K2B 8J6")).source).toBe("canada-post");
    expect((await ask("V6B 1A1")).source).toBe("canada-post");
    expect(calls.map((c) => c.originPostalCode)).toEqual(["K2B8J6", "V6B1A1"]);
  });

  it("keeps the last 5,000 carts priced: the oldest is priced again, the ones after it are not", async () => {
    const r = rates({ quotes: { cacheSeconds: 600 } });
    const priced = jest.spyOn(QuoteService.prototype, "quoteChecked");
    // Carts told apart by their subtotal: 5,001 of them, one more than are kept.
    const ask = (orderSubtotal: number) =>
      r.quoteCart({ lines: [MUG], destination: { country: "CA", postalCode: "H2B 1A0" }, orderSubtotal });
    for (let i = 0; i <= 5_000; i++) await ask(i);
    // Each cart is kept once its callers have their answer, on the event loop's next turn.
    await new Promise((r) => setImmediate(r));
    expect(priced).toHaveBeenCalledTimes(5_001);
    expect((await ask(1)).source).toBe("cache");
    expect((await ask(5_000)).source).toBe("cache");
    expect(priced).toHaveBeenCalledTimes(5_001);
    await ask(0);
    expect(priced).toHaveBeenCalledTimes(5_002);
  });

  it("keeps nothing when the merchant turned the cache off", async () => {
    const r = rates({ quotes: { cacheSeconds: 0 } });
    const ask = () => r.quoteCart({ lines: [MUG], destination: { country: "CA", postalCode: "H2B 1A0" } });
    await ask();
    expect((await ask()).source).toBe("canada-post");
    expect(calls).toHaveLength(2);
  });
});

describe("a cart with nothing to ship", () => {
  it("answers at once, without asking Canada Post or waiting for the deadline", async () => {
    const r = rates({ quotes: { deadlineMs: 5_000 } });
    const started = Date.now();
    const q = await r.quoteCart({
      lines: [{ ...MUG, quantity: 0 }],
      destination: { country: "CA", postalCode: "H2B 1A0" },
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(q).toMatchObject({ quotes: [], parcels: [] });
    expect(calls).toHaveLength(0);
  });
});

describe("the same lines packed once", () => {
  const to = (postalCode: string) => ({ country: "CA", postalCode });

  it("packs the lines a shopper is priced for at each address they type once, and shares the frozen parcels", async () => {
    const r = rates();
    const lines = [{ ...MUG, quantity: 3 }];
    const a = await r.quoteCart({ lines, destination: to("H2B 1A0") });
    const b = await r.quoteCart({ lines: [{ ...MUG, quantity: 3 }], destination: to("V6B 1A1") });
    expect(calls).toHaveLength(2); // two destinations, two answers
    expect(b.parcels).toBe(a.parcels);
    expect(Object.isFrozen(a.parcels)).toBe(true);
    // A caller that changes what it was given fails loudly and changes nothing for the next one.
    expect(() => {
      (a.parcels[0] as { weight: number }).weight = 99;
    }).toThrow(TypeError);
    expect(() => (a.parcels as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (a.parcels[0]!.items[0] as { quantity: number }).quantity = 7;
    }).toThrow(TypeError);
    expect(r.pack(lines)).toBe(a.parcels);
    expect(a.parcels[0]!.items).toEqual([{ lineId: "mug", quantity: 3 }]);
    // 3 × 0.4 kg of mugs, plus the box the packer chose.
    expect(a.parcels[0]!.weight).toBeGreaterThanOrEqual(1.2);
  });

  it("a line whose number is NaN is refused, never given the packing or price of one whose number is missing", async () => {
    const r = rates({ packing: { missingWeight: "default" } } as Partial<MerchantSettingsInput>);
    const destination = to("H2B 1A0");
    const missing = await r.quoteCart({ lines: [{ ...MUG, weight: null }], destination });
    expect(missing.quotes).toHaveLength(1);
    // JSON writes NaN and Infinity as null: the cart and its packing must not be looked up by that text.
    for (const weight of [NaN, Infinity]) {
      const e = await r.quoteCart({ lines: [{ ...MUG, weight }], destination }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PackingError);
      expect((e as PackingError).message).toMatch(/Line "mug".*weight must be a number of at least 0/);
      expect(() => r.pack([{ ...MUG, weight }])).toThrow(PackingError);
    }
  });

  it("an order subtotal that is not a number is refused, never answered from the cart priced without one", async () => {
    const r = rates({ quotes: { cacheSeconds: 600 } });
    const destination = to("H2B 1A0");
    expect((await r.quoteCart({ lines: [MUG], destination })).quotes).toHaveLength(1);
    await expect(r.quoteCart({ lines: [MUG], destination, orderSubtotal: NaN })).rejects.toThrow(
      QuoteInputError,
    );
  });
});
