import type { Address, FulfillmentOrder, LineItem, Order, ShippingLine } from "./model";
import type { ShopState } from "./store";
import type { World } from "./world";

/** Orders: placing one (with its fulfillment order), its totals and statuses, cancelling it. */

export interface OrderLineInput {
  /** A variant of the shop's catalogue... */
  variantId?: number;
  quantity: number;
  /** ...or a custom line. */
  title?: string;
  price?: number;
  grams?: number;
  sku?: string;
  requiresShipping?: boolean;
}

export interface PlaceOrderInput {
  lines: OrderLineInput[];
  email?: string;
  phone?: string;
  customer?: { email: string; firstName?: string; lastName?: string; phone?: string; tags?: string[] };
  shippingAddress?: Address;
  billingAddress?: Address;
  shippingLine?: Omit<ShippingLine, "id">;
  note?: string;
  tags?: string[];
  test?: boolean;
  checkoutId?: string;
  createdAt?: Date;
}

export class OrderInputError extends Error {}

/** Places an order: line items from the catalogue, one fulfillment order at the shop's location. */
export function placeOrder(world: World, shop: ShopState, input: PlaceOrderInput): Order {
  if (!input.lines.length) throw new OrderInputError("an order needs at least one line");
  const ids = world.state.ids;
  const now = input.createdAt ?? world.clock.now();
  const lineItems: LineItem[] = input.lines.map((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1)
      throw new OrderInputError(`line ${i + 1}: quantity must be a whole number of 1 or more`);
    if (line.variantId === undefined) {
      if (!line.title || line.price === undefined)
        throw new OrderInputError(`line ${i + 1}: give a variantId, or a title and a price (cents)`);
      return {
        id: ids.next("LineItem"),
        title: line.title,
        sku: line.sku ?? "",
        vendor: shop.name,
        quantity: line.quantity,
        price: line.price,
        grams: line.grams ?? 0,
        requiresShipping: line.requiresShipping ?? true,
        taxable: true,
      };
    }
    const variant = shop.variants.get(line.variantId);
    if (!variant) throw new OrderInputError(`line ${i + 1}: no variant ${line.variantId} in ${shop.domain}`);
    const product = shop.products.get(variant.productId)!;
    return {
      id: ids.next("LineItem"),
      productId: product.id,
      variantId: variant.id,
      title: product.title,
      variantTitle: variant.title === "Default Title" ? undefined : variant.title,
      sku: variant.sku,
      vendor: product.vendor,
      quantity: line.quantity,
      price: line.price ?? variant.price,
      grams: variant.grams,
      requiresShipping: variant.requiresShipping,
      taxable: variant.taxable,
    };
  });

  let customerId: number | undefined;
  if (input.customer) {
    const known = [...shop.customers.values()].find((c) => c.email === input.customer!.email);
    customerId = known?.id ?? ids.next("Customer");
    if (!known) shop.customers.set(customerId, { id: customerId, tags: [], ...input.customer });
  }

  const number = shop.nextOrderNumber++;
  const order: Order = {
    id: ids.next("Order"),
    number,
    name: `#${number}`,
    email: input.email ?? input.customer?.email,
    phone: input.phone,
    customerId,
    note: input.note,
    tags: input.tags ?? [],
    test: input.test ?? false,
    currency: shop.currency,
    lineItems,
    shippingLine: input.shippingLine ? { id: ids.next("ShippingLine"), ...input.shippingLine } : undefined,
    shippingAddress: input.shippingAddress,
    billingAddress: input.billingAddress ?? input.shippingAddress,
    fulfillmentOrderIds: [],
    fulfillmentIds: [],
    createdAt: now,
    updatedAt: now,
    checkoutId: input.checkoutId,
  };
  shop.orders.set(order.id, order);

  const shipped = lineItems.filter((l) => l.requiresShipping);
  if (shipped.length) {
    const fo: FulfillmentOrder = {
      id: ids.next("FulfillmentOrder"),
      orderId: order.id,
      locationId: shop.primaryLocationId,
      status: "OPEN",
      requestStatus: "UNSUBMITTED",
      lines: shipped.map((l) => ({
        id: ids.next("FulfillmentOrderLineItem"),
        lineItemId: l.id,
        totalQuantity: l.quantity,
        remainingQuantity: l.quantity,
      })),
      delivery: order.shippingLine
        ? {
            methodType: "SHIPPING",
            serviceCode: order.shippingLine.code,
            presentedName: order.shippingLine.title,
          }
        : { methodType: "NONE" },
      createdAt: now,
      updatedAt: now,
    };
    shop.fulfillmentOrders.set(fo.id, fo);
    order.fulfillmentOrderIds.push(fo.id);
  }
  world.announce(shop, { topic: "orders/create", order });
  return order;
}

export function subtotalOf(order: Order): number {
  return order.lineItems.reduce((sum, l) => sum + l.price * l.quantity, 0);
}

/** Shopify adds taxes; the local Shopify charges none, so the total is the goods plus shipping. */
export function totalOf(order: Order): number {
  return subtotalOf(order) + (order.shippingLine?.price ?? 0);
}

export function weightOf(order: Order): number {
  return order.lineItems.reduce((sum, l) => sum + l.grams * l.quantity, 0);
}

/** Units of each line item in fulfillments that still count (not cancelled). */
export function fulfilledQuantities(shop: ShopState, order: Order): Map<number, number> {
  const done = new Map<number, number>();
  for (const f of shop.fulfillmentsOf(order))
    if (f.status === "SUCCESS")
      for (const l of f.lines) done.set(l.lineItemId, (done.get(l.lineItemId) ?? 0) + l.quantity);
  return done;
}

export type DisplayFulfillmentStatus = "UNFULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED";

export function displayFulfillmentStatus(shop: ShopState, order: Order): DisplayFulfillmentStatus {
  const done = fulfilledQuantities(shop, order);
  const shipped = order.lineItems.filter((l) => l.requiresShipping);
  const units = shipped.reduce((s, l) => s + Math.min(done.get(l.id) ?? 0, l.quantity), 0);
  const total = shipped.reduce((s, l) => s + l.quantity, 0);
  if (units === 0) return "UNFULFILLED";
  return units >= total ? "FULFILLED" : "PARTIALLY_FULFILLED";
}

/** Shopify archives (closes) a paid order once it is fulfilled, and reopens it if that changes. */
export function refreshClosed(shop: ShopState, order: Order, now: Date): void {
  const fulfilled = displayFulfillmentStatus(shop, order) === "FULFILLED";
  if (fulfilled && !order.closedAt) order.closedAt = now;
  if (!fulfilled && order.closedAt && !order.cancelledAt) order.closedAt = undefined;
}

export class OrderStateError extends Error {}

/** Cancels an order as the merchant does in the admin: its open fulfillment orders are closed. */
export function cancelOrder(
  world: World,
  shop: ShopState,
  order: Order,
  reason: NonNullable<Order["cancelReason"]> = "OTHER",
): Order {
  if (order.cancelledAt) throw new OrderStateError("Cannot cancel an order that has already been canceled");
  if (shop.fulfillmentsOf(order).some((f) => f.status === "SUCCESS"))
    throw new OrderStateError("Cannot cancel an order that has outstanding fulfillments");
  const now = world.clock.now();
  order.cancelledAt = now;
  order.cancelReason = reason;
  order.closedAt = now;
  order.updatedAt = now;
  for (const fo of shop.fulfillmentOrdersOf(order))
    if (fo.status === "OPEN" || fo.status === "IN_PROGRESS") {
      fo.status = "CLOSED";
      fo.updatedAt = now;
    }
  world.announce(shop, { topic: "orders/cancelled", order });
  world.announce(shop, { topic: "orders/updated", order });
  return order;
}
