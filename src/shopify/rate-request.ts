/**
 * Shopify's carrier-service rate request and answer, translated: `rate.items` (grams, cents) to the core's
 * cart lines, and the core's quotes (major units) to Shopify's rates (cents, delivery dates with the shop's
 * UTC offset). Pure: the route does the I/O.
 */
import type { CartLine } from "../shipping/packing";
import type { CartQuote, CartQuoteRequest } from "../shipping/rates";
import type { VariantData } from "./variant-catalog";

export interface RateAddress {
  country?: string | null;
  postal_code?: string | null;
  province?: string | null;
  city?: string | null;
}

export interface RateItem {
  name?: string;
  sku?: string | null;
  quantity: number;
  grams: number;
  price: number;
  requires_shipping?: boolean;
  variant_id?: number | null;
  product_id?: number | null;
}

export interface RateRequest {
  origin?: RateAddress;
  destination: RateAddress;
  items: RateItem[];
  currency?: string;
  order_totals?: { subtotal_price?: string | number | null };
}

/** Shopify's rate, as the callback answers it. */
export interface ShopifyRate {
  service_name: string;
  service_code: string;
  total_price: string;
  description: string;
  currency: string;
  min_delivery_date?: string;
  max_delivery_date?: string;
}

export class RateRequestError extends Error {
  override readonly name = "RateRequestError";
}

/** The request's `rate`, checked for what the app reads. */
export function rateRequestOf(body: unknown): RateRequest {
  const rate = (body as { rate?: RateRequest } | null)?.rate;
  if (!rate || typeof rate !== "object") throw new RateRequestError('the body has no "rate" object');
  if (!rate.destination || typeof rate.destination !== "object")
    throw new RateRequestError('"rate.destination" is missing');
  if (!Array.isArray(rate.items)) throw new RateRequestError('"rate.items" must be a list');
  for (const [i, item] of rate.items.entries())
    if (!item || !Number.isInteger(item.quantity) || item.quantity < 0 || !(Number(item.grams) >= 0))
      throw new RateRequestError(`rate.items[${i}] needs a whole quantity and grams`);
  return rate;
}

/** The variants the request names, to look their sizes up. */
export const variantIdsOf = (rate: RateRequest) =>
  rate.items.flatMap((i) => (typeof i.variant_id === "number" ? [i.variant_id] : []));

/** Items that need shipping as cart lines: grams, the variant's sizes in cm when known, value per unit. */
export function cartLinesOf(rate: RateRequest, variants: Map<number, VariantData>): CartLine[] {
  return rate.items
    .filter((i) => i.requires_shipping !== false && i.quantity > 0)
    .map((i, index) => {
      const v = typeof i.variant_id === "number" ? variants.get(i.variant_id) : undefined;
      return {
        id: i.variant_id ? String(i.variant_id) : `item-${index}`,
        quantity: i.quantity,
        weight: Number(i.grams) || undefined,
        weightUnit: "g",
        length: v?.length,
        width: v?.width,
        height: v?.height,
        dimensionUnit: "cm",
        value: Number(i.price) / 100,
        sku: i.sku ?? undefined,
        title: i.name ?? undefined,
      };
    });
}

/** The subtotal for free-shipping thresholds: Shopify's order_totals (cents) when sent, else the items'. */
export function subtotalOf(rate: RateRequest): number {
  const given = Number(rate.order_totals?.subtotal_price);
  if (rate.order_totals?.subtotal_price !== undefined && Number.isFinite(given)) return given / 100;
  return rate.items.reduce((sum, i) => sum + (Number(i.price) * i.quantity) / 100, 0);
}

/** The core's request for a rate request's cart: destination and origin from Shopify's request. */
export function cartQuoteRequestOf(
  rate: RateRequest,
  lines: CartLine[],
  signal?: AbortSignal,
): CartQuoteRequest {
  return {
    lines,
    destination: {
      country: rate.destination.country ?? "",
      postalCode: rate.destination.postal_code ?? undefined,
    },
    originPostalCode: rate.origin?.country === "CA" ? (rate.origin.postal_code ?? undefined) : undefined,
    orderSubtotal: subtotalOf(rate),
    currency: currencyOf(rate),
    signal,
  };
}

export const currencyOf = (rate: RateRequest) => (rate.currency ?? "CAD").toUpperCase();

/**
 * A time zone's UTC offset on a date, as Shopify writes it ("-0400"). Building an Intl formatter costs far
 * more than answering a checkout from the cache, so formatters and offsets are kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, string>();
function offsetOf(date: string, timeZone: string): string {
  const key = `${timeZone}|${date}`;
  const known = offsets.get(key);
  if (known) return known;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, timeZoneName: "longOffset" });
    formatters.set(timeZone, format);
  }
  const name = format
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? "");
  const offset = m ? `${m[1]}${m[2]}${m[3] ?? "00"}` : "+0000";
  if (offsets.size > 5000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function describe(q: CartQuote["quotes"][number], source: CartQuote["source"]): string {
  if (source === "fallback") return "Estimated rate";
  const days =
    q.transitDays === undefined ? "" : `${q.transitDays} business day${q.transitDays === 1 ? "" : "s"}`;
  return [days, q.guaranteed ? "guaranteed" : ""].filter(Boolean).join(", ") || "Canada Post";
}

/** The core's quotes as Shopify's rates: cents, Canada Post's own service codes, expected delivery. */
export function shopifyRatesOf(quote: CartQuote, currency: string, timeZone: string): ShopifyRate[] {
  return quote.quotes.map((q) => {
    const rate: ShopifyRate = {
      service_name: q.name,
      service_code: q.serviceCode,
      total_price: String(Math.round(q.amount * 100)),
      description: describe(q, quote.source),
      currency: q.currency ?? currency,
    };
    if (q.expectedDeliveryDate) {
      const at = `${q.expectedDeliveryDate} 00:00:00 ${offsetOf(q.expectedDeliveryDate, timeZone)}`;
      rate.min_delivery_date = at;
      rate.max_delivery_date = at;
    }
    return rate;
  });
}
