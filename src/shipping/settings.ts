/**
 * Everything a merchant configures, as one zod schema: the single source of the settings' runtime
 * checks and TypeScript types. Weights are kilograms and lengths centimetres here (the core's units);
 * `catalogueUnits` only tells the adapters which units the platform's catalogue uses. With no
 * credentials the defaults run against the built-in simulator.
 */
import { z } from "zod";
import { isCanadianPostalCode, normalisePostalCode } from "../canada-post";
import { DEFAULT_DENSITY_FACTOR, PARCEL_LIMITS, parcelLimitBreaches } from "./limits";
import type { QuoteRules } from "./pricing-rules";
import { settingsProblemInFrench } from "./settings-french";
import { DIMENSION_UNITS, WEIGHT_UNITS } from "./units";

const list = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

const postalCode = z
  .string()
  .refine(isCanadianPostalCode, {
    error: "is not a Canadian postal code: write it as A9A 9A9, e.g. K2B 8J6",
  })
  .transform(normalisePostalCode);

const SERVICE_CODE = /^(DOM|USA|INT)\.[A-Z0-9]+(\.[A-Z0-9]+)*$/;
const serviceCode = z
  .string()
  .regex(SERVICE_CODE, "is not a Canada Post service code: write it like DOM.EP, USA.XP or INT.IP.AIR");

const digits = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, `${what} must be up to 10 digits, as on your Canada Post account`);

const money = z.number().finite().min(0).max(99999.99);
const text = (max: number) => z.string().trim().min(1).max(max);

const PROVINCES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"] as const;

/** The sender printed on labels; lengths are Canada Post's (shipment.xsd). */
const SenderSchema = z.strictObject({
  name: text(44).optional(),
  company: text(44),
  contactPhone: text(25),
  addressLine1: text(44),
  addressLine2: text(44).optional(),
  city: text(40),
  province: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(
      z.enum(PROVINCES, { error: () => `must be a province or territory code: ${PROVINCES.join(", ")}` }),
    ),
});

const CanadaPostSchema = z
  .strictObject({
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    customerNumber: digits("customerNumber").optional(),
    contractId: digits("contractId").optional(),
    /** Mailed on behalf of: defaults to the customer number. */
    mobo: digits("mobo").optional(),
    /** "simulator": the built-in Canada Post simulator, even in production (src/runtime decides). */
    env: z.enum(["production", "sandbox", "simulator"]).default("sandbox"),
    /** Overrides the host of `env`, e.g. a simulator elsewhere. */
    baseUrl: z
      .url({ error: "must be an http(s) URL, e.g. http://127.0.0.1:8080" })
      .refine(isSafeBaseUrl, {
        error:
          "must be https: the API key is sent with every call (plain http only for a simulator on this machine, e.g. http://127.0.0.1:8090)",
      })
      .optional(),
    /** Defaults to the merchant's `language`. */
    lang: z.enum(["en", "fr"]).optional(),
    /**
     * How labels are paid (Canada Post's intended-method-of-payment): Account under a contract, CreditCard
     * (the card saved as default in the Canada Post profile) or SupplierAccount (the default supplier account
     * in the profile, issued by the platform the merchant connected through). Unset: Account with a contract,
     * CreditCard without; a connection through Canada Post sets it from what the merchant has on file.
     */
    paymentMethod: z.enum(["Account", "CreditCard", "SupplierAccount"]).optional(),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.username) !== Boolean(c.password)) {
      ctx.addIssue({
        code: "custom",
        path: [c.username ? "password" : "username"],
        message: "give both username and password of your API key, or neither to use the built-in simulator",
      });
    }
    if (c.username && !c.customerNumber) {
      ctx.addIssue({
        code: "custom",
        path: ["customerNumber"],
        message: "is required with credentials: shipments are created under your customer number",
      });
    }
    if (c.env === "production" && !c.username) {
      ctx.addIssue({
        code: "custom",
        path: ["env"],
        message:
          'production needs the username and password of your production API key; use "sandbox" without',
      });
    }
    if (c.env === "simulator") {
      for (const key of ["username", "password", "baseUrl"] as const)
        if (c[key])
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `contradicts env "simulator" (the built-in simulator): remove it, or set env to "sandbox" or "production" to use your API key`,
          });
    }
  });

export const ServiceSettingSchema = z.strictObject({
  code: serviceCode,
  /** Shown to shoppers instead of Canada Post's name. */
  name: text(80).optional(),
  enabled: z.boolean().default(true),
});

export const DEFAULT_SERVICES: z.input<typeof ServiceSettingSchema>[] = [
  { code: "DOM.RP", enabled: true },
  { code: "DOM.EP", enabled: true },
  { code: "DOM.XP", enabled: true },
  { code: "DOM.PC", enabled: true },
  { code: "USA.EP", enabled: true },
  { code: "USA.XP", enabled: true },
  { code: "USA.TP", enabled: false },
  { code: "INT.XP", enabled: true },
  { code: "INT.IP.AIR", enabled: true },
  { code: "INT.TP", enabled: false },
];

const PricingSchema = z.strictObject({
  /** Added to Canada Post's price: percent first, then the flat amount; negative values are discounts. */
  markup: z
    .strictObject({
      percent: z.number().finite().min(-100).max(1000).default(0),
      flat: z.number().finite().min(-99999.99).max(99999.99).default(0),
    })
    .prefault({}),
  handlingFee: money.default(0),
  /** Per service code ("*" for every service): an order subtotal at or above this amount ships free. */
  freeShippingOver: z.record(z.union([z.literal("*"), serviceCode]), money).default({}),
  /** The quote service's names (pricing-rules.ts): to the nearest 0.05, up to .99, up to a whole dollar. */
  rounding: z.enum(["none", "nearest_0.05", "up_0.99", "up_whole"]).default("none"),
  /** Start from Canada Post's price with its taxes ("due") or before them. */
  basis: z.enum(["due", "before_taxes"]).default("due"),
});

/** A box of the catalogue: inner dimensions (cm), the most it may weigh packed, box included (kg). */
export const BoxSchema = z
  .strictObject({
    name: text(60),
    length: z.number().positive(),
    width: z.number().positive(),
    height: z.number().positive(),
    maxWeight: z
      .number()
      .positive()
      .max(PARCEL_LIMITS.maxWeightKg, `must be at most ${PARCEL_LIMITS.maxWeightKg} kg, Canada Post's limit`),
    emptyWeight: z.number().min(0).default(0),
  })
  .superRefine((b, ctx) => {
    if (b.emptyWeight >= b.maxWeight) {
      ctx.addIssue({
        code: "custom",
        path: ["emptyWeight"],
        message: `must be less than maxWeight (${b.maxWeight} kg), or the box can hold nothing`,
      });
    }
    for (const breach of parcelLimitBreaches(0, b)) {
      ctx.addIssue({ code: "custom", message: `the box ${breach.message}: use a smaller box` });
    }
  });
export type Box = z.output<typeof BoxSchema>;

export const DEFAULT_BOXES: z.input<typeof BoxSchema>[] = [
  { name: "Flat box", length: 30, width: 23, height: 5, maxWeight: 3, emptyWeight: 0.1 },
  { name: "Small box", length: 25, width: 20, height: 10, maxWeight: 5, emptyWeight: 0.2 },
  { name: "Medium box", length: 35, width: 25, height: 15, maxWeight: 10, emptyWeight: 0.35 },
  { name: "Large box", length: 45, width: 35, height: 25, maxWeight: 20, emptyWeight: 0.6 },
  { name: "Extra large box", length: 60, width: 45, height: 40, maxWeight: 30, emptyWeight: 1 },
];

const PackingSchema = z.strictObject({
  boxes: z
    .array(BoxSchema)
    .default(DEFAULT_BOXES as z.output<typeof BoxSchema>[])
    .superRefine((boxes, ctx) => {
      const seen = new Set<string>();
      boxes.forEach((b, i) => {
        if (seen.has(b.name))
          ctx.addIssue({
            code: "custom",
            path: [i, "name"],
            message: `"${b.name}" is used twice: box names must differ`,
          });
        seen.add(b.name);
      });
    }),
  /** For cart lines whose product has no weight or no dimensions. */
  defaultItem: z
    .strictObject({
      weight: z.number().positive().max(PARCEL_LIMITS.maxWeightKg).default(0.5),
      length: z.number().positive().max(PARCEL_LIMITS.maxSideCm).default(20),
      width: z.number().positive().max(PARCEL_LIMITS.maxSideCm).default(15),
      height: z.number().positive().max(PARCEL_LIMITS.maxSideCm).default(5),
    })
    .prefault({}),
  /** A line with no weight: use defaultItem.weight, or refuse to quote so the merchant fixes the product. */
  missingWeight: z.enum(["default", "error"]).default("default"),
  /** cm³ per kg for the parcels' volumetric weight when the service's own factor is not known. */
  densityFactor: z.number().positive().default(DEFAULT_DENSITY_FACTOR),
  /**
   * The most units one order may have to be priced and shipped: a shopper sets every quantity, and packing
   * is work per unit. Larger orders get a clear refusal, before any packing.
   */
  maxUnits: z.number().int().min(1).max(100_000).default(1000),
  /** The most parcels one order may pack into (one label each; at most 99 per fulfillment). */
  maxParcels: z.number().int().min(1).max(99).default(30),
});
export type PackingSettings = z.output<typeof PackingSchema>;

const QuotesSchema = z.strictObject({
  /** Rates not back by then are replaced by fallback rates; below Medusa's 10 s cart lock and Shopify's limit. */
  deadlineMs: z
    .number()
    .int()
    .min(200, "must be at least 200 ms: Canada Post rarely answers faster")
    .max(9000, "must be below 10000 ms: Medusa's cart lock and Shopify's rate callback expire at 10 s")
    .default(2500),
  cacheSeconds: z.number().int().min(0).max(86400).default(300),
  /** Shown when Canada Post cannot be reached in time, per service code. */
  fallbackRates: z.record(serviceCode, z.strictObject({ amount: money, name: text(80) })).default({}),
});

const LabelsSchema = z
  .strictObject({
    encoding: z.enum(["PDF", "ZPL"]).default("PDF"),
    outputFormat: z.enum(["8.5x11", "4x6"]).default("8.5x11"),
  })
  .superRefine((l, ctx) => {
    if (l.encoding === "ZPL" && l.outputFormat !== "4x6") {
      ctx.addIssue({
        code: "custom",
        path: ["outputFormat"],
        message:
          'ZPL is a language for thermal printers, only for 4x6 thermal paper (Canada Post error 9191): set outputFormat to "4x6", or encoding to "PDF"',
      });
    }
  });

const GROUP_ID_PLACEHOLDERS = ["location", "yyyymmdd", "yyyy", "mm", "dd"];
const GROUP_ID_MAX = 32;

const ShipmentsSchema = z
  .strictObject({
    /** transmit: each shipment is transmitted at creation; manifest: grouped, then transmitted daily. */
    mode: z.enum(["transmit", "manifest", "noncontract"]).default("transmit"),
    /** Group id per day and location for manifest mode; placeholders {location} {yyyymmdd} {yyyy} {mm} {dd}. */
    groupIdTemplate: text(GROUP_ID_MAX).default("{location}-{yyyymmdd}"),
    /** The {location} of the group id when the platform gives none. */
    location: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,20}$/, "must be 1 to 20 letters, digits, - or _")
      .default("main"),
    /** The manifest day is the merchant's local day. */
    timeZone: z
      .string()
      .refine(isTimeZone, "is not a time zone: write an IANA name such as America/Toronto")
      .default("America/Toronto"),
  })
  .superRefine((s, ctx) => {
    for (const m of s.groupIdTemplate.matchAll(/\{([^}]*)\}/g)) {
      if (!GROUP_ID_PLACEHOLDERS.includes(m[1] ?? "")) {
        ctx.addIssue({
          code: "custom",
          path: ["groupIdTemplate"],
          message: `unknown placeholder {${m[1]}}: use ${GROUP_ID_PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}`,
        });
      }
    }
  });
export type ShipmentSettings = z.output<typeof ShipmentsSchema>;

const OptionsSchema = z.strictObject({
  /** Ask for a signature (SO) on orders worth at least this much. */
  signatureOverValue: money.optional(),
  /** Coverage (COV): none, the order's value, or a fixed amount. */
  coverage: z
    .union([z.enum(["none", "orderValue"]), z.strictObject({ fixed: z.number().positive().max(99999.99) })], {
      error: () => 'must be "none", "orderValue" or { fixed: amount }',
    })
    .default("none"),
  /** Non-delivery handling of US and international parcels. */
  nonDelivery: z.enum(["RASE", "RTS", "ABAN"]).default("RTS"),
});

const MerchantSettingsObject = z.strictObject({
  origin: z.strictObject(
    { postalCode, sender: SenderSchema.optional() },
    { error: requiredObject("origin") },
  ),
  /** Deposit at a Canada Post site (4 characters): mutually exclusive with pickup. */
  shippingPointId: z
    .string()
    .regex(/^[A-Za-z0-9]{4}$/, "must be the 4 letters or digits of your Canada Post site")
    .optional(),
  /** Picked up by Canada Post at this postal code. */
  pickup: z
    .strictObject({
      requestedShippingPoint: postalCode,
      cpcPickupIndicator: z.literal(true, { error: "must be true for a pickup" }).default(true),
    })
    .optional(),
  /** No credentials means the built-in simulator. */
  canadaPost: CanadaPostSchema.prefault({}),
  /** Defaults to contract with a contract id (or the simulator), else commercial with a customer number. */
  rates: z.enum(["contract", "counter", "commercial"]).optional(),
  services: z
    .array(ServiceSettingSchema)
    .max(20, "list at most 20 services: Get Rates rates at most 20 at once")
    .default(DEFAULT_SERVICES as z.output<typeof ServiceSettingSchema>[])
    .superRefine((services, ctx) => {
      const seen = new Set<string>();
      services.forEach((s, i) => {
        if (seen.has(s.code))
          ctx.addIssue({
            code: "custom",
            path: [i, "code"],
            message: `${s.code} is listed twice: list each service once`,
          });
        seen.add(s.code);
      });
      if (!services.some((s) => s.enabled))
        ctx.addIssue({ code: "custom", message: "enable at least one service, or checkout offers no rates" });
    }),
  pricing: PricingSchema.prefault({}),
  packing: PackingSchema.prefault({}),
  quotes: QuotesSchema.prefault({}),
  labels: LabelsSchema.prefault({}),
  shipments: ShipmentsSchema.prefault({}),
  options: OptionsSchema.prefault({}),
  language: z.enum(["en", "fr"]).default("en"),
  /**
   * Carts in other currencies than CAD: units of that currency one Canadian dollar buys (e.g. { USD: 0.72 }).
   * Canada Post prices in CAD; a cart in a currency listed here is quoted converted, any other gets no price
   * with a clear reason. Customs values are declared in CAD with the same rate.
   */
  currencies: z
    .record(
      z.string().regex(/^[A-Z]{3}$/, "must be an ISO currency code such as USD or EUR"),
      z.number().positive(),
    )
    .default({}),
  /** The units of the platform's catalogue, for adapters to convert with units.ts. */
  catalogueUnits: z
    .strictObject({
      weight: z.enum(WEIGHT_UNITS).default("g"),
      dimension: z.enum(DIMENSION_UNITS).default("cm"),
    })
    .prefault({}),
});

export const MerchantSettingsSchema = MerchantSettingsObject.superRefine((s, ctx) => {
  if (s.shippingPointId && s.pickup) {
    ctx.addIssue({
      code: "custom",
      path: ["pickup"],
      message:
        "requested-shipping-point and shipping-point-id are mutually exclusive (Canada Post error 9189): keep pickup or shippingPointId, not both",
    });
  }
  const c = s.canadaPost;
  if (c.username && s.rates === "contract" && !c.contractId) {
    ctx.addIssue({
      code: "custom",
      path: ["canadaPost", "contractId"],
      message: 'contract rates need your contract id: set canadaPost.contractId, or rates to "commercial"',
    });
  }
  if (s.shipments.mode === "noncontract" && s.rates === "contract") {
    ctx.addIssue({
      code: "custom",
      path: ["rates"],
      message:
        'non-contract shipments are not billed at contract prices: set rates to "commercial" or "counter"',
    });
  }
}).transform((s) => ({
  ...s,
  rates: s.rates ?? defaultRates(s),
  canadaPost: { ...s.canadaPost, lang: s.canadaPost.lang ?? s.language },
}));

export type MerchantSettings = z.output<typeof MerchantSettingsSchema>;
export type MerchantSettingsInput = z.input<typeof MerchantSettingsSchema>;

function defaultRates(s: z.output<typeof MerchantSettingsObject>): "contract" | "counter" | "commercial" {
  const c = s.canadaPost;
  if (s.shipments.mode === "noncontract") return c.username && !c.customerNumber ? "counter" : "commercial";
  if (!c.username || c.contractId) return "contract";
  return c.customerNumber ? "commercial" : "counter";
}

function requiredObject(name: string) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined
      ? `${name} is required, e.g. { postalCode: "K2B 8J6" }`
      : `${name} must be an object, e.g. { postalCode: "K2B 8J6" }`;
}

/** https anywhere; plain http only to this machine (a local simulator), where nothing crosses a network. */
function isSafeBaseUrl(url: string): boolean {
  // Not a URL at all: the URL check says so (zod runs this refinement too), and new URL would throw.
  if (!URL.canParse(url)) return true;
  const u = new URL(url);
  if (u.protocol === "https:") return true;
  return u.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/* ------------------------------------------------------------------ parsing */

export interface SettingsIssue {
  /** e.g. "labels.outputFormat", "packing.boxes.2.maxWeight". */
  path: string;
  message: string;
  /** The same in French (in English where no French is known), for the admins that speak it. */
  messageFr: string;
}

export class MerchantSettingsError extends Error {
  override readonly name = "MerchantSettingsError";
  constructor(readonly issues: SettingsIssue[]) {
    super(`Invalid merchant settings:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`);
  }
}

/** Secrets are never echoed back in a message. */
const SECRET_PATHS = new Set(["canadaPost.username", "canadaPost.password"]);

/** Messages that say what to write instead, for issues without a message of their own. */
function describe(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case "invalid_value":
      return `must be one of ${list(iss.values.map(String))}`;
    case "invalid_type":
      return iss.input === undefined
        ? `is required (${typeName(iss.expected)})`
        : `must be ${typeName(iss.expected)}`;
    case "too_small":
      if (iss.origin === "string") return "must not be empty";
      return `must be ${iss.inclusive === false ? "more than" : "at least"} ${String(iss.minimum)}`;
    case "too_big":
      if (iss.origin === "string") return `must be at most ${String(iss.maximum)} characters`;
      return `must be ${iss.inclusive === false ? "less than" : "at most"} ${String(iss.maximum)}`;
    case "unrecognized_keys":
      return `unknown setting ${list(iss.keys)}: check its spelling, or remove it`;
    case "invalid_key":
      return "is not a Canada Post service code: write it like DOM.EP, USA.XP or INT.IP.AIR";
    default:
      return undefined;
  }
}

const typeName = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

/** The merchant's settings with every default filled in, or an error listing every invalid value. */
export function parseMerchantSettings(input: unknown): MerchantSettings {
  if (isParsedSettings(input)) return input;
  const parsed = MerchantSettingsSchema.safeParse(input, { error: describe, reportInput: true });
  if (parsed.success) {
    PARSED.add(parsed.data);
    return parsed.data;
  }
  throw new MerchantSettingsError(
    parsed.error.issues.map((i) => {
      const path = i.path.map(String).join(".") || "settings";
      const shown = i.input !== undefined && typeof i.input !== "object" && !SECRET_PATHS.has(path);
      const got = shown ? JSON.stringify(i.input) : undefined;
      const fr = settingsProblemInFrench(i.message) ?? i.message;
      return {
        path,
        message: got === undefined ? i.message : `${i.message} (got ${got})`,
        messageFr: got === undefined ? fr : `${fr} (reçu ${got})`,
      };
    }),
  );
}

/** Settings this module parsed: handed on, they are never parsed again. */
const PARSED = new WeakSet<object>();

export function isParsedSettings(value: unknown): value is MerchantSettings {
  return typeof value === "object" && value !== null && PARSED.has(value);
}

/* ------------------------------------------------------------------ quote rules */

/** The quote service's rules (pricing-rules.ts) from the merchant's settings: enabled services only. */
export function quoteRulesOf(settings: MerchantSettings): QuoteRules {
  const { pricing, quotes } = settings;
  return {
    markup: pricing.markup,
    handlingFee: pricing.handlingFee,
    freeShipping: pricing.freeShippingOver,
    rounding: pricing.rounding,
    basis: pricing.basis,
    services: settings.services
      .filter((s) => s.enabled)
      .map((s) => (s.name ? { serviceCode: s.code, name: s.name } : { serviceCode: s.code })),
    deadlineMs: quotes.deadlineMs,
    fallback: Object.entries(quotes.fallbackRates).map(([serviceCode, r]) => ({ serviceCode, ...r })),
    cacheTtlMs: quotes.cacheSeconds * 1000,
  };
}

/* ------------------------------------------------------------------ group ids */

/**
 * The manifest group of a shipment made at `date` from `location`: the template expanded in the
 * merchant's time zone. The location is cut short if needed to keep Canada Post's 32-character limit.
 */
export function groupIdFor(shipments: ShipmentSettings, date: Date, location?: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: shipments.timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const values: Record<string, string> = {
    yyyy: parts.year ?? "",
    mm: parts.month ?? "",
    dd: parts.day ?? "",
    yyyymmdd: `${parts.year}${parts.month}${parts.day}`,
  };
  const expand = (loc: string) =>
    shipments.groupIdTemplate.replace(/\{([^}]*)\}/g, (_, name: string) =>
      name === "location" ? loc : (values[name] ?? ""),
    );
  const loc = (location ?? shipments.location).replace(/[^A-Za-z0-9_-]+/g, "-");
  const room = GROUP_ID_MAX - expand("").length;
  const occurrences = (shipments.groupIdTemplate.match(/\{location\}/g) ?? []).length || 1;
  return expand(loc.slice(0, Math.max(1, Math.floor(room / occurrences)))).slice(0, GROUP_ID_MAX);
}
