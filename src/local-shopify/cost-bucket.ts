/**
 * Shopify's leaky bucket for the GraphQL Admin API, one per app and shop: a query may run when the bucket
 * holds its requested cost; that much is taken, the difference to the actual cost is given back, and
 * the bucket refills at the plan's restore rate (the Standard plan: 100 points/s, up to 2000).
 */

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Bucket {
  available: number;
  at: number;
}

export class CostBuckets {
  private readonly buckets = new Map<string, Bucket>();

  private bucket(
    key: string,
    limits: { maximumAvailable: number; restoreRate: number },
    nowMs: number,
  ): Bucket {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { available: limits.maximumAvailable, at: nowMs }));
    const refill = (Math.max(0, nowMs - b.at) / 1000) * limits.restoreRate;
    b.available = Math.min(limits.maximumAvailable, b.available + refill);
    b.at = Math.max(b.at, nowMs);
    return b;
  }

  /** Takes `cost` points if the bucket holds them; answers whether it did and the bucket's state. */
  take(key: string, limits: { maximumAvailable: number; restoreRate: number }, cost: number, nowMs: number) {
    const b = this.bucket(key, limits, nowMs);
    const ok = b.available >= cost;
    if (ok) b.available -= cost;
    return { ok, status: this.status(b, limits) };
  }

  /** Gives back points a query did not use. */
  refund(
    key: string,
    limits: { maximumAvailable: number; restoreRate: number },
    points: number,
    nowMs: number,
  ): ThrottleStatus {
    const b = this.bucket(key, limits, nowMs);
    b.available = Math.min(limits.maximumAvailable, b.available + Math.max(0, points));
    return this.status(b, limits);
  }

  /** Empties a bucket (the "throttle" control: the next queries find it empty until it refills). */
  drain(key: string, limits: { maximumAvailable: number; restoreRate: number }, nowMs: number): void {
    const b = this.bucket(key, limits, nowMs);
    b.available = 0;
  }

  reset(): void {
    this.buckets.clear();
  }

  private status(b: Bucket, limits: { maximumAvailable: number; restoreRate: number }): ThrottleStatus {
    return {
      maximumAvailable: limits.maximumAvailable,
      currentlyAvailable: Math.floor(b.available),
      restoreRate: limits.restoreRate,
    };
  }
}
