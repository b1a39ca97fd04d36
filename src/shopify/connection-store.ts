/**
 * Connect with Canada Post, kept per shop on the app's database: the core's ConnectionStore (the account a
 * shop connected, its API key sealed) and PendingRegistrations (registrations under way, taken once) over
 * the tables shop_connections and pending_registrations. Every instance of the app reads the same rows, so
 * Canada Post may send the merchant back to any of them.
 */
import type { Pool } from "pg";
import {
  storedConnectionOf,
  type ConnectionColumns,
  type ConnectionStore,
  type PendingRegistration,
  type PendingRegistrations,
  type StoredConnection,
} from "../shipping/merchant-connection";

export class PgConnectionStore implements ConnectionStore {
  constructor(
    private readonly pool: Pool,
    private readonly shop: string,
  ) {}

  async load(): Promise<StoredConnection | undefined> {
    const { rows } = await this.pool.query<ConnectionColumns>(
      "select * from shop_connections where shop = $1",
      [this.shop],
    );
    return rows[0] && storedConnectionOf(rows[0]);
  }

  /** A new connection replaces the shop's earlier one; the shop's settings version grows, so every instance rebuilds its core. */
  async save(c: StoredConnection): Promise<void> {
    await this.pool.query(
      `with saved as (
         insert into shop_connections (shop, customer_number, contract_id, sealed_credentials, has_credit_card,
           has_supplier_account, platform_id, connected_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (shop) do update set customer_number = excluded.customer_number,
           contract_id = excluded.contract_id, sealed_credentials = excluded.sealed_credentials,
           has_credit_card = excluded.has_credit_card, has_supplier_account = excluded.has_supplier_account,
           platform_id = excluded.platform_id, connected_at = excluded.connected_at
         returning shop)
       update shops set settings_version = settings_version + 1, updated_at = now()
       where shop in (select shop from saved)`,
      [
        this.shop,
        c.customerNumber,
        c.contractId ?? null,
        c.sealedCredentials,
        c.hasCreditCard,
        c.hasSupplierAccount,
        c.platformId,
        c.connectedAt,
      ],
    );
  }

  async remove(): Promise<void> {
    await this.pool.query(
      `with gone as (delete from shop_connections where shop = $1 returning shop)
       update shops set settings_version = settings_version + 1, updated_at = now()
       where shop in (select shop from gone)`,
      [this.shop],
    );
  }
}

/** Registrations under way for one shop: a state started for another shop is not found here. */
export class PgPendingRegistrations implements PendingRegistrations {
  constructor(
    private readonly pool: Pool,
    private readonly shop: string,
  ) {}

  async put(stateHash: string, pending: PendingRegistration, ttlMs: number): Promise<void> {
    await this.pool.query("delete from pending_registrations where expires_at < now()");
    await this.pool.query(
      `insert into pending_registrations (state_hash, shop, payload, expires_at)
       values ($1, $2, $3, now() + make_interval(secs => $4))`,
      [stateHash, this.shop, JSON.stringify(pending), ttlMs / 1000],
    );
  }

  /** Deleted as it is read: a second return with the same state finds nothing, even on another instance. */
  async take(stateHash: string): Promise<PendingRegistration | undefined> {
    const { rows } = await this.pool.query<{ payload: PendingRegistration; live: boolean }>(
      `delete from pending_registrations where state_hash = $1 and shop = $2
       returning payload, expires_at > now() as live`,
      [stateHash, this.shop],
    );
    return rows[0]?.live ? rows[0].payload : undefined;
  }
}
