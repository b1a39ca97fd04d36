/**
 * The local Shopify's time. Everything it dates (orders, tokens, session tokens, webhook timestamps, the
 * rate cache, the throttle bucket) reads this clock, so a test can move the shop into the future through
 * /__shopify/clock and watch tokens expire or cached rates go stale. Signed timestamps then drift from
 * the app's own clock, exactly as a skewed Shopify clock would look to it.
 */
export interface ShopClock {
  now(): Date;
}

/** Real time plus an offset that only grows. */
export class OffsetClock implements ShopClock {
  private skewMs = 0;

  now(): Date {
    return new Date(Date.now() + this.skewMs);
  }

  /** Moves the shop's time forward by `ms` (never backward) and answers the new time. */
  moveForward(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the shop's clock only moves forward");
    this.skewMs += ms;
    return this.now();
  }

  /** Back to real time. */
  rewindToRealTime(): void {
    this.skewMs = 0;
  }
}
