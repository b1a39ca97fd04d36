import { dateTime } from "../formats";
import {
  addFulfillmentEvent,
  cancelFulfillment,
  createFulfillment,
  displayStatusOf,
  firstEventAt,
  fulfillmentName,
  latestEvent,
  trackingFrom,
  updateTracking,
  type TrackingInput,
} from "../fulfillments";
import { gid } from "../ids";
import {
  type Fulfillment,
  type FulfillmentEvent,
  type FulfillmentLine,
  type FulfillmentOrder,
  type FulfillmentOrderLine,
} from "../model";
import { connection, type PageArgs } from "./connection";
import { find, idOf, legacyIdOf, moneyBag, requireScope, type GqlContext, type ResolverMap } from "./context";
import { FULFILLMENT_ORDER_READ } from "./resolve-orders";

/** Fulfillment orders and fulfillments: reading them, and fulfillmentCreate, Cancel, TrackingInfoUpdate, EventCreate. */

const FULFILLMENT_WRITE = [
  "write_merchant_managed_fulfillment_orders",
  "write_assigned_fulfillment_orders",
  "write_third_party_fulfillment_orders",
];

type FoLineView = FulfillmentOrderLine & { fo: FulfillmentOrder };
type FLineView = FulfillmentLine & { fulfillment: Fulfillment };

function lineItemOf(ctx: GqlContext, orderId: number, lineItemId: number) {
  const order = ctx.shop.orders.get(orderId)!;
  const line = order.lineItems.find((l) => l.id === lineItemId)!;
  return { ...line, order };
}

const date = (d: Date | undefined) => (d ? dateTime(d) : null);

export const fulfillmentResolvers: ResolverMap = {
  QueryRoot: {
    fulfillment: (_, a: { id: string }, ctx: GqlContext) => {
      requireScope(ctx, "fulfillment", ["read_orders", ...FULFILLMENT_ORDER_READ]);
      return find(ctx.shop.fulfillments, a.id, "Fulfillment") ?? null;
    },
    fulfillmentOrder: (_, a: { id: string }, ctx: GqlContext) => {
      requireScope(ctx, "fulfillmentOrder", FULFILLMENT_ORDER_READ);
      return find(ctx.shop.fulfillmentOrders, a.id, "FulfillmentOrder") ?? null;
    },
  },
  FulfillmentOrder: {
    id: idOf("FulfillmentOrder"),
    orderId: (fo: FulfillmentOrder) => gid("Order", fo.orderId),
    orderName: (fo: FulfillmentOrder, _, ctx: GqlContext) => ctx.shop.orders.get(fo.orderId)!.name,
    order: (fo: FulfillmentOrder, _, ctx: GqlContext) => ctx.shop.orders.get(fo.orderId),
    createdAt: (fo: FulfillmentOrder) => dateTime(fo.createdAt),
    updatedAt: (fo: FulfillmentOrder) => dateTime(fo.updatedAt),
    fulfillAt: (fo: FulfillmentOrder) =>
      dateTime(new Date(Math.floor(fo.createdAt.getTime() / 3_600_000) * 3_600_000)),
    assignedLocation: (fo: FulfillmentOrder, _, ctx: GqlContext) => {
      const loc = ctx.shop.locations.get(fo.locationId)!;
      // Unset address parts read as null; the province is named in full, as Shopify does.
      return {
        ...loc.address,
        name: loc.name,
        province: loc.address.province ?? loc.address.provinceCode,
        location: loc,
      };
    },
    deliveryMethod: (fo: FulfillmentOrder) => ({
      id: gid("DeliveryMethod", fo.id),
      methodType: fo.delivery.methodType,
      serviceCode: fo.delivery.serviceCode ?? null,
      presentedName: fo.delivery.presentedName ?? null,
      minDeliveryDateTime: null,
      maxDeliveryDateTime: null,
    }),
    destination: (fo: FulfillmentOrder, _, ctx: GqlContext) => {
      const order = ctx.shop.orders.get(fo.orderId)!;
      const a = order.shippingAddress;
      if (!a) return null;
      return {
        ...a,
        id: gid("FulfillmentOrderDestination", fo.id),
        email: order.email,
        province: a.province ?? a.provinceCode,
        location: null,
      };
    },
    lineItems: (fo: FulfillmentOrder, a: PageArgs) =>
      connection(
        fo.lines.map((l): FoLineView => ({ ...l, fo })),
        a,
        (l) => l.id,
      ),
    fulfillments: (fo: FulfillmentOrder, a: PageArgs, ctx: GqlContext) => {
      const list = [...ctx.shop.fulfillments.values()].filter((f) =>
        f.lines.some((l) => l.fulfillmentOrderId === fo.id),
      );
      return connection(list, a, (f) => f.id);
    },
  },
  FulfillmentOrderLineItem: {
    id: idOf("FulfillmentOrderLineItem"),
    lineItem: (l: FoLineView, _, ctx: GqlContext) => lineItemOf(ctx, l.fo.orderId, l.lineItemId),
    sku: (l: FoLineView, _, ctx: GqlContext) => lineItemOf(ctx, l.fo.orderId, l.lineItemId).sku,
    productTitle: (l: FoLineView, _, ctx: GqlContext) => lineItemOf(ctx, l.fo.orderId, l.lineItemId).title,
    variantTitle: (l: FoLineView, _, ctx: GqlContext) =>
      lineItemOf(ctx, l.fo.orderId, l.lineItemId).variantTitle ?? null,
    vendor: (l: FoLineView, _, ctx: GqlContext) => lineItemOf(ctx, l.fo.orderId, l.lineItemId).vendor,
    requiresShipping: (l: FoLineView, _, ctx: GqlContext) =>
      lineItemOf(ctx, l.fo.orderId, l.lineItemId).requiresShipping,
    variant: (l: FoLineView, _, ctx: GqlContext) => {
      const id = lineItemOf(ctx, l.fo.orderId, l.lineItemId).variantId;
      return id !== undefined ? (ctx.shop.variants.get(id) ?? null) : null;
    },
    inventoryItemId: (l: FoLineView, _, ctx: GqlContext) => {
      const id = lineItemOf(ctx, l.fo.orderId, l.lineItemId).variantId;
      const v = id !== undefined ? ctx.shop.variants.get(id) : undefined;
      return v ? gid("InventoryItem", v.inventoryItemId) : null;
    },
    weight: (l: FoLineView, _, ctx: GqlContext) => ({
      unit: "GRAMS",
      value: lineItemOf(ctx, l.fo.orderId, l.lineItemId).grams,
    }),
  },
  Fulfillment: {
    id: idOf("Fulfillment"),
    legacyResourceId: legacyIdOf,
    name: (f: Fulfillment, _, ctx: GqlContext) => fulfillmentName(ctx.shop.orders.get(f.orderId)!, f),
    displayStatus: (f: Fulfillment) => displayStatusOf(f),
    createdAt: (f: Fulfillment) => dateTime(f.createdAt),
    updatedAt: (f: Fulfillment) => dateTime(f.updatedAt),
    deliveredAt: (f: Fulfillment) => date(firstEventAt(f, "DELIVERED")),
    inTransitAt: (f: Fulfillment) => date(firstEventAt(f, "IN_TRANSIT")),
    estimatedDeliveryAt: (f: Fulfillment) => date(latestEvent(f)?.estimatedDeliveryAt),
    requiresShipping: () => true,
    totalQuantity: (f: Fulfillment) => f.lines.reduce((s, l) => s + l.quantity, 0),
    trackingInfo: (f: Fulfillment, a: { first?: number | null }) =>
      (a.first !== undefined && a.first !== null ? f.tracking.slice(0, a.first) : f.tracking).map((t) => ({
        company: t.company ?? null,
        number: t.number || null,
        url: t.url ?? null,
      })),
    events: (f: Fulfillment, a: PageArgs & { sortKey?: string }) => {
      const list = [...f.events].sort((p, q) =>
        a.sortKey === "HAPPENED_AT"
          ? p.happenedAt.getTime() - q.happenedAt.getTime() || p.id - q.id
          : p.id - q.id,
      );
      return connection(list, a, (e) => e.id);
    },
    fulfillmentLineItems: (f: Fulfillment, a: PageArgs) =>
      connection(
        f.lines.map((l): FLineView => ({ ...l, fulfillment: f })),
        a,
        (l) => l.id,
      ),
    fulfillmentOrders: (f: Fulfillment, a: PageArgs, ctx: GqlContext) =>
      connection(
        [...new Set(f.lines.map((l) => l.fulfillmentOrderId))].map((id) =>
          ctx.shop.fulfillmentOrders.get(id)!,
        ),
        a,
        (fo) => fo.id,
      ),
    location: (f: Fulfillment, _, ctx: GqlContext) => ctx.shop.locations.get(f.locationId) ?? null,
    order: (f: Fulfillment, _, ctx: GqlContext) => ctx.shop.orders.get(f.orderId),
    service: (f: Fulfillment) => ({
      id: gid("FulfillmentService", f.locationId),
      serviceName: "Manual",
      handle: "manual",
      type: "MANUAL",
    }),
  },
  FulfillmentEvent: {
    id: idOf("FulfillmentEvent"),
    happenedAt: (e: FulfillmentEvent) => dateTime(e.happenedAt),
    createdAt: (e: FulfillmentEvent) => dateTime(e.createdAt),
    estimatedDeliveryAt: (e: FulfillmentEvent) => date(e.estimatedDeliveryAt),
  },
  FulfillmentLineItem: {
    id: idOf("FulfillmentLineItem"),
    lineItem: (l: FLineView, _, ctx: GqlContext) => lineItemOf(ctx, l.fulfillment.orderId, l.lineItemId),
    originalTotalSet: (l: FLineView, _, ctx: GqlContext) =>
      moneyBag(ctx, lineItemOf(ctx, l.fulfillment.orderId, l.lineItemId).price * l.quantity),
  },
  Mutation: {
    fulfillmentCreate: (_, a: { fulfillment: FulfillmentInput }, ctx: GqlContext) => {
      requireScope(ctx, "fulfillmentCreate", FULFILLMENT_WRITE);
      const input = a.fulfillment;
      return createFulfillment(ctx.world, ctx.shop, {
        groups: input.lineItemsByFulfillmentOrder.map((g) => ({
          fulfillmentOrderId: g.fulfillmentOrderId,
          lines: g.fulfillmentOrderLineItems ?? undefined,
        })),
        tracking: trackingFrom(input.trackingInfo),
        notifyCustomer: input.notifyCustomer ?? false,
        createdBy: ctx.app.apiKey,
      });
    },
    fulfillmentCancel: (_, a: { id: string }, ctx: GqlContext) => {
      requireScope(ctx, "fulfillmentCancel", FULFILLMENT_WRITE);
      const f = find(ctx.shop.fulfillments, a.id, "Fulfillment");
      if (!f)
        return { fulfillment: null, userErrors: [{ field: ["id"], message: "Fulfillment not found." }] };
      return cancelFulfillment(ctx.world, ctx.shop, f);
    },
    fulfillmentTrackingInfoUpdate: (
      _,
      a: { fulfillmentId: string; trackingInfoInput: TrackingInput; notifyCustomer?: boolean | null },
      ctx: GqlContext,
    ) => {
      requireScope(ctx, "fulfillmentTrackingInfoUpdate", FULFILLMENT_WRITE);
      const f = find(ctx.shop.fulfillments, a.fulfillmentId, "Fulfillment");
      if (!f)
        return {
          fulfillment: null,
          userErrors: [{ field: ["fulfillmentId"], message: "Fulfillment does not exist." }],
        };
      return {
        fulfillment: updateTracking(
          ctx.world,
          ctx.shop,
          f,
          trackingFrom(a.trackingInfoInput),
          a.notifyCustomer ?? false,
        ),
        userErrors: [],
      };
    },
    fulfillmentEventCreate: (_, a: { fulfillmentEvent: EventInput }, ctx: GqlContext) => {
      requireScope(ctx, "fulfillmentEventCreate", [
        ...FULFILLMENT_WRITE,
        "write_fulfillments",
        "write_orders",
      ]);
      const input = a.fulfillmentEvent;
      const f = find(ctx.shop.fulfillments, input.fulfillmentId, "Fulfillment");
      if (!f)
        return {
          fulfillmentEvent: null,
          userErrors: [
            { field: ["fulfillmentEvent", "fulfillmentId"], message: "Fulfillment does not exist." },
          ],
        };
      const { fulfillmentId: _id, status, happenedAt, estimatedDeliveryAt, ...where } = input;
      // The status is FulfillmentEventStatus (checked by the schema); absent place fields stay unset.
      const place = Object.fromEntries(
        Object.entries(where).filter(([, v]) => v !== null && v !== undefined),
      );
      const event = addFulfillmentEvent(ctx.world, ctx.shop, f, {
        ...place,
        status: status as FulfillmentEvent["status"],
        happenedAt: happenedAt ? new Date(happenedAt) : ctx.world.clock.now(),
        estimatedDeliveryAt: estimatedDeliveryAt ? new Date(estimatedDeliveryAt) : undefined,
      });
      return { fulfillmentEvent: event, userErrors: [] };
    },
  },
};

interface FulfillmentInput {
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
  }[];
  trackingInfo?: TrackingInput | null;
  notifyCustomer?: boolean | null;
}

interface EventInput {
  fulfillmentId: string;
  status: string;
  happenedAt?: string | null;
  message?: string | null;
  estimatedDeliveryAt?: string | null;
  city?: string | null;
  province?: string | null;
  country?: string | null;
  zip?: string | null;
  address1?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}
