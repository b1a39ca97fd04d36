import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  resolveConfig,
  CanadaPostError,
  CanadaPostInputError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  buildGetRatesRequest,
  writeGetRatesRequest,
  parseGetRatesResponse,
  type GetRatesInput,
  type PriceQuote,
  type CallerSignal,
} from "../../../src/canada-post";
import type { QuoteRules } from "../../../src/shipping/pricing-rules";
import { MemoryCache } from "../../../src/shipping/memory-cache";
import {
  QuoteInputError,
  QuoteService,
  type QuoteParcel,
  type RateSource,
  type ScenarioOutcome,
} from "../../../src/shipping/quotes";
import { SHARED_SAMPLES_DIR, xsdErrors } from "../../support/xsd";

const NAMES: Record<string, string> = {
  "DOM.RP": "Regular Parcel",
  "DOM.EP": "Expedited Parcel",
  "DOM.XP": "Xpresspost",
  "DOM.PC": "Priority",
};

/** A Canada Post price: due = base + taxes, for one service. */
function price(
  serviceCode: string,
  base: number,
  opts: { tax?: number; days?: number; date?: string; guaranteed?: boolean } = {},
): PriceQuote {
  const tax = opts.tax ?? 0;
  return {
    serviceCode,
    serviceName: NAMES[serviceCode] ?? serviceCode,
    priceDetails: {
      base,
      taxes: { gst: undefined, pst: undefined, hst: { amount: tax, percent: 13 } },
      due: Math.round((base + tax) * 100) / 100,
      options: [],
      adjustments: [],
    },
    serviceStandard: {
      expectedTransitTime: opts.days,
      expectedDeliveryDate: opts.date,
      guaranteedDelivery: opts.guaranteed ?? false,
    },
  };
}

/** A fake Get Rates that records its calls; the answer depends on the parcel's weight. */
function fakeSource(answer: (input: GetRatesInput) => Promise<PriceQuote[]> | PriceQuote[]) {
  const calls: GetRatesInput[] = [];
  const source: RateSource = async (input) => {
    calls.push(input);
    return answer(input);
  };
  return { source, calls };
}

const byWeight = (input: GetRatesInput): PriceQuote[] => {
  const w = input.parcel.weight;
  return [
    price("DOM.EP", 10 * w, { days: 2, date: "2030-01-03" }),
    price("DOM.XP", 20 * w, { days: 1, guaranteed: true }),
  ];
};

const TORONTO = { country: "CA", postalCode: "m5v 3l9" };
const ctx = { originPostalCode: "K2B 8J6" };
const box = (id: string, weight: number, dims?: [number, number, number]): QuoteParcel => ({
  id,
  weight,
  dimensions: dims && { length: dims[0], width: dims[1], height: dims[2] },
});
const never = () => new Promise<PriceQuote[]>(() => undefined);

/** The rules the merchant's settings resolve to by default, written out; a test changes what it needs. */
const DEFAULT_RULES: QuoteRules = {
  markup: { percent: 0, flat: 0 },
  handlingFee: 0,
  freeShipping: {},
  rounding: "none",
  basis: "due",
  deadlineMs: 2500,
  fallback: [],
  cacheTtlMs: 600_000,
};
type RulesChange = Partial<Omit<QuoteRules, "markup">> & { markup?: Partial<QuoteRules["markup"]> };
const rulesWith = (change: RulesChange = {}): QuoteRules => ({
  ...DEFAULT_RULES,
  ...change,
  markup: { ...DEFAULT_RULES.markup, ...change.markup },
});

function service(
  rateSource: RateSource,
  rules: RulesChange = {},
  extra: { now?: () => number; cache?: MemoryCache<ScenarioOutcome> } = {},
) {
  return new QuoteService({ rateSource, rules: rulesWith(rules), ...extra });
}

describe("quoteRates: one parcel", () => {
  it("does not read what an earlier version kept in a shared cache in another shape: asks Canada Post again", async () => {
    const first = fakeSource(byWeight);
    await service(first.source).quoteRates(TORONTO, [box("p1", 1)], ctx);
    // What the earlier version kept for this parcel: Canada Post's whole answer, under the request's text alone.
    const shared = new MemoryCache<ScenarioOutcome>();
    const earlier = { kind: "rated", quotes: [price("DOM.EP", 99)] } as unknown as ScenarioOutcome;
    await shared.set(buildGetRatesRequest(first.calls[0]!, {}), earlier, 60_000);

    const now = fakeSource(byWeight);
    const r = await service(now.source, {}, { cache: shared }).quoteRates(TORONTO, [box("p1", 1)], ctx);
    expect(now.calls).toHaveLength(1);
    expect(r.quotes.map((q) => [q.serviceCode, q.amount])).toEqual([
      ["DOM.EP", 10],
      ["DOM.XP", 20],
    ]);
  });

  it("turns Canada Post's sample answer into platform-neutral quotes with the breakdown", async () => {
    const sample = parseGetRatesResponse(readFileSync(join(SHARED_SAMPLES_DIR, "rates_info.xml"), "utf8"));
    const { source } = fakeSource(() => sample);
    const r = await service(source).quoteRates(TORONTO, [box("p1", 1)], ctx);
    expect(r.source).toBe("canada-post");
    expect(r.reason).toBeUndefined();
    const ep = r.quotes.find((q) => q.serviceCode === "DOM.EP");
    expect(ep).toEqual({
      serviceCode: "DOM.EP",
      name: "Expedited Parcel",
      amount: 13.01,
      currency: "CAD",
      transitDays: 5,
      expectedDeliveryDate: "2012-01-18",
      guaranteed: true,
      breakdown: { base: 10.97, options: 0, adjustments: 0.65, taxes: 1.39, due: 13.01 },
    });
    // Cheapest first when the merchant did not order the services.
    expect(r.quotes.map((q) => q.amount)).toEqual([...r.quotes.map((q) => q.amount)].sort((a, b) => a - b));
  });

  it("sends the real client a mailing scenario that validates against rating.xsd", async () => {
    const config = resolveConfig({ username: "u", password: "p", customerNumber: "1234567" });
    const xml: string[] = [];
    const { source } = fakeSource((input) => {
      xml.push(buildGetRatesRequest(input, config));
      return byWeight(input);
    });
    await service(source, { services: [{ serviceCode: "DOM.EP" }] }).quoteRates(
      TORONTO,
      [box("p1", 1.23456, [10, 30.04, 20])],
      { ...ctx, options: [{ code: "COV", amount: 100 }] },
    );
    expect(await xsdErrors(xml[0]!, "rating.xsd")).toEqual([]);
    expect(xml[0]).toContain(
      "<weight>1.235</weight><dimensions><length>30.0</length><width>20.0</width><height>10.0</height>",
    );
    expect(xml[0]).toContain("<postal-code>M5V3L9</postal-code>");
    expect(xml[0]).toContain("<service-code>DOM.EP</service-code>");
  });

  it("sends the text the client's checking builder writes for the same parcel, route and account", async () => {
    // The core writes its requests without the client's second check; the text must not change for it.
    const config = resolveConfig({
      username: "u",
      password: "p",
      customerNumber: "1234567",
      contractId: "42708517",
    });
    const bodies: string[] = [];
    const quotes = new QuoteService({
      rateSource: async (input, _signal, body) => {
        bodies.push(body);
        return byWeight(input);
      },
      request: (input) => writeGetRatesRequest(input, config),
      rules: rulesWith({ services: [{ serviceCode: "DOM.XP" }, { serviceCode: "DOM.EP" }] }),
    });
    const parcel = [box("p1", 1.23456, [10, 30.04, 20])];
    const options = [{ code: "SO" }, { code: "COV", amount: 100 }];
    await quotes.quoteRates(TORONTO, parcel, { originPostalCode: "k2b 8j6", options });
    await quotes.quoteRates(TORONTO, parcel, { originPostalCode: "K2B8J6", options, quoteType: "counter" });
    // As a user of the client would ask, written here by hand: the seed's element order, the builder's defaults.
    const asked = {
      parcel: { weight: 1.23456, dimensions: { length: 30.04, width: 20, height: 10 } },
      originPostalCode: "K2B 8J6",
      destination: { country: "ca", postalCode: "M5V 3L9" },
      options: [{ code: "COV", amount: 100 }, { code: "SO" }],
      services: ["DOM.EP", "DOM.XP"],
    };
    expect(bodies).toEqual([
      buildGetRatesRequest(asked, config),
      buildGetRatesRequest({ ...asked, quoteType: "counter" }, config),
    ]);
    expect(bodies[0]).toContain(
      "<customer-number>1234567</customer-number><contract-id>42708517</contract-id>",
    );
    expect(bodies[1]).not.toContain("customer-number");
  });

  it("applies the merchant's rules: markup, handling, rounding, names, enabled services, free shipping", async () => {
    const { source } = fakeSource(byWeight);
    const rules: RulesChange = {
      markup: { percent: 10 },
      handlingFee: 1,
      rounding: "up_0.99",
      services: [
        { serviceCode: "DOM.XP", name: "Express" },
        { serviceCode: "DOM.EP", name: "Standard" },
      ],
      freeShipping: { "DOM.EP": 75 },
    };
    const quotes = service(source, rules);
    const paid = await quotes.quoteRates(TORONTO, [box("p1", 1)], { ...ctx, orderSubtotal: 74.99 });
    expect(paid.quotes.map((q) => [q.serviceCode, q.name, q.amount])).toEqual([
      ["DOM.XP", "Express", 23.99], // 20 × 1.1 + 1 = 23.00 → 23.99
      ["DOM.EP", "Standard", 12.99], // 10 × 1.1 + 1 = 12.00 → 12.99
    ]);
    expect(paid.quotes[0]!.breakdown.due).toBe(20); // Canada Post's price stays visible
    const free = await quotes.quoteRates(TORONTO, [box("p1", 1)], { ...ctx, orderSubtotal: 75 });
    expect(free.quotes.find((q) => q.serviceCode === "DOM.EP")!.amount).toBe(0);
    expect(free.quotes.find((q) => q.serviceCode === "DOM.XP")!.amount).toBe(23.99);
  });

  it("starts from the price before taxes when the merchant says so", async () => {
    const { source } = fakeSource(() => [price("DOM.EP", 10, { tax: 1.3 })]);
    const due = await service(source).quoteRates(TORONTO, [box("p1", 1)], ctx);
    const pre = await service(source, { basis: "before_taxes" }).quoteRates(TORONTO, [box("p1", 1)], ctx);
    expect(due.quotes[0]!.amount).toBe(11.3);
    expect(pre.quotes[0]!.amount).toBe(10);
  });
});

describe("quoteRates: several parcels", () => {
  it("sums each service over the parcels and keeps only services every parcel can take", async () => {
    const { source, calls } = fakeSource((input) =>
      input.parcel.weight === 1
        ? [
            price("DOM.EP", 10.1, { tax: 1.31, days: 2, date: "2030-01-03", guaranteed: true }),
            price("DOM.XP", 20.2, { days: 1, guaranteed: true }),
            price("DOM.PC", 40),
          ]
        : [
            price("DOM.EP", 12.2, { tax: 1.59, days: 3, date: "2030-01-04" }),
            price("DOM.XP", 22.1, { days: 1, guaranteed: true }),
          ],
    );
    const r = await service(source).quoteRates(TORONTO, [box("a", 1), box("b", 5)], ctx);
    expect(calls).toHaveLength(2);
    expect(r.quotes.map((q) => q.serviceCode)).toEqual(["DOM.EP", "DOM.XP"]);
    const ep = r.quotes[0]!;
    expect(ep.amount).toBe(25.2); // 11.41 + 13.79, no float drift
    expect(ep.breakdown).toEqual({ base: 22.3, options: 0, adjustments: 0, taxes: 2.9, due: 25.2 });
    expect(ep.transitDays).toBe(3);
    expect(ep.expectedDeliveryDate).toBe("2030-01-04");
    expect(ep.guaranteed).toBe(false);
    expect(r.quotes[1]!.guaranteed).toBe(true);
  });

  it("rates identical parcels once (same weight and size after rounding, sides in any order)", async () => {
    const { source, calls } = fakeSource(byWeight);
    const r = await service(source).quoteRates(
      TORONTO,
      [box("a", 2, [10, 20, 30]), box("b", 2.0001, [30, 10, 20.04]), box("c", 3, [10, 20, 30])],
      ctx,
    );
    expect(calls).toHaveLength(2);
    expect(r.quotes.find((q) => q.serviceCode === "DOM.EP")!.amount).toBe(70); // 20 + 20 + 30
  });

  it("rates different parcels in parallel", async () => {
    let inFlight = 0;
    let most = 0;
    const { source } = fakeSource(async (input) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return byWeight(input);
    });
    await service(source).quoteRates(TORONTO, [box("a", 1), box("b", 2), box("c", 3)], ctx);
    expect(most).toBe(3);
  });
});

describe("quoteRates: coalescing and cache", () => {
  it("gives N concurrent identical checkouts one Canada Post call", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { source, calls } = fakeSource(async (input) => {
      await gate;
      return byWeight(input);
    });
    const quotes = service(source, { cacheTtlMs: 0 });
    const all = Promise.all(Array.from({ length: 25 }, () => quotes.quoteRates(TORONTO, [box("p", 1)], ctx)));
    await new Promise((r) => setTimeout(r, 10));
    release();
    const results = await all;
    expect(calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.quotes[0]!.amount))).toEqual(new Set([10]));
  });

  it("shares one call per distinct parcel when a platform asks once per service", async () => {
    const { source, calls } = fakeSource(byWeight);
    const quotes = service(source);
    const cart = [box("a", 1), box("b", 1), box("c", 4)];
    const results = await Promise.all(
      ["DOM.EP", "DOM.XP"].map((code) => quotes.quoteRates(TORONTO, cart, { ...ctx, serviceCodes: [code] })),
    );
    expect(calls).toHaveLength(2);
    expect(results.map((r) => r.quotes.map((q) => q.serviceCode))).toEqual([["DOM.EP"], ["DOM.XP"]]);
  });

  it("answers from the cache until the lifetime passes", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const { source, calls } = fakeSource(byWeight);
    const quotes = service(source, { cacheTtlMs: 60_000 }, { now: clock });
    expect((await quotes.quoteRates(TORONTO, [box("p", 1)], ctx)).source).toBe("canada-post");
    now += 59_999;
    const hit = await quotes.quoteRates({ country: "ca", postalCode: "M5V3L9" }, [box("q", 1)], ctx);
    expect(hit.source).toBe("cache");
    expect(hit.quotes[0]!.amount).toBe(10);
    expect(calls).toHaveLength(1);
    // Another destination is another scenario.
    await quotes.quoteRates({ country: "CA", postalCode: "H2X 1Y4" }, [box("p", 1)], ctx);
    expect(calls).toHaveLength(2);
    now += 1;
    expect((await quotes.quoteRates(TORONTO, [box("p", 1)], ctx)).source).toBe("canada-post");
    expect(calls).toHaveLength(3);
  });

  it("shares an answer not yet given to the cache only within the cache's lifetime", async () => {
    let now = 1_000_000;
    const { source, calls } = fakeSource(byWeight);
    const quotes = service(source, { cacheTtlMs: 60_000 }, { now: () => now });
    expect((await quotes.quoteRates(TORONTO, [box("p", 1)], ctx)).source).toBe("canada-post");
    // Before the event loop turns, the cache has not been given the answer yet.
    now += 59_999;
    expect((await quotes.quoteRates(TORONTO, [box("p", 1)], ctx)).source).toBe("cache");
    now += 1;
    expect((await quotes.quoteRates(TORONTO, [box("p", 1)], ctx)).source).toBe("canada-post");
    expect(calls).toHaveLength(2);
  });

  it("answers without waiting for the cache's write, and shares that answer with a checkout asking meanwhile", async () => {
    const { source, calls } = fakeSource(byWeight);
    const kept = new Map<string, ScenarioOutcome>();
    const writes: (() => void)[] = [];
    // A slow store (Redis across a network): each write lands only when the test lets it.
    const slow = {
      get: (key: string) => Promise.resolve(kept.get(key)),
      set: (key: string, value: ScenarioOutcome) =>
        new Promise<void>((done) =>
          writes.push(() => {
            kept.set(key, value);
            done();
          }),
        ),
    };
    const quotes = new QuoteService({ rateSource: source, rules: DEFAULT_RULES, cache: slow });
    const stuck = new Promise<string>((r) =>
      setTimeout(() => r("still waiting for the cache's write"), 1000),
    );
    const first = await Promise.race([quotes.quoteRates(TORONTO, [box("p", 1)], ctx), stuck]);
    expect(first).toMatchObject({ source: "canada-post" });
    // The write starts once the checkout has its answer, on the event loop's next turn.
    expect(writes).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    // Asked again before the write landed: the answer just read, not a second Get Rates call.
    const meanwhile = await quotes.quoteRates(TORONTO, [box("p", 1)], ctx);
    expect(meanwhile.quotes).toEqual((first as { quotes: unknown }).quotes);
    expect(calls).toHaveLength(1);
    writes[0]!();
    await new Promise((r) => setImmediate(r));
    expect((await quotes.quoteRates(TORONTO, [box("p", 1)], ctx)).source).toBe("cache");
    expect(calls).toHaveLength(1);
  });

  it("keeps quoting when the cache store throws rather than rejecting", async () => {
    const { source, calls } = fakeSource(byWeight);
    const warnings: string[] = [];
    const throwing = {
      get: () => Promise.resolve(undefined),
      set: (): Promise<void> => {
        throw new Error("cache port broken");
      },
    };
    const quotes = new QuoteService({
      rateSource: source,
      rules: DEFAULT_RULES,
      cache: throwing,
      logger: { warn: (m) => warnings.push(m) },
    });
    expect((await quotes.quoteRates(TORONTO, [box("p", 1)], ctx)).source).toBe("canada-post");
    await new Promise((r) => setImmediate(r));
    expect(warnings).toEqual([
      "Canada Post quote cache failed, quoting without it until it answers again: cache port broken",
    ]);
    // Once the write failed, the flight is over: the next ask is a new call.
    await quotes.quoteRates(TORONTO, [box("p", 1)], ctx);
    expect(calls).toHaveLength(2);
  });

  it("prices from Canada Post, not fallback rates, when the cache store's read throws rather than rejecting", async () => {
    const { source, calls } = fakeSource(byWeight);
    const warnings: string[] = [];
    const throwing = {
      get: (): Promise<undefined> => {
        throw new Error("cache port broken");
      },
      set: () => Promise.resolve(),
    };
    const quotes = new QuoteService({
      rateSource: source,
      rules: { ...DEFAULT_RULES, fallback: [{ serviceCode: "DOM.EP", name: "Expedited", amount: 19.99 }] },
      cache: throwing,
      logger: { warn: (m) => warnings.push(m) },
    });
    const r = await quotes.quoteRates(TORONTO, [box("p", 1)], ctx);
    expect(r.source).toBe("canada-post");
    expect(calls).toHaveLength(1);
    expect(warnings).toEqual([
      "Canada Post quote cache failed, quoting without it until it answers again: cache port broken",
    ]);
  });

  it("keeps quoting when the cache store fails, and tells the merchant once per outage", async () => {
    const { source, calls } = fakeSource(byWeight);
    let down = true;
    const broken = {
      get: () => (down ? Promise.reject(new Error("redis down")) : Promise.resolve(undefined)),
      set: () => (down ? Promise.reject(new Error("redis down")) : Promise.resolve()),
    };
    const warnings: string[] = [];
    const quotes = new QuoteService({
      rateSource: source,
      rules: DEFAULT_RULES,
      cache: broken,
      logger: { warn: (m) => warnings.push(m) },
    });
    const r = await quotes.quoteRates(TORONTO, [box("p", 1)], ctx);
    expect(r.source).toBe("canada-post");
    expect(r.quotes).toHaveLength(2);
    expect(calls).toHaveLength(1);
    await quotes.quoteRates(TORONTO, [box("p", 2)], ctx);
    expect(warnings).toEqual([
      "Canada Post quote cache failed, quoting without it until it answers again: redis down",
    ]);
    down = false;
    await quotes.quoteRates(TORONTO, [box("p", 3)], ctx);
    down = true;
    await quotes.quoteRates(TORONTO, [box("p", 4)], ctx);
    expect(warnings).toHaveLength(2); // a new outage is told again
  });
});

describe("quoteRates: deadline and outages", () => {
  const fallback = [
    { serviceCode: "DOM.EP", name: "Standard shipping", amount: 15 },
    { serviceCode: "DOM.XP", name: "Express shipping", amount: 30 },
  ];

  it("answers with the fallback rates at the deadline, and abandons the call there", async () => {
    const signals: CallerSignal[] = [];
    const abortedAt: number[] = [];
    const source: RateSource = (_input, signal) => {
      signals.push(signal);
      signal.addEventListener("abort", () => abortedAt.push(performance.now()));
      return never();
    };
    const quotes = service(source, { deadlineMs: 100, fallback });
    const t0 = performance.now();
    const r = await quotes.quoteRates(TORONTO, [box("p", 1)], ctx);
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(140);
    expect(r).toMatchObject({ source: "fallback", reason: "Canada Post did not answer within 100 ms" });
    expect(r.quotes.map((q) => [q.serviceCode, q.name, q.amount])).toEqual([
      ["DOM.EP", "Standard shipping", 15],
      ["DOM.XP", "Express shipping", 30],
    ]);
    // Nobody waits for the answer any more: the call is aborted at the deadline, not left running.
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    expect(abortedAt[0]! - t0).toBeLessThan(140);
    // The next checkout asks again (nothing late filled the cache).
    await quotes.quoteRates(TORONTO, [box("p", 1)], ctx);
    expect(signals).toHaveLength(2);
  });

  it("keeps a shared call alive while a later checkout still waits for it", async () => {
    let release!: (quotes: PriceQuote[]) => void;
    const signals: CallerSignal[] = [];
    const source: RateSource = (input, signal) => {
      signals.push(signal);
      return new Promise((r) => (release = () => r(byWeight(input))));
    };
    const quotes = service(source, { deadlineMs: 100, fallback });
    const first = quotes.quoteRates(TORONTO, [box("p", 1)], ctx);
    await new Promise((r) => setTimeout(r, 60));
    const second = quotes.quoteRates(TORONTO, [box("p", 1)], ctx);
    expect((await first).source).toBe("fallback");
    expect(signals[0]!.aborted).toBe(false); // the second checkout still waits for it
    release([]);
    expect((await second).source).toBe("canada-post");
    expect(signals).toHaveLength(1);
  });

  it("stops waiting when the caller's own signal aborts, and abandons the call", async () => {
    const signals: CallerSignal[] = [];
    const source: RateSource = (_input, signal) => (signals.push(signal), never());
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 20);
    const r = await service(source, { deadlineMs: 2000, fallback }).quoteRates(
      TORONTO,
      [box("p", 1)],
      ctx,
      caller.signal,
    );
    expect(r).toMatchObject({ source: "fallback", reason: "the caller stopped waiting for Canada Post" });
    expect(signals[0]!.aborted).toBe(true);
  });

  it("returns no quote (not an error) at the deadline when no fallback is configured", async () => {
    const r = await service(never, { deadlineMs: 30 }).quoteRates(TORONTO, [box("p", 1)], ctx);
    expect(r).toEqual({ quotes: [], source: "fallback", reason: "Canada Post did not answer within 30 ms" });
  });

  it("handles a rejection that arrives after the deadline (no unhandled rejection)", () => {
    // Jest's sandbox hides unhandled rejections from the test, so a plain Node process is the judge.
    const script = `
      const { QuoteService } = require(${JSON.stringify(join(__dirname, "../../../src/shipping/quotes.ts"))});
      process.on("unhandledRejection", () => console.log("UNHANDLED"));
      if (process.argv[1] === "control") Promise.reject(new Error("detector works"));
      const late = () => new Promise((_, reject) => setTimeout(() => reject(new Error("late")), 40));
      const rules = { markup: { percent: 0, flat: 0 }, handlingFee: 0, freeShipping: {}, rounding: "none",
        basis: "due", deadlineMs: 10, fallback: [], cacheTtlMs: 0 };
      new QuoteService({ rateSource: late, rules })
        .quoteRates({ country: "CA", postalCode: "M5V3L9" }, [{ id: "p", weight: 1 }], { originPostalCode: "K2B8J6" })
        .then((r) => console.log(r.source));
      setTimeout(() => console.log("done"), 100);`;
    const runNode = (arg: string) =>
      execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script, arg], { encoding: "utf8" });
    expect(runNode("control")).toContain("UNHANDLED");
    expect(runNode("quote").split("\n").filter(Boolean)).toEqual(["fallback", "done"]);
  });

  it.each([
    [
      "throttling",
      new CanadaPostThrottledError(503, "GetRates", [
        { code: "Server", description: "Rejected by SLM Monitor" },
      ]),
      /^throttled: .*Server: Rejected by SLM Monitor/,
    ],
    [
      "an error answer",
      new CanadaPostError(500, "GetRates", [
        { code: "AA004", description: "You cannot mail on behalf of the requested customer." },
      ]),
      /^error: .*AA004: You cannot mail on behalf of the requested customer\./,
    ],
    [
      "a transport error",
      new CanadaPostTransportError("GetRates", "network", "ECONNREFUSED"),
      /^unreachable: .*ECONNREFUSED/,
    ],
    [
      "a refused input",
      new CanadaPostInputError("GetRates", "a Canadian destination needs its postal code"),
      /postal code/,
    ],
    ["anything else", new Error("socket hang up"), /^rate source failed: socket hang up/],
  ])("falls back on %s, saying why", async (_what, error, reason) => {
    const failing: RateSource = async () => {
      throw error;
    };
    const r = await service(failing, { fallback, freeShipping: { "*": 100 } }).quoteRates(
      TORONTO,
      [box("p", 1)],
      {
        ...ctx,
        orderSubtotal: 120,
        serviceCodes: ["DOM.EP"],
      },
    );
    expect(r.source).toBe("fallback");
    expect(r.reason).toMatch(reason);
    // Filtered to the requested service; free shipping still honoured.
    expect(r.quotes.map((q) => [q.serviceCode, q.amount])).toEqual([["DOM.EP", 0]]);
  });

  it("falls back as soon as one parcel's call fails, without waiting for the others", async () => {
    const source: RateSource = async (input) => {
      if (input.parcel.weight === 1) throw new CanadaPostTransportError("GetRates", "network", "reset");
      return never();
    };
    const t0 = performance.now();
    const r = await service(source, { deadlineMs: 1000, fallback }).quoteRates(
      TORONTO,
      [box("a", 1), box("b", 2)],
      ctx,
    );
    expect(performance.now() - t0).toBeLessThan(100);
    expect(r.source).toBe("fallback");
  });
});

describe("quoteRates: nothing fits", () => {
  const nothingFits = new CanadaPostError(400, "GetRates", [
    { code: "9111", description: "No rates were returned for the parcel as it exceeds the maximum size" },
  ]);

  it("answers 9111 with no quote and the reason, not with fallback rates, and caches it", async () => {
    const { source, calls } = fakeSource(() => Promise.reject(nothingFits));
    const quotes = service(source, { fallback: [{ serviceCode: "DOM.EP", name: "Flat", amount: 10 }] });
    const r = await quotes.quoteRates(TORONTO, [box("big", 29, [190, 60, 60])], ctx);
    expect(r).toEqual({
      quotes: [],
      source: "canada-post",
      reason: "parcel big: 9111 No rates were returned for the parcel as it exceeds the maximum size",
    });
    const again = await quotes.quoteRates(TORONTO, [box("big", 29, [190, 60, 60])], ctx);
    expect(again.source).toBe("cache");
    expect(calls).toHaveLength(1);
  });

  it("gives no quote for a cart when one of its parcels has no service (9112)", async () => {
    const { source } = fakeSource((input) =>
      input.parcel.weight === 2
        ? Promise.reject(
            new CanadaPostError(400, "GetRates", [{ code: "9112", description: "Service not available" }]),
          )
        : byWeight(input),
    );
    const r = await service(source).quoteRates(TORONTO, [box("a", 1), box("b", 2), box("c", 2)], ctx);
    expect(r.quotes).toEqual([]);
    expect(r.reason).toBe("parcel b, c: 9112 Service not available");
  });

  it("says so when no enabled service is left", async () => {
    const { source } = fakeSource(byWeight);
    const r = await service(source, { services: [{ serviceCode: "DOM.PC" }] }).quoteRates(
      TORONTO,
      [box("a", 1)],
      ctx,
    );
    expect(r.quotes).toEqual([]);
    expect(r.reason).toMatch(/none of the requested services/);
  });
});

describe("quoteRates: destinations", () => {
  const offered = {
    services: [
      { serviceCode: "DOM.EP" },
      { serviceCode: "DOM.XP" },
      { serviceCode: "USA.EP" },
      { serviceCode: "INT.XP" },
    ],
  };

  it("asks Canada Post only for the offered services that reach the country (a DOM.* service would be 9112)", async () => {
    const { source, calls } = fakeSource((input) => (input.services ?? []).map((code) => price(code, 20)));
    const us = await service(source, offered).quoteRates(
      { country: "US", postalCode: "90210" },
      [box("a", 1)],
      ctx,
    );
    const jp = await service(source, offered).quoteRates({ country: "JP" }, [box("a", 1)], ctx);
    expect(calls.map((c) => c.services)).toEqual([["USA.EP"], ["INT.XP"]]);
    expect(us.quotes.map((q) => q.serviceCode)).toEqual(["USA.EP"]);
    expect(jp.quotes.map((q) => q.serviceCode)).toEqual(["INT.XP"]);
  });

  it("makes no call and says why when no offered service reaches the country", async () => {
    const { source, calls } = fakeSource(byWeight);
    const r = await service(source, { services: [{ serviceCode: "DOM.EP" }] }).quoteRates(
      { country: "US", postalCode: "90210" },
      [box("a", 1)],
      ctx,
    );
    expect(calls).toHaveLength(0);
    expect(r.quotes).toEqual([]);
    expect(r.reason).toMatch(/none of the offered services ships to US: offer a USA\.\* service/);
  });
});

describe("quoteRates: input", () => {
  const quotes = service(fakeSource(byWeight).source);
  it.each([
    ["no parcel", TORONTO, [], ctx, /parcels: give at least one parcel/],
    ["a zero weight", TORONTO, [box("a", 0)], ctx, /parcels\.0\.weight: weight must be more than 0 kg/],
    [
      "a bad country",
      { country: "Canada" },
      [box("a", 1)],
      ctx,
      /destination\.country: country must be a 2-letter ISO code/,
    ],
    [
      "a bad origin",
      TORONTO,
      [box("a", 1)],
      { originPostalCode: "12345" },
      /context\.originPostalCode: .*Canadian postal code/,
    ],
  ] as const)("refuses %s with a clear error", async (_what, dest, parcels, context, message) => {
    const call = quotes.quoteRates(dest, parcels as unknown as QuoteParcel[], context);
    await expect(call).rejects.toThrow(QuoteInputError);
    await expect(call).rejects.toThrow(message);
  });

  it("refuses to be built without a rate source", () => {
    expect(() => new QuoteService({ rules: DEFAULT_RULES } as never)).toThrow(/rateSource/);
  });
});
