/**
 * A Shopify order's shapes (Admin GraphQL) to the core's: fulfillment order lines to cart lines and customs
 * lines, the shipping address to the destination, the chosen service, tracking for fulfillmentCreate. The
 * core's "order" is the Shopify order and its "fulfillment" the fulfillment order; its order lines are the
 * fulfillment order's line items, so `ordered` is their total quantities.
 */
import type { OrderLine } from "../shipping/customs";
import type { CartLine } from "../shipping/packing";
import type { ShipmentRecord } from "../shipping/shipments";
import { toKilograms } from "../shipping/units";
import { trackingUrl } from "./shipment-rows";
import type { VariantData } from "./variant-catalog";

interface Money {
  shopMoney: { amount: string; currencyCode?: string };
}

export interface FulfillmentOrderLine {
  id: string;
  totalQuantity: number;
  remainingQuantity: number;
  requiresShipping: boolean;
  sku: string | null;
  productTitle: string;
  weight: { unit: "GRAMS" | "KILOGRAMS" | "OUNCES" | "POUNDS"; value: number } | null;
  variant: { id: string; legacyResourceId: string } | null;
  lineItem: { id: string; originalUnitPriceSet: Money };
}

export interface FulfillmentOrderNode {
  id: string;
  status: string;
  deliveryMethod: { methodType: string; serviceCode: string | null; presentedName: string | null } | null;
  assignedLocation: { location: { id: string } | null } | null;
  lineItems: { nodes: FulfillmentOrderLine[] };
}

export interface OrderAddress {
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  provinceCode: string | null;
  zip: string | null;
  countryCodeV2: string | null;
  phone: string | null;
}

export interface OrderForLabels {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  currencyCode: string;
  cancelledAt: string | null;
  shippingLine: { code: string | null; title: string; source: string | null; originalPriceSet: Money } | null;
  shippingAddress: OrderAddress | null;
  subtotalPriceSet: Money | null;
  fulfillmentOrders: { nodes: FulfillmentOrderNode[] };
}

const UNITS = { GRAMS: "g", KILOGRAMS: "kg", OUNCES: "oz", POUNDS: "lb" } as const;

export const SERVICE_CODE = /^(DOM|USA|INT)\.[A-Z0-9]+(\.[A-Z0-9]+)*$/;

/** The numeric id at the end of a gid (gid://shopify/ProductVariant/42 → 42). */
export const legacyIdOf = (gid: string) => Number(gid.split("/").pop());

/**
 * The lines still to ship of a fulfillment order, as the packer wants them; all of them ("total") when the
 * merchant already fulfilled it in Shopify's admin and the labels are for that fulfillment.
 */
export function cartLinesOfFulfillmentOrder(
  fo: FulfillmentOrderNode,
  variants: Map<number, VariantData>,
  quantities: "remaining" | "total" = "remaining",
): CartLine[] {
  const quantity = (l: FulfillmentOrderLine) =>
    quantities === "total" ? l.totalQuantity : l.remainingQuantity;
  return fo.lineItems.nodes
    .filter((l) => l.requiresShipping && quantity(l) > 0)
    .map((l) => {
      const v = l.variant ? variants.get(Number(l.variant.legacyResourceId)) : undefined;
      return {
        id: l.id,
        quantity: quantity(l),
        weight: l.weight?.value || undefined,
        weightUnit: l.weight ? UNITS[l.weight.unit] : "g",
        length: v?.length,
        width: v?.width,
        height: v?.height,
        dimensionUnit: "cm",
        value: Number(l.lineItem.originalUnitPriceSet.shopMoney.amount),
        sku: l.sku,
        title: l.productTitle,
      };
    });
}

/** The same lines for customs: HS code and origin from the variant's metafields. */
export function orderLinesOf(
  lines: readonly CartLine[],
  fo: FulfillmentOrderNode,
  variants: Map<number, VariantData>,
  currency: string,
  defaultWeightKg: number,
): OrderLine[] {
  return lines.map((line) => {
    const l = fo.lineItems.nodes.find((x) => x.id === line.id)!;
    const v = l.variant ? variants.get(Number(l.variant.legacyResourceId)) : undefined;
    return {
      id: line.id,
      sku: l.sku ?? undefined,
      title: l.productTitle,
      quantity: line.quantity,
      unitValue: Number(l.lineItem.originalUnitPriceSet.shopMoney.amount),
      currency,
      hsCode: v?.hsCode,
      originCountry: v?.countryOfOrigin,
      unitWeightKg: line.weight ? toKilograms(line.weight, line.weightUnit ?? "g") : defaultWeightKg,
    };
  });
}

export function destinationOf(order: OrderForLabels) {
  const a = order.shippingAddress!;
  const name = a.name || [a.firstName, a.lastName].filter(Boolean).join(" ");
  return {
    name: name || a.company || "Customer",
    company: a.company || undefined,
    phone: a.phone || order.phone || undefined,
    email: order.email || undefined,
    addressLine1: a.address1 ?? "",
    addressLine2: a.address2 || undefined,
    city: a.city ?? "",
    province: a.provinceCode || undefined,
    country: (a.countryCodeV2 ?? "").toUpperCase(),
    postalCode: a.zip || undefined,
  };
}

/** Shopify's tracking input for a fulfillment's parcels: "Canada Post" (Shopify then tracks it too), every PIN. */
export function trackingInputOf(records: readonly ShipmentRecord[], lang: "en" | "fr" = "en") {
  const pins = records.flatMap((r) => (r.trackingPin ? [r.trackingPin] : []));
  if (pins.length === 1) return { company: "Canada Post", number: pins[0], url: trackingUrl(pins[0]!, lang) };
  return { company: "Canada Post", numbers: pins, urls: pins.map((p) => trackingUrl(p, lang)) };
}

/** The fulfillment order line items (and how many of each) the parcels carry. */
export function fulfilledLinesOf(records: readonly ShipmentRecord[]) {
  const totals = new Map<string, number>();
  for (const r of records)
    for (const i of r.parcel?.items ?? []) totals.set(i.lineId, (totals.get(i.lineId) ?? 0) + i.quantity);
  return [...totals].map(([id, quantity]) => ({ id, quantity }));
}
