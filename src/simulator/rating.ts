import { findOption, findService, OPTIONS, regionOf, SERVICES, type ServiceDef } from "./catalog";
import { checkMailingDate, rateScenario, type PricedService, type TaxLine } from "./pricing";
import { fail, link, xmlOk } from "./respond";
import type { Lang, Route, SimContext, SimRequest, SimResponse } from "./types";
import { camelTree, readXml } from "./xml";

/** Canada Post's Rating API: Get Rates, Discover Services, Get Service, Get Option. */

export const RATE_MEDIA_TYPE = "application/vnd.cpc.ship.rate-v4+xml";
export const RATE_NS = "http://www.canadapost.ca/ws/ship/rate-v4";

const money = (n: number) => n.toFixed(2);
const yes = (b: boolean) => (b ? "true" : "false");
type Xml = Record<string, unknown>;

/** One element or many, as the parser gives them, always as a list. */
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** An error for a value the XSD would have refused, when validation is off or libxmljs missing. */
const badRequest = (what: string) => fail(400, "XSD", what);

function number(value: unknown, what: string): number {
  const n = typeof value === "string" ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0)
    throw badRequest(`${what} must be a number, found ${JSON.stringify(value)}`);
  return n;
}

const serviceHref = (ctx: SimContext, code: string, country?: string) =>
  `${ctx.baseUrl}/rs/ship/service/${encodeURIComponent(code)}${country ? `?country=${country}` : ""}`;

/* ------------------------------------------------------------------ Get Rates */

interface MailingScenario {
  customerNumber?: string;
  contractId?: string;
  promoCode?: string;
  quoteType?: string;
  expectedMailingDate?: string;
  options?: { option?: { optionCode?: string; optionAmount?: string }[] };
  parcelCharacteristics?: {
    weight?: string;
    dimensions?: { length?: string; width?: string; height?: string };
  };
  services?: { serviceCode?: string | string[] };
  originPostalCode?: string;
  destination?: {
    domestic?: { postalCode?: string };
    unitedStates?: { zipCode?: string };
    international?: { countryCode?: string; postalCode?: string };
  };
}

function getRates(req: SimRequest, ctx: SimContext): SimResponse {
  const m = camelTree(readXml(req.body).content) as MailingScenario;
  const { clock } = ctx;
  const account = req.account;
  if (m.customerNumber !== undefined && m.customerNumber !== account.customerNumber)
    throw fail(403, "AA004", "You cannot mail on behalf of the requested customer.");
  // Without a customer number Canada Post can only quote counter (consumer) prices.
  const quoteType = m.quoteType === "counter" || m.customerNumber === undefined ? "counter" : "commercial";
  if (quoteType === "commercial" && m.contractId !== undefined && m.contractId !== account.contractId)
    throw fail(400, "2550", "The contract number is not valid.");

  const today = clock.now();
  const mailingDate = m.expectedMailingDate ? new Date(`${m.expectedMailingDate}T00:00:00Z`) : today;
  if (Number.isNaN(mailingDate.getTime())) throw badRequest("expected-mailing-date must be YYYY-MM-DD");
  checkMailingDate(mailingDate, today, req.lang);

  const p = m.parcelCharacteristics ?? {};
  const d = p.dimensions;
  const destination = destinationOf(m.destination);
  const quotes = rateScenario({
    originPostalCode: m.originPostalCode ?? "",
    destination,
    weightKg: number(p.weight, "parcel-characteristics/weight"),
    dimensionsCm: d && {
      length: number(d.length, "dimensions/length"),
      width: number(d.width, "dimensions/width"),
      height: number(d.height, "dimensions/height"),
    },
    options: list(m.options?.option).map((o) => ({
      code: o.optionCode ?? "",
      amount: o.optionAmount === undefined ? undefined : number(o.optionAmount, "option-amount"),
    })),
    quoteType,
    contract: quoteType === "commercial" && m.contractId !== undefined && m.contractId === account.contractId,
    platformDiscount: quoteType === "commercial" && account.viaPlatform,
    promoCode: m.promoCode,
    mailingDate,
    lang: req.lang,
    services: list(m.services?.serviceCode),
  });
  return xmlOk("price-quotes", RATE_NS, {
    "price-quote": quotes.map((q) => priceQuoteNode(q, serviceHref(ctx, q.serviceCode, destination.country))),
  });
}

function destinationOf(d: MailingScenario["destination"]): { country: string; postalCode?: string } {
  if (d?.domestic) return { country: "CA", postalCode: d.domestic.postalCode };
  if (d?.unitedStates) return { country: "US", postalCode: d.unitedStates.zipCode };
  if (d?.international?.countryCode)
    return { country: d.international.countryCode, postalCode: d.international.postalCode };
  throw badRequest("destination must hold domestic, united-states or international");
}

const taxNode = (t: TaxLine | undefined) =>
  t ? { "#text": money(t.amount), "@percent": t.percent.toFixed(3) } : "0.00";

/** A `<price-quote>` exactly as Canada Post writes it (elements in the XSD's order). */
export function priceQuoteNode(q: PricedService, serviceHref: string): Xml {
  return {
    "service-code": q.serviceCode,
    "service-link": link("service", serviceHref, RATE_MEDIA_TYPE),
    "service-name": q.serviceName,
    "price-details": {
      base: money(q.base),
      taxes: { gst: taxNode(q.taxes.gst), pst: taxNode(q.taxes.pst), hst: taxNode(q.taxes.hst) },
      due: money(q.due),
      options: {
        option: q.options.map((o) => {
          const node: Xml = { "option-code": o.code, "option-name": o.name, "option-price": money(o.price) };
          if (o.qualifier)
            node.qualifier = {
              "step-size": money(o.qualifier.stepSize),
              "step-cost": money(o.qualifier.stepCost),
              "included-amount": money(o.qualifier.includedAmount),
              "max-value": money(o.qualifier.maxValue),
            };
          else if (o.included) node.qualifier = { included: "true" };
          return node;
        }),
      },
      adjustments: {
        adjustment: q.adjustments.map((a) => {
          const node: Xml = {
            "adjustment-code": a.code,
            "adjustment-name": a.name,
            "adjustment-cost": money(a.cost),
          };
          if (a.percent !== undefined) node.qualifier = { percent: a.percent.toFixed(3) };
          return node;
        }),
      },
    },
    "weight-details": q.cubedWeight === undefined ? "" : { "cubed-weight": q.cubedWeight.toFixed(3) },
    "service-standard": {
      "am-delivery": yes(q.amDelivery),
      "guaranteed-delivery": yes(q.guaranteed),
      "expected-transit-time": String(q.transitDays),
      "expected-delivery-date": q.expectedDeliveryDate,
    },
  };
}

/* ------------------------------------------------------------------ Discover Services */

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "UK", "QO", "XA", "XB", "XK"]);

/** A 2-letter ISO 3166 country code that names a real country. */
export function isCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  const name = regionNames.of(code);
  return !!name && name !== code && name !== "Unknown Region";
}

const country8534 = () => fail(400, "8534", "A valid destination country must be supplied.");

function discoverServices(req: SimRequest, ctx: SimContext): SimResponse {
  const country = req.query.get("country")?.toUpperCase() || undefined;
  const contract = req.query.get("contract") || undefined;
  if (country !== undefined && !isCountry(country)) throw country8534();
  for (const name of ["origpc", "destpc"]) {
    const pc = req.query.get(name);
    if (pc && !/^[A-Z]\d[A-Z](\d[A-Z]\d)?$/.test(pc))
      throw fail(400, "7266", "Postal Code must be in format A9A or A9A9A9.");
  }
  if (contract !== undefined && contract !== req.account.contractId)
    throw fail(400, "2550", "The contract number is not valid.");
  const services = SERVICES.filter((s) => !country || s.region === regionOf(country));
  return xmlOk("services", RATE_NS, {
    service: services.map((s) => ({
      "service-code": s.code,
      "service-name": s.name[req.lang],
      link: link("service", serviceHref(ctx, s.code, country ?? defaultCountry(s)), RATE_MEDIA_TYPE),
    })),
  });
}

const defaultCountry = (s: ServiceDef) => (s.region === "DOM" ? "CA" : s.region === "USA" ? "US" : undefined);

/* ------------------------------------------------------------------ Get Service */

function getService(req: SimRequest, ctx: SimContext): SimResponse {
  const country = req.query.get("country")?.toUpperCase() || undefined;
  if (country !== undefined && !isCountry(country)) throw country8534();
  const s = findService(req.params.code ?? "");
  if (!s) throw fail(404, "9112", serviceText(req.params.code ?? "", req.lang));
  const l = s.limits;
  const range = (max: number) => ({ "@min": "0.1", "@max": String(max) });
  const dims: Xml = {
    length: range(l.maxLengthCm),
    width: range(l.maxWidthCm),
    height: range(l.maxHeightCm),
  };
  if (l.lengthPlusGirthMaxCm !== undefined) dims["length-plus-girth-max"] = String(l.lengthPlusGirthMaxCm);
  if (l.sumOfSidesMaxCm !== undefined) dims["length-height-width-sum-max"] = String(l.sumOfSidesMaxCm);
  const restrictions: Xml = {
    // Canada Post gives the weight range in grams.
    "weight-restriction": { "@min": "0", "@max": String(l.maxWeightKg * 1000) },
    "dimensional-restrictions": dims,
  };
  if (s.densityFactor !== undefined) restrictions["density-factor"] = String(s.densityFactor);
  restrictions["can-ship-in-mailing-tube"] = yes(s.canShipInMailingTube);
  restrictions["can-ship-unpackaged"] = yes(s.canShipUnpackaged);
  restrictions["allowed-as-return-service"] = yes(s.allowedAsReturnService);
  return xmlOk("service", RATE_NS, {
    "service-code": s.code,
    "service-name": s.name[req.lang],
    options: {
      option: [...s.includedOptions, ...s.options.filter((o) => !s.includedOptions.includes(o))].map(
        (code) => {
          const o = findOption(code)!;
          const node: Xml = {
            "option-code": o.code,
            "option-name": o.name[req.lang],
            link: link("option", `${ctx.baseUrl}/rs/ship/option/${o.code}`, RATE_MEDIA_TYPE),
            mandatory: yes(s.includedOptions.includes(code)),
            "qualifier-required": yes(o.qualifierRequired),
          };
          if (code === "COV") node["qualifier-max"] = money(s.coverage.max);
          return node;
        },
      ),
    },
    restrictions,
  });
}

const serviceText = (code: string, lang: Lang) =>
  lang === "fr"
    ? `Le service ${code} n'est pas offert pour le pays ou le client/contrat indiqué.`
    : `The service ${code} is not available for the specified country or customer/contract.`;

/* ------------------------------------------------------------------ Get Option */

function getOption(req: SimRequest): SimResponse {
  const o = OPTIONS.find((x) => x.code === req.params.code);
  // Canada Post answers an unknown resource with 404 and an empty <messages/>.
  if (!o) return { status: 404, contentType: "application/vnd.cpc.messages+xml", body: EMPTY_MESSAGES };
  const content: Xml = {
    "option-code": o.code,
    "option-name": o.name[req.lang],
    "option-class": o.optionClass,
    "prints-on-label": yes(o.printsOnLabel),
    "qualifier-required": yes(o.qualifierRequired),
  };
  if (o.conflicts.length) content["conflicting-options"] = { "option-code": o.conflicts };
  if (o.prerequisites.length) content["prerequisite-options"] = { "option-code": o.prerequisites };
  return xmlOk("option", RATE_NS, content);
}

const EMPTY_MESSAGES =
  '<?xml version="1.0" encoding="UTF-8"?><messages xmlns="http://www.canadapost.ca/ws/messages"/>';

/* ------------------------------------------------------------------ routes */

export const ratingRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/rs/ship/price",
    operation: "GetRates",
    throttleGroup: "rating",
    mediaType: RATE_MEDIA_TYPE,
    requestSchema: { root: "mailing-scenario", xsd: "rating.xsd" },
    handle: getRates,
  },
  {
    method: "GET",
    pattern: "/rs/ship/service",
    operation: "DiscoverServices",
    throttleGroup: "rating",
    mediaType: RATE_MEDIA_TYPE,
    handle: discoverServices,
  },
  {
    method: "GET",
    pattern: "/rs/ship/service/:code",
    operation: "GetService",
    throttleGroup: "rating",
    mediaType: RATE_MEDIA_TYPE,
    handle: getService,
  },
  {
    method: "GET",
    pattern: "/rs/ship/option/:code",
    operation: "GetOption",
    throttleGroup: "rating",
    mediaType: RATE_MEDIA_TYPE,
    handle: getOption,
  },
];
