/**
 * The embedded admin's API for orders and their labels (every route behind the session-token check):
 * orders to ship with the service the customer chose and the checkout amount against Canada Post's price
 * now, label purchase, shipments with their labels (PDF or ZPL), void or refund, fulfillment cancel, and the
 * tracking timeline.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { adminGraphql } from "./admin-graphql";
import { cents, gidOf, labelFileName, shipmentView } from "./admin-views";
import { offlineSession, type AppContext } from "./context";
import { LabelRequestError, type LabelService } from "./labels";
import { cartLinesOfFulfillmentOrder, destinationOf, legacyIdOf, SERVICE_CODE } from "./order-mapping";
import { ORDERS_TO_SHIP } from "./queries";
import { recordOf } from "./shipment-rows";
import type { TrackingJob } from "./tracking-job";

const shopOf = (request: FastifyRequest) => (request as FastifyRequest & { shop: string }).shop;

interface OrderNode {
  id: string;
  name: string;
  createdAt: string;
  displayFulfillmentStatus: string;
  currencyCode: string;
  shippingLine: {
    code: string | null;
    title: string;
    originalPriceSet: { shopMoney: { amount: string } };
  } | null;
  shippingAddress: {
    city: string | null;
    provinceCode: string | null;
    zip: string | null;
    countryCodeV2: string | null;
  } | null;
}

function need(gid: string | undefined, what: string): string {
  if (!gid) throw new LabelRequestError(`not a ${what} id`, 404);
  return gid;
}

export async function adminOrderRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  labels: LabelService,
  tracking: TrackingJob,
) {
  const q = labels.queries;

  app.get("/api/orders", async (request) => {
    const shop = shopOf(request);
    const session = await offlineSession(ctx, shop);
    const { orders } = await adminGraphql<{ orders: { nodes: OrderNode[] } }>(
      ctx.shopify,
      session,
      ORDERS_TO_SHIP,
      { first: 50 },
    );
    const open = orders.nodes.filter((o) => !["FULFILLED", "RESTOCKED"].includes(o.displayFulfillmentStatus));
    const { rows } = await ctx.pool.query<{ order_id: string; n: string }>(
      "select order_id, count(*) as n from shipments where shop = $1 and order_id = any($2::text[]) and status not in ('voided', 'refund_requested') group by order_id",
      [shop, open.map((o) => o.id)],
    );
    const labelled = new Map(rows.map((r) => [r.order_id, Number(r.n)]));
    return {
      orders: open.map((o) => ({
        id: o.id,
        name: o.name,
        created_at: o.createdAt,
        fulfillment_status: o.displayFulfillmentStatus,
        service_code:
          o.shippingLine?.code && SERVICE_CODE.test(o.shippingLine.code) ? o.shippingLine.code : null,
        service_name: o.shippingLine?.title ?? null,
        checkout_amount_cents: o.shippingLine
          ? cents(o.shippingLine.originalPriceSet.shopMoney.amount)
          : null,
        currency: o.currencyCode,
        destination: o.shippingAddress,
        live_labels: labelled.get(o.id) ?? 0,
      })),
    };
  });

  app.get("/api/orders/:id", async (request) => {
    const shop = shopOf(request);
    const id = need(gidOf("Order", (request.params as { id: string }).id), "order");
    const session = await offlineSession(ctx, shop);
    const core = await ctx.cores.forShop(shop);
    const order = await labels.order(session, id);
    const open = order.fulfillmentOrders.nodes.filter(
      (fo) => fo.status === "OPEN" || fo.status === "IN_PROGRESS",
    );
    const variantIds = open.flatMap((fo) =>
      fo.lineItems.nodes.flatMap((l) => (l.variant ? [legacyIdOf(l.variant.id)] : [])),
    );
    const variants = await ctx.variants.get(shop, variantIds);
    const lines = open.flatMap((fo) => cartLinesOfFulfillmentOrder(fo, variants));
    const code = order.shippingLine?.code;
    const charged = order.shippingLine ? Number(order.shippingLine.originalPriceSet.shopMoney.amount) : 0;
    // Before buying: what checkout charged against Canada Post's price for the same parcels now.
    const comparison =
      lines.length && code && SERVICE_CODE.test(code) && order.shippingAddress
        ? await core.shipping.rates.compare({
            lines,
            destination: {
              country: destinationOf(order).country,
              postalCode: order.shippingAddress.zip ?? undefined,
            },
            currency: order.currencyCode,
            serviceCode: code,
            charged,
          })
        : null;
    return {
      order: {
        id: order.id,
        name: order.name,
        currency: order.currencyCode,
        service_code: code && SERVICE_CODE.test(code) ? code : null,
        service_name: order.shippingLine?.title ?? null,
        checkout_amount_cents: order.shippingLine ? Math.round(charged * 100) : null,
        fulfillment_orders: order.fulfillmentOrders.nodes.map((fo) => ({
          id: fo.id,
          status: fo.status,
          service_code: fo.deliveryMethod?.serviceCode ?? null,
          line_items: fo.lineItems.nodes.map((l) => ({
            id: l.id,
            sku: l.sku,
            title: l.productTitle,
            total_quantity: l.totalQuantity,
            remaining_quantity: l.remainingQuantity,
          })),
        })),
      },
      comparison: comparison && {
        service_code: comparison.serviceCode,
        charged_cents: Math.round(comparison.charged * 100),
        current_cents: comparison.current ? Math.round(comparison.current.amount * 100) : null,
        difference_cents: comparison.difference === null ? null : Math.round(comparison.difference * 100),
        source: comparison.current?.source ?? null,
        parcels: comparison.parcels.length,
        reason: comparison.reason,
      },
      shipments: (await q.ofOrder(shop, order.id)).map((r) =>
        shipmentView(r, core.shipping.settings.language),
      ),
    };
  });

  app.post("/api/orders/:id/labels", async (request, reply) => {
    const shop = shopOf(request);
    const id = need(gidOf("Order", (request.params as { id: string }).id), "order");
    const body = (request.body ?? {}) as {
      fulfillmentOrderIds?: string[];
      serviceCode?: string;
      notifyCustomer?: boolean;
    };
    if (body.serviceCode !== undefined && !SERVICE_CODE.test(body.serviceCode))
      throw new LabelRequestError(`"${body.serviceCode}" is not a Canada Post service code such as DOM.EP`);
    const outcomes = await labels.createLabels(shop, id, body);
    const rows = await q.ofOrder(shop, id);
    return reply.code(201).send({
      fulfillments: outcomes.map((o) => ({
        fulfillment_order_id: o.fulfillmentOrderId,
        fulfillment_id: o.fulfillmentId,
        service_code: o.serviceCode,
        shipments: rows
          .filter((r) => o.shipments.some((s) => s.shipmentId === r.shipment_id))
          .map((r) => shipmentView(r)),
      })),
    });
  });

  app.get("/api/shipments", async (request) => {
    const shop = shopOf(request);
    const orderId = (request.query as { order_id?: string }).order_id;
    const rows = orderId
      ? await q.ofOrder(shop, need(gidOf("Order", orderId), "order"))
      : await q.recent(shop, 100);
    return { shipments: rows.map((r) => shipmentView(r)) };
  });

  const shipmentOf = async (request: FastifyRequest) => {
    const row = await q.byId(shopOf(request), (request.params as { id: string }).id);
    if (!row) throw new LabelRequestError("no such shipment", 404);
    return row;
  };

  app.get("/api/shipments/:id", async (request) => ({ shipment: shipmentView(await shipmentOf(request)) }));

  app.get("/api/shipments/:id/label", async (request, reply) => {
    const row = await shipmentOf(request);
    const core = await ctx.cores.forShop(row.shop);
    const label = await core.shipping.shipments.label(recordOf(row));
    if (!label) throw new LabelRequestError("Canada Post gave this shipment no label", 404);
    return reply
      .type(label.mediaType)
      .header("content-disposition", `attachment; filename="${labelFileName(row, label.mediaType)}"`)
      .header("cache-control", "private, no-store")
      .send(label.data);
  });

  app.post("/api/shipments/:id/void-or-refund", async (request) => {
    const row = await shipmentOf(request);
    await labels.voidOrRefund(row.shop, row.id);
    return { shipment: shipmentView((await q.byId(row.shop, row.id))!) };
  });

  app.post("/api/fulfillments/:id/cancel", async (request) => {
    const shop = shopOf(request);
    const id = need(gidOf("Fulfillment", (request.params as { id: string }).id), "fulfillment");
    await labels.cancelFulfillment(shop, id, { inShopify: true });
    return { shipments: (await q.ofFulfillment(shop, id)).map((r) => shipmentView(r)) };
  });

  app.get("/api/shipments/:id/tracking", async (request) => {
    const row = await shipmentOf(request);
    return { shipment: shipmentView(row), events: await q.events(row.id) };
  });

  app.post("/api/shipments/:id/tracking/refresh", async (request) => {
    const row = await shipmentOf(request);
    if (!row.tracking_pin) throw new LabelRequestError("this shipment has no tracking PIN", 409);
    const core = await ctx.cores.forShop(row.shop);
    await tracking.save(row.id, await core.shipping.tracking.track(row.tracking_pin), new Date());
    const fresh = (await q.byId(row.shop, row.id))!;
    return { shipment: shipmentView(fresh), events: await q.events(row.id) };
  });

  app.post("/api/tracking/sync", async (request) => {
    const minAgeMs = Number((request.body as { min_age_ms?: number } | undefined)?.min_age_ms ?? 60_000);
    const reports = await tracking.syncAll({ onlyShop: shopOf(request), minAgeMs: Math.max(0, minAgeMs) });
    return { reports };
  });
}
