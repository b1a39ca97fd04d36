import { z } from "zod";
import { formatDimension, formatMoney, formatWeight } from "./format";
import type { XmlNode } from "./xml";

/* A parcel and its options as Get Rates and Create Shipment describe them (rating.xsd and shipment.xsd share them). */

export const ParcelCharacteristicsSchema = z.object({
  /** Kilograms, more than 0 and at most 99.999. */
  weight: z.number().positive().max(99.999),
  /** Centimetres; length is the longest side, height the shortest (sorted before sending). */
  dimensions: z
    .object({ length: z.number().positive(), width: z.number().positive(), height: z.number().positive() })
    .optional(),
  unpackaged: z.boolean().optional(),
  mailingTube: z.boolean().optional(),
  oversized: z.boolean().optional(),
});
export type ParcelCharacteristics = z.infer<typeof ParcelCharacteristicsSchema>;

export const OptionRequestSchema = z.object({
  code: z.string().min(1).max(10),
  /** Required for COV (coverage amount), and for COD. */
  amount: z.number().positive().optional(),
});

/** Canada Post wants length ≥ width ≥ height. */
export function sortedDimensions(d: { length: number; width: number; height: number }) {
  const [length, width, height] = [d.length, d.width, d.height].sort((a, b) => b - a) as [
    number,
    number,
    number,
  ];
  return { length, width, height };
}

/** `<dimensions>` longest side first, in Canada Post's number pattern. */
export function dimensionsNode(d: { length: number; width: number; height: number } | undefined) {
  if (!d) return undefined;
  const s = sortedDimensions(d);
  return {
    length: formatDimension(s.length),
    width: formatDimension(s.width),
    height: formatDimension(s.height),
  };
}

/** `<parcel-characteristics>` of rating.xsd and shipment.xsd. */
export function parcelNode(p: ParcelCharacteristics): XmlNode {
  return {
    weight: formatWeight(p.weight),
    dimensions: dimensionsNode(p.dimensions),
    unpackaged: p.unpackaged,
    "mailing-tube": p.mailingTube,
    oversized: p.oversized,
  };
}

/** An `<option>` of a request: its code, and its amount when it has one. */
export function optionNode(o: {
  code: string;
  amount?: number;
  qualifier1?: boolean;
  qualifier2?: string;
}): XmlNode {
  return {
    "option-code": o.code,
    "option-amount": o.amount === undefined ? undefined : formatMoney(o.amount),
    "option-qualifier-1": o.qualifier1,
    "option-qualifier-2": o.qualifier2,
  };
}
