import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildGetRatesRequest,
  parseGetRatesResponse,
  parseGetOptionResponse,
  resolveConfig,
  CanadaPostInputError,
} from "../../../src/canada-post";
import { SHARED_SAMPLES_DIR, xsdErrors } from "../../support/xsd";

const config = resolveConfig({
  username: "u",
  password: "p",
  customerNumber: "1234567",
  contractId: "42708517",
});
const sample = (f: string) => readFileSync(join(SHARED_SAMPLES_DIR, f), "utf8");

describe("Get Rates request", () => {
  it("builds a contract mailing scenario that validates against rating.xsd", async () => {
    const xml = buildGetRatesRequest(
      {
        parcel: { weight: 1.5, dimensions: { length: 10, width: 30, height: 20 } },
        originPostalCode: "k2b 8j6",
        destination: { country: "CA", postalCode: "j0e1x0" },
        options: [{ code: "COV", amount: 100 }, { code: "SO" }],
        services: ["DOM.EP", "DOM.XP"],
        expectedMailingDate: "2030-01-02",
        promoCode: "PROMO",
      },
      config,
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
    const xml = buildGetRatesRequest(
      {
        quoteType: "counter",
        parcel: { weight: 2 },
        originPostalCode: "K2B8J6",
        destination: { country: "US", postalCode: "90210" },
      },
      config,
    );
    expect(await xsdErrors(xml, "rating.xsd")).toEqual([]);
    expect(xml).not.toContain("customer-number");
    expect(xml).not.toContain("<options");
    expect(xml).toContain("<quote-type>counter</quote-type>");
    expect(xml).toContain("<united-states><zip-code>90210</zip-code></united-states>");
  });

  it("builds an international destination with the KPG postal code", async () => {
    const xml = buildGetRatesRequest(
      {
        parcel: { weight: 0.25 },
        originPostalCode: "K2B8J6",
        destination: { country: "jp", postalCode: "100-0001" },
      },
      config,
    );
    expect(await xsdErrors(xml, "rating.xsd")).toEqual([]);
    expect(xml).toContain(
      "<international><country-code>JP</country-code><postal-code>100-0001</postal-code>",
    );
  });

  it("refuses a malformed postal code before sending, saying what is expected", () => {
    expect(() =>
      buildGetRatesRequest(
        {
          parcel: { weight: 1 },
          originPostalCode: "12345",
          destination: { country: "CA", postalCode: "K1A0B1" },
        },
        {},
      ),
    ).toThrow(/originPostalCode "12345" is not a Canadian postal code: expected the form A9A 9A9/);
    expect(() =>
      buildGetRatesRequest(
        {
          parcel: { weight: 0 },
          originPostalCode: "K2B8J6",
          destination: { country: "CA", postalCode: "K1A0B1" },
        },
        {},
      ),
    ).toThrow(CanadaPostInputError);
  });

  it("is canonical: the same parcel and route give the same text however they were written", async () => {
    const written = buildGetRatesRequest(
      {
        parcel: { weight: 1.5, dimensions: { length: 10, width: 30, height: 20 } },
        originPostalCode: "k2b 8j6",
        destination: { country: "ca", postalCode: "j0e-1x0" },
        services: ["DOM.XP", "DOM.EP", "DOM.XP"],
        options: [{ code: "SO" }, { code: "COV", amount: 100 }],
      },
      config,
    );
    const again = buildGetRatesRequest(
      {
        quoteType: "commercial",
        customerNumber: "1234567",
        contractId: "42708517",
        parcel: { weight: 1.5000001, dimensions: { length: 30, width: 20, height: 10 } },
        originPostalCode: "K2B8J6",
        destination: { country: "CA", postalCode: "J0E 1X0" },
        services: ["DOM.EP", "DOM.XP"],
        options: [{ code: "COV", amount: 100.001 }, { code: "SO" }],
      },
      config,
    );
    expect(again).toBe(written);
    expect(await xsdErrors(written, "rating.xsd")).toEqual([]);
    expect(written).toContain(
      "<customer-number>1234567</customer-number><contract-id>42708517</contract-id>",
    );
    expect(written).toContain(
      "<services><service-code>DOM.EP</service-code><service-code>DOM.XP</service-code></services>",
    );
    expect(written).toContain(
      "<option><option-code>COV</option-code><option-amount>100.00</option-amount></option>",
    );
    expect(written).toContain("<domestic><postal-code>J0E1X0</postal-code></domestic>");
    const elsewhere = buildGetRatesRequest(
      {
        parcel: { weight: 1.5, dimensions: { length: 10, width: 30, height: 20 } },
        originPostalCode: "K2B8J6",
        destination: { country: "CA", postalCode: "J0E1X1" },
      },
      config,
    );
    expect(elsewhere).not.toBe(written);
  });

  it("escapes values put into XML", () => {
    const xml = buildGetRatesRequest(
      {
        parcel: { weight: 1 },
        promoCode: "A<&>B",
        originPostalCode: "K2B8J6",
        destination: { country: "CA", postalCode: "K1A0B1" },
      },
      {},
    );
    expect(xml).toContain("<promo-code>A&lt;&amp;&gt;B</promo-code>");
  });
});

describe("Get Rates and Get Option responses", () => {
  it("parses the captured price quotes with taxes, options and adjustments", () => {
    const quotes = parseGetRatesResponse(sample("rates_info.xml"));
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
    expect(parseGetOptionResponse(sample("option_response.xml"))).toEqual({
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
