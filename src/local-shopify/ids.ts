import { randomBytes } from "node:crypto";

/**
 * Shopify's identifiers: `gid://shopify/{Type}/{number}` with 13-digit numbers like a real shop's.
 * Numbers come from per-type counters, so a fresh local Shopify always hands out the same ids.
 */

const BASES: Record<string, number> = {
  Shop: 78_912_340_000,
  Location: 81_234_560_000,
  Product: 9_071_234_500_000,
  ProductVariant: 47_012_345_600_000,
  InventoryItem: 49_123_456_700_000,
  Metafield: 31_456_789_000_000,
  Customer: 8_012_345_670_000,
  Order: 6_012_345_670_000,
  LineItem: 15_012_345_670_000,
  ShippingLine: 5_123_456_780_000,
  FulfillmentOrder: 7_012_345_670_000,
  FulfillmentOrderLineItem: 16_012_345_670_000,
  Fulfillment: 5_912_345_670_000,
  FulfillmentLineItem: 13_012_345_670_000,
  FulfillmentEvent: 4_012_345_670_000,
  DeliveryCarrierService: 71_234_567_000,
  WebhookSubscription: 1_612_345_670_000,
  DeliveryMethod: 3_412_345_670_000,
};

export class IdSequence {
  private readonly counters = new Map<string, number>();

  next(type: keyof typeof BASES | string): number {
    const n = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, n);
    return (BASES[type] ?? 1_000_000_000_000) + n * 7;
  }
}

export const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;

/** The numeric tail of a gid of the given type, or undefined when it is not one. */
export function parseGid(value: unknown, type: string): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  if (!m || m[1] !== type) return undefined;
  const n = Number(m[2]);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The type named in a gid (Order, ProductVariant...), or undefined. */
export function gidType(value: unknown): string | undefined {
  return typeof value === "string" ? /^gid:\/\/shopify\/([A-Za-z]+)\/\d+/.exec(value)?.[1] : undefined;
}

export const randomHex = (bytes: number) => randomBytes(bytes).toString("hex");
