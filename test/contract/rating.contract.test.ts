import {
  CanadaPostError,
  MediaType,
  discoverServices,
  getOption,
  getRates,
  buildGetRatesRequest,
  sendGetRates,
  getService,
  type GetRatesInput,
  type PriceQuote,
  camelize,
  parseXml,
} from "../../src/canada-post";
import { xsdErrors } from "../support/xsd";
import { requestLog, resetSimulator, seedSample, simToday, useSimulator } from "./support";

/** The Rating API of the real client against the simulator: prices, services, options and their errors. */

const h = useSimulator();
beforeEach(() => resetSimulator(h.sim));

const parcel = (o: Partial<GetRatesInput> = {}): GetRatesInput => ({
  parcel: { weight: 2 },
  originPostalCode: "K2B 8J6",
  destination: { country: "CA", postalCode: "J0E 1X0" },
  ...o,
});
const due = (quotes: PriceQuote[], code: string) => quotes.find((q) => q.serviceCode === code)?.priceDetails;

async function refusal(call: Promise<unknown>): Promise<CanadaPostError> {
  const e = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CanadaPostError);
  return e as CanadaPostError;
}

describe("Get Rates", () => {
  it("prices contract below commercial below counter, and counter quotes leave out commercial-only services", async () => {
    const contract = await getRates(h.ctx, parcel());
    const commercial = await getRates(
      { ...h.ctx, config: { ...h.ctx.config, contractId: undefined } },
      parcel(),
    );
    const counter = await getRates(h.ctx, parcel({ quoteType: "counter" }));
    const base = (qs: PriceQuote[]) => due(qs, "DOM.RP")!.base;
    expect(base(contract)).toBeLessThan(base(commercial));
    expect(base(commercial)).toBeLessThan(base(counter));
    // Counter (consumer) prices have no automation discount and no Expedited Parcel.
    expect(counter.map((q) => q.serviceCode)).not.toContain("DOM.EP");
    expect(contract.map((q) => q.serviceCode)).toContain("DOM.EP");
    expect(due(counter, "DOM.RP")!.adjustments.map((a) => a.adjustmentCode)).not.toContain("AUTDISC");
    expect(due(contract, "DOM.RP")!.adjustments.map((a) => a.adjustmentCode)).toContain("AUTDISC");
  });

  it("lists domestic services cheapest first with the destination's taxes and a followable service link", async () => {
    const quotes = await getRates(h.ctx, parcel({ destination: { country: "CA", postalCode: "K1K4T3" } }));
    expect(quotes.length).toBeGreaterThanOrEqual(3);
    expect(quotes.every((q) => q.serviceCode.startsWith("DOM."))).toBe(true);
    const dues = quotes.map((q) => q.priceDetails.due);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    const ep = due(quotes, "DOM.EP")!;
    // Ontario: 13 % HST on the pre-tax amount.
    expect(ep.taxes?.hst?.percent).toBe(13);
    expect(ep.taxes!.hst!.amount).toBeGreaterThan(0);
    const q = quotes.find((x) => x.serviceCode === "DOM.EP")!;
    expect(q.serviceStandard?.expectedTransitTime).toBeGreaterThan(0);
    expect(q.serviceLink?.href).toBe(`${h.sim.url}/rs/ship/service/DOM.EP?country=CA`);
    const service = await getService(h.ctx, "DOM.EP", "CA");
    expect(service.serviceName).toBe(q.serviceName);
  });

  it("answers a body built once the same as getRates, so the text can key a cache", async () => {
    const input = parcel({ destination: { country: "CA", postalCode: "k1k 4t3" } });
    const body = buildGetRatesRequest(input, h.ctx.config);
    expect(await sendGetRates(h.ctx, body)).toEqual(await getRates(h.ctx, input));
    expect((await requestLog(h.sim)).byOperation.GetRates).toBe(2);
  });

  it("rates the United States by ZIP and other countries without taxes", async () => {
    const us = await getRates(h.ctx, parcel({ destination: { country: "US", postalCode: "90210" } }));
    expect(us.length).toBeGreaterThan(0);
    expect(us.every((q) => q.serviceCode.startsWith("USA."))).toBe(true);
    const intl = await getRates(h.ctx, parcel({ destination: { country: "JP" } }));
    expect(intl.every((q) => q.serviceCode.startsWith("INT."))).toBe(true);
    expect(intl.every((q) => !q.priceDetails.taxes?.gst?.amount && !q.priceDetails.taxes?.hst?.amount)).toBe(
      true,
    );
  });

  it("prices requested options, coverage with its step qualifier", async () => {
    const plain = await getRates(h.ctx, parcel({ services: ["DOM.EP"] }));
    const covered = await getRates(
      h.ctx,
      parcel({ services: ["DOM.EP"], options: [{ code: "COV", amount: 500 }, { code: "SO" }] }),
    );
    expect(covered).toHaveLength(1);
    const options = covered[0]!.priceDetails.options;
    const cov = options.find((o) => o.optionCode === "COV")!;
    expect(cov.optionPrice).toBeGreaterThan(0);
    expect(cov.qualifier?.includedAmount).toBe(100);
    expect(options.map((o) => o.optionCode)).toEqual(expect.arrayContaining(["DC", "SO", "COV"]));
    expect(covered[0]!.priceDetails.due).toBeGreaterThan(plain[0]!.priceDetails.due);
  });

  it("bills the cubed weight of a light, bulky parcel", async () => {
    const small = await getRates(h.ctx, parcel({ services: ["DOM.RP"] }));
    const bulky = await getRates(
      h.ctx,
      parcel({
        services: ["DOM.RP"],
        parcel: { weight: 2, dimensions: { length: 40, width: 60, height: 50 } },
      }),
    );
    // 60 × 50 × 40 / 6000 = 20 kg billed instead of 2.
    expect(bulky[0]!.weightDetails?.cubedWeight).toBe(20);
    expect(small[0]!.weightDetails?.cubedWeight).toBeUndefined();
    expect(bulky[0]!.priceDetails.base).toBeGreaterThan(small[0]!.priceDetails.base);
  });

  it("answers French service names with lang fr", async () => {
    const quotes = await getRates(h.ctx, parcel({ services: ["DOM.EP"] }), { lang: "fr" });
    expect(quotes[0]!.serviceName).toBe("Colis accélérés");
  });

  it("passes 1622, 7050, 9111 and 9112 through with Canada Post's code and description", async () => {
    const yesterday = new Date(h.sim.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    const past = await refusal(getRates(h.ctx, parcel({ expectedMailingDate: yesterday })));
    expect(past.status).toBe(400);
    expect(past.messages).toEqual([
      { code: "1622", description: "The expected-mailing-date must not be in the past." },
    ]);
    expect((await getRates(h.ctx, parcel({ expectedMailingDate: simToday(h.sim) }))).length).toBeGreaterThan(
      0,
    );

    const prerequisite = await refusal(
      getRates(h.ctx, parcel({ services: ["DOM.XP"], options: [{ code: "PA18" }] })),
    );
    expect(prerequisite.code).toBe("7050");
    expect(prerequisite.messages[0]!.description).toContain("PA18");

    const heavy = await refusal(getRates(h.ctx, parcel({ parcel: { weight: 45 } })));
    expect(heavy.code).toBe("9111");
    expect(heavy.messages[0]!.description).toMatch(/^No services are appropriate/);

    const wrong = await refusal(getRates(h.ctx, parcel({ services: ["USA.EP"] })));
    expect(wrong.code).toBe("9112");
    expect(wrong.message).toContain("The service USA.EP is not available");
  });

  it("answers the seed's sample request, sent as-is, with a price-quotes document valid against rating.xsd", async () => {
    const res = await h.ctx.transport.send({
      operation: "GetRates",
      method: "POST",
      url: "/rs/ship/price",
      accept: MediaType.rate,
      contentType: MediaType.rate,
      body: seedSample("004", "mailing-scenario"),
      idempotent: true,
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe(MediaType.rate);
    const text = res.body.toString("utf8");
    expect(await xsdErrors(text, "rating.xsd")).toEqual([]);
    const { root, value } = parseXml(text);
    expect(root).toBe("price-quotes");
    const quotes = (
      camelize(value) as { priceQuote: { serviceCode: string; priceDetails: { due: string } }[] }
    ).priceQuote;
    expect(quotes.map((q) => q.serviceCode)).toContain("DOM.EP");
    expect(quotes.every((q) => Number(q.priceDetails.due) > 0)).toBe(true);
  });
});

describe("Discover Services, Get Service, Get Option", () => {
  it("discovers the services of one country, and all of them without a country", async () => {
    const services = await discoverServices(h.ctx, { country: "JP" });
    expect(services.length).toBeGreaterThan(0);
    expect(services.every((s) => s.serviceCode.startsWith("INT."))).toBe(true);
    const all = await discoverServices(h.ctx);
    expect(all.map((s) => s.serviceCode)).toEqual(expect.arrayContaining(["DOM.EP", "USA.EP", "INT.XP"]));
  });

  it("refuses a bad postal code (7266), country (8534) or contract (2550)", async () => {
    expect((await refusal(discoverServices(h.ctx, { originPostalCode: "12345" }))).code).toBe("7266");
    expect((await refusal(discoverServices(h.ctx, { country: "ZZ" }))).code).toBe("8534");
    const contract = await refusal(discoverServices(h.ctx, { contractId: "99999" }));
    expect(contract.messages).toEqual([{ code: "2550", description: "The contract number is not valid." }]);
  });

  it("gets a service's limits, density factor and options", async () => {
    const s = await getService(h.ctx, "DOM.EP");
    expect(s.serviceCode).toBe("DOM.EP");
    expect(s.restrictions?.densityFactor).toBe(6000);
    expect(s.restrictions?.weightRestriction?.max).toBe(30000);
    expect(s.options.find((o) => o.optionCode === "DC")?.mandatory).toBe(true);
    expect(s.options.find((o) => o.optionCode === "COV")?.qualifierMax).toBeGreaterThan(0);
    const unknown = await refusal(getService(h.ctx, "DOM.NOPE"));
    expect(unknown.status).toBe(404);
    expect(unknown.code).toBe("9112");
  });

  it("gets an option with its prerequisites, and 404 with no message for an unknown one", async () => {
    const so = await getOption(h.ctx, "SO");
    expect(so.optionCode).toBe("SO");
    expect(so.prerequisiteOptions).toEqual(["DC"]);
    const missing = await refusal(getOption(h.ctx, "XYZ"));
    expect(missing.status).toBe(404);
    expect(missing.messages).toEqual([]);
    const log = await requestLog(h.sim);
    expect(log.byOperation.GetOption).toBe(2);
  });
});
