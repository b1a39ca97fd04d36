/**
 * Tracking as the platforms use it, all under one rolling-window limiter (Canada Post's tracking throttle,
 * 20 calls a minute by default): the admin's refresh of one parcel, the scheduled sync of every undelivered
 * one, and the customer's order page, which is served from stored tracking and refreshed only while the
 * limit allows, one call per PIN at a time however many customers look.
 */
import { getTrackingDetails, type ClientContext } from "../canada-post";
import type { Logger } from "./ports";
import { RollingWindowLimiter } from "./rate-limiter";
import { SingleFlight } from "./single-flight";
import { normaliseTrackingDetail, type Tracking } from "./tracking";
import {
  dueShipments,
  syncTracking,
  type TrackedShipment,
  type TrackingSyncDeps,
  type TrackingSyncOptions,
  type TrackingSyncReport,
} from "./tracking-sync";

export const DEFAULT_TRACKING_CALLS_PER_MINUTE = 20;
/** How long a customer's page waits for Canada Post's fresh tracking before it shows the stored one. */
export const DEFAULT_PAGE_DEADLINE_MS = 3_000;

/** The tracking limit is used up for now: nothing was asked of Canada Post. */
export class TrackingLimitError extends Error {
  override readonly name = "TrackingLimitError";
  constructor(readonly retryAfterMs: number) {
    super(
      `Canada Post's tracking limit for this account is used up for the minute: try again in ${Math.ceil(retryAfterMs / 1000)} s`,
    );
  }
}

export interface TrackingServiceOptions {
  ctx: ClientContext;
  /** Get Tracking Details for one PIN, normalised: the client's over `ctx` by default. */
  source?: (pin: string, lang: "en" | "fr") => Promise<Tracking>;
  /** The merchant's language: Canada Post's event texts come in it unless another is asked for. */
  lang: "en" | "fr";
  callsPerMinute?: number;
  /** A limiter shared with other services on the same API key; one of its own otherwise. */
  limiter?: RollingWindowLimiter;
  now?: () => number;
  logger?: Logger;
}

export class TrackingService {
  readonly limiter: RollingWindowLimiter;
  private readonly flights = new SingleFlight<Tracking>();
  private syncing?: Promise<TrackingSyncReport>;

  constructor(private readonly options: TrackingServiceOptions) {
    this.limiter =
      options.limiter ??
      new RollingWindowLimiter(
        options.callsPerMinute ?? DEFAULT_TRACKING_CALLS_PER_MINUTE,
        60_000,
        options.now ?? Date.now,
      );
  }

  /** Every event of a parcel, normalised; TrackingLimitError when the minute's calls are spent. */
  track(pin: string, lang?: "en" | "fr"): Promise<Tracking> {
    const language = lang ?? this.options.lang;
    return this.flights.run(`${pin}|${language}`, () => {
      if (!this.limiter.tryAcquire())
        throw new TrackingLimitError(this.limiter.nextAvailableAt() - (this.options.now ?? Date.now)());
      return this.fetch(pin, language);
    });
  }

  /**
   * The scheduled job's work: one run at a time in this process. `store` is the platform's records and its
   * "delivered" step; Canada Post is asked through this service, under its limiter.
   */
  sync(
    store: Omit<TrackingSyncDeps, "track">,
    options: Omit<TrackingSyncOptions, "limiter"> = {},
  ): Promise<TrackingSyncReport> {
    this.syncing ??= syncTracking(
      { ...store, track: (pin) => this.fetch(pin, this.options.lang) },
      { ...options, limiter: this.limiter },
    ).finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /**
   * What a customer's page shows: stored tracking, refreshed for the shipments older than `maxAgeMs` while
   * the limit allows (the others keep what they had). Returns the fresh tracking by shipment id, already
   * saved through `save`, by `deadlineMs` at the latest: a refresh still waiting for Canada Post then goes
   * on and is saved when it answers, for the next look. Never throws for Canada Post: a failed refresh keeps
   * the stored tracking.
   */
  async refreshStale(
    shipments: readonly TrackedShipment[],
    opts: {
      maxAgeMs: number;
      lang?: "en" | "fr";
      save: (id: string, tracking: Tracking, at: Date) => Promise<void>;
      /** How long the page waits for Canada Post (the client's timeout and retries could take far longer). */
      deadlineMs?: number;
    },
  ): Promise<Map<string, Tracking>> {
    const now = (this.options.now ?? Date.now)();
    const fresh = new Map<string, Tracking>();
    const refreshes = Promise.all(
      dueShipments(shipments, now, opts.maxAgeMs).map(async (s) => {
        try {
          const tracking = await this.track(s.trackingPin, opts.lang);
          await opts.save(s.id, tracking, new Date(now));
          fresh.set(s.id, tracking);
        } catch (e) {
          if (!(e instanceof TrackingLimitError))
            this.options.logger?.warn(`Canada Post tracking of ${s.trackingPin}: ${(e as Error).message}`);
        }
      }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, opts.deadlineMs ?? DEFAULT_PAGE_DEADLINE_MS);
    });
    await Promise.race([refreshes, deadline]).finally(() => clearTimeout(timer));
    // What came by the deadline; later answers are saved all the same and not shown on this page.
    return new Map(fresh);
  }

  private async fetch(pin: string, lang: "en" | "fr"): Promise<Tracking> {
    if (this.options.source) return this.options.source(pin, lang);
    const detail = await getTrackingDetails(this.options.ctx, { pin }, { lang });
    return normaliseTrackingDetail(detail, lang);
  }
}
