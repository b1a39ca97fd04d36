/**
 * What a platform supplies to the shipping core: where labels are kept, a cache, a lock, a clock, a logger,
 * and its records of the shipments bought. Each has an in-process default here, good for one process (the
 * CLI, tests, a single server); a platform that runs several instances supplies shared ones (Medusa's
 * modules, the Shopify app's database).
 */
import type { ShipmentRecord } from "./shipment-record";

export type { LabelStore, StoredDocument } from "./label-store";

/** Values kept for a while (quotes). Asynchronous so that a shared store can implement it. */
export interface CacheStore<V> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V, ttlMs: number): Promise<void>;
}

/**
 * Mutual exclusion by key, across every instance that shares the platform's lock. `fn` runs only while the
 * lock is held; a lock that cannot be had within the platform's wait rejects, and `fn` is not run.
 */
export interface LockPort {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The platform's records of the shipments it bought: what stops a second label for the same order items,
 * in non-contract mode (no customer-request-id) as in contract mode, whichever instance is asked.
 */
export interface ShipmentRecords {
  /** Every shipment of the order the platform keeps, voided and refunded ones included. */
  ofOrder(orderId: string): Promise<ShipmentRecord[]>;
  /**
   * Keeps a shipment the moment it is bought, before the purchase answers: another request waiting for
   * the order's lock must find it. Saving the same fulfillment and parcel twice keeps one.
   */
  add(record: ShipmentRecord): Promise<void>;
  /** Stores a shipment's new state (voided, refund requested, transmitted). */
  update(record: ShipmentRecord): Promise<void>;
}

/* ------------------------------------------------------------------ in-process defaults */

/** One holder per key at a time, in this process; waiters queue in order. */
export class MemoryLocks implements LockPort {
  private readonly tails = new Map<string, Promise<unknown>>();

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** Records kept in this process's memory: enough for the CLI and tests, lost on restart. */
export class MemoryShipmentRecords implements ShipmentRecords {
  private readonly records = new Map<string, ShipmentRecord>();

  async ofOrder(orderId: string): Promise<ShipmentRecord[]> {
    return [...this.records.values()].filter((r) => r.orderId === orderId).map((r) => ({ ...r }));
  }

  async add(record: ShipmentRecord): Promise<void> {
    const key = keyOf(record);
    if (!this.records.has(key)) this.records.set(key, { ...record });
  }

  async update(record: ShipmentRecord): Promise<void> {
    this.records.set(keyOf(record), { ...record });
  }
}

const keyOf = (r: Pick<ShipmentRecord, "fulfillmentId" | "parcelIndex">) =>
  `${r.fulfillmentId}#${r.parcelIndex}`;

/** Logs to the console; secrets never reach a message (the core never puts them there). */
export const consoleLogger: Logger = {
  info: (m) => console.info(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};
