import { gid, parseGid } from "./ids";
import type {
  Fulfillment,
  FulfillmentEvent,
  FulfillmentLine,
  FulfillmentOrder,
  Order,
  Tracking,
} from "./model";
import { displayFulfillmentStatus, refreshClosed } from "./orders";
import type { ShopState } from "./store";
import type { World } from "./world";

/**
 * Fulfilling, as Shopify does it: a fulfillment takes quantities out of fulfillment orders (an over-request
 * is refused), a partly fulfilled fulfillment order is IN_PROGRESS and an emptied one CLOSED, and
 * cancelling a fulfillment puts its quantities back. Messages and checks are those Shopify answers
 * (captured from a live shop, Admin API 2025-01 and 2026-04).
 */

export interface UserError {
  field: string[] | null;
  message: string;
}

export interface FulfillmentRequest {
  groups: { fulfillmentOrderId: string; lines?: { id: string; quantity: number }[] }[];
  tracking: Tracking[];
  notifyCustomer: boolean;
  /** An app's client id, or "admin" for the merchant in Shopify's admin. */
  createdBy: string;
}

const fail = (message: string, field: string[] | null = ["fulfillment"]) => ({
  userErrors: [{ field, message }],
});

export function createFulfillment(
  world: World,
  shop: ShopState,
  req: FulfillmentRequest,
): { fulfillment?: Fulfillment; userErrors: UserError[] } {
  // Quantities are checked first, over every group, as Shopify does.
  for (const [i, group] of req.groups.entries())
    for (const [j, line] of (group.lines ?? []).entries())
      if (!(line.quantity > 0))
        return fail("Quantity must be greater than 0", [
          "fulfillment",
          "lineItemsByFulfillmentOrder",
          String(i),
          "fulfillmentOrderLineItems",
          String(j),
          "quantity",
        ]);
  if (!req.groups.length) return fail("Fulfillment order does not exist.");
  const fos: FulfillmentOrder[] = [];
  for (const group of req.groups) {
    const fo = shop.byGid(shop.fulfillmentOrders, group.fulfillmentOrderId, "FulfillmentOrder");
    if (!fo) return fail("Fulfillment order does not exist.");
    fos.push(fo);
  }
  const orderIds = [...new Set(fos.map((f) => f.orderId))];
  if (orderIds.length > 1)
    return fail(
      `All fulfillment orders must belong to the same order. Multiple orders with ids [${orderIds.join(", ")}] were found.`,
    );
  const locationIds = [...new Set(fos.map((f) => f.locationId))];
  if (locationIds.length > 1)
    return fail(
      `All fulfillment orders must be assigned to a single location. Multiple locations with ids [${locationIds.join(", ")}] were found.`,
    );
  for (const fo of fos)
    if (fo.status === "CLOSED" || fo.status === "CANCELLED")
      return fail(`Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status.toLowerCase()}.`);

  // What each group takes: the lines asked for, or everything still to fulfill.
  const ids = world.state.ids;
  const taken: FulfillmentLine[] = [];
  const asked = new Map<number, number>();
  for (const [i, group] of req.groups.entries()) {
    const fo = fos[i]!;
    const wanted = group.lines
      ? group.lines.map((l) => ({
          line: fo.lines.find((x) => x.id === parseGid(l.id, "FulfillmentOrderLineItem")),
          qty: l.quantity,
        }))
      : fo.lines
          .filter((l) => l.remainingQuantity > 0)
          .map((line) => ({ line, qty: line.remainingQuantity }));
    for (const { line, qty } of wanted) {
      if (!line) return fail("Fulfillment order line item does not exist.");
      const total = (asked.get(line.id) ?? 0) + qty;
      if (total > line.remainingQuantity)
        return fail("Invalid fulfillment order line item quantity requested.");
      asked.set(line.id, total);
      taken.push({
        id: ids.next("FulfillmentLineItem"),
        lineItemId: line.lineItemId,
        fulfillmentOrderId: fo.id,
        fulfillmentOrderLineId: line.id,
        quantity: qty,
      });
    }
  }
  if (!taken.length) return fail("Invalid fulfillment order line item quantity requested.");

  const now = world.clock.now();
  const order = shop.orders.get(fos[0]!.orderId)!;
  const before = displayFulfillmentStatus(shop, order);
  for (const t of taken)
    fos
      .find((f) => f.id === t.fulfillmentOrderId)!
      .lines.find((l) => l.id === t.fulfillmentOrderLineId)!.remainingQuantity -= t.quantity;
  for (const fo of fos) settleStatus(fo, now);
  const fulfillment: Fulfillment = {
    id: ids.next("Fulfillment"),
    orderId: order.id,
    sequence: order.fulfillmentIds.length + 1,
    locationId: fos[0]!.locationId,
    status: "SUCCESS",
    tracking: req.tracking,
    lines: taken,
    events: [],
    notifyCustomer: req.notifyCustomer,
    createdBy: req.createdBy,
    createdAt: now,
    updatedAt: now,
  };
  shop.fulfillments.set(fulfillment.id, fulfillment);
  order.fulfillmentIds.push(fulfillment.id);
  order.updatedAt = now;
  refreshClosed(shop, order, now);
  world.announce(shop, { topic: "fulfillments/create", fulfillment });
  announceOrderProgress(world, shop, order, before);
  return { fulfillment, userErrors: [] };
}

/** OPEN while untouched, IN_PROGRESS once partly fulfilled, CLOSED when nothing remains. */
function settleStatus(fo: FulfillmentOrder, now: Date): void {
  const remaining = fo.lines.reduce((s, l) => s + l.remainingQuantity, 0);
  const total = fo.lines.reduce((s, l) => s + l.totalQuantity, 0);
  fo.status = remaining === 0 ? "CLOSED" : remaining < total ? "IN_PROGRESS" : "OPEN";
  fo.updatedAt = now;
}

function announceOrderProgress(world: World, shop: ShopState, order: Order, before: string): void {
  const after = displayFulfillmentStatus(shop, order);
  if (after !== before && after === "FULFILLED") world.announce(shop, { topic: "orders/fulfilled", order });
  if (after !== before && after === "PARTIALLY_FULFILLED")
    world.announce(shop, { topic: "orders/partially_fulfilled", order });
  world.announce(shop, { topic: "orders/updated", order });
}

/**
 * Cancels a fulfillment and gives its quantities back. A fulfillment order that is still open takes them
 * back; a closed one stays closed and Shopify opens a new fulfillment order for them (as a live shop
 * does: the closed one keeps reporting its old remaining quantity).
 */
export function cancelFulfillment(
  world: World,
  shop: ShopState,
  fulfillment: Fulfillment,
): { fulfillment?: Fulfillment; userErrors: UserError[] } {
  // A live shop answers a second cancel with the cancelled fulfillment and no error.
  if (fulfillment.status === "CANCELLED") return { fulfillment, userErrors: [] };
  const now = world.clock.now();
  const order = shop.orders.get(fulfillment.orderId)!;
  const before = displayFulfillmentStatus(shop, order);
  fulfillment.status = "CANCELLED";
  fulfillment.updatedAt = now;
  const reopened = new Map<number, FulfillmentOrder>();
  for (const line of fulfillment.lines) {
    const fo = shop.fulfillmentOrders.get(line.fulfillmentOrderId)!;
    const foLine = fo.lines.find((l) => l.id === line.fulfillmentOrderLineId)!;
    if (fo.status !== "CLOSED") {
      foLine.remainingQuantity += line.quantity;
      settleStatus(fo, now);
      continue;
    }
    foLine.remainingQuantity = Math.min(foLine.totalQuantity, foLine.remainingQuantity + line.quantity);
    let fresh = reopened.get(fo.id);
    if (!fresh) {
      fresh = {
        ...fo,
        id: world.state.ids.next("FulfillmentOrder"),
        status: "OPEN",
        lines: [],
        createdAt: now,
        updatedAt: now,
      };
      reopened.set(fo.id, fresh);
      shop.fulfillmentOrders.set(fresh.id, fresh);
      order.fulfillmentOrderIds.push(fresh.id);
    }
    fresh.lines.push({
      id: world.state.ids.next("FulfillmentOrderLineItem"),
      lineItemId: line.lineItemId,
      totalQuantity: line.quantity,
      remainingQuantity: line.quantity,
    });
  }
  order.updatedAt = now;
  refreshClosed(shop, order, now);
  world.announce(shop, { topic: "fulfillments/update", fulfillment });
  announceOrderProgress(world, shop, order, before);
  return { fulfillment, userErrors: [] };
}

/** Where Shopify sends customers for carriers it knows, when the app gives a number but no URL. */
const TRACKING_URLS: Record<string, (n: string) => string> = {
  "canada post": (n) =>
    `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${encodeURIComponent(n)}`,
  ups: (n) => `https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=${encodeURIComponent(n)}`,
  usps: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}`,
  purolator: (n) => `https://www.purolator.com/en/shipping/tracker?pins=${encodeURIComponent(n)}`,
};

export interface TrackingInput {
  company?: string | null;
  number?: string | null;
  numbers?: string[] | null;
  url?: string | null;
  urls?: string[] | null;
}

/** FulfillmentTrackingInput to tracking entries: one per number, with Shopify's URL for known carriers. */
export function trackingFrom(input: TrackingInput | null | undefined): Tracking[] {
  if (!input) return [];
  const company = input.company ?? undefined;
  const numbers = input.numbers?.length ? input.numbers : input.number ? [input.number] : [];
  const urls = input.urls?.length ? input.urls : input.url ? [input.url] : [];
  const known = company ? TRACKING_URLS[company.toLowerCase()] : undefined;
  if (!numbers.length) return urls.map((url) => ({ company, number: "", url }));
  return numbers.map((number, i) => ({ company, number, url: urls[i] ?? known?.(number) }));
}

export function updateTracking(
  world: World,
  shop: ShopState,
  fulfillment: Fulfillment,
  tracking: Tracking[],
  notifyCustomer: boolean,
): Fulfillment {
  fulfillment.tracking = tracking;
  fulfillment.notifyCustomer = notifyCustomer || fulfillment.notifyCustomer;
  fulfillment.updatedAt = world.clock.now();
  world.announce(shop, { topic: "fulfillments/update", fulfillment });
  return fulfillment;
}

/** Records a carrier event; the fulfillment's shipment status follows it (fulfillments/update). */
export function addFulfillmentEvent(
  world: World,
  shop: ShopState,
  fulfillment: Fulfillment,
  event: Omit<FulfillmentEvent, "id" | "createdAt">,
): FulfillmentEvent {
  const now = world.clock.now();
  const stored: FulfillmentEvent = { id: world.state.ids.next("FulfillmentEvent"), createdAt: now, ...event };
  fulfillment.events.push(stored);
  fulfillment.updatedAt = now;
  world.announce(shop, { topic: "fulfillments/update", fulfillment });
  return stored;
}

/** The latest event by time of occurrence, which sets the fulfillment's shipment status. */
export function latestEvent(fulfillment: Fulfillment): FulfillmentEvent | undefined {
  return [...fulfillment.events]
    .sort((a, b) => a.happenedAt.getTime() - b.happenedAt.getTime() || a.id - b.id)
    .at(-1);
}

/** Fulfillment.displayStatus: CANCELED, the latest carrier event's status, or FULFILLED. */
export function displayStatusOf(fulfillment: Fulfillment): string {
  if (fulfillment.status === "CANCELLED") return "CANCELED";
  return latestEvent(fulfillment)?.status ?? "FULFILLED";
}

export function firstEventAt(fulfillment: Fulfillment, status: string): Date | undefined {
  return fulfillment.events
    .filter((e) => e.status === status)
    .map((e) => e.happenedAt)
    .sort((a, b) => a.getTime() - b.getTime())[0];
}

export const fulfillmentName = (order: Order, f: Fulfillment) => `${order.name}-F${f.sequence}`;
export const fulfillmentGid = (f: Fulfillment) => gid("Fulfillment", f.id);
