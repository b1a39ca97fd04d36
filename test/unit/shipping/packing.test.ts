import { benchCart } from "../../../bench/packing";
import {
  billedWeight,
  lengthPlusGirth,
  parcelLimitBreaches,
  volumetricWeight,
  withinParcelLimits,
} from "../../../src/shipping/limits";
import {
  BoxLayout,
  overlaps,
  packsInto,
  sortedSides,
  type Vec3,
} from "../../../src/shipping/packing-geometry";
import { packItems, PackingError, type CartLine, type Parcel } from "../../../src/shipping/packing";
import { parseMerchantSettings, type MerchantSettingsInput } from "../../../src/shipping/settings";

const settings = (packing: MerchantSettingsInput["packing"] = {}) =>
  parseMerchantSettings({ origin: { postalCode: "K2B8J6" }, packing });

const defaults = settings();
/** Boxes that make the arithmetic easy: no box weight, 30 kg each. */
const cubes = settings({
  boxes: [
    { name: "S", length: 10, width: 10, height: 10, maxWeight: 5 },
    { name: "M", length: 20, width: 20, height: 20, maxWeight: 30 },
    { name: "L", length: 40, width: 40, height: 40, maxWeight: 30 },
  ],
});

function packError(lines: CartLine[], s = defaults): PackingError {
  try {
    packItems(lines, s);
  } catch (e) {
    expect(e).toBeInstanceOf(PackingError);
    return e as PackingError;
  }
  throw new Error("the cart was packed");
}

const unitsIn = (parcels: Parcel[]) =>
  parcels.reduce<Record<string, number>>((acc, p) => {
    for (const i of p.items) acc[i.lineId] = (acc[i.lineId] ?? 0) + i.quantity;
    return acc;
  }, {});

describe("Canada Post's parcel limits", () => {
  it("computes length + girth from the longest side", () => {
    expect(lengthPlusGirth({ length: 50, width: 100, height: 50 })).toBe(300);
    expect(withinParcelLimits(30, { length: 100, width: 50, height: 50 })).toBe(true);
    expect(parcelLimitBreaches(30.001, { length: 200.1, width: 50, height: 50 }).map((b) => b.limit)).toEqual(
      ["weight", "side", "lengthPlusGirth"],
    );
  });

  it("tolerates float noise in sums but nothing real", () => {
    const tenTimesThree = Array.from({ length: 10 }, () => 3).reduce((a, b) => a + b, 0.1 - 0.1);
    expect(withinParcelLimits(tenTimesThree + 1e-12, { length: 1, width: 1, height: 1 })).toBe(true);
    expect(withinParcelLimits(30.001, { length: 1, width: 1, height: 1 })).toBe(false);
  });

  it("bills the greater of actual and volumetric weight, with the density factor as a parameter", () => {
    const box = { length: 50, width: 40, height: 30 };
    expect(volumetricWeight(box)).toBe(12);
    expect(volumetricWeight(box, 6000)).toBe(10);
    expect(billedWeight(3, box)).toBe(12);
    expect(billedWeight(15, box)).toBe(15);
    expect(() => volumetricWeight(box, 0)).toThrow(
      "densityFactor must be a positive number of cm³ per kg, got 0",
    );
  });
});

describe("placement in a box", () => {
  it("fills a box exactly and refuses one item more", () => {
    const cube: Vec3 = [10, 10, 10];
    const layout = new BoxLayout([30, 30, 30]);
    for (let i = 0; i < 27; i++) expect(layout.place(cube)).toBeDefined();
    expect(layout.place(cube)).toBeUndefined();
  });

  it("never overlaps and never passes the walls", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const size: Vec3 = [45, 35, 25];
    const layout = new BoxLayout(size);
    let placedCount = 0;
    for (let i = 0; i < 300; i++) {
      const p = layout.place(sortedSides([2 + rand() * 15, 2 + rand() * 15, 1 + rand() * 10]));
      if (p) placedCount++;
    }
    expect(placedCount).toBeGreaterThan(20);
    const all = layout.placements;
    const outside = all.filter(
      (a) => a.x + a.dx > size[0] + 1e-9 || a.y + a.dy > size[1] + 1e-9 || a.z + a.dz > size[2] + 1e-9,
    );
    expect(outside).toEqual([]);
    let overlapping = 0;
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) if (overlaps(all[i]!, all[j]!)) overlapping++;
    expect(overlapping).toBe(0);
    // The check itself catches an overlap.
    expect(overlaps(all[0]!, { ...all[0]!, x: all[0]!.x + all[0]!.dx / 2 })).toBe(true);
  });

  it("keeps items apart when a box holds hundreds of them", () => {
    let seed = 11;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const size: Vec3 = [35, 25, 15];
    const layout = new BoxLayout(size);
    for (let i = 0; i < 1500; i++)
      layout.place(sortedSides([1 + rand() * 4, 1 + rand() * 4, 1 + rand() * 3]));
    const all = layout.placements;
    expect(all.length).toBeGreaterThan(200);
    let overlapping = 0;
    let volume = 0;
    for (let i = 0; i < all.length; i++) {
      const a = all[i]!;
      volume += a.dx * a.dy * a.dz;
      expect(
        a.x + a.dx <= size[0] + 1e-9 && a.y + a.dy <= size[1] + 1e-9 && a.z + a.dz <= size[2] + 1e-9,
      ).toBe(true);
      for (let j = i + 1; j < all.length; j++) if (overlaps(a, all[j]!)) overlapping++;
    }
    expect(overlapping).toBe(0);
    // The placed items fill most of the box.
    expect(volume / (35 * 25 * 15)).toBeGreaterThan(0.6);
  });

  it("rotates items to fit", () => {
    // Three 20×10×10 items fill a 30×20×10 box only if one lies across the other two.
    expect(
      packsInto([30, 20, 10], [{ sides: [20, 10, 10] }, { sides: [20, 10, 10] }, { sides: [20, 10, 10] }]),
    ).toBe(true);
    expect(
      packsInto(
        [30, 20, 10],
        Array.from({ length: 4 }, () => ({ sides: [20, 10, 10] as Vec3 })),
      ),
    ).toBe(false);
  });
});

describe("packItems", () => {
  it("packs nothing for an empty cart", () => {
    expect(packItems([], defaults)).toEqual({ parcels: [] });
  });

  it("chooses the smallest box that holds the items, smallest first", () => {
    const pack = (quantity: number, side: number) =>
      packItems([{ id: "a", quantity, weight: 0.5, length: side, width: side, height: side }], cubes).parcels;
    expect(pack(1, 8).map((p) => p.box)).toEqual(["S"]);
    expect(pack(1, 15).map((p) => p.box)).toEqual(["M"]);
    expect(pack(8, 10).map((p) => p.box)).toEqual(["M"]);
    expect(pack(9, 10).map((p) => p.box)).toEqual(["L"]);
  });

  it("rotates an item to fit a box given in another orientation", () => {
    const s = settings({ boxes: [{ name: "Long", length: 60, width: 10, height: 8, maxWeight: 5 }] });
    const { parcels } = packItems(
      [{ id: "rod", quantity: 1, weight: 1, length: 7, width: 58, height: 9 }],
      s,
    );
    expect(parcels).toHaveLength(1);
    expect(parcels[0]).toMatchObject({ box: "Long", dimensions: { length: 60, width: 10, height: 8 } });
  });

  it("puts three items in one box only by turning one of them", () => {
    const s = settings({ boxes: [{ name: "Tray", length: 30, width: 20, height: 10, maxWeight: 10 }] });
    const { parcels } = packItems(
      [{ id: "a", quantity: 3, weight: 1, length: 10, width: 10, height: 20 }],
      s,
    );
    expect(parcels).toEqual([
      expect.objectContaining({ box: "Tray", items: [{ lineId: "a", quantity: 3 }] }),
    ]);
  });

  it("adds the empty box's weight and the items' value", () => {
    const { parcels } = packItems(
      [{ id: "mug", quantity: 2, weight: 0.4, length: 12, width: 9, height: 10, value: 12.5 }],
      defaults,
    );
    expect(parcels).toHaveLength(1);
    const p = parcels[0]!;
    expect(p.box).toBe("Small box");
    expect(p.weight).toBe(1);
    expect(p.value).toBe(25);
    expect(p.dimensions).toEqual({ length: 25, width: 20, height: 10 });
    expect(p.volumetricWeight).toBe(1);
  });

  it("accepts exactly 30 kg and refuses 30.001 kg, naming the line and the fix", () => {
    const at = (weight: number): CartLine[] => [
      { id: "anvil", title: "Anvil", sku: "ANV-1", quantity: 1, weight, length: 30, width: 20, height: 20 },
    ];
    const { parcels } = packItems(at(30), defaults);
    expect(parcels).toEqual([
      expect.objectContaining({ weight: 30, items: [{ lineId: "anvil", quantity: 1 }] }),
    ]);
    expect(parcels[0]!.box).toBeUndefined();
    const e = packError(at(30.001));
    expect(e.problem).toBe("weight");
    expect(e.lineId).toBe("anvil");
    expect(e.message).toBe(
      `Line "anvil" ("Anvil", SKU ANV-1): one unit weighs 30.001 kg, over Canada Post's 30 kg parcel limit, so no parcel can carry it. Ship it by freight, or check the product's weight and its unit (given in kg).`,
    );
  });

  it("fills a box to exactly 30 kg and splits at the next gram", () => {
    const s = settings({ boxes: [{ name: "Crate", length: 60, width: 60, height: 60, maxWeight: 30 }] });
    const line = (quantity: number): CartLine[] => [
      { id: "brick", quantity, weight: 3, length: 10, width: 10, height: 10 },
    ];
    expect(packItems(line(10), s).parcels.map((p) => p.weight)).toEqual([30]);
    expect(packItems(line(11), s).parcels.map((p) => p.weight)).toEqual([30, 3]);
  });

  it("accepts a 200 cm side and refuses 200.1 cm", () => {
    const rod = (length: number): CartLine[] => [
      { id: "rod", quantity: 1, weight: 2, length, width: 10, height: 10 },
    ];
    const { parcels } = packItems(rod(200), defaults);
    expect(parcels).toEqual([
      expect.objectContaining({ dimensions: { length: 200, width: 10, height: 10 } }),
    ]);
    expect(parcels[0]!.box).toBeUndefined();
    const e = packError(rod(200.1));
    expect(e.problem).toBe("side");
    expect(e.message).toContain("has a side of 200.1 cm, over Canada Post's 200 cm limit for any side");
    expect(e.message).toContain("check the product's dimensions and their unit (given in cm)");
    // Just over: the figure shows enough decimals to be over the limit it names.
    expect(packError(rod(200.04)).message).toContain(
      "has a side of 200.04 cm, over Canada Post's 200 cm limit",
    );
  });

  it("accepts length + girth of 300 cm and refuses 300.1 cm", () => {
    const crate = (length: number): CartLine[] => [
      { id: "crate", quantity: 1, weight: 10, length, width: 50, height: 50 },
    ];
    expect(packItems(crate(100), defaults).parcels).toEqual([
      expect.objectContaining({ dimensions: { length: 100, width: 50, height: 50 }, volumetricWeight: 50 }),
    ]);
    const e = packError(crate(100.1));
    expect(e.problem).toBe("lengthPlusGirth");
    expect(e.message).toContain("measures 300.1 cm in length + girth (100.1 + 2 × (50 + 50))");
    expect(packError(crate(100.02)).message).toContain("measures 300.02 cm in length + girth");
  });

  it("never declares a parcel within the limits over them by rounding its sides to the tenth", () => {
    // 199.8 + 2 × (28.35 + 21.75) = 300 cm; to the nearest tenth it would be 199.8 × 28.4 × 21.8, 300.2 cm.
    const [parcel] = packItems(
      [{ id: "rug", quantity: 1, weight: 5, length: 199.8, width: 28.35, height: 21.75 }],
      defaults,
    ).parcels;
    expect(parcel!.dimensions).toEqual({ length: 199.8, width: 28.3, height: 21.7 });
    // Sides that round within the limits are still rounded to the nearest tenth.
    const [box] = packItems(
      [{ id: "b", quantity: 1, weight: 5, length: 99.96, width: 50, height: 49.96 }],
      defaults,
    ).parcels;
    expect(box!.dimensions).toEqual({ length: 100, width: 50, height: 50 });
  });

  it("ships items larger or heavier than every box in their own parcel", () => {
    const { parcels } = packItems(
      [
        { id: "kayak-paddle", quantity: 1, weight: 1.5, length: 120, width: 20, height: 5 },
        { id: "dumbbell", quantity: 1, weight: 29.5, length: 30, width: 12, height: 12 },
        { id: "sock", quantity: 1, weight: 0.1, length: 10, width: 8, height: 2 },
      ],
      defaults,
    );
    expect(parcels.map((p) => [p.box, p.items[0]!.lineId, p.dimensions.length])).toEqual([
      [undefined, "kayak-paddle", 120],
      [undefined, "dumbbell", 30],
      ["Flat box", "sock", 30],
    ]);
  });

  it("ships shipsAlone lines one parcel per unit, in their own dimensions", () => {
    const { parcels } = packItems(
      [
        { id: "tv", quantity: 2, weight: 8, length: 20, width: 15, height: 10, shipsAlone: true, value: 400 },
        { id: "cable", quantity: 1, weight: 0.2, length: 15, width: 10, height: 3 },
      ],
      defaults,
    );
    expect(parcels).toHaveLength(3);
    const [a, b, c] = parcels as [Parcel, Parcel, Parcel];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ weight: 8, value: 400, items: [{ lineId: "tv", quantity: 1 }] });
    expect(a.box).toBeUndefined();
    expect(c).toMatchObject({ box: "Flat box", items: [{ lineId: "cable", quantity: 1 }] });
  });

  it("converts pounds, ounces, inches and millimetres", () => {
    const { parcels } = packItems(
      [
        {
          id: "lb",
          quantity: 1,
          weight: 2,
          weightUnit: "lb",
          length: 10,
          width: 5,
          height: 2,
          dimensionUnit: "in",
          shipsAlone: true,
        },
        {
          id: "oz",
          quantity: 1,
          weight: 8,
          weightUnit: "oz",
          length: 254,
          width: 127,
          height: 50.8,
          dimensionUnit: "mm",
          shipsAlone: true,
        },
      ],
      defaults,
    );
    expect(parcels.map((p) => [p.weight, p.dimensions])).toEqual([
      [0.907, { length: 25.4, width: 12.7, height: 5.1 }],
      [0.227, { length: 25.4, width: 12.7, height: 5.1 }],
    ]);
    // 66.2 lb is 30.028 kg: over the limit once converted.
    const e = packError([{ id: "heavy", quantity: 1, weight: 66.2, weightUnit: "lb" }]);
    expect(e.message).toContain("weighs 30.028 kg");
    expect(e.message).toContain("(given in lb)");
    expect(packError([{ id: "x", quantity: 1, weight: 1, weightUnit: "stone" }]).message).toBe(
      'Line "x": Unknown weight unit "stone": use one of g, kg, lb, oz',
    );
  });

  it("fits an item measured in inches into a box of the same size in centimetres", () => {
    const s = settings({ boxes: [{ name: "Exact", length: 25.4, width: 12.7, height: 5.08, maxWeight: 5 }] });
    const { parcels } = packItems(
      [{ id: "book", quantity: 1, weight: 1, length: 10, width: 5, height: 2, dimensionUnit: "in" }],
      s,
    );
    expect(parcels.map((p) => p.box)).toEqual(["Exact"]);
  });

  it("uses the default weight and size for lines without them, or refuses as the merchant chose", () => {
    const line: CartLine = { id: "gift-card", title: "Gift card", quantity: 1, weight: 0, shipsAlone: true };
    expect(packItems([line], defaults).parcels).toEqual([
      expect.objectContaining({ weight: 0.5, dimensions: { length: 20, width: 15, height: 5 } }),
    ]);
    const e = packError([line], settings({ missingWeight: "error" }));
    expect(e.problem).toBe("missingWeight");
    expect(e.message).toBe(
      'Line "gift-card" ("Gift card") has no weight: set the product\'s weight, or set packing.missingWeight to "default" to use 0.5 kg',
    );
  });

  it("refuses malformed lines clearly", () => {
    expect(packError([{ id: "a", quantity: 1.5, weight: 1 }]).message).toBe(
      'Line "a": quantity must be a whole number of at least 0, got 1.5',
    );
    expect(packError([{ id: "a", quantity: 1, weight: -2 }]).message).toBe(
      'Line "a": weight must be a number of at least 0, got -2',
    );
    expect(packError([{ id: "", quantity: 1 }]).message).toBe(
      "Cart line 1 has no id: give every line the platform's line id",
    );
  });

  it("gives identical parcels the same id, and different ones different ids", () => {
    const line = (id: string, quantity: number): CartLine => ({
      id,
      quantity,
      weight: 1,
      length: 10,
      width: 10,
      height: 10,
    });
    const s = settings({ boxes: [{ name: "Pair", length: 20, width: 10, height: 10, maxWeight: 30 }] });
    const { parcels } = packItems([line("a", 4), line("b", 1)], s);
    expect(parcels.map((p) => p.items)).toEqual([
      [{ lineId: "a", quantity: 2 }],
      [{ lineId: "a", quantity: 2 }],
      [{ lineId: "b", quantity: 1 }],
    ]);
    expect(parcels[0]!.id).toBe(parcels[1]!.id);
    expect(parcels[2]!.id).not.toBe(parcels[0]!.id);
    expect(parcels[0]!.id).toMatch(/^pcl_[0-9a-f]{16}$/);
    // The first 16 hex digits of the SHA-256 of the box, the declared sides, the kilograms and the items as
    // JSON, computed by hand with sha256sum (`["Pair",{"length":20,"width":10,"height":10},2,[{"lineId":"a",
    // "quantity":2}]]`): ids recorded with orders stay the same from one release to the next.
    expect(parcels[0]!.id).toBe("pcl_878b234d31b89568");
    expect(parcels[2]!.id).toBe("pcl_bee152554808200a");
    // Same contents in another cart: same id.
    expect(packItems([line("a", 2)], s).parcels[0]!.id).toBe(parcels[0]!.id);
  });

  it("splits a 200-line cart into parcels Canada Post accepts, losing no unit, the same way every time", () => {
    const cart = benchCart(200);
    // A large store's limits: the defaults refuse this many units (see "bounds the work" below).
    const large = { packing: { ...defaults.packing, maxUnits: 100_000, maxParcels: 10_000 } };
    const first = packItems(cart, large);
    const again = packItems(cart, large);
    expect(again).toEqual(first);
    const { parcels } = first;
    expect(parcels.length).toBeGreaterThan(5);
    const expected = Object.fromEntries(cart.map((l) => [l.id, l.quantity]));
    expect(unitsIn(parcels)).toEqual(expected);
    const boxes = new Map(defaults.packing.boxes.map((b) => [b.name, b]));
    for (const p of parcels) {
      expect(withinParcelLimits(p.weight, p.dimensions)).toBe(true);
      if (p.box) expect(p.weight).toBeLessThanOrEqual(boxes.get(p.box)!.maxWeight + 1e-9);
      expect(p.dimensions.length).toBeGreaterThanOrEqual(p.dimensions.width);
      expect(p.dimensions.width).toBeGreaterThanOrEqual(p.dimensions.height);
    }
    for (const l of cart.filter((x) => x.shipsAlone)) {
      const own = parcels.filter((p) => p.items.some((i) => i.lineId === l.id));
      expect(own).toHaveLength(l.quantity);
      for (const p of own) expect(p.items).toEqual([{ lineId: l.id, quantity: 1 }]);
    }
  });

  it("packs lines of 600 small units, each exactly once", () => {
    const { parcels } = packItems(
      [
        { id: "bead", quantity: 600, weight: 0.005, length: 2, width: 2, height: 2 },
        { id: "pin", quantity: 600, weight: 0.002, length: 3, width: 1, height: 1 },
      ],
      settings({ maxUnits: 1200 }),
    );
    expect(unitsIn(parcels)).toEqual({ bead: 600, pin: 600 });
    // 4,800 + 1,800 cm³ of goods: the Medium box (13,125 cm³) holds them, the Small (5,000) cannot.
    expect(parcels.map((p) => p.box)).toEqual(["Medium box"]);
  });

  it("bounds the work: more units than packing.maxUnits are refused before any is packed", () => {
    const bead = (quantity: number): CartLine => ({
      id: "bead",
      quantity,
      weight: 0.005,
      length: 2,
      width: 2,
      height: 2,
    });
    const e = packError([bead(1001)], defaults);
    expect(e.problem).toBe("tooManyUnits");
    expect(e.message).toMatch(/1001 units to ship; .*at most 1000 units/);
    expect(unitsIn(packItems([bead(1000)], defaults).parcels)).toEqual({ bead: 1000 });
  });

  it("splits many light items by weight: 200 lines of 1 kg make parcels of at most 30 kg", () => {
    const cart: CartLine[] = Array.from({ length: 200 }, (_, i) => ({
      id: `l${String(i).padStart(3, "0")}`,
      quantity: 1,
      weight: 1,
      length: 10,
      width: 10,
      height: 10,
    }));
    const { parcels } = packItems(cart, cubes);
    expect(parcels.reduce((n, p) => n + p.items.length, 0)).toBe(200);
    // 30 per 40 cm cube (30 kg), so 6 full boxes and 20 left over.
    expect(parcels.map((p) => p.weight)).toEqual([30, 30, 30, 30, 30, 30, 20]);
    expect(parcels.every((p) => p.box === "L")).toBe(true);
  });
});
