import { z } from "zod";
import {
  writeGetRatesRequest,
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  isCanadianPostalCode,
  type CallerSignal,
  type CheckedGetRatesInput,
  type GetRatesInput,
  type PriceQuote,
} from "../canada-post";
import { FlightSignal } from "./flight-signal";
import { MemoryCache, type CacheStore } from "./memory-cache";
import {
  applyPricingRules,
  fromCents,
  qualifiesForFreeShipping,
  selectServices,
  serviceName,
  toCents,
  type QuoteRules,
} from "./pricing-rules";
import type { Logger } from "./ports";
import type { QuoteProblem } from "./quote-problems";
import { regionOf, serviceRegion } from "./regions";

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
    .max(20, "give at most 20 options: Get Rates takes at most 20")
    .optional(),
  quoteType: z.enum(["commercial", "counter"]).optional(),
  contractId: z.string().min(1).optional(),
  customerNumber: z.string().min(1).optional(),
});
export type QuoteContext = z.input<typeof QuoteContextSchema>;

/** What the schemas give: a trimmed, upper-case country; parcels and context as checked. */
export type CheckedDestination = z.infer<typeof QuoteDestinationSchema>;
export type CheckedParcel = z.infer<typeof QuoteParcelSchema>;
export type CheckedContext = z.infer<typeof QuoteContextSchema>;

/** The caller passed something that cannot be quoted: a programming error, never a shopper's. */
export class QuoteInputError extends TypeError {
  override readonly name = "QuoteInputError";
}

/* ------------------------------------------------------------------ output */

export interface RateQuote {
  serviceCode: string;
  name: string;
  /** Major units of `currency` (CAD unless the cart is priced in another), after the merchant's rules. */
  amount: number;
  /** ISO 4217; CAD unless the platform asked for another currency the merchant gave a rate for. */
  currency?: string;
  transitDays?: number;
  expectedDeliveryDate?: string;
  guaranteed: boolean;
  /** Canada Post's own price, summed over the parcels, before the merchant's rules. */
  breakdown: { base: number; options: number; adjustments: number; taxes: number; due: number };
}

export interface QuoteResult {
  quotes: RateQuote[];
  /** The shopper can fix this (an address Canada Post cannot read, a currency with no rate): no price until then. */
  problem?: QuoteProblem;
  /** Where the prices came from: a fresh answer, a cached one, or the merchant's fallback rates. */
  source: "canada-post" | "cache" | "fallback";
  /** Why fallback was used, or why there is no quote (9111, 9112). */
  reason?: string;
}

/**
 * What checkout reads of one service's price for one parcel, in whole cents: this, not Canada Post's whole
 * answer, is what the cache keeps (a few numbers per service rather than every option and adjustment
 * object, so that a cache of thousands of answers costs the garbage collector little).
 */
export interface ServicePrice {
  serviceCode: string;
  serviceName: string;
  base: number;
  options: number;
  adjustments: number;
  taxes: number;
  due: number;
  transitDays?: number;
  expectedDeliveryDate?: string;
  guaranteed: boolean;
}

/** What one Get Rates call for one scenario taught us; this is what the cache keeps. */
export type ScenarioOutcome =
  { kind: "priced"; prices: ServicePrice[] } | { kind: "unavailable"; code: string; description: string };

/**
 * Part of every cache key: instances of two versions sharing a cache (Redis, during a rolling deploy) each
 * read only the outcomes written in their own shape. Change it whenever ScenarioOutcome changes.
 */
const OUTCOME_SHAPE = "quote-v2";

/** The part of Canada Post's price for one service that checkout reads, in cents. */
export function servicePriceOf(q: PriceQuote): ServicePrice {
  const d = q.priceDetails;
  let options = 0;
  for (const o of d.options) options += toCents(o.optionPrice ?? 0);
  let adjustments = 0;
  for (const a of d.adjustments) adjustments += toCents(a.adjustmentCost);
  const t = d.taxes;
  const taxes = toCents(t?.gst?.amount ?? 0) + toCents(t?.pst?.amount ?? 0) + toCents(t?.hst?.amount ?? 0);
  const standard = q.serviceStandard;
  // Every field set, optional ones undefined: one object shape for every price, read on every quote.
  return {
    serviceCode: q.serviceCode,
    serviceName: q.serviceName,
    base: toCents(d.base),
    options,
    adjustments,
    taxes,
    due: toCents(d.due),
    transitDays: standard?.expectedTransitTime,
    expectedDeliveryDate: standard?.expectedDeliveryDate || undefined,
    guaranteed: standard?.guaranteedDelivery === true,
  };
}

/**
 * One Get Rates call. `body` is the request as the client built it for `input` (see QuoteServiceOptions.
 * request); `signal` aborts the call when every checkout waiting for it has given up.
 */
export type RateSource = (input: GetRatesInput, signal: CallerSignal, body: string) => Promise<PriceQuote[]>;

export interface QuoteServiceOptions {
  /** Normally the client's Get Rates over its context. */
  rateSource: RateSource;
  rules: QuoteRules;
  /**
   * The client's request for one parcel and route, as text: the same parcel and route always give the same
   * text (the client normalises postal codes, orders dimensions and fills in the customer's numbers), so it
   * is the key of the cache and of shared calls. Given input the quote service checked (its schemas, or where
   * the core made it); the client's writer without account defaults by default.
   */
  request?: (input: CheckedGetRatesInput) => string;
  cache?: CacheStore<ScenarioOutcome>;
  now?: () => number;
  /** Told when the cache starts failing (once, until it works again): checkouts go on without it. */
  logger?: Pick<Logger, "warn">;
}

/** Canada Post's answers that mean "this parcel cannot go by that service", not "Canada Post is down". */
const NOT_AVAILABLE_CODES = ["9111", "9112"];

const DEADLINE = Symbol("deadline");

interface Scenario {
  /** The client's request text, sent. */
  body: string;
  /**
   * The body with the outcome's shape: the key of the shared call and of the cache port. One string for
   * both, made once: V8 hashes a string once, and a long key again for every new string of it.
   */
  key: string;
  input: GetRatesInput;
  parcelIds: string[];
}

interface Rated {
  outcome: ScenarioOutcome;
  fromCache: boolean;
}

/** One Get Rates call shared by every checkout that needs it, abandoned when the last of them gives up. */
interface Flight {
  promise: Promise<Rated>;
  waiters: number;
  settled: boolean;
  /** When Canada Post answered it, while the answer is being given to the cache. */
  answeredAt?: number;
  signal: FlightSignal;
}

/**
 * The offered services that can go to this country: Canada Post refuses a whole Get Rates call (9112) when
 * one listed service cannot reach the destination, so a US cart must not ask for DOM.* services.
 */
export function servicesFor(country: string, offered: string[] | undefined): string[] | undefined {
  if (!offered) return undefined;
  const region = regionOf(country);
  return offered.filter((code) => serviceRegion(code) === region);
}

/* ------------------------------------------------------------------ service */

/**
 * Live rates for a checkout: one Get Rates call per distinct parcel, shared by concurrent checkouts and
 * cached, bounded by a deadline, merchant rules applied. It answers; it does not throw (bad input aside).
 */
export class QuoteService {
  private readonly rateSource: RateSource;
  private readonly rules: QuoteRules;
  private readonly request: (input: CheckedGetRatesInput) => string;
  private readonly cache: CacheStore<ScenarioOutcome>;
  private readonly flights = new Map<string, Flight>();
  private readonly enabledServices: string[] | undefined;
  private readonly logger?: Pick<Logger, "warn">;
  private readonly now: () => number;
  private cacheFailing = false;

  constructor(options: QuoteServiceOptions) {
    if (typeof options.rateSource !== "function")
      throw new TypeError("QuoteService needs a rateSource function, e.g. (input) => getRates(ctx, input)");
    this.rateSource = options.rateSource;
    this.rules = options.rules;
    this.request = options.request ?? ((input) => writeGetRatesRequest(input, {}));
    this.now = options.now ?? Date.now;
    this.cache = options.cache ?? new MemoryCache<ScenarioOutcome>({ now: this.now });
    this.enabledServices = this.rules.services?.map((s) => s.serviceCode).sort();
    this.logger = options.logger;
  }

  /**
   * Rates for the parcels of one cart. `signal` is the caller's own end (a closed request): it counts as the
   * caller giving up, as the deadline does.
   */
  async quoteRates(
    destination: QuoteDestination,
    parcels: readonly QuoteParcel[],
    context: QuoteContext,
    signal?: AbortSignal,
  ): Promise<QuoteResult> {
    return this.quoteChecked(
      parse(QuoteDestinationSchema, destination, "destination"),
      parse(QuoteParcelsSchema, parcels, "parcels"),
      parse(QuoteContextSchema, context, "context"),
      signal,
    );
  }

  /**
   * quoteRates for input already in the shape its schemas give, checked where it was made: the shipping
   * core's own carts (a destination the problems check passed, the packer's parcels, the merchant's settings),
   * which would otherwise pay for a second check on every checkout. Anything else goes through quoteRates.
   */
  async quoteChecked(
    dest: CheckedDestination,
    boxes: CheckedParcel[],
    ctx: CheckedContext,
    signal?: AbortSignal,
  ): Promise<QuoteResult> {
    const services = servicesFor(dest.country, this.enabledServices);
    if (services?.length === 0) {
      return {
        quotes: [],
        source: "canada-post",
        reason: `none of the offered services ships to ${dest.country}: offer a ${regionOf(dest.country)}.* service`,
      };
    }
    const scenarios = this.scenarios(dest, boxes, ctx, services);
    const calls = scenarios.map((s) => this.join(s));
    let rated: Rated[] | typeof DEADLINE;
    try {
      rated = await allWithin(
        calls.map((c) => c.promise),
        this.rules.deadlineMs,
        signal,
      );
    } catch (e) {
      return this.fallback(ctx, outageReason(e));
    } finally {
      // This checkout is done waiting: a call no other checkout waits for is abandoned on its socket.
      for (const c of calls) c.leave();
    }
    if (rated === DEADLINE)
      return this.fallback(
        ctx,
        signal?.aborted
          ? "the caller stopped waiting for Canada Post"
          : `Canada Post did not answer within ${this.rules.deadlineMs} ms`,
      );
    return this.combine(scenarios, rated, ctx);
  }

  /** Parcels the client writes the same request for (same weight and size after its rounding) share one call. */
  private scenarios(
    dest: CheckedDestination,
    parcels: CheckedParcel[],
    ctx: CheckedContext,
    services: string[] | undefined,
  ): Scenario[] {
    const byKey = new Map<string, Scenario>();
    for (const p of parcels) {
      // Every value checked already (see quoteChecked): the client writes it without checking it again.
      const input: CheckedGetRatesInput = {
        quoteType: ctx.quoteType ?? "commercial",
        contractId: ctx.contractId,
        customerNumber: ctx.customerNumber,
        options: ctx.options,
        parcel: { weight: p.weight, dimensions: p.dimensions },
        services,
        originPostalCode: ctx.originPostalCode,
        destination: { country: dest.country, postalCode: dest.postalCode },
      };
      const body = this.request(input);
      const key = `${OUTCOME_SHAPE} ${body}`;
      const existing = byKey.get(key);
      if (existing) existing.parcelIds.push(p.id);
      else byKey.set(key, { body, key, parcelIds: [p.id], input });
    }
    return [...byKey.values()];
  }

  /** Joins the call for this scenario, starting it (cache, else Canada Post) when none is running. */
  private join(s: Scenario): { promise: Promise<Rated>; leave: () => void } {
    let flight = this.flights.get(s.key);
    // An answer waiting for the cache is shared only within the cache's lifetime, as the cache would be.
    if (flight?.answeredAt !== undefined && this.now() - flight.answeredAt >= this.rules.cacheTtlMs) {
      flight = undefined;
    }
    if (!flight) {
      const signal = new FlightSignal();
      const f: Flight = { waiters: 0, settled: false, signal, promise: this.load(s, signal) };
      const forget = () => {
        if (this.flights.get(s.key) === f) this.flights.delete(s.key);
      };
      // Checkouts get the answer as soon as it is read, and the cache is given it once they have it (the
      // event loop's next turn): a checkout's answer does not wait for the bookkeeping. Until the cache has
      // it, the flight stays joinable, so that a checkout asking meanwhile shares this answer rather than
      // calling Canada Post again. Abandoned calls reject with nobody waiting: expected, not unhandled.
      void f.promise.then(
        (rated) => {
          f.settled = true;
          if (rated.fromCache || this.rules.cacheTtlMs <= 0) return forget();
          const answeredAt = (f.answeredAt = this.now());
          void afterThisTurn(() => this.store(s, rated.outcome, answeredAt)).then(forget, forget);
        },
        () => {
          f.settled = true;
          forget();
        },
      );
      this.flights.set(s.key, f);
      flight = f;
    }
    const f = flight;
    f.waiters++;
    let left = false;
    return {
      // Joined once answered (while the cache is being given the answer): reused, as from the cache.
      promise: f.settled ? f.promise.then(reused) : f.promise,
      leave: () => {
        if (left) return;
        left = true;
        if (--f.waiters === 0 && !f.settled) {
          f.signal.abort(
            new Error(`every checkout waiting for it gave up (deadline ${this.rules.deadlineMs} ms)`),
          );
          if (this.flights.get(s.key) === f) this.flights.delete(s.key);
        }
      },
    };
  }

  /** Cache, else one Get Rates call; rejects only on an outage (never on 9111/9112). */
  private async load(s: Scenario, signal: CallerSignal): Promise<Rated> {
    if (this.rules.cacheTtlMs > 0) {
      const hit = await this.lookUp(s);
      if (hit) return { outcome: hit, fromCache: true };
    }
    return { outcome: await this.callCanadaPost(s, signal), fromCache: false };
  }

  /** What the cache has for this scenario; a cache that fails, even by throwing rather than rejecting, has nothing. */
  private lookUp(s: Scenario): Promise<ScenarioOutcome | undefined> {
    try {
      return this.cache.get(s.key).then(this.cacheWorks, this.cacheFailed);
    } catch (e) {
      return Promise.resolve(this.cacheFailed(e));
    }
  }

  /**
   * Keeps what Canada Post answered at `answeredAt` for as long as the rules say from then; never fails (see
   * cacheFailed).
   */
  private async store(s: Scenario, outcome: ScenarioOutcome, answeredAt: number): Promise<void> {
    const ttl = this.rules.cacheTtlMs - (this.now() - answeredAt);
    if (ttl <= 0) return;
    try {
      await this.cache.set(s.key, outcome, ttl).then(this.cacheWorks, this.cacheFailed);
    } catch (e) {
      // A cache port that throws rather than rejecting.
      this.cacheFailed(e);
    }
  }

  /** A cache that fails is a miss, never a failed checkout; the merchant hears of it once per outage. */
  private readonly cacheFailed = (e: unknown): undefined => {
    if (!this.cacheFailing)
      this.logger?.warn(
        `Canada Post quote cache failed, quoting without it until it answers again: ${e instanceof Error ? e.message : String(e)}`,
      );
    this.cacheFailing = true;
    return undefined;
  };

  private readonly cacheWorks = <T>(value: T): T => {
    this.cacheFailing = false;
    return value;
  };

  private async callCanadaPost(s: Scenario, signal: CallerSignal): Promise<ScenarioOutcome> {
    try {
      return { kind: "priced", prices: (await this.rateSource(s.input, signal, s.body)).map(servicePriceOf) };
    } catch (e) {
      const m = e instanceof CanadaPostError && e.messages.find((x) => NOT_AVAILABLE_CODES.includes(x.code));
      if (m) return { kind: "unavailable", code: m.code, description: m.description };
      throw e;
    }
  }

  /** Per service: the sum over every parcel, for services every parcel can take. */
  private combine(scenarios: Scenario[], rated: Rated[], ctx: CheckedContext): QuoteResult {
    const source = rated.every((r) => r.fromCache) ? "cache" : "canada-post";
    const unavailable: string[] = [];
    const perParcel: ServicePrice[][] = [];
    scenarios.forEach((s, i) => {
      const outcome = rated[i]!.outcome;
      if (outcome.kind === "unavailable")
        unavailable.push(`parcel ${s.parcelIds.join(", ")}: ${outcome.code} ${outcome.description}`);
      else for (let n = 0; n < s.parcelIds.length; n++) perParcel.push(outcome.prices);
    });
    if (unavailable.length) return { quotes: [], source, reason: unavailable.join("; ") };

    const first = perParcel[0] ?? [];
    const quotes: RateQuote[] = [];
    for (const q of first) {
      const parts = [q];
      for (let i = 1; i < perParcel.length; i++) {
        const same = perParcel[i]!.find((o) => o.serviceCode === q.serviceCode);
        if (same) parts.push(same);
      }
      // Only the services every parcel can take.
      if (parts.length === perParcel.length) quotes.push(this.toRateQuote(parts, ctx.orderSubtotal));
    }
    const offered = selectServices(quotes, this.rules.services, ctx.serviceCodes);
    if (offered.length) return { quotes: offered, source };
    const reason =
      perParcel.length > 1 && quotes.length < first.length
        ? "no offered service is available for every parcel"
        : "Canada Post offers none of the requested services for this destination";
    return { quotes: [], source, reason };
  }

  private toRateQuote(parts: ServicePrice[], orderSubtotal: number | undefined): RateQuote {
    const cents = { base: 0, options: 0, adjustments: 0, taxes: 0, due: 0 };
    let transitDays: number | undefined;
    let expectedDeliveryDate: string | undefined;
    for (const p of parts) {
      cents.base += p.base;
      cents.options += p.options;
      cents.adjustments += p.adjustments;
      cents.taxes += p.taxes;
      cents.due += p.due;
      if (p.transitDays !== undefined) transitDays = Math.max(transitDays ?? 0, p.transitDays);
      const date = p.expectedDeliveryDate;
      if (date && (!expectedDeliveryDate || date > expectedDeliveryDate)) expectedDeliveryDate = date;
    }
    const head = parts[0]!;
    const basis = this.rules.basis === "due" ? cents.due : cents.due - cents.taxes;
    return {
      serviceCode: head.serviceCode,
      name: serviceName(head.serviceCode, head.serviceName, this.rules.services),
      amount: applyPricingRules(fromCents(basis), head.serviceCode, orderSubtotal, this.rules),
      // Canada Post prices in Canadian dollars; a platform pricing the cart in another converts (rates.ts).
      currency: "CAD",
      transitDays,
      expectedDeliveryDate,
      guaranteed: parts.every((p) => p.guaranteed),
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
  private fallback(ctx: CheckedContext, reason: string): QuoteResult {
    const quotes = this.rules.fallback
      .filter((f) => !ctx.serviceCodes || ctx.serviceCodes.includes(f.serviceCode))
      .map((f): RateQuote => {
        const free = qualifiesForFreeShipping(f.serviceCode, ctx.orderSubtotal, this.rules.freeShipping);
        return {
          serviceCode: f.serviceCode,
          name: f.name,
          amount: free ? 0 : f.amount,
          currency: "CAD",
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

/**
 * Promise.all of `work` within `ms`: every value, or DEADLINE when `ms` pass first or the caller's signal
 * aborts; rejects with the first failure. One promise settled by whichever comes first, rather than a race
 * of Promise.all and a timer's promise and a finally: it is made for every checkout.
 */
function allWithin<T>(work: Promise<T>[], ms: number, signal?: AbortSignal): Promise<T[] | typeof DEADLINE> {
  return new Promise((resolve, reject) => {
    const values: T[] = new Array<T>(work.length);
    let left = work.length;
    // Nothing to wait for (a cart with no units packs into no parcel): answered now, not at the deadline.
    if (left === 0) return resolve(values);
    const end = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      end();
      resolve(DEADLINE);
    };
    const timer = setTimeout(onAbort, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    // Every call handled, even once the deadline has answered: one that fails late is no unhandled rejection.
    work.forEach((w, i) =>
      w.then(
        (value) => {
          values[i] = value;
          if (--left === 0) {
            end();
            resolve(values);
          }
        },
        (e: unknown) => {
          end();
          reject(e);
        },
      ),
    );
  });
}

/** `work` on the event loop's next turn, once the callers waiting on what just settled have run. */
export function afterThisTurn<T>(work: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(work());
      } catch (e) {
        reject(e as Error);
      }
    }),
  );
}

const reused = (r: Rated): Rated => (r.fromCache ? r : { outcome: r.outcome, fromCache: true });

/** Why Canada Post's prices could not be used, with Canada Post's codes and descriptions intact. */
function outageReason(e: unknown): string {
  if (e instanceof CanadaPostThrottledError) return `throttled: ${e.message}`;
  if (e instanceof CanadaPostError) return `error: ${e.message}`;
  if (e instanceof CanadaPostTransportError) return `unreachable: ${e.message}`;
  return `rate source failed: ${e instanceof Error ? e.message : String(e)}`;
}
