import { z } from "zod";
import {
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  isCanadianPostalCode,
  normalisePostalCode,
  sortedDimensions,
  type GetRatesInput,
  type PriceQuote,
} from "../canada-post";
import {
  applyPricingRules,
  fromCents,
  qualifiesForFreeShipping,
  resolveQuoteRules,
  selectServices,
  serviceName,
  toCents,
  type QuoteRules,
  type ResolvedQuoteRules,
} from "./pricing-rules";
import { MemoryQuoteCache, type QuoteCacheStore } from "./quote-cache";
import { SingleFlight } from "./single-flight";

/* ------------------------------------------------------------------ input */

/** Where the cart goes. */
export const QuoteDestinationSchema = z.object({
  country: z
    .string()
    .trim()
    .length(2, "country must be a 2-letter ISO code such as CA, US or JP")
    .transform((c) => c.toUpperCase()),
  postalCode: z.string().trim().max(10).optional(),
});
export type QuoteDestination = z.input<typeof QuoteDestinationSchema>;

/** One box to rate: kilograms and centimetres, as the packer produced it. */
export const QuoteParcelSchema = z.object({
  id: z.string().min(1, "each parcel needs an id"),
  weight: z.number().positive("weight must be more than 0 kg").max(99.999, "weight is in kg, at most 99.999"),
  dimensions: z
    .object({
      length: z.number().positive().max(999.9),
      width: z.number().positive().max(999.9),
      height: z.number().positive().max(999.9),
    })
    .optional(),
});
export type QuoteParcel = z.input<typeof QuoteParcelSchema>;
const QuoteParcelsSchema = z.array(QuoteParcelSchema).min(1, "give at least one parcel");

export const QuoteContextSchema = z.object({
  /** The merchant's shipping origin, a Canadian postal code. */
  originPostalCode: z
    .string()
    .refine(isCanadianPostalCode, "originPostalCode must be a Canadian postal code such as K2B 8J6"),
  /** Order subtotal in CAD, for free-shipping thresholds. */
  orderSubtotal: z.number().finite().nonnegative().optional(),
  /**
   * Only these services in the answer. The Canada Post call still rates every offered service, so a
   * platform that asks once per service (Medusa) shares one call per parcel.
   */
  serviceCodes: z.array(z.string().min(1)).optional(),
  options: z
    .array(z.object({ code: z.string().min(1).max(10), amount: z.number().positive().optional() }))
    .optional(),
  quoteType: z.enum(["commercial", "counter"]).optional(),
  contractId: z.string().min(1).optional(),
  customerNumber: z.string().min(1).optional(),
});
export type QuoteContext = z.input<typeof QuoteContextSchema>;

/** The caller passed something that cannot be quoted: a programming error, never a shopper's. */
export class QuoteInputError extends TypeError {
  override readonly name = "QuoteInputError";
}

/* ------------------------------------------------------------------ output */

export interface RateQuote {
  serviceCode: string;
  name: string;
  /** CAD major units, after the merchant's rules: what the shopper pays. */
  amount: number;
  transitDays?: number;
  expectedDeliveryDate?: string;
  guaranteed: boolean;
  /** Canada Post's own price, summed over the parcels, before the merchant's rules. */
  breakdown: { base: number; options: number; adjustments: number; taxes: number; due: number };
}

export interface QuoteResult {
  quotes: RateQuote[];
  /** Where the prices came from: a fresh answer, a cached one, or the merchant's fallback rates. */
  source: "canada-post" | "cache" | "fallback";
  /** Why fallback was used, or why there is no quote (9111, 9112). */
  reason?: string;
}

/** What one Get Rates call for one scenario taught us; this is what the cache keeps. */
export type ScenarioOutcome =
  { kind: "rated"; quotes: PriceQuote[] } | { kind: "unavailable"; code: string; description: string };

export type RateSource = (input: GetRatesInput, signal?: AbortSignal) => Promise<PriceQuote[]>;

export interface QuoteServiceOptions {
  /** Normally `(input) => getRates(clientCtx, input)`. */
  rateSource: RateSource;
  rules: QuoteRules;
  cache?: QuoteCacheStore<ScenarioOutcome>;
  now?: () => number;
}

/** Canada Post's answers that mean "this parcel cannot go by that service", not "Canada Post is down". */
const NOT_AVAILABLE_CODES = ["9111", "9112"];

const DEADLINE = Symbol("deadline");

interface Scenario {
  key: string;
  input: GetRatesInput;
  parcelIds: string[];
}

interface Rated {
  outcome: ScenarioOutcome;
  fromCache: boolean;
}

/**
 * The offered services that can go to this country: Canada Post refuses a whole Get Rates call (9112) when
 * one listed service cannot reach the destination, so a US cart must not ask for DOM.* services.
 */
export function servicesFor(country: string, offered: string[] | undefined): string[] | undefined {
  if (!offered) return undefined;
  const prefix = country === "CA" ? "DOM." : country === "US" ? "USA." : "INT.";
  return offered.filter((code) => code.startsWith(prefix));
}

/* ------------------------------------------------------------------ service */

/**
 * Live rates for a checkout: one Get Rates call per distinct parcel, shared by concurrent checkouts and
 * cached, bounded by a deadline, merchant rules applied. It answers; it does not throw (bad input aside).
 */
export class QuoteService {
  private readonly rateSource: RateSource;
  private readonly rules: ResolvedQuoteRules;
  private readonly cache: QuoteCacheStore<ScenarioOutcome>;
  private readonly flights = new SingleFlight<Rated>();
  private readonly enabledServices: string[] | undefined;

  constructor(options: QuoteServiceOptions) {
    if (typeof options.rateSource !== "function")
      throw new TypeError("QuoteService needs a rateSource function, e.g. (input) => getRates(ctx, input)");
    this.rateSource = options.rateSource;
    this.rules = resolveQuoteRules(options.rules);
    this.cache = options.cache ?? new MemoryQuoteCache<ScenarioOutcome>({ now: options.now });
    this.enabledServices = this.rules.services?.map((s) => s.serviceCode).sort();
  }

  async quoteRates(
    destination: QuoteDestination,
    parcels: readonly QuoteParcel[],
    context: QuoteContext,
  ): Promise<QuoteResult> {
    const dest = parse(QuoteDestinationSchema, destination, "destination");
    const boxes = parse(QuoteParcelsSchema, parcels, "parcels");
    const ctx = parse(QuoteContextSchema, context, "context");

    if (servicesFor(dest.country, this.enabledServices)?.length === 0) {
      return {
        quotes: [],
        source: "canada-post",
        reason: `none of the offered services ships to ${dest.country}: offer a ${dest.country === "CA" ? "DOM" : dest.country === "US" ? "USA" : "INT"}.* service`,
      };
    }
    const scenarios = this.scenarios(dest, boxes, ctx);
    const pending = Promise.all(scenarios.map((s) => this.rate(s)));
    let rated: Rated[] | typeof DEADLINE;
    try {
      rated = await withDeadline(pending, this.rules.deadlineMs);
    } catch (e) {
      return this.fallback(ctx, outageReason(e));
    }
    if (rated === DEADLINE)
      return this.fallback(ctx, `Canada Post did not answer within ${this.rules.deadlineMs} ms`);
    return this.combine(scenarios, rated, ctx);
  }

  /** Parcels of the same weight and size (after Canada Post's rounding) share one scenario. */
  private scenarios(
    dest: z.infer<typeof QuoteDestinationSchema>,
    parcels: z.infer<typeof QuoteParcelSchema>[],
    ctx: z.infer<typeof QuoteContextSchema>,
  ): Scenario[] {
    const origin = normalisePostalCode(ctx.originPostalCode);
    const postalCode = dest.postalCode
      ? dest.country === "CA"
        ? normalisePostalCode(dest.postalCode)
        : dest.postalCode.toUpperCase()
      : undefined;
    const options = ctx.options
      ?.map((o) => ({
        code: o.code,
        amount: o.amount === undefined ? undefined : fromCents(toCents(o.amount)),
      }))
      .sort((a, b) => a.code.localeCompare(b.code));
    const services = servicesFor(dest.country, this.enabledServices);
    const common = [
      origin,
      dest.country,
      postalCode ?? "",
      services?.join(",") ?? "*",
      options?.map((o) => `${o.code}:${o.amount ?? ""}`).join(",") ?? "",
      ctx.quoteType ?? "",
      ctx.contractId ?? "",
      ctx.customerNumber ?? "",
    ].join("|");

    const byKey = new Map<string, Scenario>();
    for (const p of parcels) {
      const weight = round(p.weight, 3);
      const d = p.dimensions && sortedDimensions(p.dimensions);
      const dimensions = d && {
        length: round(d.length, 1),
        width: round(d.width, 1),
        height: round(d.height, 1),
      };
      const key = `${common}|${weight.toFixed(3)}|${dimensions ? `${dimensions.length}x${dimensions.width}x${dimensions.height}` : ""}`;
      const existing = byKey.get(key);
      if (existing) {
        existing.parcelIds.push(p.id);
        continue;
      }
      byKey.set(key, {
        key,
        parcelIds: [p.id],
        input: {
          quoteType: ctx.quoteType,
          contractId: ctx.contractId,
          customerNumber: ctx.customerNumber,
          options,
          parcel: { weight, dimensions },
          services,
          originPostalCode: origin,
          destination: { country: dest.country, postalCode },
        },
      });
    }
    return [...byKey.values()];
  }

  /** Cache, else one shared Get Rates call; rejects only on an outage (never on 9111/9112). */
  private rate(s: Scenario): Promise<Rated> {
    return this.flights.run(s.key, async () => {
      const ttl = this.rules.cacheTtlMs;
      if (ttl > 0) {
        const hit = await this.cache.get(s.key).catch(() => undefined);
        if (hit) return { outcome: hit, fromCache: true };
      }
      const outcome = await this.callCanadaPost(s.input);
      if (ttl > 0) await this.cache.set(s.key, outcome, ttl).catch(() => undefined);
      return { outcome, fromCache: false };
    });
  }

  private async callCanadaPost(input: GetRatesInput): Promise<ScenarioOutcome> {
    // The call outlives a checkout's deadline (to fill the cache), but not forever.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.rules.upstreamTimeoutMs);
    timer.unref?.();
    try {
      return { kind: "rated", quotes: await this.rateSource(input, controller.signal) };
    } catch (e) {
      const m = e instanceof CanadaPostError && e.messages.find((x) => NOT_AVAILABLE_CODES.includes(x.code));
      if (m) return { kind: "unavailable", code: m.code, description: m.description };
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Per service: the sum over every parcel, for services every parcel can take. */
  private combine(
    scenarios: Scenario[],
    rated: Rated[],
    ctx: z.infer<typeof QuoteContextSchema>,
  ): QuoteResult {
    const source = rated.every((r) => r.fromCache) ? "cache" : "canada-post";
    const unavailable: string[] = [];
    const perParcel: PriceQuote[][] = [];
    scenarios.forEach((s, i) => {
      const outcome = rated[i]!.outcome;
      if (outcome.kind === "unavailable")
        unavailable.push(`parcel ${s.parcelIds.join(", ")}: ${outcome.code} ${outcome.description}`);
      else for (let n = 0; n < s.parcelIds.length; n++) perParcel.push(outcome.quotes);
    });
    if (unavailable.length) return { quotes: [], source, reason: unavailable.join("; ") };

    const [first = [], ...others] = perParcel;
    const quotes: RateQuote[] = [];
    for (const q of first) {
      const all = [q, ...others.map((list) => list.find((o) => o.serviceCode === q.serviceCode))];
      if (all.some((x) => x === undefined)) continue; // not available for every parcel
      quotes.push(this.toRateQuote(all as PriceQuote[], ctx.orderSubtotal));
    }
    const offered = selectServices(quotes, this.rules.services, ctx.serviceCodes);
    if (offered.length) return { quotes: offered, source };
    const reason =
      perParcel.length > 1 && quotes.length < first.length
        ? "no offered service is available for every parcel"
        : "Canada Post offers none of the requested services for this destination";
    return { quotes: [], source, reason };
  }

  private toRateQuote(parts: PriceQuote[], orderSubtotal: number | undefined): RateQuote {
    const cents = { base: 0, options: 0, adjustments: 0, taxes: 0, due: 0 };
    let transitDays: number | undefined;
    let expectedDeliveryDate: string | undefined;
    for (const p of parts) {
      const d = p.priceDetails;
      cents.base += toCents(d.base);
      cents.due += toCents(d.due);
      for (const o of d.options) cents.options += toCents(o.optionPrice ?? 0);
      for (const a of d.adjustments) cents.adjustments += toCents(a.adjustmentCost);
      for (const t of [d.taxes?.gst, d.taxes?.pst, d.taxes?.hst]) cents.taxes += toCents(t?.amount ?? 0);
      const days = p.serviceStandard?.expectedTransitTime;
      if (days !== undefined) transitDays = Math.max(transitDays ?? 0, days);
      const date = p.serviceStandard?.expectedDeliveryDate;
      if (date && (!expectedDeliveryDate || date > expectedDeliveryDate)) expectedDeliveryDate = date;
    }
    const head = parts[0]!;
    const basis = this.rules.basis === "due" ? cents.due : cents.due - cents.taxes;
    return {
      serviceCode: head.serviceCode,
      name: serviceName(head.serviceCode, head.serviceName, this.rules.services),
      amount: applyPricingRules(fromCents(basis), head.serviceCode, orderSubtotal, this.rules),
      transitDays,
      expectedDeliveryDate,
      guaranteed: parts.every((p) => p.serviceStandard?.guaranteedDelivery === true),
      breakdown: {
        base: fromCents(cents.base),
        options: fromCents(cents.options),
        adjustments: fromCents(cents.adjustments),
        taxes: fromCents(cents.taxes),
        due: fromCents(cents.due),
      },
    };
  }

  /** The merchant's fallback rates, free shipping still honoured. */
  private fallback(ctx: z.infer<typeof QuoteContextSchema>, reason: string): QuoteResult {
    const quotes = this.rules.fallback
      .filter((f) => !ctx.serviceCodes || ctx.serviceCodes.includes(f.serviceCode))
      .map((f): RateQuote => {
        const free = qualifiesForFreeShipping(f.serviceCode, ctx.orderSubtotal, this.rules.freeShipping);
        return {
          serviceCode: f.serviceCode,
          name: f.name,
          amount: free ? 0 : f.amount,
          guaranteed: false,
          breakdown: { base: f.amount, options: 0, adjustments: 0, taxes: 0, due: f.amount },
        };
      });
    return { quotes, source: "fallback", reason };
  }
}

/* ------------------------------------------------------------------ helpers */

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${[what, ...i.path].join(".")}: ${i.message}`);
  throw new QuoteInputError(`quoteRates: invalid input: ${issues.join("; ")}`);
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(Number((value * f).toPrecision(12))) / f;
}

/** Resolves with the value, or with DEADLINE when `ms` pass first; the work itself carries on. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof DEADLINE> {
  let timer: ReturnType<typeof setTimeout>;
  const deadline = new Promise<typeof DEADLINE>((resolve) => {
    timer = setTimeout(() => resolve(DEADLINE), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Why Canada Post's prices could not be used, with Canada Post's codes and descriptions intact. */
function outageReason(e: unknown): string {
  if (e instanceof CanadaPostThrottledError) return `throttled: ${e.message}`;
  if (e instanceof CanadaPostError) return `error: ${e.message}`;
  if (e instanceof CanadaPostTransportError) return `unreachable: ${e.message}`;
  return `rate source failed: ${e instanceof Error ? e.message : String(e)}`;
}
