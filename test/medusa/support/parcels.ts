import type { MedusaContainer } from "@medusajs/framework/types";
import { runtimeOf as medusaRuntimeOf } from "../../../src/medusa/scope";
import type { CartLine } from "../../../src/shipping/packing";
import type { TestProduct } from "./store";

/** The app's own Canada Post runtime (the one its provider uses), through the plugin's module. */
export function runtimeOf(container: MedusaContainer) {
  return medusaRuntimeOf(container);
}

/** Cart lines as the provider builds them from Medusa's variants (grams and centimetres). */
export function linesOf(items: { id: string; quantity: number; product: TestProduct }[]): CartLine[] {
  return items.map(({ id, quantity, product: p }) => ({
    id,
    quantity,
    weight: p.weight,
    weightUnit: "g",
    length: p.length,
    width: p.width,
    height: p.height,
    dimensionUnit: "cm",
    value: p.price,
  }));
}

/**
 * How many different parcels (weight and size as Canada Post rounds them) the packer makes of these lines:
 * Get Rates is asked once for each, whatever the number of services priced.
 */
export async function distinctParcels(container: MedusaContainer, lines: CartLine[]): Promise<number> {
  const { shipping } = await runtimeOf(container);
  const keys = shipping.rates.pack(lines).map((p) => {
    const d = [p.dimensions.length, p.dimensions.width, p.dimensions.height].sort((a, b) => b - a);
    return `${p.weight.toFixed(3)}|${d.map((x) => x.toFixed(1)).join("x")}`;
  });
  return new Set(keys).size;
}
