import { MerchantSettingsError, parseMerchantSettings } from "../../../src/shipping/settings";

/**
 * Every problem a merchant can meet in the settings, shown in the French admin in French: one invalid
 * setting per problem the settings can report, each of whose problems must come with a French text.
 */

const ORIGIN = { postalCode: "K2B 8J6" };
const KEY = { username: "user", password: "secret", customerNumber: "1234567" };
const box = (over: Record<string, unknown>) => ({
  name: "Box",
  length: 30,
  width: 20,
  height: 10,
  maxWeight: 10,
  ...over,
});
const SENDER = {
  company: "Maple Goods",
  contactPhone: "613-555-1212",
  addressLine1: "1 Main St",
  city: "Ottawa",
  province: "ON",
};

const INVALID: [string, unknown][] = [
  ["no origin", {}],
  ["an origin that is not an object", { origin: "K2B 8J6" }],
  ["a postal code that is not Canadian", { origin: { postalCode: "12345" } }],
  ["a province that does not exist", { origin: { ...ORIGIN, sender: { ...SENDER, province: "XX" } } }],
  ["a sender without a company", { origin: { ...ORIGIN, sender: { ...SENDER, company: undefined } } }],
  ["an empty company", { origin: { ...ORIGIN, sender: { ...SENDER, company: " " } } }],
  ["a company too long", { origin: { ...ORIGIN, sender: { ...SENDER, company: "x".repeat(45) } } }],
  ["a service code that is not one", { origin: ORIGIN, services: [{ code: "EXPRESS" }] }],
  ["a customer number with letters", { origin: ORIGIN, canadaPost: { ...KEY, customerNumber: "12ab" } }],
  ["a base URL that is not a URL", { origin: ORIGIN, canadaPost: { baseUrl: "somewhere" } }],
  ["a base URL in plain http elsewhere", { origin: ORIGIN, canadaPost: { baseUrl: "http://example.com" } }],
  ["a username without a password", { origin: ORIGIN, canadaPost: { username: "user" } }],
  ["credentials without a customer number", { origin: ORIGIN, canadaPost: { username: "u", password: "p" } }],
  ["production without credentials", { origin: ORIGIN, canadaPost: { env: "production" } }],
  ["the simulator with credentials", { origin: ORIGIN, canadaPost: { ...KEY, env: "simulator" } }],
  ["an unknown environment", { origin: ORIGIN, canadaPost: { env: "staging" } }],
  ["every service disabled", { origin: ORIGIN, services: [{ code: "DOM.EP", enabled: false }] }],
  [
    "21 services",
    { origin: ORIGIN, services: Array.from({ length: 21 }, (_, i) => ({ code: `DOM.S${i}` })) },
  ],
  ["a service listed twice", { origin: ORIGIN, services: [{ code: "DOM.EP" }, { code: "DOM.EP" }] }],
  ["a deadline too short", { origin: ORIGIN, quotes: { deadlineMs: 100 } }],
  ["a deadline too long", { origin: ORIGIN, quotes: { deadlineMs: 20_000 } }],
  ["a deadline that is not whole", { origin: ORIGIN, quotes: { deadlineMs: 1000.5 } }],
  ["ZPL on letter paper", { origin: ORIGIN, labels: { encoding: "ZPL", outputFormat: "8.5x11" } }],
  ["a location with spaces", { origin: ORIGIN, shipments: { location: "main store" } }],
  ["a time zone that is not one", { origin: ORIGIN, shipments: { timeZone: "Mars/Base" } }],
  ["an unknown placeholder", { origin: ORIGIN, shipments: { groupIdTemplate: "{store}-{yyyymmdd}" } }],
  ["a coverage that is not one", { origin: ORIGIN, options: { coverage: "everything" } }],
  ["a site of two characters", { origin: ORIGIN, shippingPointId: "12" }],
  ["a pickup without Canada Post", { origin: ORIGIN, pickup: { ...ORIGIN, cpcPickupIndicator: false } }],
  ["a currency in lower case", { origin: ORIGIN, currencies: { usd: 0.72 } }],
  [
    "both a site and a pickup",
    { origin: ORIGIN, shippingPointId: "0123", pickup: { requestedShippingPoint: "K2B 8J6" } },
  ],
  ["contract rates without a contract", { origin: ORIGIN, canadaPost: KEY, rates: "contract" }],
  [
    "non-contract at contract prices",
    { origin: ORIGIN, shipments: { mode: "noncontract" }, rates: "contract" },
  ],
  ["a box over the weight limit", { origin: ORIGIN, packing: { boxes: [box({ maxWeight: 40 })] } }],
  ["a box as heavy as it may be", { origin: ORIGIN, packing: { boxes: [box({ emptyWeight: 10 })] } }],
  ["a box with a side too long", { origin: ORIGIN, packing: { boxes: [box({ length: 250 })] } }],
  [
    "a box too large around",
    { origin: ORIGIN, packing: { boxes: [box({ length: 150, width: 60, height: 60 })] } },
  ],
  ["a box of no length", { origin: ORIGIN, packing: { boxes: [box({ length: 0 })] } }],
  ["two boxes of one name", { origin: ORIGIN, packing: { boxes: [box({}), box({})] } }],
  ["a handling fee in words", { origin: ORIGIN, pricing: { handlingFee: "five" } }],
  ["a negative handling fee", { origin: ORIGIN, pricing: { handlingFee: -1 } }],
  ["a handling fee too large", { origin: ORIGIN, pricing: { handlingFee: 1_000_000 } }],
  ["a setting misspelt", { origin: ORIGIN, langauge: "fr" }],
];

function problems(input: unknown) {
  try {
    parseMerchantSettings(input);
  } catch (e) {
    if (e instanceof MerchantSettingsError) return e.issues;
    throw e;
  }
  throw new Error("these settings were accepted");
}

describe("settings problems in French", () => {
  it.each(INVALID)("says %s in French", (_what, input) => {
    const issues = problems(input);
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.messageFr).not.toBe(issue.message);
      // Nothing of the English sentence is left: its own words are gone.
      expect(issue.messageFr).not.toMatch(/\b(must|is required|the box|use a|listed|give both|needs?)\b/);
    }
  });

  it("keeps the value that was refused, and the path, as in English", () => {
    const [issue] = problems({ origin: { postalCode: "12345" } });
    expect(issue).toEqual({
      path: "origin.postalCode",
      message: 'is not a Canadian postal code: write it as A9A 9A9, e.g. K2B 8J6 (got "12345")',
      messageFr: `n'est pas un code postal canadien : écrivez-le A9A 9A9, par exemple K2B 8J6 (reçu "12345")`,
    });
  });

  it("names a box's measures in French as in English", () => {
    const [issue] = problems({ origin: ORIGIN, packing: { boxes: [box({ length: 250 })] } });
    expect(issue!.message).toBe(
      "the box has a side of 250 cm, over Canada Post's 200 cm limit for any side: use a smaller box",
    );
    expect(issue!.messageFr).toBe(
      "la boîte a un côté de 250 cm, au-delà de la limite de 200 cm de Postes Canada pour tout côté : utilisez une boîte plus petite",
    );
  });
});
