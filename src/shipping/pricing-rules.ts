/**
 * The merchant's pricing rules, applied after Canada Post's price. Pure functions over whole cents, so
 * that 0.1 + 0.2 is 0.30 and a 15 % markup on 10.05 is 11.56, never 11.557499999.
 */

/** Money in major units (12.34) to whole cents, rounding half away from zero on the decimal value. */
export function toCents(amount: number): number {
  const scaled = Math.abs(amount) * 100;
  const rounded = Math.round(scaled);
  // Binary noise only decides the rounding within a hair of half a cent; elsewhere (nearly every price,
  // read on every quote) the plain rounding is the answer, without the string round trip below.
  if (scaled < 1e9 && Math.abs(Math.abs(scaled - rounded) - 0.5) > 1e-6) return Math.sign(amount) * rounded;
  // toPrecision strips the binary noise first: 1.005 * 100 is 100.49999999999999, but means 100.5.
  const cents = Number(scaled.toPrecision(12));
  return Math.sign(amount) * Math.round(cents);
}

export const fromCents = (cents: number): number => cents / 100;

/** Adds amounts in major units without drift. */
export function sumMoney(amounts: readonly number[]): number {
  return fromCents(amounts.reduce((total, a) => total + toCents(a), 0));
}

export type Rounding = "none" | "nearest_0.05" | "up_0.99" | "up_whole";

export interface FallbackRate {
  serviceCode: string;
  name: string;
  /** CAD, major units, shown as is (no markup): the merchant chose this price. */
  amount: number;
}

/**
 * The quote service's rules, every value resolved: built from the merchant's settings (quoteRulesOf in
 * settings.ts), which are checked once where they enter the core. Nothing here checks them again.
 */
export interface QuoteRules {
  /** Percent first (10 adds 10 %, negative is a discount), then the flat amount in CAD. */
  markup: { percent: number; flat: number };
  /** CAD added for handling, after the markup. */
  handlingFee: number;
  /** serviceCode → order subtotal (CAD) at or above which that service is free; "*" applies to every service. */
  freeShipping: Record<string, number>;
  rounding: Rounding;
  /** Canada Post's `due` (taxes included) or the price before taxes, as the starting amount. */
  basis: "due" | "before_taxes";
  /** The services offered, in order, with the merchant's names; every service Canada Post offers when absent. */
  services?: { serviceCode: string; name?: string }[];
  /** How long a checkout waits for Canada Post before falling back; the call is abandoned then too. */
  deadlineMs: number;
  /** Prices shown when Canada Post cannot answer in time; none when empty. */
  fallback: FallbackRate[];
  /** How long a Canada Post answer is reused for the same parcel and route; 0 disables the cache. */
  cacheTtlMs: number;
}

/** Percentage then flat markup, in cents. The result never goes below zero. */
export function applyMarkup(cents: number, markup: Partial<QuoteRules["markup"]> | undefined): number {
  if (!markup) return cents;
  let out = cents;
  if (markup.percent) out = Math.round(Number(((out * (100 + markup.percent)) / 100).toPrecision(12)));
  if (markup.flat) out += toCents(markup.flat);
  return Math.max(0, out);
}

export function applyHandlingFee(cents: number, fee: number | undefined): number {
  return fee ? cents + toCents(fee) : cents;
}

/** Rounds a price the way the merchant wants to display it; zero stays zero. */
export function applyRounding(cents: number, rounding: Rounding): number {
  if (cents <= 0) return cents;
  switch (rounding) {
    case "none":
      return cents;
    case "nearest_0.05":
      return Math.round(cents / 5) * 5;
    case "up_0.99":
      // The smallest X.99 at or above the price: 12.30 → 12.99, 12.99 → 12.99, 13.00 → 13.99.
      return Math.ceil((cents - 99) / 100) * 100 + 99;
    case "up_whole":
      return Math.ceil(cents / 100) * 100;
  }
}

/** True when the order subtotal reaches the free-shipping threshold of this service (or of "*"). */
export function qualifiesForFreeShipping(
  serviceCode: string,
  orderSubtotal: number | undefined,
  freeShipping: QuoteRules["freeShipping"] | undefined,
): boolean {
  if (orderSubtotal === undefined || !freeShipping) return false;
  const threshold = freeShipping[serviceCode] ?? freeShipping["*"];
  return threshold !== undefined && toCents(orderSubtotal) >= toCents(threshold);
}

/** Canada Post's price for one service → what the shopper pays, in CAD major units. */
export function applyPricingRules(
  canadaPostAmount: number,
  serviceCode: string,
  orderSubtotal: number | undefined,
  rules: Pick<QuoteRules, "rounding"> &
    Partial<Pick<QuoteRules, "handlingFee" | "freeShipping">> & { markup?: Partial<QuoteRules["markup"]> },
): number {
  if (qualifiesForFreeShipping(serviceCode, orderSubtotal, rules.freeShipping)) return 0;
  let cents = toCents(canadaPostAmount);
  cents = applyMarkup(cents, rules.markup);
  cents = applyHandlingFee(cents, rules.handlingFee);
  cents = applyRounding(cents, rules.rounding);
  return fromCents(cents);
}

/** The merchant's name for a service, or Canada Post's. */
export function serviceName(
  serviceCode: string,
  canadaPostName: string,
  services: QuoteRules["services"],
): string {
  return services?.find((s) => s.serviceCode === serviceCode)?.name ?? canadaPostName;
}

/**
 * Keeps the services the merchant offers (all when no list is configured) and, when the caller asks for
 * some, only those; in the merchant's order, else cheapest first.
 */
export function selectServices<T extends { serviceCode: string; amount: number }>(
  quotes: readonly T[],
  services: QuoteRules["services"],
  requested?: readonly string[],
): T[] {
  // One copy of the list, sorted in place: a quote is selected on every checkout's miss.
  const out = requested ? quotes.filter((q) => requested.includes(q.serviceCode)) : [...quotes];
  if (!services) return out.sort((a, b) => a.amount - b.amount);
  const order = new Map(services.map((s, i) => [s.serviceCode, i]));
  return out
    .filter((q) => order.has(q.serviceCode))
    .sort((a, b) => order.get(a.serviceCode)! - order.get(b.serviceCode)!);
}
