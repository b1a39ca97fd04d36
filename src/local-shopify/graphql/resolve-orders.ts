import { dateTime } from "../formats";
import { gid } from "../ids";
import type { Address, Customer, LineItem, Order, ShippingLine } from "../model";
import { displayFulfillmentStatus, fulfilledQuantities, subtotalOf, totalOf, weightOf } from "../orders";
import { grantsAny } from "../scopes";
import { connection, type PageArgs } from "./connection";
import {
  find,
  idOf,
  legacyIdOf,
  metafieldResolvers,
  moneyBag,
  requireScope,
  type GqlContext,
  type ResolverMap,
} from "./context";
import { addressLines } from "./resolve-shop";
import { matches, parseSearch, type FieldValue, type Term } from "./search";

/** Orders: order(id:), orders(first:, query:), line items, shipping lines, addresses, customers. */

export const FULFILLMENT_ORDER_READ = [
  "read_merchant_managed_fulfillment_orders",
  "read_assigned_fulfillment_orders",
  "read_third_party_fulfillment_orders",
];

type LineView = LineItem & { order: Order };

const FULFILLMENT_STATUS_WORDS: Record<string, string[]> = {
  unshipped: ["UNFULFILLED"],
  unfulfilled: ["UNFULFILLED", "PARTIALLY_FULFILLED"],
  partial: ["PARTIALLY_FULFILLED"],
  shipped: ["FULFILLED"],
  fulfilled: ["FULFILLED"],
};

function orderField(ctx: GqlContext) {
  return (o: Order, field: string): FieldValue | ((t: Term) => boolean) => {
    switch (field) {
      case "default":
        return [o.name, o.email ?? "", ...o.lineItems.map((l) => l.sku)];
      case "name":
        return (t) => String(o.number) === t.value.replace(/^#/, "");
      case "id":
        return o.id;
      case "email":
        return o.email;
      case "tag":
        return o.tags;
      case "sku":
        return o.lineItems.map((l) => l.sku);
      case "test":
        return String(o.test);
      case "created_at":
      case "processed_at":
        return o.createdAt;
      case "updated_at":
        return o.updatedAt;
      case "financial_status":
        return "paid";
      case "status":
        return (t) =>
          t.value === "any" ||
          (t.value === "cancelled" ? !!o.cancelledAt : t.value === "closed" ? !!o.closedAt : !o.closedAt);
      case "fulfillment_status":
        return (t) =>
          t.value === "any" ||
          (FULFILLMENT_STATUS_WORDS[t.value.toLowerCase()] ?? []).includes(
            displayFulfillmentStatus(ctx.shop, o),
          );
      default:
        return undefined;
    }
  };
}

const ORDER_SORT: Record<string, (a: Order, b: Order) => number> = {
  ID: (a, b) => a.id - b.id,
  ORDER_NUMBER: (a, b) => a.number - b.number,
  UPDATED_AT: (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id - b.id,
  TOTAL_PRICE: (a, b) => totalOf(a) - totalOf(b) || a.id - b.id,
};
const byCreation = (a: Order, b: Order) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;

function addressView(a: Address | undefined, id: number, model = "Address") {
  return a ? { ...a, id: `${gid("MailingAddress", id)}?model_name=${model}` } : null;
}

export const orderResolvers: ResolverMap = {
  QueryRoot: {
    order: (_, a: { id: string }, ctx: GqlContext) => {
      requireScope(ctx, "order", ["read_orders"]);
      return find(ctx.shop.orders, a.id, "Order") ?? null;
    },
    orders: (_, a: PageArgs & { query?: string | null; sortKey?: string }, ctx: GqlContext) => {
      requireScope(ctx, "orders", ["read_orders"]);
      const search = parseSearch(a.query);
      const sort = ORDER_SORT[a.sortKey ?? ""] ?? byCreation;
      const list = [...ctx.shop.orders.values()]
        .filter((o) => matches(o, search, orderField(ctx)))
        .sort(sort);
      return connection(list, a, (o) => o.id);
    },
  },
  Order: {
    id: idOf("Order"),
    legacyResourceId: legacyIdOf,
    email: (o: Order) => o.email ?? null,
    phone: (o: Order) => o.phone ?? null,
    note: (o: Order) => o.note ?? null,
    createdAt: (o: Order) => dateTime(o.createdAt),
    updatedAt: (o: Order) => dateTime(o.updatedAt),
    processedAt: (o: Order) => dateTime(o.createdAt),
    cancelledAt: (o: Order) => (o.cancelledAt ? dateTime(o.cancelledAt) : null),
    cancelReason: (o: Order) => o.cancelReason ?? null,
    closed: (o: Order) => Boolean(o.closedAt),
    closedAt: (o: Order) => (o.closedAt ? dateTime(o.closedAt) : null),
    confirmed: () => true,
    displayFulfillmentStatus: (o: Order, _, ctx: GqlContext) => displayFulfillmentStatus(ctx.shop, o),
    displayFinancialStatus: () => "PAID",
    currencyCode: (o: Order) => o.currency,
    presentmentCurrencyCode: (o: Order) => o.currency,
    subtotalPriceSet: (o: Order, _, ctx: GqlContext) => moneyBag(ctx, subtotalOf(o)),
    totalPriceSet: (o: Order, _, ctx: GqlContext) => moneyBag(ctx, totalOf(o)),
    totalShippingPriceSet: (o: Order, _, ctx: GqlContext) => moneyBag(ctx, o.shippingLine?.price ?? 0),
    totalTaxSet: (_o: Order, _, ctx: GqlContext) => moneyBag(ctx, 0),
    totalDiscountsSet: (_o: Order, _, ctx: GqlContext) => moneyBag(ctx, 0),
    totalWeight: (o: Order) => weightOf(o),
    requiresShipping: (o: Order) => o.lineItems.some((l) => l.requiresShipping),
    shippingLine: (o: Order) => o.shippingLine ?? null,
    shippingLines: (o: Order, a: PageArgs) =>
      connection(o.shippingLine ? [o.shippingLine] : [], a, (s) => s.id),
    shippingAddress: (o: Order) => addressView(o.shippingAddress, o.id),
    billingAddress: (o: Order) => addressView(o.billingAddress, o.id + 1),
    customer: (o: Order, _, ctx: GqlContext) =>
      o.customerId !== undefined ? (ctx.shop.customers.get(o.customerId) ?? null) : null,
    lineItems: (o: Order, a: PageArgs) =>
      connection(
        o.lineItems.map((l): LineView => ({ ...l, order: o })),
        a,
        (l) => l.id,
      ),
    fulfillmentOrders: (o: Order, a: PageArgs, ctx: GqlContext) => {
      const visible = grantsAny(ctx.scopes, FULFILLMENT_ORDER_READ) ? ctx.shop.fulfillmentOrdersOf(o) : [];
      return connection(visible, a, (f) => f.id);
    },
    fulfillments: (o: Order, a: { first?: number | null }, ctx: GqlContext) => {
      const list = ctx.shop.fulfillmentsOf(o);
      return a.first !== undefined && a.first !== null ? list.slice(0, a.first) : list;
    },
    ...metafieldResolvers("Order"),
  },
  LineItem: {
    id: idOf("LineItem"),
    name: (l: LineView) => (l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title),
    variantTitle: (l: LineView) => l.variantTitle ?? null,
    currentQuantity: (l: LineView) => (l.order.cancelledAt ? 0 : l.quantity),
    fulfillableQuantity: (l: LineView, _, ctx: GqlContext) =>
      l.order.cancelledAt
        ? 0
        : Math.max(0, l.quantity - (fulfilledQuantities(ctx.shop, l.order).get(l.id) ?? 0)),
    unfulfilledQuantity: (l: LineView, _, ctx: GqlContext) =>
      Math.max(0, l.quantity - (fulfilledQuantities(ctx.shop, l.order).get(l.id) ?? 0)),
    originalUnitPriceSet: (l: LineView, _, ctx: GqlContext) => moneyBag(ctx, l.price),
    discountedUnitPriceSet: (l: LineView, _, ctx: GqlContext) => moneyBag(ctx, l.price),
    originalTotalSet: (l: LineView, _, ctx: GqlContext) => moneyBag(ctx, l.price * l.quantity),
    variant: (l: LineView, _, ctx: GqlContext) =>
      l.variantId !== undefined ? (ctx.shop.variants.get(l.variantId) ?? null) : null,
    product: (l: LineView, _, ctx: GqlContext) =>
      l.productId !== undefined ? (ctx.shop.products.get(l.productId) ?? null) : null,
  },
  ShippingLine: {
    id: idOf("ShippingLine"),
    carrierIdentifier: (s: ShippingLine) => s.carrierIdentifier ?? null,
    deliveryCategory: () => null,
    phone: (s: ShippingLine) => s.phone ?? null,
    custom: (s: ShippingLine) => s.source !== "shopify" && !s.carrierIdentifier,
    originalPriceSet: (s: ShippingLine, _, ctx: GqlContext) => moneyBag(ctx, s.price),
    discountedPriceSet: (s: ShippingLine, _, ctx: GqlContext) => moneyBag(ctx, s.price),
  },
  MailingAddress: {
    name: (a: Address) => a.name ?? ([a.firstName, a.lastName].filter(Boolean).join(" ") || null),
    countryCodeV2: (a: Address) => a.countryCode,
    formatted: (a: Address, args: { withName?: boolean; withCompany?: boolean }) =>
      addressLines(a, args.withCompany ?? true, args.withName ?? false),
    formattedArea: (a: Address) =>
      [a.city, [a.provinceCode, a.country].filter(Boolean).join(", ")].filter(Boolean).join(" "),
  },
  Customer: {
    id: idOf("Customer"),
    legacyResourceId: legacyIdOf,
    displayName: (c: Customer) => [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email,
    firstName: (c: Customer) => c.firstName ?? null,
    lastName: (c: Customer) => c.lastName ?? null,
    phone: (c: Customer) => c.phone ?? null,
  },
};
