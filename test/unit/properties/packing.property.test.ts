import fc from "fast-check";
import { packItems, PackingError, type CartLine } from "../../../src/shipping/packing";
import { parseMerchantSettings, type MerchantSettingsInput } from "../../../src/shipping/settings";
import { check } from "./seed";

/**
 * Packing, for any cart and any box catalogue the settings accept: every unit is in exactly one parcel, the
 * parcels weigh what their items and empty boxes weigh, and no parcel breaks Canada Post's limits (30 kg,
 * 200 cm a side, length + girth 300 cm), stated here from Canada Post's rules rather than limits.ts.
 */
const MAX_KG = 30;
const MAX_SIDE_CM = 200;
const MAX_LENGTH_PLUS_GIRTH_CM = 300;

/** A unit that may ship: within Canada Post's limits, as a product of a real catalogue could be. */
const line = (id: number) =>
  fc
    .record({
      quantity: fc.integer({ min: 0, max: 6 }),
      weightKg: fc.oneof(fc.double({ min: 0.001, max: 30, noNaN: true }), fc.constant(undefined)),
      grams: fc.boolean(),
      sides: fc.oneof(
        fc.tuple(
          fc.double({ min: 0.5, max: 80, noNaN: true }),
          fc.double({ min: 0.5, max: 80, noNaN: true }),
          fc.double({ min: 0.5, max: 60, noNaN: true }),
        ),
        fc.tuple(
          fc.double({ min: 1, max: 200, noNaN: true }),
          fc.double({ min: 1, max: 50, noNaN: true }),
          fc.double({ min: 1, max: 50, noNaN: true }),
        ),
        // At the length + girth limit, to the hundredth of a centimetre: what rounding could push over it.
        fc
          .tuple(fc.integer({ min: 1000, max: 7000 }), fc.integer({ min: 1000, max: 7000 }), fc.nat(10))
          .map(([w, h, under]): [number, number, number] => [
            (30_000 - 2 * (w + h) - under) / 100,
            w / 100,
            h / 100,
          ]),
        fc.constant(undefined),
      ),
      shipsAlone: fc.boolean(),
      value: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
    })
    .filter(({ sides }) => {
      if (!sides) return true;
      const [l, w, h] = [...sides].sort((a, b) => b - a) as [number, number, number];
      return l <= MAX_SIDE_CM && l + 2 * (w + h) <= MAX_LENGTH_PLUS_GIRTH_CM;
    })
    .map((l): CartLine => ({
      id: `line_${id}`,
      quantity: l.quantity,
      weight: l.weightKg === undefined ? undefined : l.grams ? l.weightKg * 1000 : l.weightKg,
      weightUnit: l.grams ? "g" : "kg",
      length: l.sides?.[0],
      width: l.sides?.[1],
      height: l.sides?.[2],
      shipsAlone: l.shipsAlone,
      value: l.value,
    }));

const cart = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => line(i))));

/** A box catalogue the settings accept: inner sides within Canada Post's limits, an empty weight below the maximum. */
const box = (i: number) =>
  fc
    .record({
      sides: fc.tuple(
        fc.integer({ min: 5, max: 120 }),
        fc.integer({ min: 5, max: 80 }),
        fc.integer({ min: 2, max: 60 }),
      ),
      maxWeight: fc.integer({ min: 1, max: 30 }),
      emptyShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    })
    .filter(({ sides }) => {
      const [l, w, h] = [...sides].sort((a, b) => b - a) as [number, number, number];
      return l + 2 * (w + h) <= MAX_LENGTH_PLUS_GIRTH_CM;
    })
    .map(({ sides, maxWeight, emptyShare }) => ({
      name: `box ${i}`,
      length: sides[0],
      width: sides[1],
      height: sides[2],
      maxWeight,
      emptyWeight: Math.round(maxWeight * emptyShare * 1000) / 1000,
    }));
const catalogue = fc.oneof(
  fc.constant(undefined), // the default boxes
  fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => box(i)))),
);

const kg = (l: CartLine, defaultKg: number) =>
  l.weight ? (l.weightUnit === "g" ? l.weight / 1000 : l.weight) : defaultKg;

describe("packing", () => {
  it("puts every unit in exactly one parcel, conserves weight and keeps every parcel within Canada Post's limits", () => {
    check(
      fc.property(cart, catalogue, (lines, boxes) => {
        const input: MerchantSettingsInput = { origin: { postalCode: "K2B8J6" } };
        if (boxes) input.packing = { boxes };
        const settings = parseMerchantSettings(input);
        let parcels;
        try {
          parcels = packItems(lines, settings).parcels;
        } catch (e) {
          // Only the order-size guard may refuse a cart of units that each fit a parcel.
          expect(e).toBeInstanceOf(PackingError);
          expect((e as PackingError).problem).toBe("tooManyParcels");
          return;
        }
        const defaultKg = settings.packing.defaultItem.weight;

        // Every unit in exactly one parcel.
        const packed = new Map<string, number>();
        for (const p of parcels)
          for (const item of p.items) {
            expect(item.quantity).toBeGreaterThan(0);
            packed.set(item.lineId, (packed.get(item.lineId) ?? 0) + item.quantity);
          }
        for (const l of lines) expect(packed.get(l.id) ?? 0).toBe(l.quantity);
        expect([...packed.keys()].every((id) => lines.some((l) => l.id === id))).toBe(true);

        // Weight: the items plus each parcel's empty box, to the gram each parcel is rounded to.
        const boxesByName = new Map(settings.packing.boxes.map((b) => [b.name, b]));
        const items = lines.reduce((sum, l) => sum + l.quantity * kg(l, defaultKg), 0);
        const empty = parcels.reduce((sum, p) => sum + (p.box ? boxesByName.get(p.box)!.emptyWeight : 0), 0);
        const total = parcels.reduce((sum, p) => sum + p.weight, 0);
        // Each parcel is rounded to the gram (at most half a gram off), and none weighs under 1 g.
        expect(Math.abs(total - (items + empty))).toBeLessThanOrEqual(parcels.length * 0.001 + 1e-9);

        for (const p of parcels) {
          const [l, w, h] = [p.dimensions.length, p.dimensions.width, p.dimensions.height];
          expect(l).toBeGreaterThanOrEqual(w);
          expect(w).toBeGreaterThanOrEqual(h);
          expect(p.weight).toBeLessThanOrEqual(MAX_KG);
          expect(l).toBeLessThanOrEqual(MAX_SIDE_CM);
          expect(l + 2 * (w + h)).toBeLessThanOrEqual(MAX_LENGTH_PLUS_GIRTH_CM);
          if (p.box) expect(p.weight).toBeLessThanOrEqual(boxesByName.get(p.box)!.maxWeight + 0.0005);
        }
      }),
      800,
    );
  });
});
