/**
 * Rates as a platform asks for them: a cart's lines packed into parcels and quoted (never throwing because
 * Canada Post is slow or down), and, before a label is bought, the amount charged at checkout compared with
 * Canada Post's price now.
 */
import { isCanadianPostalCode, normalisePostalCode, type ClientContext } from "../canada-post";
import { BoundedMap } from "./bounded-map";
import { packItems, type CartLine, type Parcel } from "./packing";
import { applyRounding, fromCents, toCents } from "./pricing-rules";
import { cleanDestination, currencyProblem, destinationProblem, type QuoteProblem } from "./quote-problems";
import {
  afterThisTurn,
  QuoteInputError,
  type QuoteContext,
  type QuoteDestination,
  type QuoteResult,
  type QuoteService,
  type RateQuote,
} from "./quotes";
import type { MerchantSettings } from "./settings";

/** A cart as it is priced: every service; the services asked for are picked afterwards. */
type CartRequest = Omit<CartQuoteRequest, "serviceCodes">;

/** A cart priced for checkout: the parcels it packs into, and the quotes for them. */
export interface CartQuote extends QuoteResult {
  parcels: Parcel[];
}

export interface CartQuoteRequest {
  lines: CartLine[];
  destination: QuoteDestination;
  /** The order's subtotal (before taxes and shipping) in `currency`, for free-shipping thresholds. */
  orderSubtotal?: number;
  /** The cart's currency (ISO 4217): CAD by default; others need a rate in settings.currencies. */
  currency?: string;
  /** Only these services in the answer (one call is still shared by all services). */
  serviceCodes?: string[];
  /** The caller's own end (a closed request): counts as giving up, as the deadline does. */
  signal?: AbortSignal;
  /**
   * Where this cart ships from, when the platform says (Shopify's rate request names the location): a
   * Canadian postal code; the merchant's origin when absent or not Canadian.
   */
  originPostalCode?: string;
}

/** What the customer was charged for a service at checkout against Canada Post's price for it now. */
export interface QuoteComparison {
  serviceCode: string;
  /** What checkout charged for shipping, in the order's currency. */
  charged: number;
  parcels: Parcel[];
  current: { amount: number; due: number; source: QuoteResult["source"]; transitDays?: number } | null;
  /** Canada Post now minus the checkout amount: positive means the label costs more than was charged. */
  difference: number | null;
  /** Why there is no current price (9111, 9112, Canada Post unreachable without fallback...). */
  reason: string | null;
}

/** Who is quoted: contract, commercial or counter prices, per the merchant's settings. */
export function quoteContextOf(settings: MerchantSettings, ctx: ClientContext): QuoteContext {
  const customerNumber = settings.canadaPost.customerNumber ?? ctx.config.customerNumber;
  const contractId = settings.canadaPost.contractId ?? ctx.config.contractId;
  const originPostalCode = settings.origin.postalCode;
  switch (settings.rates) {
    case "counter":
      return { originPostalCode, quoteType: "counter" };
    case "commercial":
      return { originPostalCode, quoteType: "commercial", customerNumber };
    default:
      return { originPostalCode, quoteType: "commercial", customerNumber, contractId };
  }
}

function unpriced(problem: QuoteProblem): CartQuote {
  return { quotes: [], parcels: [], source: "canada-post", reason: problem.message.en, problem };
}

/** Carts answered lately, kept at most this many (the oldest go first). */
const MAX_CARTS = 5_000;
/** Packings kept, by the cart's lines: many carts hold the same lines (a best seller bought alone). */
const MAX_PACKINGS = 1_000;

export class Rates {
  /**
   * Carts priced lately, by what was asked: a platform asks again for every option and on every cart change
   * (Medusa's starter: 20 times a checkout), and the same cart must then cost a lookup, not a packing and a
   * request built again. As long-lived as the quote cache; Canada Post's answers per parcel are still kept
   * in the cache port, which instances share.
   */
  private readonly carts = new BoundedMap<string, { quote: CartQuote; expiresAt: number }>(MAX_CARTS);
  /**
   * Carts being priced now, by the same key, for the callers that ask meanwhile; kept until the cart is in
   * `carts`, which is written once its first callers have their answer.
   */
  private readonly pricing = new Map<string, Pricing>();
  /**
   * Parcels by the lines they pack: the packing depends on the lines and the settings alone, and a shopper
   * typing an address is priced again for each destination, with the same lines. Frozen: callers share them.
   */
  private readonly packings = new BoundedMap<string, readonly Parcel[]>(MAX_PACKINGS);

  constructor(
    private readonly settings: MerchantSettings,
    private readonly quotes: QuoteService,
    private readonly context: QuoteContext,
    private readonly now: () => number = Date.now,
  ) {}

  /** Cart lines → parcels (PackingError when a line cannot ship as a parcel). The parcels are frozen. */
  pack(lines: readonly CartLine[]): Parcel[] {
    return this.packKeyed(lines, linesKey(lines));
  }

  private packKeyed(lines: readonly CartLine[], key: string | undefined): Parcel[] {
    const known = key === undefined ? undefined : this.packings.get(key);
    if (known) return known as Parcel[];
    const parcels = freezeParcels(packItems(lines, this.settings).parcels);
    if (key !== undefined) this.packings.set(key, parcels);
    return parcels as Parcel[];
  }

  /**
   * Live rates for a cart, in the cart's currency. An address Canada Post cannot read or a currency with no
   * rate gives no price and the `problem` (the shopper can fix it); a cart that cannot be packed throws
   * PackingError (the shopper must be told); Canada Post being slow, down or throttling never throws: the
   * deadline and fallback rates decide.
   */
  async quoteCart(request: CartQuoteRequest): Promise<CartQuote> {
    return narrowTo(await this.quoteEveryService(request), request.serviceCodes);
  }

  /**
   * The cart priced for every offered service, so that the options a platform prices one by one (Medusa
   * asks for all of them at once, on every cart change) share one packing and one answer. A caller with a
   * signal of its own waits on its own pricing: another caller giving up must not end its wait.
   */
  private async quoteEveryService(request: CartRequest): Promise<CartQuote> {
    const ttlMs = this.settings.quotes.cacheSeconds * 1000;
    const lines = linesKey(request.lines);
    const key = ttlMs > 0 ? cartKey(request, lines) : undefined;
    if (key === undefined) return this.price(request, lines);
    const now = this.now();
    const known = this.carts.get(key);
    if (known && known.expiresAt > now) return asRepeat(known.quote);
    const shared = request.signal ? undefined : this.pricing.get(key);
    if (shared) {
      if (shared.expiresAt === undefined) return shared.promise;
      // Answered, and not yet kept: the same answer within the cache's lifetime, as a repeat.
      if (shared.expiresAt > now) return shared.promise.then(asRepeat);
    }
    const pricing: Pricing = { promise: this.price(request, lines) };
    const forget = () => {
      if (this.pricing.get(key) === pricing) this.pricing.delete(key);
    };
    void pricing.promise.then((quote) => {
      if (!keepable(quote)) return forget();
      const expiresAt = (pricing.expiresAt = this.now() + ttlMs);
      // Its callers have their answer first; the cart is kept after them, on the event loop's next turn.
      void afterThisTurn(() => {
        this.carts.set(key, { quote, expiresAt });
        forget();
      });
    }, forget);
    if (!request.signal) this.pricing.set(key, pricing);
    return pricing.promise;
  }

  /** `lines` is linesKey(request.lines), made once for the cart's key and its packing's. */
  private async price(request: CartRequest, lines: string | undefined): Promise<CartQuote> {
    const currency = (request.currency ?? "CAD").toUpperCase();
    const perCad = currency === "CAD" ? 1 : this.settings.currencies[currency];
    const problem =
      destinationProblem(request.destination) ?? (perCad ? undefined : currencyProblem(currency));
    if (problem) return unpriced(problem);
    const subtotal = request.orderSubtotal;
    if (subtotal !== undefined && !(Number.isFinite(subtotal) && subtotal >= 0))
      throw new QuoteInputError(`quoteCart: orderSubtotal must be an amount of 0 or more, got ${subtotal}`);
    const parcels = this.packKeyed(request.lines, lines);
    // Checked where they are made (the problems check above, the packer, the merchant's settings): the quote
    // service does not check them again on every checkout.
    const result = await this.quotes.quoteChecked(
      cleanDestination(request.destination),
      parcels,
      {
        ...this.context,
        ...(request.originPostalCode && isCanadianPostalCode(request.originPostalCode)
          ? { originPostalCode: normalisePostalCode(request.originPostalCode) }
          : {}),
        // The merchant's thresholds are in CAD.
        orderSubtotal: subtotal === undefined ? undefined : subtotal / perCad!,
      },
      request.signal,
    );
    // The quote service answers in CAD: only another currency needs its own copies.
    const quotes =
      currency === "CAD"
        ? result.quotes
        : result.quotes.map((q) => inCurrency(q, this.convert(q.amount, perCad!), currency));
    return { quotes, source: result.source, reason: result.reason, problem: result.problem, parcels };
  }

  /** A CAD amount in the cart's currency, rounded the merchant's way there too (12.99 CAD → 9.99 USD). */
  private convert(cad: number, perCad: number): number {
    if (perCad === 1) return cad;
    return fromCents(applyRounding(toCents(cad * perCad), this.settings.pricing.rounding));
  }

  /** Before buying: the cart priced for one service now, against what checkout charged for it. */
  async compare(request: Omit<CartQuoteRequest, "serviceCodes"> & { serviceCode: string; charged: number }) {
    const quote = await this.quoteCart({ ...request, serviceCodes: [request.serviceCode] });
    const rate: RateQuote | undefined = quote.quotes.find((q) => q.serviceCode === request.serviceCode);
    const comparison: QuoteComparison = {
      serviceCode: request.serviceCode,
      charged: request.charged,
      parcels: quote.parcels,
      current: rate
        ? {
            amount: rate.amount,
            due: rate.breakdown.due,
            source: quote.source,
            transitDays: rate.transitDays,
          }
        : null,
      difference: rate ? Math.round((rate.amount - request.charged) * 100) / 100 : null,
      reason: rate ? null : (quote.reason ?? `Canada Post gave no price for ${request.serviceCode}`),
    };
    return comparison;
  }
}

/**
 * A quote in the cart's currency, written out field by field: spreading a quote (`{ ...q, currency }`) gave
 * most copies a hidden class of their own in V8, and the cart cache keeps thousands of them, each with its
 * class, for the garbage collector to walk on every miss.
 */
function inCurrency(q: RateQuote, amount: number, currency: string): RateQuote {
  // Every field named, optional ones too: a field added to RateQuote fails to compile here, not silently dropped.
  const copy: { [K in keyof Required<RateQuote>]: RateQuote[K] } = {
    serviceCode: q.serviceCode,
    name: q.name,
    amount,
    currency,
    transitDays: q.transitDays,
    expectedDeliveryDate: q.expectedDeliveryDate,
    guaranteed: q.guaranteed,
    breakdown: q.breakdown,
  };
  return copy;
}

/** A cart being priced; `expiresAt` once answered, until it is kept. */
interface Pricing {
  promise: Promise<CartQuote>;
  expiresAt?: number;
}

/** Only Canada Post's answers are kept: fallback rates and problems are not worth a second look later. */
const keepable = (quote: CartQuote) => quote.quotes.length > 0 && quote.source !== "fallback";

/** A cart answered again from what was kept of it. */
const asRepeat = (quote: CartQuote): CartQuote => ({ ...quote, source: "cache" });

/** Numbers of a cart line that JSON writes as null when they are not finite (NaN, Infinity). */
const LINE_NUMBERS = ["quantity", "weight", "length", "width", "height", "value"] as const;

const unwritable = (v: unknown) => typeof v === "number" && !Number.isFinite(v);

/**
 * The cart's lines as one string, the key of their packing and part of the cart's; undefined when a line
 * holds a number JSON cannot tell from a missing one (NaN is written null): such a cart is packed every time,
 * and the packer refuses it, rather than being given the packing of a cart whose value was missing.
 */
function linesKey(lines: readonly CartLine[]): string | undefined {
  const key = JSON.stringify(lines);
  if (key.includes("null") && lines.some((l) => l && LINE_NUMBERS.some((f) => unwritable(l[f]))))
    return undefined;
  return key;
}

/** What decides a cart's price, as one string (the caller's signal aside); undefined when lines is. */
function cartKey(r: CartRequest, lines: string | undefined): string | undefined {
  // Refused by price(), never answered from the price of a cart without a subtotal.
  if (lines === undefined || unwritable(r.orderSubtotal)) return undefined;
  return lines + JSON.stringify([r.destination, r.orderSubtotal, r.currency, r.originPostalCode]);
}

/** Parcels shared by every caller of the same lines: frozen, so that no caller can change another's. */
function freezeParcels(parcels: Parcel[]): readonly Parcel[] {
  for (const p of parcels) {
    Object.freeze(p.dimensions);
    for (const item of p.items) Object.freeze(item);
    Object.freeze(p.items);
    Object.freeze(p);
  }
  return Object.freeze(parcels);
}

/**
 * The cart's quote for the services asked for. Canada Post's answer with none of them says so; fallback
 * rates and problems keep their own reason.
 */
function narrowTo(quote: CartQuote, serviceCodes: readonly string[] | undefined): CartQuote {
  if (!serviceCodes) return quote;
  const quotes = quote.quotes.filter((q) => serviceCodes.includes(q.serviceCode));
  if (quotes.length || !quote.quotes.length || quote.source === "fallback") return { ...quote, quotes };
  return {
    ...quote,
    quotes,
    reason: `Canada Post offers none of the requested services (${serviceCodes.join(", ")}) for this cart`,
  };
}
