import { CanadaPostThrottledError } from "../canada-post";
import type { Tracking, TrackingStatus } from "./tracking";

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

export interface TrackingRefresherOptions {
  /** Get Tracking Details (or Summary) for one PIN, normalised. */
  fetch: (pin: string) => Promise<Tracking>;
  /** Where fresh tracking goes (the order, the platform). */
  onUpdate?: (tracking: Tracking) => void | Promise<void>;
  now?: () => number;
  /** Canada Post's tracking throttle: 20 a minute by default. */
  callsPerMinute?: number;
  /** A shipment is not asked about again sooner than this. */
  refreshIntervalMs?: number;
  /** How long to stop after Canada Post throttled us. */
  throttleBackoffMs?: number;
}

export interface RefreshReport {
  refreshed: Tracking[];
  failed: { pin: string; error: unknown }[];
  /** True when Canada Post throttled us during this run. */
  throttled: boolean;
  /** Shipments still due when the run stopped. */
  remaining: number;
  /** When calling `refreshDue` again can do something. */
  nextRunAt: number;
}

interface Shipment {
  pin: string;
  status?: TrackingStatus;
  lastAttemptAt: number;
}

/**
 * Keeps many shipments' tracking current under Canada Post's throttle: the least recently refreshed
 * first, delivered ones left alone. Call `refreshDue` from a scheduled job; it does what the limit allows.
 */
export class TrackingRefresher {
  private readonly shipments = new Map<string, Shipment>();
  private readonly limiter: RollingWindowLimiter;
  private readonly now: () => number;
  private readonly refreshIntervalMs: number;
  private readonly throttleBackoffMs: number;
  private running: Promise<RefreshReport> | undefined;

  constructor(private readonly options: TrackingRefresherOptions) {
    this.now = options.now ?? Date.now;
    this.limiter = new RollingWindowLimiter(options.callsPerMinute ?? 20, 60_000, this.now);
    this.refreshIntervalMs = options.refreshIntervalMs ?? 30 * 60_000;
    this.throttleBackoffMs = options.throttleBackoffMs ?? 60_000;
  }

  /** Adds (or updates) a shipment to keep current; `lastRefreshedAt` when its tracking is already known. */
  track(pin: string, known: { status?: TrackingStatus; lastRefreshedAt?: number } = {}): void {
    if (!pin) throw new TypeError("track needs the shipment's tracking PIN");
    this.shipments.set(pin, { pin, status: known.status, lastAttemptAt: known.lastRefreshedAt ?? -Infinity });
  }

  untrack(pin: string): void {
    this.shipments.delete(pin);
  }

  statusOf(pin: string): TrackingStatus | undefined {
    return this.shipments.get(pin)?.status;
  }

  /** Refreshes due shipments, oldest first, until none is due or the limit is reached. One run at a time. */
  refreshDue(): Promise<RefreshReport> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private due(): Shipment[] {
    const cutoff = this.now() - this.refreshIntervalMs;
    return [...this.shipments.values()]
      .filter((s) => s.status !== "delivered" && s.lastAttemptAt <= cutoff)
      .sort((a, b) => a.lastAttemptAt - b.lastAttemptAt);
  }

  private async run(): Promise<RefreshReport> {
    const report: RefreshReport = { refreshed: [], failed: [], throttled: false, remaining: 0, nextRunAt: 0 };
    for (const s of this.due()) {
      if (!this.shipments.has(s.pin)) continue; // untracked meanwhile
      if (!this.limiter.tryAcquire()) break;
      try {
        const tracking = await this.options.fetch(s.pin);
        s.status = tracking.status;
        s.lastAttemptAt = this.now();
        report.refreshed.push(tracking);
        await this.options.onUpdate?.(tracking);
      } catch (error) {
        if (error instanceof CanadaPostThrottledError) {
          // Over the limit anyway (another process shares the key): stop, and keep this one first in line.
          this.limiter.pauseUntil(this.now() + this.throttleBackoffMs);
          report.throttled = true;
          break;
        }
        // Goes to the back of the line, so one broken PIN cannot starve the others.
        s.lastAttemptAt = this.now();
        report.failed.push({ pin: s.pin, error });
      }
    }
    report.remaining = this.due().length;
    report.nextRunAt = this.nextRunAt();
    return report;
  }

  private nextRunAt(): number {
    const active = [...this.shipments.values()].filter((s) => s.status !== "delivered");
    if (!active.length) return Infinity;
    const oldest = Math.min(...active.map((s) => s.lastAttemptAt));
    return Math.max(this.limiter.nextAvailableAt(), oldest + this.refreshIntervalMs);
  }
}
