/**
 * Canada Post counts calls per API key over a rolling minute (tracking: 20 by default). One limiter per
 * process keeps the tracking job, the admin's refreshes and customers' order pages under it together.
 */
/**
 * At most `limit` calls in any rolling window of `windowMs`, as Canada Post counts (tracking: 20 a
 * minute per API key). `pauseUntil` stops all calls after Canada Post said we went over anyway.
 */
export class RollingWindowLimiter {
  private readonly calls: number[] = [];
  private pausedUntil = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new TypeError(`limit must be a positive integer, got ${limit}`);
    if (!(windowMs > 0)) throw new TypeError(`windowMs must be positive, got ${windowMs}`);
  }

  /** Takes one call if the window allows it now. */
  tryAcquire(): boolean {
    const t = this.now();
    if (t < this.pausedUntil) return false;
    this.forget(t);
    if (this.calls.length >= this.limit) return false;
    this.calls.push(t);
    return true;
  }

  /** When the next call will be allowed. */
  nextAvailableAt(): number {
    const t = this.now();
    this.forget(t);
    const free = this.calls.length < this.limit ? t : this.calls[0]! + this.windowMs;
    return Math.max(free, this.pausedUntil);
  }

  pauseUntil(t: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, t);
  }

  private forget(t: number): void {
    while (this.calls.length && this.calls[0]! <= t - this.windowMs) this.calls.shift();
  }
}
