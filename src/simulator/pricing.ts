import { COVERAGE_STEP, COVERAGE_STEP_COST, findOption, findService, regionOf, SERVICES } from "./catalog";
import type { ServiceDef } from "./catalog";
import { fail } from "./respond";
import type { Lang } from "./types";

/**
 * Deterministic, realistic prices: by service, zone (from postal-code prefixes, or country group), billed
 * weight (the greater of actual and volumetric), options, surcharges, discounts and the destination's taxes.
 * Shared by Get Rates and Create Shipment, so a label costs what its quote said.
 */

export interface PricingScenario {
  serviceCode: string;
  /** Canadian postal code, e.g. "K2B8J6". */
  originPostalCode: string;
  destination: { country: string; postalCode?: string };
  weightKg: number;
  dimensionsCm?: { length: number; width: number; height: number };
  options: { code: string; amount?: number }[];
  quoteType: "commercial" | "counter";
  /** A valid contract id was given: contract prices. */
  contract: boolean;
  promoCode?: string;
  /** A merchant registered through an e-commerce platform, calling through it: PLATFMDISC. */
  platformDiscount?: boolean;
  mailingDate: Date;
  lang: Lang;
}

export interface TaxLine {
  amount: number;
  percent: number;
}

export interface PricedService {
  serviceCode: string;
  serviceName: string;
  base: number;
  options: {
    code: string;
    name: string;
    price: number;
    included?: boolean;
    /** Coverage's step pricing, as Canada Post shows it. */
    qualifier?: { stepSize: number; stepCost: number; includedAmount: number; maxValue: number };
  }[];
  adjustments: { code: string; name: string; cost: number; percent?: number }[];
  taxes: { gst?: TaxLine; pst?: TaxLine; hst?: TaxLine };
  due: number;
  transitDays: number;
  /** YYYY-MM-DD. */
  expectedDeliveryDate: string;
  guaranteed: boolean;
  amDelivery: boolean;
  /** The volumetric weight, when it exceeds the actual weight (it is then the billed weight). */
  cubedWeight?: number;
}

/* ------------------------------------------------------------------ messages */

const TEXT = {
  1622: {
    en: "The expected-mailing-date must not be in the past.",
    fr: "La date d'expédition prévue (expected-mailing-date) ne doit pas être dans le passé.",
  },
  7050: {
    en: "The {0} option requires the {1} option. Please add the prerequisite or remove the option.",
    fr: "L'option {0} exige l'option {1}. Veuillez ajouter l'option préalable ou retirer l'option.",
  },
  9111: {
    en: "No services are appropriate for the shipment of the defined parcel. Validate the parcel criteria against product specifications.",
    fr: "Aucun service ne convient à l'envoi du colis défini. Vérifiez les caractéristiques du colis selon les spécifications des produits.",
  },
  9112: {
    en: "The service {0} is not available for the specified country or customer/contract.",
    fr: "Le service {0} n'est pas offert pour le pays ou le client/contrat indiqué.",
  },
} as const;

const fill = (text: string, ...args: string[]) => args.reduce((t, a, i) => t.replace(`{${i}}`, a), text);

export const noServiceFits = (lang: Lang) => fail(400, "9111", TEXT[9111][lang]);
export const serviceUnavailable = (code: string, lang: Lang) =>
  fail(400, "9112", fill(TEXT[9112][lang], code));

/** 1622 when the mailing date is before today (both compared as calendar days, UTC). */
export function checkMailingDate(mailingDate: Date, today: Date, lang: Lang): void {
  if (ymd(mailingDate) < ymd(today)) throw fail(400, "1622", TEXT[1622][lang]);
}

/* ------------------------------------------------------------------ zones */

const PROVINCE_BY_LETTER: Record<string, string> = {
  A: "NL", B: "NS", C: "PE", E: "NB", G: "QC", H: "QC", J: "QC", K: "ON", L: "ON", M: "ON", N: "ON",
  P: "ON", R: "MB", S: "SK", T: "AB", V: "BC", X: "NT", Y: "YT",
}; // prettier-ignore

const NEIGHBOURS: Record<string, string[]> = {
  NL: ["QC", "NS"], NS: ["NB", "PE", "NL"], PE: ["NS", "NB"], NB: ["NS", "PE", "QC"], QC: ["ON", "NB", "NL"],
  ON: ["QC", "MB"], MB: ["ON", "SK", "NT"], SK: ["MB", "AB", "NT"], AB: ["SK", "BC", "NT"],
  BC: ["AB", "YT"], YT: ["BC", "NT"], NT: ["YT", "AB", "SK", "MB"],
}; // prettier-ignore

/** The province or territory of a Canadian postal code (by its first letter). */
export function provinceOf(postalCode: string): string | undefined {
  return PROVINCE_BY_LETTER[postalCode.trim().charAt(0).toUpperCase()];
}

const normalPostal = (pc: string | undefined) => (pc ?? "").replace(/\s+/g, "").toUpperCase();

/**
 * 1 same forward sortation area, 2 same province, 3 neighbouring province, 4 farther (and the North).
 * For the US: 1-3 by the ZIP's first digit (nearest the east), 4 Alaska, Hawaii and territories.
 * International: 1 Europe, 2 Asia-Pacific, 3 the rest of the world.
 */
export function zoneOf(
  originPostalCode: string,
  destination: { country: string; postalCode?: string },
): number {
  const region = regionOf(destination.country);
  if (region === "DOM") {
    const from = normalPostal(originPostalCode);
    const to = normalPostal(destination.postalCode);
    if (from.slice(0, 3) === to.slice(0, 3)) return 1;
    const a = provinceOf(from);
    const b = provinceOf(to);
    if (!a || !b) return 4;
    if (a === b) return a === "NT" || a === "YT" ? 3 : 2;
    return NEIGHBOURS[a]?.includes(b) ? 3 : 4;
  }
  if (region === "USA") {
    const zip = (destination.postalCode ?? "").trim();
    const three = Number(zip.slice(0, 3));
    if (/^(96[7-9]|99[5-9]|00[6-9])/.test(zip) || Number.isNaN(three)) return 4;
    const first = Number(zip.charAt(0));
    return first <= 2 ? 1 : first <= 6 ? 2 : 3;
  }
  if (EUROPE.has(destination.country)) return 1;
  if (ASIA_PACIFIC.has(destination.country)) return 2;
  return 3;
}

const EUROPE = new Set(
  "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM".split(
    " ",
  ),
);
const ASIA_PACIFIC = new Set("AU CN HK ID IN JP KR MY NZ PH SG TH TW VN".split(" "));

/** How much farther zones cost, per region (index = zone - 1). */
const ZONE_FACTOR: Record<string, number[]> = {
  DOM: [1.0, 1.18, 1.42, 1.75],
  USA: [1.0, 1.12, 1.25, 1.6],
  INT: [1.0, 1.2, 1.45],
};

/** Counter prices are the reference; commercial customers pay less, contract customers less again. */
const QUOTE_FACTOR = { counter: 1, commercial: 0.88, contract: 0.76 };

const AUTDISC_PERCENT = 3;
const PROMO_PERCENT = 5;
/** Canada Post publishes no rate for its platform discount: the simulator's own figure. */
const PLATFORM_PERCENT = 2;

/* ------------------------------------------------------------------ pricing */

export const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
const round3 = (n: number) => Math.round((n + Number.EPSILON) * 1000) / 1000;

/** L × W × H / density factor, kilograms (3 decimals); undefined without dimensions or a factor. */
export function volumetricWeight(service: ServiceDef, dims?: PricingScenario["dimensionsCm"]) {
  if (!dims || !service.densityFactor) return undefined;
  return round3((dims.length * dims.width * dims.height) / service.densityFactor);
}

/** Whether the parcel is within the service's weight and size limits. */
export function fits(service: ServiceDef, weightKg: number, dims?: PricingScenario["dimensionsCm"]): boolean {
  const l = service.limits;
  if (weightKg > l.maxWeightKg) return false;
  if (!dims) return true;
  const [length, width, height] = [dims.length, dims.width, dims.height].sort((a, b) => b - a) as [
    number,
    number,
    number,
  ];
  if (length > l.maxLengthCm || width > l.maxWidthCm || height > l.maxHeightCm) return false;
  if (l.lengthPlusGirthMaxCm !== undefined && length + 2 * (width + height) > l.lengthPlusGirthMaxCm)
    return false;
  if (l.sumOfSidesMaxCm !== undefined && length + width + height > l.sumOfSidesMaxCm) return false;
  return true;
}

/** Whether this customer may buy the service to this country. */
export function availableFor(service: ServiceDef, country: string, quoteType: PricingScenario["quoteType"]) {
  if (service.region !== regionOf(country)) return false;
  return service.availableTo === "all" || quoteType === "commercial";
}

/** Prices one service; throws Canada Post's 9112, 9111 or 7050 as a SimFailure. */
export function priceService(s: PricingScenario): PricedService {
  const service = findService(s.serviceCode);
  if (!service || !availableFor(service, s.destination.country, s.quoteType))
    throw serviceUnavailable(s.serviceCode, s.lang);
  if (!fits(service, s.weightKg, s.dimensionsCm)) throw noServiceFits(s.lang);
  checkPrerequisites(service, s);

  const zone = Math.min(zoneOf(s.originPostalCode, s.destination), service.transitDays.length);
  const volumetric = volumetricWeight(service, s.dimensionsCm);
  const cubedWeight = volumetric !== undefined && volumetric > s.weightKg ? volumetric : undefined;
  // Billed in 100 g steps, from the greater of actual and volumetric weight.
  const billedKg = Math.ceil(Math.max(s.weightKg, cubedWeight ?? 0) * 10 - 1e-9) / 10;
  const tier = s.quoteType === "counter" ? "counter" : s.contract ? "contract" : "commercial";
  const base = round2(
    (service.price.fixed + service.price.perKg * billedKg) *
      ZONE_FACTOR[service.region]![zone - 1]! *
      QUOTE_FACTOR[tier],
  );

  const options = priceOptions(service, s);
  const adjustments: PricedService["adjustments"] = [];
  const name = (en: string, fr: string) => (s.lang === "fr" ? fr : en);
  const discount = (code: string, en: string, fr: string, percent: number) =>
    adjustments.push({ code, name: name(en, fr), cost: -round2((base * percent) / 100), percent });
  if (s.quoteType === "commercial")
    discount("AUTDISC", "Automation discount", "Rabais d'automatisation", AUTDISC_PERCENT);
  if (s.promoCode) discount("PROMODISC", "Promotional discount", "Rabais promotionnel", PROMO_PERCENT);
  // "PLATFMDISC: Discount for using an e-commerce platform" (release notes seed, contract shipping v8).
  if (s.platformDiscount)
    discount(
      "PLATFMDISC",
      "E-commerce platform discount",
      "Rabais de plateforme de commerce électronique",
      PLATFORM_PERCENT,
    );
  const discounted = base + adjustments.reduce((sum, a) => sum + a.cost, 0);
  adjustments.push({
    code: "FUELSC",
    name: name("Fuel surcharge", "Supplément pour carburant"),
    cost: round2((discounted * service.fuelPercent) / 100),
    percent: service.fuelPercent,
  });

  const beforeTax = round2(
    base + options.reduce((sum, o) => sum + o.price, 0) + adjustments.reduce((sum, a) => sum + a.cost, 0),
  );
  const taxes = taxesFor(s.destination, beforeTax, s.mailingDate);
  const due = round2(
    beforeTax + (taxes.gst?.amount ?? 0) + (taxes.pst?.amount ?? 0) + (taxes.hst?.amount ?? 0),
  );

  const transitDays = service.transitDays[zone - 1]!;
  return {
    serviceCode: service.code,
    serviceName: service.name[s.lang],
    base,
    options,
    adjustments,
    taxes,
    due,
    transitDays,
    expectedDeliveryDate: addBusinessDays(s.mailingDate, transitDays),
    // International Xpresspost is guaranteed only with a postal code (Kahala Posts Group countries).
    guaranteed: service.guaranteed || (service.code === "INT.XP" && !!s.destination.postalCode),
    amDelivery: service.amDelivery && zone === 1,
    cubedWeight,
  };
}

/** Every applicable service (or those asked for), cheapest first; 9111 when none fits the parcel. */
export function rateScenario(
  s: Omit<PricingScenario, "serviceCode"> & { services?: string[] },
): PricedService[] {
  const explicit = s.services && s.services.length > 0;
  const candidates = explicit
    ? s.services!.map((code) => {
        const service = findService(code);
        if (!service || !availableFor(service, s.destination.country, s.quoteType))
          throw serviceUnavailable(code, s.lang);
        return service;
      })
    : SERVICES.filter((service) => availableFor(service, s.destination.country, s.quoteType));
  const quotes = candidates
    .filter((service) => fits(service, s.weightKg, s.dimensionsCm) && offersAll(service, s.options))
    .map((service) => priceService({ ...s, serviceCode: service.code }));
  if (!quotes.length) throw noServiceFits(s.lang);
  return quotes.sort((a, b) => a.due - b.due || a.serviceCode.localeCompare(b.serviceCode));
}

function offersAll(service: ServiceDef, options: PricingScenario["options"]) {
  return options.every(
    (o) =>
      (service.options.includes(o.code) || service.includedOptions.includes(o.code)) &&
      (o.code !== "COV" || (o.amount ?? 0) <= service.coverage.max),
  );
}

function checkPrerequisites(service: ServiceDef, s: PricingScenario) {
  if (!offersAll(service, s.options)) throw noServiceFits(s.lang);
  const present = new Set([...service.includedOptions, ...s.options.map((o) => o.code)]);
  for (const o of s.options) {
    const missing = findOption(o.code)?.prerequisites.find((p) => !present.has(p));
    if (missing) throw fail(400, "7050", fill(TEXT[7050][s.lang], o.code, missing));
  }
}

function priceOptions(service: ServiceDef, s: PricingScenario): PricedService["options"] {
  const requested = new Map(s.options.map((o) => [o.code, o]));
  const codes = [
    ...service.includedOptions,
    ...[...requested.keys()].filter((c) => !service.includedOptions.includes(c)),
  ];
  return codes.map((code) => {
    const def = findOption(code)!;
    const name = def.name[s.lang];
    if (service.includedOptions.includes(code)) return { code, name, price: 0, included: true };
    if (code === "COV") {
      const amount = requested.get(code)?.amount ?? 0;
      const steps = Math.max(0, Math.ceil((amount - service.coverage.included) / COVERAGE_STEP - 1e-9));
      return {
        code,
        name,
        price: round2(steps * COVERAGE_STEP_COST),
        qualifier: {
          stepSize: COVERAGE_STEP,
          stepCost: COVERAGE_STEP_COST,
          includedAmount: service.coverage.included,
          maxValue: service.coverage.max,
        },
      };
    }
    return { code, name, price: def.price };
  });
}

/* ------------------------------------------------------------------ taxes */

/** Sales tax on shipping charged by the destination province, as Canada Post shows it. */
export function taxesFor(
  destination: { country: string; postalCode?: string },
  amount: number,
  mailingDate: Date,
): PricedService["taxes"] {
  if (destination.country !== "CA") return {};
  const province = provinceOf(destination.postalCode ?? "");
  const line = (percent: number): TaxLine => ({ amount: round2((amount * percent) / 100), percent });
  switch (province) {
    case "ON":
      return { hst: line(13) };
    case "NS":
      // Nova Scotia's HST went from 15 % to 14 % on 1 April 2025.
      return { hst: line(ymd(mailingDate) >= "2025-04-01" ? 14 : 15) };
    case "NB":
    case "NL":
    case "PE":
      return { hst: line(15) };
    case "QC":
      return { gst: line(5), pst: line(9.975) };
    default:
      return { gst: line(5) };
  }
}

/* ------------------------------------------------------------------ dates */

/** YYYY-MM-DD of a date (UTC). */
export const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** The date after the given number of business days (Saturdays and Sundays skipped), YYYY-MM-DD. */
export function addBusinessDays(from: Date, days: number): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return ymd(d);
}
