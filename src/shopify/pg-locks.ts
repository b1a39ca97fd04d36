/**
 * Mutual exclusion across the app's instances with PostgreSQL's session-level advisory locks, every lock of
 * this instance held by one connection of its own (its lock session). A lock per connection, as transaction
 * locks need, let six label purchases at once (bulk fulfilment with automatic labels) take the whole pool:
 * each held the fulfillment order's lock and the order's, and waited for a third connection to record its
 * label that none would give back. An instance that dies releases its locks with its session; a lock not
 * had within the wait fails the request (the purchase is not made), never runs it unlocked.
 */
import type { Pool, PoolClient } from "pg";
import { MemoryLocks, type LockPort } from "../shipping/ports";

/** Pauses between tries while another instance holds the key: short first, as most holds are brief. */
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 200;

export class LockTimeoutError extends Error {
  override readonly name = "LockTimeoutError";
}

export class PgLocks implements LockPort {
  /** This instance's requests for one key queue here, so that only the first of them asks PostgreSQL. */
  private readonly local = new MemoryLocks();
  private session?: PoolClient;
  private connecting?: Promise<PoolClient>;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly waitMs = 60_000,
  ) {}

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.local.withLock(key, () => this.acrossInstances(key, fn));
  }

  /** Gives the lock session back to the pool (its locks are released with it), so that the pool can end. */
  async close(): Promise<void> {
    this.closed = true;
    await this.connecting?.catch(() => undefined);
    if (this.session) this.drop(this.session);
  }

  private async acrossInstances<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.take(key);
    try {
      return await fn();
    } finally {
      // A session that died took its locks with it: nothing left to release.
      if (this.session === client)
        await client.query("select pg_advisory_unlock(hashtext($1))", [key]).catch(() => this.drop(client));
    }
  }

  private async take(key: string): Promise<PoolClient> {
    const deadline = Date.now() + this.waitMs;
    for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
      const reused = this.session !== undefined;
      const client = await this.lockSession();
      let taken: boolean | undefined;
      try {
        const { rows } = await client.query<{ taken: boolean }>(
          "select pg_try_advisory_lock(hashtext($1)) as taken",
          [key],
        );
        taken = rows[0]?.taken;
      } catch (e) {
        this.drop(client);
        // A session that died since the last lock (PostgreSQL restarted) is replaced once; a new one failing
        // is an outage, reported.
        if (reused) continue;
        throw e;
      }
      if (taken) return client;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new LockTimeoutError(
          `lock timeout: "${key}" is held by another instance of the app for more than ${this.waitMs} ms`,
        );
      await new Promise((r) => setTimeout(r, Math.min(pause, left)));
    }
  }

  private async lockSession(): Promise<PoolClient> {
    if (this.closed) throw new Error("the app's locks are closed: the app is stopping");
    if (this.session) return this.session;
    this.connecting ??= this.pool
      .connect()
      .then((client) => {
        // A checked-out client has none of the pool's listeners: an error with no listener ends the process.
        client.on("error", () => this.drop(client));
        this.session = client;
        return client;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  /** Gives back a session that failed (or at close); the next lock opens another. */
  private drop(client: PoolClient): void {
    if (this.session !== client) return;
    this.session = undefined;
    client.release(true);
  }
}
