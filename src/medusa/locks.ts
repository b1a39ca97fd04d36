import type { LockPort } from "../shipping/ports";

/** What the plugin uses of Medusa's Locking module (in memory by default, Redis or PostgreSQL when configured). */
export interface MedusaLocking {
  execute<T>(keys: string | string[], job: () => Promise<T>, args?: { timeout?: number }): Promise<T>;
}

/** How long a purchase waits for another on the same order (seconds): ten labels bought one after another. */
const WAIT_SECONDS = 60;

/** The core's lock port on Medusa's Locking module: every instance of the store takes turns on one key. */
export class MedusaLocks implements LockPort {
  constructor(private readonly locking: () => MedusaLocking) {}

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locking().execute(key, fn, { timeout: WAIT_SECONDS });
  }
}
