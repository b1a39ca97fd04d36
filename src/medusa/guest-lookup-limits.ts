import type { MedusaResponse } from "@medusajs/framework/http";
import type { MedusaContainer } from "@medusajs/framework/types";
import { Modules } from "@medusajs/framework/utils";
import type { MedusaLocking } from "./locks";
import type { MedusaCache } from "./medusa-ports";

/**
 * Limits on the guest tracking lookup (order number + email), so that nobody can try emails against an
 * order number, or order numbers against an email, for long: every attempt from a client address counts,
 * and wrong guesses count against the order number named (even from many addresses). Over a limit the
 * store answers 429 with Retry-After.
 *
 * The counts live behind AttemptStore. The store route keeps them in Medusa's cache module, counted under its
 * locking module (MedusaAttemptStore): with Redis configured, every instance of the store counts the same
 * attempts, so that spreading guesses over the instances gains nothing. MemoryAttemptStore keeps them in
 * this process, where Medusa has no cache module.
 */

export interface AttemptWindow {
  count: number;
  /** Epoch ms when the window ends and the count starts again from zero. */
  resetAt: number;
}

export interface AttemptStore {
  /** Adds one attempt under `key` (starting a window of `windowMs` if none is open) and returns it. */
  hit(key: string, windowMs: number, now: number): Promise<AttemptWindow>;
  /** The open window of `key`, without adding to it. */
  peek(key: string, now: number): Promise<AttemptWindow | undefined>;
}

/**
 * Fixed windows in a Map; closed windows are swept when it is full, and it never grows past maxKeys (the
 * oldest open windows go when sweeping is not enough).
 */
export class MemoryAttemptStore implements AttemptStore {
  private readonly windows = new Map<string, AttemptWindow>();

  constructor(private readonly maxKeys = 100_000) {}

  async hit(key: string, windowMs: number, now: number): Promise<AttemptWindow> {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (w) this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.sweep(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { ...w };
  }

  async peek(key: string, now: number): Promise<AttemptWindow | undefined> {
    const w = this.windows.get(key);
    return w && w.resetAt > now ? { ...w } : undefined;
  }

  /** Keys with an open window. */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    // Still nearly full of open windows (a flood of addresses): the oldest go (Map's order is insertion
    // order), a tenth of them at once. Making room for one would bring the next scan of every window one
    // request later: a flood would cost a scan of 100,000 windows per request.
    const keep = this.maxKeys - Math.ceil(this.maxKeys / 10);
    for (const key of this.windows.keys()) {
      if (this.windows.size <= keep) break;
      this.windows.delete(key);
    }
  }
}

/**
 * Windows in Medusa's cache module, each count read and written under a lock of Medusa's locking module, so
 * that attempts arriving at two instances at once are both counted.
 */
export class MedusaAttemptStore implements AttemptStore {
  constructor(
    private readonly locking: MedusaLocking,
    private readonly cache: MedusaCache,
  ) {}

  hit(key: string, windowMs: number, now: number): Promise<AttemptWindow> {
    const k = cacheKey(key);
    return this.locking.execute(
      k,
      async () => {
        const open = await this.peek(key, now);
        const w = open
          ? { count: open.count + 1, resetAt: open.resetAt }
          : { count: 1, resetAt: now + windowMs };
        await this.cache.set(k, w, Math.max(1, Math.ceil((w.resetAt - now) / 1000)));
        return w;
      },
      // A count is a read and a write: an instance that died holding the lock delays the next by seconds.
      { timeout: 10, expire: 5 },
    );
  }

  async peek(key: string, now: number): Promise<AttemptWindow | undefined> {
    const w = await this.cache.get<AttemptWindow>(cacheKey(key));
    return w && w.resetAt > now ? { count: w.count, resetAt: w.resetAt } : undefined;
  }
}

const cacheKey = (key: string) => `canada-post:guest-lookup:${key}`;

export interface GuestLookupLimits {
  /** Attempts one client address may make per window. */
  perAddress: { attempts: number; windowMs: number };
  /** Wrong number-and-email attempts one order number takes per window before it is locked. */
  perOrderNumber: { failures: number; windowMs: number };
}

/** A shopper checks an order a few times; a guesser needs thousands of tries. */
export const DEFAULT_GUEST_LOOKUP_LIMITS: GuestLookupLimits = {
  perAddress: { attempts: 20, windowMs: 10 * 60_000 },
  perOrderNumber: { failures: 5, windowMs: 15 * 60_000 },
};

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number; limit: "address" | "order" };

export class GuestLookupLimiter {
  constructor(
    private readonly store: AttemptStore = new MemoryAttemptStore(),
    private readonly limits: GuestLookupLimits = DEFAULT_GUEST_LOOKUP_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts this attempt from `address`; refuses when the address or the order number is over its limit. */
  async admit(address: string, orderNumber: number): Promise<Admission> {
    const now = this.now();
    const { attempts, windowMs } = this.limits.perAddress;
    const byAddress = await this.store.hit(`address:${address}`, windowMs, now);
    if (byAddress.count > attempts) return refusal(byAddress, now, "address");
    const byOrder = await this.store.peek(`order:${orderNumber}`, now);
    if (byOrder && byOrder.count >= this.limits.perOrderNumber.failures)
      return refusal(byOrder, now, "order");
    return { ok: true };
  }

  /** A wrong number-and-email pair: it counts against the order number. */
  async failed(orderNumber: number): Promise<void> {
    await this.store.hit(`order:${orderNumber}`, this.limits.perOrderNumber.windowMs, this.now());
  }
}

function refusal(window: AttemptWindow, now: number, limit: "address" | "order"): Admission {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)), limit };
}

/** Where Medusa has no cache module: the counts of this process. */
const inProcess = new GuestLookupLimiter();
let configured: GuestLookupLimiter | undefined;

/**
 * The limiter for a request: counts in Medusa's cache module under its locking module (shared by every
 * instance when they are on Redis), or in this process without them; the configured one when one is set.
 */
export function guestLookupLimiter(scope: Pick<MedusaContainer, "resolve">): GuestLookupLimiter {
  if (configured) return configured;
  const cache = scope.resolve<MedusaCache | undefined>(Modules.CACHE, { allowUnregistered: true });
  const locking = scope.resolve<MedusaLocking | undefined>(Modules.LOCKING, { allowUnregistered: true });
  return cache && locking ? new GuestLookupLimiter(new MedusaAttemptStore(locking, cache)) : inProcess;
}

/** Replaces the limiter of every request: another AttemptStore, other limits, a test clock. */
export function configureGuestLookupLimits(
  store: AttemptStore = new MemoryAttemptStore(),
  limits: GuestLookupLimits = DEFAULT_GUEST_LOOKUP_LIMITS,
  now: () => number = Date.now,
): GuestLookupLimiter {
  configured = new GuestLookupLimiter(store, limits, now);
  return configured;
}

/** 429 with Retry-After, saying plainly when to try again; nothing about whether the order exists. */
export function sendTooManyLookups(res: MedusaResponse, retryAfterSeconds: number): void {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  res.setHeader("Retry-After", String(retryAfterSeconds));
  res.status(429).json({
    type: "too_many_requests",
    message: `Too many tracking lookups: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    retry_after: retryAfterSeconds,
  });
}
