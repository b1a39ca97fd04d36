/**
 * The core's ports on the app's PostgreSQL, so that every instance of the app shares what matters: the
 * records of bought labels (what stops a second label), the labels themselves, and Canada Post's quotes
 * (the purchase lock is pg-locks.ts). Each but the quotes is bound to one shop: the core is built per shop.
 */
import { createHash } from "node:crypto";
import type { Pool } from "pg";
import { MemoryCache } from "../shipping/memory-cache";
import type { CacheStore, LabelStore, ShipmentRecords, StoredDocument } from "../shipping/ports";
import type { ShipmentRecord } from "../shipping/shipments";
import { RECORD_COLUMNS, recordOf, recordValues, type ShipmentRow } from "./shipment-rows";

/** The shop's shipments in the `shipments` table, unique per (fulfillment key, parcel index). */
export class PgShipmentRecords implements ShipmentRecords {
  constructor(
    private readonly pool: Pool,
    readonly shop: string,
  ) {}

  async ofOrder(orderId: string): Promise<ShipmentRecord[]> {
    const { rows } = await this.pool.query<ShipmentRow>(
      "select * from shipments where shop = $1 and order_id = $2 order by fulfillment_key, parcel_index",
      [this.shop, orderId],
    );
    return rows.map(recordOf);
  }

  async add(record: ShipmentRecord): Promise<void> {
    const values = recordValues(record);
    const params = values.map((_, i) => `$${i + 2}`).join(", ");
    await this.pool.query(
      `insert into shipments (shop, ${RECORD_COLUMNS.join(", ")}) values ($1, ${params})
       on conflict (shop, fulfillment_key, parcel_index) do nothing`,
      [this.shop, ...values],
    );
  }

  async update(record: ShipmentRecord): Promise<void> {
    const values = recordValues(record);
    const sets = RECORD_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(", ");
    const { rowCount } = await this.pool.query(
      `update shipments set ${sets}, updated_at = now()
       where shop = $1 and fulfillment_key = $4 and parcel_index = $5`,
      [this.shop, ...values],
    );
    if (!rowCount) await this.add(record);
  }
}

/**
 * Labels and manifests as bytea in `documents`: several instances read them with no shared disk, and the
 * database's backups hold them with the shipments they belong to (a label is tens of kilobytes).
 */
export class PgLabelStore implements LabelStore {
  constructor(
    private readonly pool: Pool,
    readonly shop: string,
  ) {}

  async put(key: string, data: Buffer, mediaType: string): Promise<string> {
    const type = mediaType.split(";")[0]!.trim().toLowerCase();
    await this.pool.query(
      `insert into documents (shop, key, media_type, data) values ($1, $2, $3, $4)
       on conflict (shop, key) do update set media_type = excluded.media_type, data = excluded.data`,
      [this.shop, key, type, data],
    );
    return `db:${key}`;
  }

  async get(location: string): Promise<StoredDocument | undefined> {
    if (!location.startsWith("db:")) return undefined;
    const { rows } = await this.pool.query<{ media_type: string; data: Buffer }>(
      "select media_type, data from documents where shop = $1 and key = $2",
      [this.shop, location.slice(3)],
    );
    return rows[0] && { data: rows[0].data, mediaType: rows[0].media_type };
  }

  async delete(location: string): Promise<void> {
    await this.pool.query("delete from documents where shop = $1 and key = $2", [
      this.shop,
      location.slice(3),
    ]);
  }
}

/** How often an instance deletes the expired quotes (as it puts new ones). */
const SWEEP_EVERY_MS = 60_000;

/**
 * Canada Post's quotes in the `quote_cache` table, read through this instance's memory: a checkout priced
 * here a moment ago costs no query, and one priced on another instance costs one query, not a call to
 * Canada Post. A quote is written to the table behind the answer (the checkout that asked does not wait for
 * it); a failed read is the core's miss, a failed write a quote the other instances ask Canada Post for.
 */
export class PgQuoteCache<V> implements CacheStore<V> {
  private readonly memory: MemoryCache<V>;
  private readonly writing = new Set<Promise<void>>();
  private sweptAt = 0;

  constructor(
    private readonly pool: Pool,
    maxEntries = 20_000,
    private readonly now: () => number = Date.now,
  ) {
    this.memory = new MemoryCache<V>({ maxEntries, now });
  }

  async get(key: string): Promise<V | undefined> {
    const near = await this.memory.get(key);
    if (near !== undefined) return near;
    const { rows } = await this.pool.query<{ value: V; expires_at: Date }>(
      "select value, expires_at from quote_cache where key = $1 and expires_at > $2",
      [rowKey(key), new Date(this.now())],
    );
    const row = rows[0];
    if (!row) return undefined;
    await this.memory.set(key, row.value, row.expires_at.getTime() - this.now());
    return row.value;
  }

  async set(key: string, value: V, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    await this.memory.set(key, value, ttlMs);
    const now = this.now();
    // Started once the current turn is over: the checkout's answer, written in this turn, goes out before
    // the insert's hashing, serialising and query building take the event loop.
    const write = new Promise<void>((turnOver) => setImmediate(turnOver))
      .then(() => this.write(rowKey(key), JSON.stringify(value), now, ttlMs))
      .catch(() => undefined);
    this.writing.add(write);
    void write.finally(() => this.writing.delete(write));
  }

  /** Once every quote put so far is in the table (or failed to get there). */
  async written(): Promise<void> {
    await Promise.all([...this.writing]);
  }

  private async write(key: string, json: string, now: number, ttlMs: number): Promise<void> {
    await this.pool.query(
      `insert into quote_cache (key, value, expires_at) values ($1, $2, $3)
       on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at`,
      [key, json, new Date(now + ttlMs)],
    );
    if (now - this.sweptAt >= SWEEP_EVERY_MS) {
      this.sweptAt = now;
      await this.pool.query("delete from quote_cache where expires_at <= $1", [new Date(now)]);
    }
  }
}

const rowKey = (key: string) => createHash("sha256").update(key).digest("base64url");
