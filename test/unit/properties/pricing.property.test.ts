import fc from "fast-check";
import { applyPricingRules, toCents } from "../../../src/shipping/pricing-rules";
import {
  parseMerchantSettings,
  quoteRulesOf,
  type MerchantSettingsInput,
} from "../../../src/shipping/settings";
import { check } from "./seed";

/**
 * The merchant's pricing rules, for any rule set the settings accept: the shopper's price is whole cents,
 * never negative, and never goes down when Canada Post's price goes up (same rules, same order subtotal).
 */
const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => c / 100);
const signedCents = (max: number) => fc.integer({ min: -max, max }).map((c) => c / 100);

const pricing: fc.Arbitrary<NonNullable<MerchantSettingsInput["pricing"]>> = fc.record(
  {
    markup: fc.record(
      {
        percent: fc.oneof(
          fc.integer({ min: -100, max: 1000 }),
          fc.double({ min: -100, max: 1000, noNaN: true }),
        ),
        flat: signedCents(5_000_00),
      },
      { requiredKeys: [] },
    ),
    handlingFee: cents(100_00),
    freeShippingOver: fc.dictionary(fc.constantFrom("*", "DOM.EP", "DOM.RP", "DOM.XP"), cents(500_00), {
      maxKeys: 2,
    }),
    rounding: fc.constantFrom(
      "none" as const,
      "nearest_0.05" as const,
      "up_0.99" as const,
      "up_whole" as const,
    ),
  },
  { requiredKeys: [] },
);

/** Canada Post's price: whole cents as it answers, or any amount (a converted or summed one). */
const price = fc.oneof(cents(2_000_00), fc.double({ min: 0, max: 20_000, noNaN: true }));

const isWholeCents = (amount: number) => Math.round(amount * 100) / 100 === amount;

describe("pricing rules", () => {
  it("give whole cents, never negative, monotonic in Canada Post's price", () => {
    check(
      fc.property(
        pricing,
        price,
        price,
        fc.constantFrom("DOM.EP", "DOM.RP", "DOM.PC"),
        fc.option(cents(1_000_00), { nil: undefined }),
        (input, a, b, service, subtotal) => {
          const rules = quoteRulesOf(
            parseMerchantSettings({ origin: { postalCode: "K2B8J6" }, pricing: input }),
          );
          const [low, high] = a <= b ? [a, b] : [b, a];
          const atLow = applyPricingRules(low, service, subtotal, rules);
          const atHigh = applyPricingRules(high, service, subtotal, rules);
          for (const amount of [atLow, atHigh]) {
            expect(Number.isFinite(amount)).toBe(true);
            expect(isWholeCents(amount)).toBe(true);
            expect(amount).toBeGreaterThanOrEqual(0);
          }
          expect(atHigh).toBeGreaterThanOrEqual(atLow);
        },
      ),
      3000,
    );
  });
});

describe("toCents", () => {
  it("rounds an amount written with up to three decimals as the decimal says, half a cent away from zero", () => {
    // The amount as Canada Post or a merchant writes it ("12.345"), and its cents by integer arithmetic on
    // the digits: the third decimal decides, 5 and above away from zero, whatever the binary value's noise.
    const thousandths = fc.oneof(
      fc.integer({ min: -100_000_000, max: 100_000_000 }),
      fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => n * 10 + Math.sign(n || 1) * 5), // half cents
    );
    check(
      fc.property(thousandths, (n) => {
        const abs = Math.abs(n);
        const written = `${n < 0 ? "-" : ""}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, "0")}`;
        const expected = (n < 0 ? -1 : 1) * (Math.floor(abs / 10) + (abs % 10 >= 5 ? 1 : 0));
        // + 0: a minus zero (-0.001 rounds to -0) is zero cents.
        expect([written, toCents(Number(written)) + 0]).toEqual([written, expected + 0]);
      }),
      20_000,
    );
  });
});
