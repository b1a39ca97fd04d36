/**
 * The shipping core's one entry: what every platform (the Medusa plugin, the Shopify app, the CLI) is given
 * to price carts, buy and cancel labels, close the day, track parcels and test its Canada Post connection.
 * The merchant's settings are parsed here, once; everything below receives them parsed. The platform
 * supplies its ports (ports.ts): in-process defaults serve one process.
 */
import {
  writeGetRatesRequest,
  getServiceInfo,
  sendGetRates,
  type ClientContext,
  type ServiceNotice,
} from "../canada-post";
import { testConnection, type ConnectionReport } from "./connection";
import { FileLabelStore, type LabelStore } from "./label-store";
import {
  checkGroupsToTransmit,
  ManifestAnswerLostError,
  transmitGroups,
  waitingGroups,
  type ManifestRecord,
} from "./manifests";
import { MemoryCache } from "./memory-cache";
import {
  MemoryLocks,
  MemoryShipmentRecords,
  type CacheStore,
  type LockPort,
  type Logger,
  type ShipmentRecords,
} from "./ports";
import { QuoteService, type ScenarioOutcome } from "./quotes";
import type { RollingWindowLimiter } from "./rate-limiter";
import { quoteContextOf, Rates } from "./rates";
import { createReturnLabel, type ReturnLabelRequest } from "./returns";
import {
  parseMerchantSettings,
  quoteRulesOf,
  type MerchantSettings,
  type MerchantSettingsInput,
} from "./settings";
import { isLive, type ShipmentRecord } from "./shipment-record";
import { ShipmentService } from "./shipments";
import { TrackingService } from "./tracking-service";

export const DEFAULT_LABEL_DIR = ".canada-post/labels";

export interface ShippingOptions {
  /** The merchant's settings, raw (checked here, every problem listed) or as parseMerchantSettings gave them. */
  settings: MerchantSettingsInput | MerchantSettings;
  /** The Canada Post the platform opened (src/runtime/open-canada-post.ts): real or the simulator. */
  canadaPost: ClientContext;
  /** Where labels and manifests are kept; files under .canada-post/labels by default. */
  labels?: LabelStore;
  /** Quotes kept between checkouts; a shared store makes instances share them. In memory by default. */
  cache?: CacheStore<ScenarioOutcome>;
  /** Purchases of one order take turns under it; a shared lock makes instances take turns. */
  locks?: LockPort;
  /** The platform's records of bought shipments (what stops a second label). In memory by default. */
  records?: ShipmentRecords;
  clock?: () => Date;
  logger?: Logger;
  /** Canada Post's tracking throttle for this account: 20 calls a minute by default. */
  trackingCallsPerMinute?: number;
  /**
   * The tracking limiter to count calls on, when several cores share one API key (the Shopify app builds a
   * core per shop, and shops without their own key share the app's): Canada Post counts per key.
   */
  trackingLimiter?: RollingWindowLimiter;
}

export interface Shipping {
  readonly settings: MerchantSettings;
  /** Carts packed and priced; checkout amount against Canada Post's price now. */
  readonly rates: Rates;
  /** Labels bought once per parcel, voided or refunded. */
  readonly shipments: ShipmentService;
  readonly returns: { createLabel(request: ReturnLabelRequest): Promise<ShipmentRecord[]> };
  /** End of day in manifest mode. */
  readonly manifests: {
    waiting: typeof waitingGroups;
    /**
     * Transmits the groups asked for (only groups that wait: ManifestRequestError otherwise), keeps the
     * manifests' PDFs, and records the waiting shipments of those groups as transmitted.
     */
    transmit(
      groupIds: readonly string[],
      waiting: readonly ShipmentRecord[],
    ): Promise<{ manifests: ManifestRecord[]; transmitted: ShipmentRecord[] }>;
  };
  /** Tracking under Canada Post's throttle: one parcel, the scheduled sync, customers' pages. */
  readonly tracking: TrackingService;
  readonly connection: { test(): Promise<ConnectionReport> };
  /** Canada Post's current and upcoming outage notices (Get Service Info), in the merchant's language. */
  serviceNotices(): Promise<OutageNotice[]>;
}

/** A Canada Post outage notice as both admins show it: its text and when it applies (ISO dates and times). */
export interface OutageNotice {
  text: string;
  from: ServiceNotice["fromDatetime"];
  to: ServiceNotice["toDatetime"];
}

export function createShipping(options: ShippingOptions): Shipping {
  const settings = parseMerchantSettings(options.settings);
  const ctx = options.canadaPost;
  const now = options.clock ?? (() => new Date());
  const lang = settings.canadaPost.lang ?? settings.language;
  const labels = options.labels ?? new FileLabelStore(DEFAULT_LABEL_DIR);
  const locks = options.locks ?? new MemoryLocks();

  const quotes = new QuoteService({
    // The client writes the request once: its text is the key of the cache and of shared calls, then sent.
    request: (input) => writeGetRatesRequest(input, ctx.config),
    rateSource: (_input, signal, body) => sendGetRates(ctx, body, { lang, signal }),
    rules: quoteRulesOf(settings),
    cache: options.cache ?? new MemoryCache<ScenarioOutcome>(),
    logger: options.logger,
  });
  const rates = new Rates(settings, quotes, quoteContextOf(settings, ctx));
  const shipments = new ShipmentService({
    ctx,
    settings,
    labels,
    records: options.records ?? new MemoryShipmentRecords(),
    locks,
    now,
  });
  const tracking = new TrackingService({
    ctx,
    lang,
    callsPerMinute: options.trackingCallsPerMinute,
    limiter: options.trackingLimiter,
    now: () => now().getTime(),
    logger: options.logger,
  });

  return {
    settings,
    rates,
    shipments,
    returns: { createLabel: (request) => createReturnLabel({ settings, rates, shipments }, request) },
    manifests: {
      waiting: waitingGroups,
      transmit: (groupIds, waiting) =>
        // One transmit at a time: a second could manifest the same shipments twice.
        locks.withLock("canada-post:end-of-day", async () => {
          const groups = checkGroupsToTransmit(groupIds, waitingGroups(waiting));
          const record = async (done: string[]) => {
            const transmitted = waiting
              .filter((r) => isLive(r) && r.groupId && done.includes(r.groupId))
              .map((r): ShipmentRecord => ({ ...r, status: "transmitted" }));
            for (const r of transmitted) await shipments.records.update(r);
            return transmitted;
          };
          let manifests: ManifestRecord[];
          try {
            manifests = await transmitGroups({ ctx, settings, labels, now }, groups);
          } catch (e) {
            // Transmitted at Canada Post though its answer was lost: the records say what Canada Post did.
            if (e instanceof ManifestAnswerLostError) await record(e.groupIds);
            throw e;
          }
          return { manifests, transmitted: await record(groups) };
        }),
    },
    tracking,
    connection: { test: () => testConnection(ctx, settings) },
    serviceNotices: async () =>
      (await getServiceInfo(ctx, { lang })).map((n) => ({
        text: n.messageText,
        from: n.fromDatetime,
        to: n.toDatetime,
      })),
  };
}
