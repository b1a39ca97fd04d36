/**
 * The app's own reads and writes of `shipments` beyond the core's records port: the Shopify fulfillment a
 * label set belongs to, the admin's lists, tracking, and what a shop or customer redaction deletes.
 */
import type { Pool } from "pg";
import type { Tracking } from "../shipping/tracking";
import { inTransaction } from "./database";
import type { ShipmentRow } from "./shipment-rows";

export class ShipmentQueries {
  constructor(private readonly pool: Pool) {}

  async byId(shop: string, id: string): Promise<ShipmentRow | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const { rows } = await this.pool.query<ShipmentRow>(
      "select * from shipments where shop = $1 and id = $2",
      [shop, id],
    );
    return rows[0];
  }

  async ofOrder(shop: string, orderId: string): Promise<ShipmentRow[]> {
    const { rows } = await this.pool.query<ShipmentRow>(
      "select * from shipments where shop = $1 and order_id = $2 order by created_at, parcel_index",
      [shop, orderId],
    );
    return rows;
  }

  async ofFulfillment(shop: string, fulfillmentId: string): Promise<ShipmentRow[]> {
    const { rows } = await this.pool.query<ShipmentRow>(
      "select * from shipments where shop = $1 and fulfillment_id = $2 order by parcel_index",
      [shop, fulfillmentId],
    );
    return rows;
  }

  async recent(shop: string, limit: number): Promise<ShipmentRow[]> {
    const { rows } = await this.pool.query<ShipmentRow>(
      "select * from shipments where shop = $1 order by created_at desc, parcel_index limit $2",
      [shop, limit],
    );
    return rows;
  }

  /** The Shopify fulfillment of a label set, once made (every parcel of the set carries it). */
  async fulfillmentOfKey(shop: string, fulfillmentKey: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ fulfillment_id: string | null }>(
      "select fulfillment_id from shipments where shop = $1 and fulfillment_key = $2 and fulfillment_id is not null limit 1",
      [shop, fulfillmentKey],
    );
    return rows[0]?.fulfillment_id ?? undefined;
  }

  async setFulfillment(shop: string, fulfillmentKey: string, fulfillmentId: string): Promise<void> {
    await this.pool.query(
      "update shipments set fulfillment_id = $3, updated_at = now() where shop = $1 and fulfillment_key = $2",
      [shop, fulfillmentKey, fulfillmentId],
    );
  }

  /** Live labels with a PIN not known delivered, of the shops given (one Canada Post key's shops). */
  async trackable(shops: readonly string[]): Promise<ShipmentRow[]> {
    const { rows } = await this.pool.query<ShipmentRow>(
      `select * from shipments where shop = any($1::text[]) and status not in ('voided', 'refund_requested')
         and tracking_pin is not null and tracking_status is distinct from 'delivered'`,
      [shops],
    );
    return rows;
  }

  async byRowId(id: string): Promise<ShipmentRow | undefined> {
    const { rows } = await this.pool.query<ShipmentRow>("select * from shipments where id = $1", [id]);
    return rows[0];
  }

  /** Stores a tracking read: the parcel's status and dates, and every event not kept yet. */
  async saveTracking(id: string, tracking: Tracking, at: Date): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `update shipments set tracking_status = $2, expected_delivery_date = $3, actual_delivery_date = $4,
           tracked_at = $5, updated_at = now() where id = $1`,
        [id, tracking.status, tracking.expectedDeliveryDate ?? null, tracking.actualDeliveryDate ?? null, at],
      );
      for (const e of tracking.events)
        await client.query(
          `insert into tracking_events (shipment, code, occurred_at, description, site, province, signatory_name)
           values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
          [
            id,
            e.code,
            e.occurredAt,
            e.description,
            e.site ?? null,
            e.province ?? null,
            e.signatoryName ?? null,
          ],
        );
    });
  }

  async trackedNow(id: string, at: Date): Promise<void> {
    await this.pool.query("update shipments set tracked_at = $2 where id = $1", [id, at]);
  }

  async events(shipmentRowId: string) {
    const { rows } = await this.pool.query<{
      code: string;
      occurred_at: string;
      description: string;
      site: string | null;
      province: string | null;
    }>(
      "select code, occurred_at, description, site, province from tracking_events where shipment = $1 order by occurred_at desc",
      [shipmentRowId],
    );
    return rows;
  }

  async markDelivered(shop: string, fulfillmentId: string): Promise<void> {
    await this.pool.query(
      "update shipments set delivered_marked_at = now() where shop = $1 and fulfillment_id = $2",
      [shop, fulfillmentId],
    );
  }
}
