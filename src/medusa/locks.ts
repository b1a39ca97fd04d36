import type { LockPort } from "../shipping/ports";

/** What the plugin uses of Medusa's Locking module (in memory by default, Redis or PostgreSQL when configured). */
export interface MedusaLocking {
  execute<T>(
    keys: string | string[],
    job: () => Promise<T>,
    args?: { timeout?: number; expire?: number },
  ): Promise<T>;
}

/** How long a purchase waits for another on the same order (seconds): ten labels bought one after another. */
const WAIT_SECONDS = 60;
/**
 * How long a lock outlives an instance that died holding it (seconds; Redis renews it every third of that
 * while its holder lives): a retry on another instance goes on after that, not after Medusa's default minute.
 */
const LEASE_SECONDS = 15;

/** The core's lock port on Medusa's Locking module: every instance of the store takes turns on one key. */
export class MedusaLocks implements LockPort {
  constructor(private readonly locking: () => MedusaLocking) {}

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locking().execute(key, fn, { timeout: WAIT_SECONDS, expire: LEASE_SECONDS });
  }
}
