import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { GetRatesInput, PriceQuote } from "../src/canada-post";
import type { QuoteRules } from "../src/shipping/pricing-rules";
import { QuoteService, type QuoteParcel, type RateSource } from "../src/shipping/quotes";

/**
 * What the quote service adds on top of Canada Post: time per quote on a cache miss (beyond the Get
 * Rates call itself) and on a hit, and how many Get Rates calls a cart priced once per service makes.
 * Pass `rateSource` to measure against a real client (e.g. pointed at the simulator).
 */
export interface QuoteBenchOptions {
  rateSource?: RateSource;
  /** Quotes measured for the miss and the hit cases. */
  iterations?: number;
  originPostalCode?: string;
  destination?: { country: string; postalCode?: string };
}

const SERVICES = ["DOM.RP", "DOM.EP", "DOM.XP", "DOM.PC"];

/** An in-process Get Rates: a fixed answer for every domestic service, no I/O. */
export const fakeRateSource: RateSource = async (input: GetRatesInput) =>
  SERVICES.map((serviceCode, i): PriceQuote => ({
    serviceCode,
    serviceName: serviceCode,
    priceDetails: {
      base: 10 + i * 5 + input.parcel.weight,
      taxes: { gst: undefined, pst: undefined, hst: { amount: 1.3 + i, percent: 13 } },
      due: 11.3 + i * 6 + input.parcel.weight,
      options: [],
      adjustments: [{ adjustmentCode: "FUELSC", adjustmentCost: 0.98 }],
    },
    serviceStandard: { expectedTransitTime: 4 - i, guaranteedDelivery: i > 0 },
  }));

const RULES: QuoteRules = {
  markup: { percent: 12.5 },
  handlingFee: 1.5,
  rounding: "up_0.99",
  services: SERVICES.map((serviceCode) => ({ serviceCode })),
  freeShipping: { "DOM.RP": 150 },
};

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: round(at(0.5)), p95: round(at(0.95)), max: round(s[s.length - 1]!) };
}
const round = (ms: number) => Math.round(ms * 10_000) / 10_000;

export async function run(options: QuoteBenchOptions = {}) {
  const source = options.rateSource ?? fakeRateSource;
  const iterations = options.iterations ?? (options.rateSource ? 200 : 5000);
  const destination = options.destination ?? { country: "CA", postalCode: "M5V 3L9" };
  const context = { originPostalCode: options.originPostalCode ?? "K2B 8J6", orderSubtotal: 80 };

  // Time spent inside the rate source, so the service's own share can be told apart.
  let inside = 0;
  const timed: RateSource = async (input, signal) => {
    const t0 = performance.now();
    try {
      return await source(input, signal);
    } finally {
      inside += performance.now() - t0;
    }
  };

  /* Miss: every quote is a new parcel weight, so a new scenario. */
  const missService = new QuoteService({ rateSource: timed, rules: RULES });
  const added: number[] = [];
  for (let i = 0; i < iterations + 100; i++) {
    const parcel: QuoteParcel = {
      id: "p",
      weight: 0.5 + i * 0.001,
      dimensions: { length: 30, width: 20, height: 10 },
    };
    inside = 0;
    const t0 = performance.now();
    const r = await missService.quoteRates(destination, [parcel], context);
    const total = performance.now() - t0;
    if (r.source !== "canada-post") throw new Error(`miss ${i} was answered from ${r.source}: ${r.reason}`);
    if (i >= 100) added.push(total - inside); // the first 100 warm the JIT
  }

  /* Hit: the same cart again and again. */
  const hitService = new QuoteService({ rateSource: timed, rules: RULES });
  const cart: QuoteParcel[] = [{ id: "p", weight: 1.2, dimensions: { length: 30, width: 20, height: 10 } }];
  await hitService.quoteRates(destination, cart, context);
  const hits: number[] = [];
  // A hit never reaches the rate source, so it is measured at steady state whatever the source is.
  const hitIterations = Math.max(iterations, 5000);
  for (let i = 0; i < hitIterations + 100; i++) {
    const t0 = performance.now();
    const r = await hitService.quoteRates(destination, cart, context);
    const ms = performance.now() - t0;
    if (r.source !== "cache") throw new Error(`hit ${i} was answered from ${r.source}`);
    if (i >= 100) hits.push(ms);
  }

  /* One cart priced once per service, all at once (as Medusa does): one call per distinct parcel. */
  let upstreamCalls = 0;
  const counting: RateSource = (input, signal) => {
    upstreamCalls++;
    return source(input, signal);
  };
  const perService = new QuoteService({ rateSource: counting, rules: RULES });
  const bigCart: QuoteParcel[] = [
    { id: "a", weight: 2, dimensions: { length: 30, width: 20, height: 10 } },
    { id: "b", weight: 2, dimensions: { length: 10, width: 30, height: 20 } },
    { id: "c", weight: 4.5, dimensions: { length: 40, width: 30, height: 20 } },
  ];
  const distinctParcels = 2;
  const results = await Promise.all(
    SERVICES.map((code) => perService.quoteRates(destination, bigCart, { ...context, serviceCodes: [code] })),
  );

  const miss = stats(added);
  const hit = stats(hits);
  return {
    rateSource: options.rateSource ? "given" : "in-process fake",
    iterations,
    missAddedMs: { ...miss, targetMedian: 1, ok: miss.median <= 1 },
    hitMs: { ...hit, iterations: hitIterations, targetMedian: 0.05, ok: hit.median <= 0.05 },
    perServiceConcurrency: {
      services: SERVICES.length,
      parcels: bigCart.length,
      distinctParcels,
      upstreamCalls,
      quotesReturned: results.map((r) => r.quotes.length),
      ok: upstreamCalls === distinctParcels,
    },
    node: process.version,
    at: new Date().toISOString(),
  };
}

if (require.main === module) {
  run()
    .then((result) => {
      const dir = join(__dirname, "results");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "quotes.json"), `${JSON.stringify(result, null, 2)}\n`);
      console.log(JSON.stringify(result, null, 2));
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
