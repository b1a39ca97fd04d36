import type { MerchantSettings } from "../shipping/settings";
import type { CartLine } from "../shipping/packing";
import type { OrderLine } from "../shipping/customs";

/**
 * Medusa's shapes to the core's: cart and order lines to CartLines (the catalogue's units are a setting,
 * since Medusa stores whatever the merchant typed), addresses to destinations, BigNumbers to numbers.
 */

type Num = number | string | null | undefined | { numeric?: number; value?: string | number };

/** Medusa amounts come as numbers, strings or BigNumber objects. */
export function toNumber(v: Num | unknown): number | undefined {
  if (v === null || v === undefined || v === "") return undefined;
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string") return Number.isFinite(Number(v)) ? Number(v) : undefined;
  if (typeof v === "object") {
    const o = v as { numeric?: unknown; value?: unknown };
    if (typeof o.numeric === "number") return o.numeric;
    if (o.value !== undefined) return toNumber(o.value as Num);
  }
  return undefined;
}

interface VariantLike {
  id?: string;
  sku?: string | null;
  weight?: Num;
  length?: Num;
  width?: Num;
  height?: Num;
  hs_code?: string | null;
  origin_country?: string | null;
  product?: { weight?: Num; hs_code?: string | null; origin_country?: string | null } | null;
}

export interface MedusaLineLike {
  id: string;
  quantity: Num;
  title?: string | null;
  product_title?: string | null;
  variant_sku?: string | null;
  unit_price?: Num;
  variant?: VariantLike | null;
  product?: { weight?: Num } | null;
}

/** What pricing reads of a cart's or an order's lines (as Medusa's own pricing context carries them). */
export const PRICED_LINE_FIELDS = [
  "items.*",
  "items.variant.weight",
  "items.variant.length",
  "items.variant.width",
  "items.variant.height",
  "items.variant.sku",
  "items.variant.product.weight",
];

/** A cart or order line as the packer wants it: variant weight, else the product's, in the catalogue's units. */
export function cartLineOf(line: MedusaLineLike, settings: MerchantSettings, quantity?: number): CartLine {
  const v = line.variant ?? undefined;
  return {
    id: line.id,
    quantity: quantity ?? toNumber(line.quantity) ?? 0,
    weight: toNumber(v?.weight) ?? toNumber(line.product?.weight) ?? toNumber(v?.product?.weight),
    weightUnit: settings.catalogueUnits.weight,
    length: toNumber(v?.length),
    width: toNumber(v?.width),
    height: toNumber(v?.height),
    dimensionUnit: settings.catalogueUnits.dimension,
    value: toNumber(line.unit_price),
    sku: v?.sku ?? line.variant_sku ?? undefined,
    title: line.product_title ?? line.title ?? undefined,
  };
}

/** An order line for customs: HS code and country of origin from the variant, else its product. */
export function orderLineOf(
  line: MedusaLineLike,
  unitWeightKg: number,
  currency: string,
  quantity?: number,
): OrderLine {
  const v = line.variant ?? undefined;
  return {
    id: line.id,
    sku: v?.sku ?? line.variant_sku ?? undefined,
    title: line.product_title ?? line.title ?? "Merchandise",
    quantity: quantity ?? toNumber(line.quantity) ?? 1,
    unitValue: toNumber(line.unit_price) ?? 0,
    currency: currency.toUpperCase(),
    hsCode: v?.hs_code ?? v?.product?.hs_code ?? undefined,
    originCountry: (v?.origin_country ?? v?.product?.origin_country ?? undefined)?.toUpperCase(),
    unitWeightKg,
  };
}

export interface MedusaAddressLike {
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
  phone?: string | null;
  address_1?: string | null;
  address_2?: string | null;
  city?: string | null;
  province?: string | null;
  postal_code?: string | null;
  country_code?: string | null;
}

/** Medusa stores provinces as typed ("ON", "on", "ca-on", "Ontario"): Canada Post wants the 2-letter code. */
export function provinceCode(province: string | null | undefined): string | undefined {
  if (!province) return undefined;
  const p = province.trim();
  const iso = /^[a-z]{2}-([a-z]{2})$/i.exec(p);
  if (iso) return iso[1]!.toUpperCase();
  if (/^[a-z]{2}$/i.test(p)) return p.toUpperCase();
  return PROVINCE_NAMES[p.toLowerCase()] ?? p;
}

const PROVINCE_NAMES: Record<string, string> = {
  alberta: "AB",
  "british columbia": "BC",
  manitoba: "MB",
  "new brunswick": "NB",
  "newfoundland and labrador": "NL",
  "nova scotia": "NS",
  "northwest territories": "NT",
  nunavut: "NU",
  ontario: "ON",
  "prince edward island": "PE",
  quebec: "QC",
  québec: "QC",
  saskatchewan: "SK",
  yukon: "YT",
};

export function destinationOf(address: MedusaAddressLike, email?: string | null) {
  const name = [address.first_name, address.last_name].filter(Boolean).join(" ").trim();
  return {
    name: name || address.company || "Customer",
    company: address.company || undefined,
    phone: address.phone || undefined,
    email: email || undefined,
    addressLine1: address.address_1 ?? "",
    addressLine2: address.address_2 || undefined,
    city: address.city ?? "",
    province: provinceCode(address.province),
    country: (address.country_code ?? "").toUpperCase(),
    postalCode: address.postal_code || undefined,
  };
}

/**
 * The cart's subtotal for free-shipping thresholds: before taxes and shipping. Medusa's pricing context
 * carries `item_total` (taxes included) and the lines, so it is the lines' price times quantity unless a
 * subtotal is given.
 */
export function cartSubtotalOf(cart: {
  item_subtotal?: unknown;
  items?: { unit_price?: unknown; quantity?: unknown }[] | null;
}): number | undefined {
  const given = toNumber(cart.item_subtotal);
  if (given !== undefined) return given;
  if (!cart.items?.length) return undefined;
  return cart.items.reduce((sum, i) => sum + (toNumber(i.unit_price) ?? 0) * (toNumber(i.quantity) ?? 0), 0);
}

/** Canada Post's public tracking page for a PIN. */
export function trackingUrl(pin: string, lang: "en" | "fr" = "en"): string {
  return `https://www.canadapost-postescanada.ca/track-reperage/${lang}#/details/${encodeURIComponent(pin)}`;
}

/** The provider registers as `canada-post_<id>` (its identifier, then the id given in medusa-config). */
export const isCanadaPostProvider = (providerId: unknown) =>
  typeof providerId === "string" && providerId.startsWith("canada-post_");
