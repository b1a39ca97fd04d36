/**
 * Tracking written back to Shopify: the core's sync refreshes undelivered parcels within Canada Post's
 * tracking limit (one limiter per API key, so shops sharing the app's key share it), and each change of a
 * fulfillment's state becomes one Shopify fulfillment event (in transit, out for delivery, attempted
 * delivery, delivered), which the customer's order status page shows. A fulfillment's state is its least
 * advanced parcel's; delivered is written once every parcel is.
 */
import { isLive } from "../shipping/shipments";
import type { Tracking, TrackingStatus } from "../shipping/tracking";
import type { TrackedShipment, TrackingSyncReport } from "../shipping/tracking-sync";
import { adminGraphql, checkUserErrors, type UserError } from "./admin-graphql";
import { offlineSession, type AppContext } from "./context";
import { FULFILLMENT_EVENT_CREATE } from "./queries";
import type { ShipmentQueries } from "./shipment-queries";
import type { ShipmentRow } from "./shipment-rows";

/** Shopify's event for each tracking status worth telling the customer (delivered: by markDelivered). */
const EVENT_OF: Partial<Record<TrackingStatus, string>> = {
  in_transit: "IN_TRANSIT",
  out_for_delivery: "OUT_FOR_DELIVERY",
  attempted: "ATTEMPTED_DELIVERY",
};
const RANK: Record<string, number> = {
  pre_transit: 0,
  in_transit: 1,
  attempted: 2,
  out_for_delivery: 2,
  delivered: 3,
};

/** A tracked shipment names its shop in the fulfillment id, so one sync can span shops sharing a key. */
const fulfillmentRef = (row: ShipmentRow) =>
  `${row.shop}|${row.fulfillment_id ?? `key:${row.fulfillment_key}`}`;
const splitRef = (ref: string) => {
  const i = ref.indexOf("|");
  return { shop: ref.slice(0, i), fulfillmentId: ref.slice(i + 1) };
};

function trackedOf(row: ShipmentRow): TrackedShipment {
  return {
    id: row.id,
    orderId: row.order_id,
    fulfillmentId: fulfillmentRef(row),
    trackingPin: row.tracking_pin ?? "",
    status: row.status,
    trackingStatus: row.tracking_status,
    trackedAt: row.tracked_at,
    createdAt: row.created_at,
    parcelIndex: row.parcel_index,
  };
}

export class TrackingJob {
  constructor(
    private readonly ctx: AppContext,
    private readonly queries: ShipmentQueries,
  ) {}

  /** Every installed shop's parcels, one core's sync per Canada Post API key. */
  async syncAll(options: { minAgeMs?: number; onlyShop?: string } = {}): Promise<TrackingSyncReport[]> {
    const groups = new Map<
      string,
      { shops: string[]; core: Awaited<ReturnType<AppContext["cores"]["forShop"]>> }
    >();
    for (const shop of await this.ctx.shops.installedShops()) {
      const core = await this.ctx.cores.forShop(shop).catch(() => undefined);
      if (!core) continue;
      const group = groups.get(core.keyId) ?? { shops: [], core };
      group.shops.push(shop);
      groups.set(core.keyId, group);
    }
    const reports: TrackingSyncReport[] = [];
    for (const { shops, core } of groups.values()) {
      if (options.onlyShop && !shops.includes(options.onlyShop)) continue;
      const scope = options.onlyShop ? [options.onlyShop] : shops;
      reports.push(
        await core.shipping.tracking.sync(
          {
            candidates: async () => (await this.queries.trackable(scope)).map(trackedOf),
            save: (id, tracking, at) => this.save(id, tracking, at),
            failed: (id, at) => this.queries.trackedNow(id, at),
            shipmentsOfFulfillment: async (ref) => (await this.rowsOf(ref)).map(trackedOf),
            fulfillment: async (ref) => {
              const rows = await this.rowsOf(ref);
              if (!rows.length || !rows[0]!.fulfillment_id) return undefined;
              return {
                id: ref,
                deliveredAt: rows.find((r) => r.delivered_marked_at)?.delivered_marked_at ?? null,
                canceledAt: rows.some((r) => isLive(r)) ? null : new Date(),
              };
            },
            markDelivered: async (_orderId, ref) => {
              const { shop, fulfillmentId } = splitRef(ref);
              const delivered = (await this.rowsOf(ref)).find((r) => r.actual_delivery_date);
              await this.writeEvent(
                shop,
                fulfillmentId,
                "DELIVERED",
                delivered?.actual_delivery_date ?? undefined,
              );
              await this.queries.markDelivered(shop, fulfillmentId);
            },
          },
          { minAgeMs: options.minAgeMs },
        ),
      );
    }
    return reports;
  }

  private async rowsOf(ref: string): Promise<ShipmentRow[]> {
    const { shop, fulfillmentId } = splitRef(ref);
    if (fulfillmentId.startsWith("key:")) return [];
    return this.queries.ofFulfillment(shop, fulfillmentId);
  }

  /** Keeps a tracking read and tells Shopify when the fulfillment moved on. */
  async save(id: string, tracking: Tracking, at: Date): Promise<void> {
    await this.queries.saveTracking(id, tracking, at);
    const row = await this.queries.byRowId(id);
    if (!row?.fulfillment_id) return;
    const live = (await this.queries.ofFulfillment(row.shop, row.fulfillment_id)).filter((r) => isLive(r));
    const least = live
      .map((r) => r.tracking_status ?? "pre_transit")
      .reduce((a, b) => ((RANK[a] ?? 0) <= (RANK[b] ?? 0) ? a : b), "delivered");
    const status = EVENT_OF[least as TrackingStatus];
    if (status)
      await this.writeEvent(row.shop, row.fulfillment_id, status, tracking.lastEvent?.occurredAt, tracking);
  }

  /** One fulfillment event per fulfillment and status, whichever instance or run gets there first. */
  private async writeEvent(
    shop: string,
    fulfillmentId: string,
    status: string,
    happenedAt?: string,
    tracking?: Tracking,
  ) {
    const claimed = await this.ctx.pool.query(
      "insert into fulfillment_events (shop, fulfillment_id, status) values ($1, $2, $3) on conflict do nothing returning status",
      [shop, fulfillmentId, status],
    );
    if (!claimed.rowCount) return;
    try {
      const session = await offlineSession(this.ctx, shop);
      const last = tracking?.lastEvent;
      const when =
        happenedAt && !Number.isNaN(Date.parse(happenedAt)) ? new Date(happenedAt).toISOString() : undefined;
      const { fulfillmentEventCreate } = await adminGraphql<{
        fulfillmentEventCreate: { fulfillmentEvent: { id: string } | null; userErrors: UserError[] };
      }>(this.ctx.shopify, session, FULFILLMENT_EVENT_CREATE, {
        fulfillmentEvent: {
          fulfillmentId,
          status,
          ...(when ? { happenedAt: when } : {}),
          ...(last?.description ? { message: last.description } : {}),
          ...(last?.site ? { city: last.site } : {}),
          ...(last?.province ? { province: last.province } : {}),
          ...(tracking?.expectedDeliveryDate
            ? { estimatedDeliveryAt: new Date(`${tracking.expectedDeliveryDate}T17:00:00Z`).toISOString() }
            : {}),
        },
      });
      const event = checkUserErrors("fulfillmentEventCreate", fulfillmentEventCreate).fulfillmentEvent;
      await this.ctx.pool.query(
        "update fulfillment_events set event_id = $4 where shop = $1 and fulfillment_id = $2 and status = $3",
        [shop, fulfillmentId, status, event?.id ?? null],
      );
    } catch (e) {
      // Not written: the next run tries again.
      await this.ctx.pool.query(
        "delete from fulfillment_events where shop = $1 and fulfillment_id = $2 and status = $3",
        [shop, fulfillmentId, status],
      );
      this.ctx.logger.warn(
        `Shopify fulfillment event ${status} for ${fulfillmentId}: ${(e as Error).message}`,
      );
    }
  }
}
