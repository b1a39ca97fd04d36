/**
 * Canada Post's parcel limits and billed weight. Kilograms and centimetres throughout.
 * A parcel weighs at most 30 kg, no side is over 200 cm, and length + girth is at most 300 cm, where
 * length is the longest side and girth = 2 × (width + height). Volumetric weight is L × W × H divided
 * by the service's density factor (cm³ per kg; Get Service returns it), and the greater of volumetric
 * and actual weight is billed.
 */

export const PARCEL_LIMITS = {
  maxWeightKg: 30,
  maxSideCm: 200,
  maxLengthPlusGirthCm: 300,
} as const;

/** Used when the service's own factor is not known (Canada Post's usual domestic factor). */
export const DEFAULT_DENSITY_FACTOR = 5000;

/**
 * Sums of floating-point weights (10 × 3 kg = 30.000000000000004) must not fail an exact limit; any
 * real excess (30.001 kg, 200.1 cm) is far above this.
 */
const TOLERANCE = 1e-9;

export interface Dimensions {
  length: number;
  width: number;
  height: number;
}

/** Canada Post's order: length ≥ width ≥ height. */
export function sortDimensions(d: Dimensions): Dimensions {
  const [length, width, height] = [d.length, d.width, d.height].sort((a, b) => b - a) as [
    number,
    number,
    number,
  ];
  return { length, width, height };
}

/** 2 × (width + height), with length the longest side. */
export function girth(d: Dimensions): number {
  const s = sortDimensions(d);
  return 2 * (s.width + s.height);
}

export function lengthPlusGirth(d: Dimensions): number {
  const s = sortDimensions(d);
  return s.length + 2 * (s.width + s.height);
}

/** L × W × H / density factor, in kilograms. */
export function volumetricWeight(d: Dimensions, densityFactor: number = DEFAULT_DENSITY_FACTOR): number {
  if (!(densityFactor > 0) || !Number.isFinite(densityFactor)) {
    throw new RangeError(`densityFactor must be a positive number of cm³ per kg, got ${densityFactor}`);
  }
  return (d.length * d.width * d.height) / densityFactor;
}

/** What Canada Post bills: the greater of actual and volumetric weight. */
export function billedWeight(
  actualKg: number,
  d: Dimensions,
  densityFactor: number = DEFAULT_DENSITY_FACTOR,
): number {
  return Math.max(actualKg, volumetricWeight(d, densityFactor));
}

export type ParcelLimit = "weight" | "side" | "lengthPlusGirth";

export interface LimitBreach {
  limit: ParcelLimit;
  /** The measured value, kg or cm. */
  actual: number;
  /** Canada Post's maximum, kg or cm. */
  max: number;
  /** e.g. "weighs 30.001 kg, over Canada Post's 30 kg parcel limit". */
  message: string;
}

export function exceeds(actual: number, max: number): boolean {
  return actual > max + TOLERANCE;
}

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

/** A figure over a limit, written with as many decimals (from `decimals`, up to 4) as it takes to show it over. */
function over(v: number, max: number, decimals: number): number {
  let d = decimals;
  while (d < 4 && round(v, d) <= max) d++;
  return round(v, d);
}

/** Every limit a parcel of this weight and size breaks; empty when Canada Post accepts it. */
export function parcelLimitBreaches(weightKg: number, d: Dimensions): LimitBreach[] {
  const breaches: LimitBreach[] = [];
  const s = sortDimensions(d);
  if (exceeds(weightKg, PARCEL_LIMITS.maxWeightKg)) {
    breaches.push({
      limit: "weight",
      actual: weightKg,
      max: PARCEL_LIMITS.maxWeightKg,
      message: `weighs ${over(weightKg, PARCEL_LIMITS.maxWeightKg, 3)} kg, over Canada Post's ${PARCEL_LIMITS.maxWeightKg} kg parcel limit`,
    });
  }
  if (exceeds(s.length, PARCEL_LIMITS.maxSideCm)) {
    breaches.push({
      limit: "side",
      actual: s.length,
      max: PARCEL_LIMITS.maxSideCm,
      message: `has a side of ${over(s.length, PARCEL_LIMITS.maxSideCm, 1)} cm, over Canada Post's ${PARCEL_LIMITS.maxSideCm} cm limit for any side`,
    });
  }
  const lg = s.length + 2 * (s.width + s.height);
  if (exceeds(lg, PARCEL_LIMITS.maxLengthPlusGirthCm)) {
    breaches.push({
      limit: "lengthPlusGirth",
      actual: lg,
      max: PARCEL_LIMITS.maxLengthPlusGirthCm,
      message:
        `measures ${over(lg, PARCEL_LIMITS.maxLengthPlusGirthCm, 1)} cm in length + girth (${round(s.length, 1)} + 2 × (${round(s.width, 1)} + ` +
        `${round(s.height, 1)})), over Canada Post's ${PARCEL_LIMITS.maxLengthPlusGirthCm} cm limit`,
    });
  }
  return breaches;
}

export function withinParcelLimits(weightKg: number, d: Dimensions): boolean {
  return parcelLimitBreaches(weightKg, d).length === 0;
}
