/**
 * Units at the core's edges. Inside src/shipping weights are kilograms and lengths centimetres; the
 * adapters convert the platform catalogue's units with these functions, using exact factors (the
 * international pound is defined as exactly 0.45359237 kg, the inch as exactly 2.54 cm).
 */

export const WEIGHT_UNITS = ["g", "kg", "lb", "oz"] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

export const DIMENSION_UNITS = ["cm", "mm", "in"] as const;
export type DimensionUnit = (typeof DIMENSION_UNITS)[number];

/** Kilograms in one unit. */
export const KILOGRAMS_PER: Readonly<Record<WeightUnit, number>> = {
  g: 0.001,
  kg: 1,
  lb: 0.45359237,
  oz: 0.45359237 / 16,
};

/** Centimetres in one unit. */
export const CENTIMETRES_PER: Readonly<Record<DimensionUnit, number>> = {
  cm: 1,
  mm: 0.1,
  in: 2.54,
};

/** Spellings catalogues use for the same units; anything else is refused, not guessed. */
const WEIGHT_ALIASES: Readonly<Record<string, WeightUnit>> = {
  g: "g",
  gram: "g",
  grams: "g",
  kg: "kg",
  kgs: "kg",
  kilogram: "kg",
  kilograms: "kg",
  lb: "lb",
  lbs: "lb",
  pound: "lb",
  pounds: "lb",
  oz: "oz",
  ounce: "oz",
  ounces: "oz",
};

const DIMENSION_ALIASES: Readonly<Record<string, DimensionUnit>> = {
  cm: "cm",
  centimetre: "cm",
  centimetres: "cm",
  centimeter: "cm",
  centimeters: "cm",
  mm: "mm",
  millimetre: "mm",
  millimetres: "mm",
  millimeter: "mm",
  millimeters: "mm",
  in: "in",
  inch: "in",
  inches: "in",
};

/** A weight unit name (case and common spellings tolerated), or an error listing the accepted ones. */
export function weightUnit(name: string): WeightUnit {
  const unit = WEIGHT_ALIASES[String(name).trim().toLowerCase()];
  if (!unit) {
    throw new RangeError(`Unknown weight unit "${name}": use one of ${WEIGHT_UNITS.join(", ")}`);
  }
  return unit;
}

/** A dimension unit name (case and common spellings tolerated), or an error listing the accepted ones. */
export function dimensionUnit(name: string): DimensionUnit {
  const unit = DIMENSION_ALIASES[String(name).trim().toLowerCase()];
  if (!unit) {
    throw new RangeError(`Unknown dimension unit "${name}": use one of ${DIMENSION_UNITS.join(", ")}`);
  }
  return unit;
}

function checkAmount(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${what} must be a finite number of at least 0, got ${String(value)}`);
  }
}

/** `value` in `unit` as kilograms. */
export function toKilograms(value: number, unit: WeightUnit | string = "kg"): number {
  checkAmount(value, "A weight");
  return value * KILOGRAMS_PER[weightUnit(unit)];
}

/** `value` in `unit` as centimetres. */
export function toCentimetres(value: number, unit: DimensionUnit | string = "cm"): number {
  checkAmount(value, "A length");
  return value * CENTIMETRES_PER[dimensionUnit(unit)];
}

/** Kilograms back into a platform's unit, for adapters that report weights. */
export function fromKilograms(kg: number, unit: WeightUnit | string): number {
  checkAmount(kg, "A weight");
  return kg / KILOGRAMS_PER[weightUnit(unit)];
}

/** Centimetres back into a platform's unit. */
export function fromCentimetres(cm: number, unit: DimensionUnit | string): number {
  checkAmount(cm, "A length");
  return cm / CENTIMETRES_PER[dimensionUnit(unit)];
}
