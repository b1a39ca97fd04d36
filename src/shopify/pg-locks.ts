/**
 * Mutual exclusion across the app's instances with PostgreSQL's transaction-level advisory locks: a lock lives
 * as long as the transaction that took it, so an instance that dies releases it with its connection, and a
 * pooler in transaction mode (PgBouncer, Supavisor) keeps it on one server connection. A lock not had within
 * the wait fails the request (the purchase is not made), never runs it unlocked.
 *
 * A purchase takes two locks, the fulfillment order's and, inside it, the order's, and writes its label while
 * holding them. With a connection per lock, six purchases at once (a bulk fulfilment with automatic labels)
 * held all 12 of the pool's connections and waited 10 s for one to write with. So a lock taken inside another
 * is taken on the outer lock's connection, and an instance holds at most MOST_HELD lock transactions at once:
 * the pool's other connections stay free for the holders' own queries, and later purchases wait in memory.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Pool, PoolClient } from "pg";
import { MemoryLocks, type LockPort } from "../shipping/ports";

/** Lock transactions held at once by one instance: two thirds of openPool's 12 connections. */
export const MOST_HELD = 8;

export class LockTimeoutError extends Error {
  override readonly name = "LockTimeoutError";
}

/** The lock transaction the current purchase holds, while it is open. */
interface Held {
  client: PoolClient;
  open: boolean;
  /** Locks inside, taken or being taken: any left when the outer ends close the connection with them. */
  inner: number;
  /** The connection is closed rather than given back to the pool (a lock inside may still be on it). */
  broken: boolean;
}

export class PgLocks implements LockPort {
  /** This instance's requests for one key queue here, so that only the first of them asks PostgreSQL. */
  private readonly local = new MemoryLocks();
  private readonly held = new AsyncLocalStorage<Held>();
  private readonly slots: Slots;

  constructor(
    private readonly pool: Pool,
    private readonly waitMs = 60_000,
    mostHeld = MOST_HELD,
  ) {
    this.slots = new Slots(mostHeld);
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.local.withLock(key, () => {
      const outer = this.held.getStore();
      return outer?.open ? this.inside(outer, key, fn) : this.acrossInstances(key, fn);
    });
  }

  /**
   * A lock inside another, on the outer lock's connection: session-level, so that it is released when this
   * work ends rather than with the outer transaction, and taken and released within that transaction, so
   * that behind a pooler in transaction mode both happen on the same server connection.
   */
  private async inside<T>(outer: Held, key: string, fn: () => Promise<T>): Promise<T> {
    outer.inner++;
    try {
      await outer.client.query("select pg_advisory_lock(hashtext($1))", [key]);
    } catch (e) {
      outer.inner--;
      throw e;
    }
    try {
      return await fn();
    } finally {
      await outer.client.query("select pg_advisory_unlock(hashtext($1))", [key]).then(
        () => outer.inner--,
        () => (outer.broken = true),
      );
    }
  }

  private async acrossInstances<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.waitMs;
    await this.slots.take(this.waitMs, key);
    try {
      const client = await this.pool.connect();
      const held: Held = { client, open: true, inner: 0, broken: false };
      try {
        await client.query("begin");
        const left = Math.max(1, Math.floor(deadline - Date.now()));
        await client.query(`set local lock_timeout = ${left}`);
        await client.query("select pg_advisory_xact_lock(hashtext($1))", [key]);
        try {
          return await this.held.run(held, fn);
        } finally {
          held.open = false;
          if (held.inner > 0) held.broken = true;
          await client.query("commit").catch(() => (held.broken = true));
        }
      } catch (e) {
        held.open = false;
        await client.query("rollback").catch(() => (held.broken = true));
        throw e;
      } finally {
        client.release(held.broken);
      }
    } finally {
      this.slots.give();
    }
  }
}

/** A counting semaphore whose waiters give up after a while. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(count: number) {
    this.free = count;
  }

  take(waitMs: number, key: string): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(
          new LockTimeoutError(
            `lock timeout: "${key}" waited ${waitMs} ms behind this instance's other purchases`,
          ),
        );
      }, waitMs);
      this.waiting.push(turn);
    });
  }

  /** The slot goes to the longest waiter, else back to the count. */
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
