import type {
  ConnectionColumns,
  ConnectionStore,
  PendingRegistration,
  PendingRegistrations,
  StoredConnection,
} from "../shipping/merchant-connection";
import { MemoryPendingRegistrations, storedConnectionOf } from "../shipping/merchant-connection";
import type { MedusaCache } from "./medusa-ports";
import type { CanadaPostModuleLike } from "./module-service";

/** The merchant's connection on the plugin's table: the newest row not deleted is in force. */

interface ConnectionRow extends ConnectionColumns {
  id: string;
}

export class MedusaConnectionStore implements ConnectionStore {
  constructor(private readonly module: () => CanadaPostModuleLike) {}

  private async rows(): Promise<ConnectionRow[]> {
    return (await this.module().listCanadaPostConnections(
      {},
      { order: { connected_at: "DESC" } },
    )) as ConnectionRow[];
  }

  async load(): Promise<StoredConnection | undefined> {
    const row = (await this.rows())[0];
    return row && storedConnectionOf(row);
  }

  /** The new connection replaces any other. */
  async save(c: StoredConnection): Promise<void> {
    await this.remove();
    await this.module().createCanadaPostConnections({
      customer_number: c.customerNumber,
      contract_id: c.contractId ?? null,
      sealed_credentials: c.sealedCredentials,
      has_credit_card: c.hasCreditCard,
      has_supplier_account: c.hasSupplierAccount,
      platform_id: c.platformId,
      connected_at: new Date(c.connectedAt),
    });
  }

  async remove(): Promise<void> {
    const ids = (await this.rows()).map((r) => r.id);
    if (ids.length) await this.module().softDeleteCanadaPostConnections(ids);
  }
}

/**
 * Registrations under way in Medusa's cache module when a container gave one (shared by instances with
 * Redis), else in this process. `take` reads and clears: a second return with the same state finds nothing.
 */
export class MedusaPendingRegistrations implements PendingRegistrations {
  private readonly local = new MemoryPendingRegistrations();
  constructor(private readonly cache: () => MedusaCache | undefined) {}

  async put(stateHash: string, p: PendingRegistration, ttlMs: number): Promise<void> {
    const cache = this.cache();
    if (!cache) return this.local.put(stateHash, p, ttlMs);
    await cache.set(`canada-post:registration:${stateHash}`, p, Math.ceil(ttlMs / 1000));
  }

  async take(stateHash: string): Promise<PendingRegistration | undefined> {
    const cache = this.cache();
    if (!cache) return this.local.take(stateHash);
    const key = `canada-post:registration:${stateHash}`;
    const p = await cache.get<PendingRegistration>(key);
    if (p) await cache.set(key, null, 1);
    return p ?? undefined;
  }
}
