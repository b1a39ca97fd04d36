import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildMailingScenario, PriceQuotesSchema, OptionInfoSchema } from "../../../src/canada-post/rating";
import { camelize, parseXml } from "../../../src/canada-post/xml";
import { resolveConfig } from "../../../src/canada-post/config";
import { CanadaPostInputError } from "../../../src/canada-post/errors";
import { SHARED_SAMPLES_DIR, xsdErrors } from "../../support/xsd";

const config = resolveConfig({
  username: "u",
  password: "p",
  customerNumber: "1234567",
  contractId: "42708517",
});
const read = (f: string) => camelize(parseXml(readFileSync(join(SHARED_SAMPLES_DIR, f), "utf8")).value);

describe("Get Rates request", () => {
  it("builds a contract mailing scenario that validates against rating.xsd", async () => {
    const xml = buildMailingScenario(
      {
        parcel: { weight: 1.5, dimensions: { length: 10, width: 30, height: 20 } },
        originPostalCode: "k2b 8j6",
        destination: { country: "CA", postalCode: "j0e1x0" },
        options: [{ code: "COV", amount: 100 }, { code: "SO" }],
        services: ["DOM.EP", "DOM.XP"],
        expectedMailingDate: "2030-01-02",
        promoCode: "PROMO",
      },
      { config },
    );
    expect(await xsdErrors(xml, "rating.xsd")).toEqual([]);
    expect(xml).toContain("<customer-number>1234567</customer-number><contract-id>42708517</contract-id>");
    expect(xml).toContain(
      "<weight>1.500</weight><dimensions><length>30.0</length><width>20.0</width><height>10.0</height>",
    );
    expect(xml).toContain("<origin-postal-code>K2B8J6</origin-postal-code>");
    expect(xml).toContain("<option-amount>100.00</option-amount>");
  });

  it("omits the customer number and contract for a counter quote, and leaves out empty options", async () => {
    const xml = buildMailingScenario(
      {
        quoteType: "counter",
        parcel: { weight: 2 },
        originPostalCode: "K2B8J6",
        destination: { country: "US", postalCode: "90210" },
      },
      { config },
    );
    expect(await xsdErrors(xml, "rating.xsd")).toEqual([]);
    expect(xml).not.toContain("customer-number");
    expect(xml).not.toContain("<options");
    expect(xml).toContain("<quote-type>counter</quote-type>");
    expect(xml).toContain("<united-states><zip-code>90210</zip-code></united-states>");
  });

  it("builds an international destination with the KPG postal code", async () => {
    const xml = buildMailingScenario(
      {
        parcel: { weight: 0.25 },
        originPostalCode: "K2B8J6",
        destination: { country: "jp", postalCode: "100-0001" },
      },
      { config },
    );
    expect(await xsdErrors(xml, "rating.xsd")).toEqual([]);
    expect(xml).toContain(
      "<international><country-code>JP</country-code><postal-code>100-0001</postal-code>",
    );
  });

  it("refuses a malformed postal code before sending, saying what is expected", () => {
    expect(() =>
      buildMailingScenario({
        parcel: { weight: 1 },
        originPostalCode: "12345",
        destination: { country: "CA", postalCode: "K1A0B1" },
      }),
    ).toThrow(/originPostalCode "12345" is not a Canadian postal code: expected the form A9A 9A9/);
    expect(() =>
      buildMailingScenario({
        parcel: { weight: 0 },
        originPostalCode: "K2B8J6",
        destination: { country: "CA", postalCode: "K1A0B1" },
      }),
    ).toThrow(CanadaPostInputError);
  });

  it("escapes values put into XML", () => {
    const xml = buildMailingScenario({
      parcel: { weight: 1 },
      promoCode: "A<&>B",
      originPostalCode: "K2B8J6",
      destination: { country: "CA", postalCode: "K1A0B1" },
    });
    expect(xml).toContain("<promo-code>A&lt;&amp;&gt;B</promo-code>");
  });
});

describe("Get Rates and Get Option responses", () => {
  it("parses the captured price quotes with taxes, options and adjustments", () => {
    const quotes = PriceQuotesSchema.parse(read("rates_info.xml"));
    expect(quotes.length).toBeGreaterThan(1);
    const ep = quotes.find((q) => q.serviceCode === "DOM.EP")!;
    expect(ep.priceDetails.base).toBe(10.97);
    expect(ep.priceDetails.due).toBe(13.01);
    expect(ep.priceDetails.taxes?.hst).toEqual({ amount: 1.39, percent: 12 });
    expect(ep.priceDetails.adjustments.map((a) => a.adjustmentCode)).toEqual(["AUTDISC", "FUELSC"]);
    expect(ep.priceDetails.options[0]).toMatchObject({ optionCode: "DC", optionPrice: 0 });
    expect(ep.serviceStandard).toMatchObject({
      guaranteedDelivery: true,
      expectedTransitTime: 5,
      expectedDeliveryDate: "2012-01-18",
    });
    expect(ep.serviceLink?.mediaType).toBe("application/vnd.cpc.ship.rate+xml");
  });

  it("parses the captured option with its conflicts and prerequisites", () => {
    expect(OptionInfoSchema.parse(read("option_response.xml"))).toEqual({
      optionCode: "SO",
      optionName: "Signature option",
      optionClass: "FEAT",
      printsOnLabel: true,
      qualifierRequired: false,
      conflictingOptions: ["LAD"],
      prerequisiteOptions: ["DC"],
    });
  });
});
