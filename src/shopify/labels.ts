/**
 * Labels for an order's fulfillment orders, the way the Medusa provider buys them: packed and bought through
 * the shop's core (one label per parcel however often it is asked, purchases of one order taking turns
 * across instances), then one Shopify fulfillment per fulfillment order carrying every PIN with company
 * "Canada Post", so that the customer's order status page shows the tracking. Each fulfillment order's work
 * runs under its own lock, so two clicks or a webhook delivered twice make one fulfillment too. Cancelling
 * voids or refunds the labels (the core's rules), then cancels the fulfillment in Shopify.
 */
import type { Session } from "@shopify/shopify-api";
import { isLive, type ShipmentRecord } from "../shipping/shipments";
import { adminGraphql, checkUserErrors, type UserError } from "./admin-graphql";
import { offlineSession, type AppContext } from "./context";
import {
  cartLinesOfFulfillmentOrder,
  destinationOf,
  fulfilledLinesOf,
  legacyIdOf,
  orderLinesOf,
  SERVICE_CODE,
  trackingInputOf,
  type FulfillmentOrderNode,
  type OrderForLabels,
} from "./order-mapping";
import {
  FULFILLMENT_CANCEL,
  FULFILLMENT_CREATE,
  FULFILLMENT_TRACKING_UPDATE,
  ORDER_FOR_LABELS,
} from "./queries";
import type { ShopCore } from "./shop-cores";
import { fulfillmentKeyOf, fulfillmentOrderOf, recordOf } from "./shipment-rows";
import { ShipmentQueries } from "./shipment-queries";

/** A label request the app cannot act on as asked; the message says what to do. */
export class LabelRequestError extends Error {
  override readonly name = "LabelRequestError";
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface LabelRequest {
  /** Only these fulfillment orders (gids); every open one otherwise. */
  fulfillmentOrderIds?: string[];
  /** Overrides the service the customer chose. */
  serviceCode?: string;
  notifyCustomer?: boolean;
  /** The merchant already made this fulfillment in Shopify's admin: the PINs go onto it. */
  existingFulfillmentId?: string;
}

export interface LabelOutcome {
  fulfillmentOrderId: string;
  fulfillmentId: string;
  serviceCode: string;
  shipments: ShipmentRecord[];
}

type FulfillmentPayload = { fulfillment: { id: string } | null; userErrors: UserError[] };

export class LabelService {
  readonly queries: ShipmentQueries;

  constructor(private readonly ctx: AppContext) {
    this.queries = new ShipmentQueries(ctx.pool);
  }

  async order(session: Session, orderId: string): Promise<OrderForLabels> {
    const { order } = await adminGraphql<{ order: OrderForLabels | null }>(
      this.ctx.shopify,
      session,
      ORDER_FOR_LABELS,
      {
        id: orderId,
      },
    );
    if (!order) throw new LabelRequestError(`no order ${orderId} in this shop`, 404);
    return order;
  }

  async createLabels(shop: string, orderId: string, request: LabelRequest = {}): Promise<LabelOutcome[]> {
    const session = await offlineSession(this.ctx, shop);
    const core = await this.ctx.cores.forShop(shop);
    const order = await this.order(session, orderId);
    if (order.cancelledAt) throw new LabelRequestError(`${order.name} is cancelled: nothing to ship`, 409);
    if (!order.shippingAddress) throw new LabelRequestError(`${order.name} has no shipping address`);
    const recorded = await core.shipping.shipments.records.ofOrder(order.id);
    const asked = request.fulfillmentOrderIds;
    const fos = order.fulfillmentOrders.nodes.filter((fo) =>
      asked?.length
        ? asked.includes(fo.id)
        : fo.status === "OPEN" || fo.status === "IN_PROGRESS" || recorded.some((r) => this.liveOf(r, fo.id)),
    );
    if (asked?.length && fos.length !== new Set(asked).size)
      throw new LabelRequestError(
        `${order.name} has no fulfillment order ${asked.filter((a) => !fos.some((f) => f.id === a)).join(", ")}`,
        404,
      );
    if (!fos.length) throw new LabelRequestError(`${order.name} has nothing left to ship`, 409);
    const outcomes: LabelOutcome[] = [];
    for (const fo of fos) {
      const serviceCode = await this.serviceOf(shop, order, fo, request.serviceCode);
      outcomes.push(
        await this.ctx.cores.locks.withLock(`shopify:${shop}:${fo.id}`, () =>
          this.labelFulfillmentOrder(core, session, order, fo, serviceCode, request),
        ),
      );
    }
    return outcomes;
  }

  private liveOf(r: ShipmentRecord, foId: string): boolean {
    return fulfillmentOrderOf(r.fulfillmentId) === foId && isLive(r);
  }

  /** The service to buy: asked for, else what the customer chose (fulfillment order, order, orders/create). */
  private async serviceOf(shop: string, order: OrderForLabels, fo: FulfillmentOrderNode, asked?: string) {
    const chosen =
      asked ??
      [fo.deliveryMethod?.serviceCode, order.shippingLine?.code].find((c) => c && SERVICE_CODE.test(c)) ??
      (
        await this.ctx.pool.query<{ service_code: string | null }>(
          "select service_code from order_choices where shop = $1 and order_id = $2",
          [shop, order.id],
        )
      ).rows[0]?.service_code;
    if (!chosen || !SERVICE_CODE.test(chosen))
      throw new LabelRequestError(
        `${order.name} has no Canada Post service (its shipping line is "${order.shippingLine?.code ?? "none"}", e.g. Shopify's backup rates): choose one, e.g. { "serviceCode": "DOM.EP" }`,
      );
    return chosen;
  }

  private async labelFulfillmentOrder(
    core: ShopCore,
    session: Session,
    order: OrderForLabels,
    fo: FulfillmentOrderNode,
    serviceCode: string,
    request: LabelRequest,
  ): Promise<LabelOutcome> {
    const shop = core.shop;
    const shipping = core.shipping;
    // Read again under the lock: a purchase that waited for it finds what the other one bought.
    const mine = (await shipping.shipments.records.ofOrder(order.id)).filter(
      (r) => fulfillmentOrderOf(r.fulfillmentId) === fo.id,
    );
    let records = mine.filter(isLive);
    if (!records.length) {
      const variants = await this.ctx.variants.get(
        shop,
        fo.lineItems.nodes.flatMap((l) => (l.variant ? [legacyIdOf(l.variant.id)] : [])),
      );
      const lines = cartLinesOfFulfillmentOrder(
        fo,
        variants,
        request.existingFulfillmentId ? "total" : "remaining",
      );
      if (!lines.length)
        throw new LabelRequestError(
          `${order.name}: fulfillment order ${fo.id} has nothing left to ship`,
          409,
        );
      const generation = new Set(mine.map((r) => r.fulfillmentId)).size + 1;
      const currency = order.currencyCode;
      records = await shipping.shipments.createShipments({
        orderId: order.id,
        fulfillmentId: fulfillmentKeyOf(fo.id, generation),
        serviceCode,
        destination: destinationOf(order),
        parcels: shipping.rates.pack(lines),
        lines: orderLinesOf(lines, fo, variants, currency, shipping.settings.packing.defaultItem.weight),
        ordered: Object.fromEntries(fo.lineItems.nodes.map((l) => [l.id, l.totalQuantity])),
        orderValue: lines.reduce((sum, l) => sum + (l.value ?? 0) * l.quantity, 0),
        currency,
        references: { customerRef1: order.name, customerRef2: String(legacyIdOf(fo.id)) },
        location: fo.assignedLocation?.location
          ? String(legacyIdOf(fo.assignedLocation.location.id))
          : undefined,
      });
    }
    const key = records[0]!.fulfillmentId;
    let fulfillmentId = await this.queries.fulfillmentOfKey(shop, key);
    if (!fulfillmentId) {
      fulfillmentId = await this.fulfil(
        session,
        fo.id,
        records,
        request,
        shipping.settings.language,
        core.stored.app.notifyCustomer,
      );
      await this.queries.setFulfillment(shop, key, fulfillmentId);
    }
    return {
      fulfillmentOrderId: fo.id,
      fulfillmentId,
      serviceCode: records[0]!.serviceCode,
      shipments: records,
    };
  }

  /** The Shopify side: a new fulfillment with the tracking, or the PINs onto the merchant's own one. */
  private async fulfil(
    session: Session,
    foId: string,
    records: ShipmentRecord[],
    request: LabelRequest,
    lang: "en" | "fr",
    notifyByDefault: boolean,
  ): Promise<string> {
    const trackingInfo = trackingInputOf(records, lang);
    const notifyCustomer = request.notifyCustomer ?? notifyByDefault;
    if (request.existingFulfillmentId) {
      const { fulfillmentTrackingInfoUpdate } = await adminGraphql<{
        fulfillmentTrackingInfoUpdate: FulfillmentPayload;
      }>(this.ctx.shopify, session, FULFILLMENT_TRACKING_UPDATE, {
        fulfillmentId: request.existingFulfillmentId,
        trackingInfoInput: trackingInfo,
        notifyCustomer,
      });
      checkUserErrors("fulfillmentTrackingInfoUpdate", fulfillmentTrackingInfoUpdate);
      return request.existingFulfillmentId;
    }
    const { fulfillmentCreate } = await adminGraphql<{ fulfillmentCreate: FulfillmentPayload }>(
      this.ctx.shopify,
      session,
      FULFILLMENT_CREATE,
      {
        fulfillment: {
          lineItemsByFulfillmentOrder: [
            { fulfillmentOrderId: foId, fulfillmentOrderLineItems: fulfilledLinesOf(records) },
          ],
          trackingInfo,
          notifyCustomer,
        },
      },
    );
    return checkUserErrors("fulfillmentCreate", fulfillmentCreate).fulfillment!.id;
  }

  /**
   * Voids or refunds every label of a Shopify fulfillment (a cancel in the app, or the merchant's in
   * Shopify's admin), then cancels it in Shopify when asked. Labels already cancelled are left as they are,
   * so a webhook delivered twice does nothing twice.
   */
  async cancelFulfillment(shop: string, fulfillmentId: string, opts: { inShopify: boolean }) {
    const rows = await this.queries.ofFulfillment(shop, fulfillmentId);
    if (!rows.length)
      throw new LabelRequestError(`no Canada Post label belongs to fulfillment ${fulfillmentId}`, 404);
    const core = await this.ctx.cores.forShop(shop);
    const { outcomes, failed } = await core.shipping.shipments.cancel(rows.map(recordOf), {
      email: core.stored.app.refundEmail ?? "",
    });
    if (failed.length) throw failed[0]!.error;
    if (opts.inShopify) await this.cancelInShopify(shop, fulfillmentId);
    return outcomes;
  }

  /** One label voided or refunded; the fulfillment is cancelled in Shopify when none of its labels stands. */
  async voidOrRefund(shop: string, shipmentRowId: string) {
    const row = await this.queries.byId(shop, shipmentRowId);
    if (!row) throw new LabelRequestError(`no shipment ${shipmentRowId}`, 404);
    const core = await this.ctx.cores.forShop(shop);
    const outcome = await core.shipping.shipments.voidOrRefund(recordOf(row), {
      email: core.stored.app.refundEmail ?? "",
    });
    if (row.fulfillment_id) {
      const left = (await this.queries.ofFulfillment(shop, row.fulfillment_id)).filter((r) => isLive(r));
      if (!left.length) await this.cancelInShopify(shop, row.fulfillment_id);
      else {
        const session = await offlineSession(this.ctx, shop);
        const { fulfillmentTrackingInfoUpdate } = await adminGraphql<{
          fulfillmentTrackingInfoUpdate: FulfillmentPayload;
        }>(this.ctx.shopify, session, FULFILLMENT_TRACKING_UPDATE, {
          fulfillmentId: row.fulfillment_id,
          trackingInfoInput: trackingInputOf(left.map(recordOf)),
          notifyCustomer: false,
        });
        checkUserErrors("fulfillmentTrackingInfoUpdate", fulfillmentTrackingInfoUpdate);
      }
    }
    return outcome;
  }

  private async cancelInShopify(shop: string, fulfillmentId: string): Promise<void> {
    const session = await offlineSession(this.ctx, shop);
    const { fulfillmentCancel } = await adminGraphql<{ fulfillmentCancel: FulfillmentPayload }>(
      this.ctx.shopify,
      session,
      FULFILLMENT_CANCEL,
      { id: fulfillmentId },
    );
    // Already cancelled (by the merchant, or a cancel asked twice) is what was wanted.
    if (fulfillmentCancel?.userErrors?.some((e) => /already|cancel+ed/i.test(e.message))) return;
    checkUserErrors("fulfillmentCancel", fulfillmentCancel);
  }
}
