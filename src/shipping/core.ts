import { join } from "node:path";
import { type ClientContext, getRates, getTrackingDetails } from "../canada-post";
import { packItems, type CartLine, type Parcel } from "./packing";
import type { QuoteCacheStore } from "./quote-cache";
import {
  QuoteService,
  type QuoteContext,
  type QuoteDestination,
  type QuoteResult,
  type ScenarioOutcome,
} from "./quotes";
import {
  parseMerchantSettings,
  quoteRulesOf,
  type MerchantSettings,
  type MerchantSettingsInput,
} from "./settings";
import { FileLabelStore, type LabelStore } from "./label-store";
import { ShipmentService } from "./shipments";
import { normaliseTrackingDetail, type Tracking } from "./tracking";

/** A cart priced for checkout: the parcels it packs into, and the quotes for them. */
export interface CartQuote extends QuoteResult {
  parcels: Parcel[];
}

export interface CartQuoteRequest {
  lines: CartLine[];
  destination: QuoteDestination;
  /** Order subtotal in CAD, for free-shipping thresholds. */
  orderSubtotal?: number;
  /** Only these services in the answer (one call is still shared by all services). */
  serviceCodes?: string[];
}

export interface ShippingCoreOptions {
  settings: MerchantSettings | MerchantSettingsInput;
  /** The Canada Post client context the adapter opened (openCanadaPost). */
  ctx: ClientContext;
  /** A shared cache (e.g. Redis) for many instances; in memory by default. */
  quoteCache?: QuoteCacheStore<ScenarioOutcome>;
  /** Where labels and manifests are kept; files under ./.canada-post/labels by default. */
  labels?: LabelStore;
}

export const DEFAULT_LABEL_DIR = join(".canada-post", "labels");

/** Who is quoted: contract, commercial or counter prices, per the merchant's settings. */
export function quoteContextOf(settings: MerchantSettings, ctx: ClientContext): QuoteContext {
  const customerNumber = settings.canadaPost.customerNumber ?? ctx.config.customerNumber;
  const contractId = settings.canadaPost.contractId ?? ctx.config.contractId;
  switch (settings.rates) {
    case "counter":
      return { originPostalCode: settings.origin.postalCode, quoteType: "counter" };
    case "commercial":
      return { originPostalCode: settings.origin.postalCode, quoteType: "commercial", customerNumber };
    default:
      return {
        originPostalCode: settings.origin.postalCode,
        quoteType: "commercial",
        customerNumber,
        contractId,
      };
  }
}

/**
 * The platform-free shipping core as one object: what the Medusa provider and the Shopify app call. It packs
 * carts, quotes them (never throwing because Canada Post is slow or down), and tracks parcels.
 */
export class ShippingCore {
  readonly settings: MerchantSettings;
  readonly ctx: ClientContext;
  readonly quotes: QuoteService;
  /** Labels per parcel (never a second one), void-or-refund, end-of-day manifests. */
  readonly shipments: ShipmentService;
  private readonly baseContext: QuoteContext;

  constructor(options: ShippingCoreOptions) {
    this.settings = parseMerchantSettings(options.settings);
    this.ctx = options.ctx;
    const lang = this.settings.canadaPost.lang ?? this.settings.language;
    this.quotes = new QuoteService({
      rateSource: (input) => getRates(this.ctx, input, { lang }),
      rules: quoteRulesOf(this.settings),
      cache: options.quoteCache,
    });
    this.baseContext = quoteContextOf(this.settings, this.ctx);
    this.shipments = new ShipmentService({
      ctx: this.ctx,
      settings: this.settings,
      labels: options.labels ?? new FileLabelStore(DEFAULT_LABEL_DIR),
    });
  }

  /** Cart lines → parcels (PackingError when a line cannot ship as a parcel). */
  pack(lines: readonly CartLine[]): Parcel[] {
    return packItems(lines, this.settings).parcels;
  }

  /**
   * Live rates for a cart. A cart that cannot be packed throws PackingError (the shopper must be told);
   * Canada Post being slow, down or throttling never throws: the quote service's deadline and fallback decide.
   */
  async quoteCart(request: CartQuoteRequest): Promise<CartQuote> {
    const parcels = this.pack(request.lines);
    const result = await this.quotes.quoteRates(request.destination, parcels, {
      ...this.baseContext,
      orderSubtotal: request.orderSubtotal,
      serviceCodes: request.serviceCodes,
    });
    return { ...result, parcels };
  }

  /** Every event of a parcel, normalised, in the merchant's (or the asked) language. */
  async track(pin: string, lang?: "en" | "fr"): Promise<Tracking> {
    const language = lang ?? this.settings.canadaPost.lang ?? this.settings.language;
    const detail = await getTrackingDetails(this.ctx, { pin }, { lang: language });
    return normaliseTrackingDetail(detail, language);
  }
}
