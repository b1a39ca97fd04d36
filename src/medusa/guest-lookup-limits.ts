import type { MedusaResponse } from "@medusajs/framework/http";

/**
 * Limits on the guest tracking lookup (order number + email), so that nobody can try emails against an
 * order number, or order numbers against an email, for long: every attempt from a client address counts,
 * and wrong guesses count against the order number named (even from many addresses). Over a limit the
 * store answers 429 with Retry-After.
 *
 * The counts live behind AttemptStore. MemoryAttemptStore keeps them in this process: right for one
 * server; with several, each counts alone (a shared store, e.g. Redis INCR + PEXPIRE, makes the limits
 * hold across them: pass it to configureGuestLookupLimits).
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

/** Fixed windows in a Map; closed windows are swept as new ones open, and the Map never grows past maxKeys. */
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
    // Still full of open windows (a flood of addresses): drop the oldest, insertion order being Map's order.
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

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

let limiter = new GuestLookupLimiter();

/** The process's limiter, shared by every request the store route serves. */
export function guestLookupLimiter(): GuestLookupLimiter {
  return limiter;
}

/** Replaces the process's limiter: a shared AttemptStore for several servers, other limits, a test clock. */
export function configureGuestLookupLimits(
  store: AttemptStore = new MemoryAttemptStore(),
  limits: GuestLookupLimits = DEFAULT_GUEST_LOOKUP_LIMITS,
  now: () => number = Date.now,
): GuestLookupLimiter {
  limiter = new GuestLookupLimiter(store, limits, now);
  return limiter;
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
