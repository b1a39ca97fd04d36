import {
  groupIdFor,
  quoteRulesOf,
  MerchantSettingsError,
  parseMerchantSettings,
  type MerchantSettingsInput,
} from "../../../src/shipping/settings";

const base: MerchantSettingsInput = { origin: { postalCode: "k2b 8j6" } };

/** The issues of a rejected settings object, as "path: message" lines. */
function issuesOf(input: unknown): string[] {
  try {
    parseMerchantSettings(input);
  } catch (e) {
    expect(e).toBeInstanceOf(MerchantSettingsError);
    return (e as MerchantSettingsError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("the settings were accepted");
}

describe("merchant settings defaults", () => {
  it("need only the origin postal code, and run on the built-in simulator", () => {
    const s = parseMerchantSettings(base);
    expect(s.origin.postalCode).toBe("K2B8J6");
    expect(s.rates).toBe("contract");
    expect(s.canadaPost).toEqual({ env: "sandbox", lang: "en" });
    expect(s.services.filter((x) => x.enabled).map((x) => x.code)).toEqual([
      "DOM.RP",
      "DOM.EP",
      "DOM.XP",
      "DOM.PC",
      "USA.EP",
      "USA.XP",
      "INT.XP",
      "INT.IP.AIR",
    ]);
    expect(s.labels).toEqual({ encoding: "PDF", outputFormat: "8.5x11" });
    expect(s.shipments.mode).toBe("transmit");
    expect(s.options).toEqual({ coverage: "none", nonDelivery: "RTS" });
    expect(s.quotes.deadlineMs).toBe(2500);
    expect(s.packing.missingWeight).toBe("default");
    expect(s.packing.boxes.length).toBeGreaterThanOrEqual(3);
    for (const b of s.packing.boxes) expect(b.emptyWeight).toBeLessThan(b.maxWeight);
    expect(s.catalogueUnits).toEqual({ weight: "g", dimension: "cm" });
  });

  it("picks the rates the credentials allow when none are chosen", () => {
    const creds = { username: "u", password: "p", customerNumber: "1234567" };
    expect(parseMerchantSettings({ ...base, canadaPost: creds }).rates).toBe("commercial");
    expect(parseMerchantSettings({ ...base, canadaPost: { ...creds, contractId: "42708517" } }).rates).toBe(
      "contract",
    );
    expect(parseMerchantSettings({ ...base, shipments: { mode: "noncontract" } }).rates).toBe("commercial");
  });

  it("accept their own parsed form again unchanged (adapters hand parsed settings to the core)", () => {
    const credentials = {
      username: "key",
      password: "secret",
      customerNumber: "1234567",
      contractId: "42708517",
    };
    const once = parseMerchantSettings({ ...base, canadaPost: credentials });
    expect(parseMerchantSettings(once)).toEqual(once);
    const simulator = parseMerchantSettings(base);
    expect(parseMerchantSettings(simulator)).toEqual(simulator);
  });

  it("speaks the merchant's language to Canada Post unless told otherwise", () => {
    expect(parseMerchantSettings({ ...base, language: "fr" }).canadaPost.lang).toBe("fr");
    expect(
      parseMerchantSettings({ ...base, language: "fr", canadaPost: { lang: "en" } }).canadaPost.lang,
    ).toBe("en");
  });

  it("accepts ZPL on 4x6 thermal paper, a pickup point, coverage and free shipping", () => {
    const s = parseMerchantSettings({
      ...base,
      labels: { encoding: "ZPL", outputFormat: "4x6" },
      pickup: { requestedShippingPoint: "h2b 1a0" },
      options: { coverage: { fixed: 250 }, signatureOverValue: 200, nonDelivery: "RASE" },
      pricing: { freeShippingOver: { "DOM.RP": 100, "*": 500 }, rounding: "up_0.99" },
    });
    expect(s.labels.encoding).toBe("ZPL");
    expect(s.pickup).toEqual({ requestedShippingPoint: "H2B1A0", cpcPickupIndicator: true });
    expect(s.options.coverage).toEqual({ fixed: 250 });
    expect(s.pricing.freeShippingOver).toEqual({ "DOM.RP": 100, "*": 500 });
  });
});

describe("invalid merchant settings", () => {
  it("refuses ZPL on 8.5x11 paper as Canada Post does (9191)", () => {
    expect(issuesOf({ ...base, labels: { encoding: "ZPL" } })).toEqual([
      'labels.outputFormat: ZPL is a language for thermal printers, only for 4x6 thermal paper (Canada Post error 9191): set outputFormat to "4x6", or encoding to "PDF"',
    ]);
  });

  it("lists every invalid value at once, with its path and what to write", () => {
    const issues = issuesOf({
      origin: { postalCode: "90210" },
      shippingPointId: "12",
      quotes: { deadlineMs: 10_000 },
      pricing: { rounding: "up", freeShippingOver: { expedited: 50 } },
      packing: { missingWeight: "guess" },
      catalogueUnits: { weight: "stone" },
      colour: "red",
    });
    expect(issues).toEqual([
      'origin.postalCode: is not a Canadian postal code: write it as A9A 9A9, e.g. K2B 8J6 (got "90210")',
      'shippingPointId: must be the 4 letters or digits of your Canada Post site (got "12")',
      'pricing.freeShippingOver.expedited: is not a Canada Post service code: write it like DOM.EP, USA.XP or INT.IP.AIR (got "expedited")',
      'pricing.rounding: must be one of "none", "nearest_0.05", "up_0.99", "up_whole" (got "up")',
      'packing.missingWeight: must be one of "default", "error" (got "guess")',
      "quotes.deadlineMs: must be below 10000 ms: Medusa's cart lock and Shopify's rate callback expire at 10 s (got 10000)",
      'catalogueUnits.weight: must be one of "g", "kg", "lb", "oz" (got "stone")',
      'settings: unknown setting "colour": check its spelling, or remove it',
    ]);
  });

  it("says the whole message in the error, one line per issue", () => {
    expect(() => parseMerchantSettings({ origin: {} })).toThrow(
      "Invalid merchant settings:\n  - origin.postalCode: is required (a string)",
    );
    expect(issuesOf({})).toEqual(['origin: origin is required, e.g. { postalCode: "K2B 8J6" }']);
  });

  it("refuses a shipping point and a pickup together, as Canada Post does (9189)", () => {
    expect(
      issuesOf({ ...base, shippingPointId: "AB12", pickup: { requestedShippingPoint: "K2B8J6" } }),
    ).toEqual([
      "pickup: requested-shipping-point and shipping-point-id are mutually exclusive (Canada Post error 9189): keep pickup or shippingPointId, not both",
    ]);
  });

  it("checks the credentials hang together, and never echoes a secret", () => {
    const issues = issuesOf({ ...base, canadaPost: { username: "key-user", env: "production" } });
    expect(issues).toEqual([
      "canadaPost.password: give both username and password of your API key, or neither to use the built-in simulator",
      "canadaPost.customerNumber: is required with credentials: shipments are created under your customer number",
    ]);
    const secret = issuesOf({ ...base, canadaPost: { username: "u", password: 12345 } });
    expect(secret.join("\n")).not.toContain("12345");
    expect(secret).toEqual(["canadaPost.password: must be a string"]);
    expect(issuesOf({ ...base, canadaPost: { env: "production" } })).toEqual([
      'canadaPost.env: production needs the username and password of your production API key; use "sandbox" without',
    ]);
  });

  it('takes env "simulator" (the built-in simulator, even in production), without a key or base URL', () => {
    const s = parseMerchantSettings({ ...base, canadaPost: { env: "simulator", customerNumber: "1234567" } });
    expect(s.canadaPost).toEqual({ env: "simulator", customerNumber: "1234567", lang: "en" });
    expect(s.rates).toBe("contract");
    const contradiction =
      'contradicts env "simulator" (the built-in simulator): remove it, or set env to "sandbox" or "production" to use your API key';
    expect(
      issuesOf({
        ...base,
        canadaPost: {
          env: "simulator",
          username: "u",
          password: "p",
          customerNumber: "1234567",
          baseUrl: "http://127.0.0.1:8090",
        },
      }),
    ).toEqual([
      `canadaPost.username: ${contradiction}`,
      `canadaPost.password: ${contradiction}`,
      `canadaPost.baseUrl: ${contradiction}`,
    ]);
  });

  it("refuses contract rates without a contract, and contract prices for non-contract shipments", () => {
    const creds = { username: "u", password: "p", customerNumber: "1234567" };
    expect(issuesOf({ ...base, canadaPost: creds, rates: "contract" })).toEqual([
      'canadaPost.contractId: contract rates need your contract id: set canadaPost.contractId, or rates to "commercial"',
    ]);
    expect(issuesOf({ ...base, rates: "contract", shipments: { mode: "noncontract" } })).toEqual([
      'rates: non-contract shipments are not billed at contract prices: set rates to "commercial" or "counter"',
    ]);
  });

  it("checks boxes against their own limits and Canada Post's", () => {
    const issues = issuesOf({
      ...base,
      packing: {
        boxes: [
          { name: "Tube", length: 150, width: 40, height: 40, maxWeight: 5 },
          { name: "Heavy", length: 20, width: 20, height: 20, maxWeight: 2, emptyWeight: 2 },
          { name: "Crate", length: 40, width: 40, height: 40, maxWeight: 45 },
          { name: "Tube", length: 10, width: 10, height: 10, maxWeight: 1 },
        ],
      },
    });
    expect(issues).toEqual([
      "packing.boxes.0: the box measures 310 cm in length + girth (150 + 2 × (40 + 40)), over Canada Post's 300 cm limit: use a smaller box",
      "packing.boxes.1.emptyWeight: must be less than maxWeight (2 kg), or the box can hold nothing",
      "packing.boxes.2.maxWeight: must be at most 30 kg, Canada Post's limit (got 45)",
      'packing.boxes.3.name: "Tube" is used twice: box names must differ',
    ]);
    expect(
      issuesOf({
        ...base,
        packing: {
          boxes: [
            { name: "Tube", length: 10, width: 10, height: 10, maxWeight: 1 },
            { name: "Tube", length: 20, width: 10, height: 10, maxWeight: 1 },
          ],
        },
      }),
    ).toEqual(['packing.boxes.1.name: "Tube" is used twice: box names must differ']);
  });

  it("needs at least one enabled service, each listed once", () => {
    expect(issuesOf({ ...base, services: [{ code: "DOM.EP", enabled: false }] })).toEqual([
      "services: enable at least one service, or checkout offers no rates",
    ]);
    expect(issuesOf({ ...base, services: [{ code: "DOM.EP" }, { code: "DOM.EP", name: "Fast" }] })).toEqual([
      "services.1.code: DOM.EP is listed twice: list each service once",
    ]);
  });

  it("checks options, coverage and the group id template", () => {
    expect(
      issuesOf({
        ...base,
        options: { coverage: "all", nonDelivery: "RETURN" },
        shipments: { groupIdTemplate: "{store}-{yyyymmdd}", timeZone: "Mars/Base" },
      }),
    ).toEqual([
      'shipments.timeZone: is not a time zone: write an IANA name such as America/Toronto (got "Mars/Base")',
      "shipments.groupIdTemplate: unknown placeholder {store}: use {location} {yyyymmdd} {yyyy} {mm} {dd}",
      'options.coverage: must be "none", "orderValue" or { fixed: amount } (got "all")',
      'options.nonDelivery: must be one of "RASE", "RTS", "ABAN" (got "RETURN")',
    ]);
    expect(issuesOf({ ...base, options: { coverage: { fixed: 0 } } })).toEqual([
      "options.coverage.fixed: must be more than 0 (got 0)",
    ]);
  });
});

describe("where the API key is sent", () => {
  const withBaseUrl = (baseUrl: string) => ({
    ...base,
    canadaPost: { username: "key-user", password: "key-password", customerNumber: "1234567", baseUrl },
  });
  it("refuses plain http to any host but this machine: the key would cross the network in clear", () => {
    expect(issuesOf(withBaseUrl("http://soa-gw.canadapost.ca"))).toEqual([
      'canadaPost.baseUrl: must be https: the API key is sent with every call (plain http only for a simulator on this machine, e.g. http://127.0.0.1:8090) (got "http://soa-gw.canadapost.ca")',
    ]);
    expect(issuesOf(withBaseUrl("http://10.0.0.5:8090"))).toHaveLength(1);
  });
  it("says a base URL that is no URL at all is not one, rather than failing to read it", () => {
    expect(issuesOf(withBaseUrl("soa-gw.canadapost.ca"))).toEqual([
      'canadaPost.baseUrl: must be an http(s) URL, e.g. http://127.0.0.1:8080 (got "soa-gw.canadapost.ca")',
    ]);
  });
  it("accepts https, and http to a simulator on this machine", () => {
    for (const url of ["https://soa-gw.canadapost.ca", "http://127.0.0.1:8090", "http://localhost:8090"])
      expect(parseMerchantSettings(withBaseUrl(url)).canadaPost.baseUrl).toBe(url);
  });
});

describe("quote rules from the settings", () => {
  it("carry pricing, enabled services, fallbacks and the cache lifetime to the quote service", () => {
    const s = parseMerchantSettings({
      ...base,
      services: [
        { code: "DOM.EP", name: "Standard" },
        { code: "DOM.XP", enabled: false },
        { code: "DOM.PC" },
      ],
      pricing: {
        markup: { percent: 10 },
        handlingFee: 2,
        freeShippingOver: { "DOM.EP": 100 },
        rounding: "up_0.99",
      },
      quotes: { cacheSeconds: 60, fallbackRates: { "DOM.EP": { amount: 15, name: "Standard (estimate)" } } },
    });
    expect(quoteRulesOf(s)).toEqual({
      markup: { percent: 10, flat: 0 },
      handlingFee: 2,
      freeShipping: { "DOM.EP": 100 },
      rounding: "up_0.99",
      basis: "due",
      services: [{ serviceCode: "DOM.EP", name: "Standard" }, { serviceCode: "DOM.PC" }],
      deadlineMs: 2500,
      fallback: [{ serviceCode: "DOM.EP", amount: 15, name: "Standard (estimate)" }],
      cacheTtlMs: 60_000,
    });
  });
});

describe("manifest group ids", () => {
  it("expand the template on the merchant's local day", () => {
    const s = parseMerchantSettings({ ...base, shipments: { mode: "manifest" } });
    // 03:00 UTC on 2 January is still 1 January in Toronto.
    expect(groupIdFor(s.shipments, new Date("2030-01-02T03:00:00Z"))).toBe("main-20300101");
    expect(groupIdFor(s.shipments, new Date("2030-01-02T12:00:00Z"), "Ottawa West")).toBe(
      "Ottawa-West-20300102",
    );
  });

  it("stay within Canada Post's 32 characters by shortening the location", () => {
    const s = parseMerchantSettings({
      ...base,
      shipments: { mode: "manifest", groupIdTemplate: "{yyyy}{mm}{dd}-{location}", timeZone: "UTC" },
    });
    const id = groupIdFor(
      s.shipments,
      new Date("2030-06-30T23:00:00Z"),
      "a-very-long-warehouse-location-name",
    );
    expect(id).toBe("20300630-a-very-long-warehouse-l");
    expect(id).toHaveLength(32);
  });
});
