/**
 * Cart lines to parcels. Every unit is converted to kilograms and centimetres, checked against Canada
 * Post's parcel limits, then either shipped alone (marked so, or larger or heavier than every box) or
 * packed into the box catalogue: largest units first, six rotations, real placement (see
 * packing-geometry.ts), each box filled up to its weight limit, then swapped for the smallest box that
 * still holds the same units. The same input always gives the same parcels.
 */
import { hash } from "node:crypto";
import { parcelLimitBreaches, volumetricWeight, type Dimensions, type ParcelLimit } from "./limits";
import { BoxLayout, fitsInside, packsInto, rotations, sortedSides, type Vec3 } from "./packing-geometry";
import type { Box, PackingSettings } from "./settings";
import { toCentimetres, toKilograms } from "./units";

/** One cart line as an adapter hands it over. Weight and sides are of one unit. */
export interface CartLine {
  id: string;
  quantity: number;
  /** Of one unit; in `weightUnit` (kg when not given). Missing or 0: see settings.packing.missingWeight. */
  weight?: number | null;
  weightUnit?: string;
  /** Of one unit; in `dimensionUnit` (cm when not given). When any side is missing the default item's are used. */
  length?: number | null;
  width?: number | null;
  height?: number | null;
  dimensionUnit?: string;
  /** Ships in its own packaging, one parcel per unit. */
  shipsAlone?: boolean;
  /** Value of one unit, in the order's currency (major units). */
  value?: number | null;
  sku?: string | null;
  title?: string | null;
}

export interface Parcel {
  /** A hash of the box and contents: identical parcels have the same id. */
  id: string;
  /** The catalogue box's name; absent when the item ships in its own packaging. */
  box?: string;
  /** Centimetres, length ≥ width ≥ height. */
  dimensions: Dimensions;
  /** Kilograms: the items plus the empty box. */
  weight: number;
  /** Kilograms, at the packing density factor. */
  volumetricWeight: number;
  items: { lineId: string; quantity: number }[];
  value: number;
}

export type PackingProblem =
  ParcelLimit | "missingWeight" | "invalidLine" | "tooManyUnits" | "tooManyParcels";

/** A cart that cannot be packed: names the line, the limit or value at fault, and how to fix it. */
export class PackingError extends Error {
  override readonly name = "PackingError";
  constructor(
    readonly problem: PackingProblem,
    message: string,
    readonly lineId?: string,
  ) {
    super(message);
  }
}

interface Unit {
  line: number;
  sides: Vec3;
  /** Its distinct rotations, computed once per line. */
  rots: Vec3[];
  /** Sides as a string, to remember which sizes no longer fit the box being filled. */
  key: string;
  weight: number;
  volume: number;
  value: number;
}

const round = (v: number, decimals: number) =>
  Math.round((v + Number.EPSILON) * 10 ** decimals) / 10 ** decimals;
const WEIGHT_EPS = 1e-9;
/** Consecutive units that find no room before a box counts as full. */
const MAX_MISSES = 24;

/** The parcels that carry these cart lines. Throws PackingError when a line cannot be shipped as a parcel. */
export function packItems(
  lines: readonly CartLine[],
  settings: { packing: PackingSettings },
): { parcels: Parcel[] } {
  const packing = settings.packing;
  const boxes = [...packing.boxes].sort(
    (a, b) => boxVolume(a) - boxVolume(b) || a.maxWeight - b.maxWeight || (a.name < b.name ? -1 : 1),
  );
  const lineIds = lines.map((l) => String(l.id));
  const parcels: Parcel[] = [];
  const toBox: Unit[] = [];
  // A shopper sets every quantity: the work below is bounded before any of it is done.
  const units = lines.reduce((n, l) => n + (Number.isFinite(l?.quantity) ? Math.max(0, l.quantity) : 0), 0);
  if (units > packing.maxUnits) {
    throw new PackingError(
      "tooManyUnits",
      `This order has ${units} units to ship; Canada Post rates are given for at most ${packing.maxUnits} units per order (the store's setting packing.maxUnits): split it into smaller orders`,
    );
  }

  lines.forEach((line, index) => {
    const unit = unitOf(line, index, packing);
    if (unit === undefined) return;
    const own = line.shipsAlone === true || !boxes.some((b) => holds(b, unit));
    for (let q = 0; q < line.quantity; q++) {
      if (own) parcels.push(makeParcel(undefined, unit.sides, [unit], lineIds, packing.densityFactor));
      else toBox.push(unit);
    }
  });

  toBox.sort(
    (a, b) =>
      b.volume - a.volume ||
      b.sides[0] - a.sides[0] ||
      b.sides[1] - a.sides[1] ||
      b.weight - a.weight ||
      a.line - b.line,
  );

  let remaining = toBox;
  while (remaining.length > 0) {
    const first = remaining[0]!;
    // The largest box that takes the first (largest) unit: it always gets at least that one.
    let box: Box | undefined;
    for (let i = boxes.length - 1; i >= 0; i--) {
      if (holds(boxes[i]!, first)) {
        box = boxes[i];
        break;
      }
    }
    if (!box) throw new Error("unreachable: units no box holds ship alone");
    const { placed, rest } = fill(box, remaining);
    const smallest = boxes.find((b) => b === box || holdsAll(b, placed)) ?? box;
    parcels.push(makeParcel(smallest, boxSides(smallest), placed, lineIds, packing.densityFactor));
    remaining = rest;
  }
  if (parcels.length > packing.maxParcels) {
    throw new PackingError(
      "tooManyParcels",
      `This order packs into ${parcels.length} parcels; Canada Post rates are given for at most ${packing.maxParcels} parcels per order (the store's setting packing.maxParcels): split it into smaller orders`,
    );
  }
  return { parcels };
}

/** Fills one box with as many of `units` (largest first) as its space and weight limit allow. */
function fill(box: Box, units: Unit[]): { placed: Unit[]; rest: Unit[] } {
  const layout = new BoxLayout(boxSides(box));
  const capacity = box.maxWeight - box.emptyWeight;
  let freeVolume = boxVolume(box);
  let load = 0;
  const placed: Unit[] = [];
  const rest: Unit[] = [];
  // Sizes that found no room since the last placement: the same size will not fit either.
  const noRoom = new Set<string>();
  let misses = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (load + unit.weight > capacity + WEIGHT_EPS || unit.volume > freeVolume || noRoom.has(unit.key)) {
      rest.push(unit);
    } else if (layout.place(unit.sides, unit.rots)) {
      placed.push(unit);
      load += unit.weight;
      freeVolume -= unit.volume;
      noRoom.clear();
      misses = 0;
    } else {
      noRoom.add(unit.key);
      rest.push(unit);
      // The box is full in practice: searching it for every remaining size would cost more than the
      // room it might still hold, so the rest go to the next box.
      if (++misses >= MAX_MISSES) {
        for (let j = i + 1; j < units.length; j++) rest.push(units[j]!);
        break;
      }
    }
  }
  return { placed, rest };
}

function holds(box: Box, unit: Unit): boolean {
  return unit.weight <= box.maxWeight - box.emptyWeight + WEIGHT_EPS && fitsInside(unit.sides, boxSides(box));
}

function holdsAll(box: Box, units: Unit[]): boolean {
  let weight = 0;
  let volume = 0;
  for (const u of units) {
    if (!fitsInside(u.sides, boxSides(box))) return false;
    weight += u.weight;
    volume += u.volume;
  }
  if (weight > box.maxWeight - box.emptyWeight + WEIGHT_EPS || volume > boxVolume(box) * (1 + 1e-9))
    return false;
  return packsInto(boxSides(box), units);
}

const boxSides = (b: Box): Vec3 => sortedSides([b.length, b.width, b.height]);
const boxVolume = (b: Box) => b.length * b.width * b.height;

function makeParcel(
  box: Box | undefined,
  sides: Vec3,
  units: Unit[],
  lineIds: string[],
  densityFactor: number,
): Parcel {
  const quantities = new Map<number, number>();
  let weight = box?.emptyWeight ?? 0;
  let value = 0;
  for (const u of units) {
    quantities.set(u.line, (quantities.get(u.line) ?? 0) + 1);
    weight += u.weight;
    value += u.value;
  }
  const items = [...quantities]
    .map(([line, quantity]) => ({ lineId: lineIds[line]!, quantity }))
    .sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
  const dimensions = declaredDimensions(sides);
  // Canada Post takes weights to the gram and refuses 0.
  const kg = Math.max(0.001, round(weight, 3));
  // One-shot: no Hash object per parcel for the garbage collector (the same digest as createHash gives).
  const id = hash("sha256", JSON.stringify([box?.name ?? null, dimensions, kg, items]), "hex").slice(0, 16);
  return {
    id: `pcl_${id}`,
    ...(box ? { box: box.name } : {}),
    dimensions,
    weight: kg,
    volumetricWeight: round(volumetricWeight(dimensions, densityFactor), 3),
    items,
    value: round(value, 2),
  };
}

/**
 * The sides Canada Post is told, to the tenth of a centimetre: the nearest tenth, unless that takes a parcel
 * within the limits over them (199.8 × 28.35 × 21.75 cm, length + girth 300 cm, would be declared
 * 199.8 × 28.4 × 21.8, 300.2 cm, and refused); then the tenth below, which never exceeds the real sides.
 */
function declaredDimensions(sides: Vec3): Dimensions {
  const nearest = { length: round(sides[0], 1), width: round(sides[1], 1), height: round(sides[2], 1) };
  if (parcelLimitBreaches(0, nearest).length === 0) return nearest;
  // toPrecision strips the binary noise first: 2.3 * 10 is 22.999999999999996, but means 23.
  const down = (v: number) => Math.floor(Number((v * 10).toPrecision(12))) / 10;
  return { length: down(sides[0]), width: down(sides[1]), height: down(sides[2]) };
}

/* ------------------------------------------------------------------ lines to units */

function describeLine(line: CartLine): string {
  const extra = [line.title ? `"${line.title}"` : undefined, line.sku ? `SKU ${line.sku}` : undefined].filter(
    Boolean,
  );
  return `Line "${line.id}"${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

const given = (v: number | null | undefined): v is number => typeof v === "number" && v > 0;

function numberOrMissing(line: CartLine, field: keyof CartLine): void {
  const v = line[field];
  if (v === undefined || v === null) return;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new PackingError(
      "invalidLine",
      `${describeLine(line)}: ${field} must be a number of at least 0, got ${JSON.stringify(v)}`,
      String(line.id),
    );
  }
}

/** One unit of the line in kilograms and centimetres; undefined for a quantity of 0. */
function unitOf(line: CartLine, index: number, packing: PackingSettings): Unit | undefined {
  if (
    line === null ||
    typeof line !== "object" ||
    line.id === undefined ||
    line.id === null ||
    line.id === ""
  ) {
    throw new PackingError(
      "invalidLine",
      `Cart line ${index + 1} has no id: give every line the platform's line id`,
    );
  }
  const id = String(line.id);
  if (!Number.isInteger(line.quantity) || line.quantity < 0) {
    throw new PackingError(
      "invalidLine",
      `${describeLine(line)}: quantity must be a whole number of at least 0, got ${JSON.stringify(line.quantity)}`,
      id,
    );
  }
  for (const f of ["weight", "length", "width", "height", "value"] as const) numberOrMissing(line, f);
  if (line.quantity === 0) return undefined;

  let weightKg: number;
  let lengths: [number, number, number];
  try {
    if (given(line.weight)) {
      weightKg = toKilograms(line.weight, line.weightUnit ?? "kg");
    } else if (packing.missingWeight === "default") {
      weightKg = packing.defaultItem.weight;
    } else {
      throw new PackingError(
        "missingWeight",
        `${describeLine(line)} has no weight: set the product's weight, or set packing.missingWeight to "default" to use ${packing.defaultItem.weight} kg`,
        id,
      );
    }
    lengths =
      given(line.length) && given(line.width) && given(line.height)
        ? [
            toCentimetres(line.length, line.dimensionUnit ?? "cm"),
            toCentimetres(line.width, line.dimensionUnit ?? "cm"),
            toCentimetres(line.height, line.dimensionUnit ?? "cm"),
          ]
        : [packing.defaultItem.length, packing.defaultItem.width, packing.defaultItem.height];
  } catch (e) {
    if (e instanceof PackingError) throw e;
    throw new PackingError("invalidLine", `${describeLine(line)}: ${(e as Error).message}`, id);
  }

  const sides = sortedSides(lengths);
  const breach = parcelLimitBreaches(weightKg, { length: sides[0], width: sides[1], height: sides[2] })[0];
  if (breach) {
    const fix =
      breach.limit === "weight"
        ? `check the product's weight and its unit (given in ${line.weightUnit ?? "kg"})`
        : `check the product's dimensions and their unit (given in ${line.dimensionUnit ?? "cm"})`;
    throw new PackingError(
      breach.limit,
      `${describeLine(line)}: one unit ${breach.message}, so no parcel can carry it. Ship it by freight, or ${fix}.`,
      id,
    );
  }
  return {
    line: index,
    sides,
    rots: rotations(sides),
    key: `${sides[0]}x${sides[1]}x${sides[2]}`,
    weight: weightKg,
    volume: sides[0] * sides[1] * sides[2],
    value: typeof line.value === "number" ? line.value : 0,
  };
}
