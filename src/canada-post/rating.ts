import { z } from "zod";
import { CanadaPostInputError } from "./errors";
import { canadianPostalCode, formatDimension, formatMoney, formatWeight, usZipCode } from "./format";
import { LinkSchema } from "./links";
import { MediaType, Namespace } from "./media-types";
import { many, xmlBoolean, xmlInt, xmlNumber } from "./schema-helpers";
import { parseInput, parseResponse, type CallOptions, type ClientContext } from "./context";
import { buildXml, type XmlNode } from "./xml";

/* ------------------------------------------------------------------ Get Rates */

export const ParcelCharacteristicsSchema = z.object({
  /** Kilograms, more than 0 and at most 99.999. */
  weight: z.number().positive().max(99.999),
  /** Centimetres; length is the longest side, height the shortest (sorted before sending). */
  dimensions: z
    .object({ length: z.number().positive(), width: z.number().positive(), height: z.number().positive() })
    .optional(),
  unpackaged: z.boolean().optional(),
  mailingTube: z.boolean().optional(),
  oversized: z.boolean().optional(),
});
export type ParcelCharacteristics = z.infer<typeof ParcelCharacteristicsSchema>;

/** Where the parcel goes: the postal code is the ZIP for the US, and optional (KPG guarantee) elsewhere. */
export const RateDestinationSchema = z.object({
  country: z
    .string()
    .length(2, "country must be a 2-letter ISO code such as CA, US or JP")
    .transform((c) => c.toUpperCase()),
  postalCode: z.string().max(10).optional(),
});
export type RateDestination = z.infer<typeof RateDestinationSchema>;

export const OptionRequestSchema = z.object({
  code: z.string().min(1).max(10),
  /** Required for COV (coverage amount), and for COD. */
  amount: z.number().positive().optional(),
});

export const GetRatesInputSchema = z.object({
  /** "counter" gives consumer rates (no customer number is sent); "commercial" (default) the customer's. */
  quoteType: z.enum(["commercial", "counter"]).default("commercial"),
  /** Defaults to the configured customer number for commercial quotes. */
  customerNumber: z.string().optional(),
  /** Defaults to the configured contract id for commercial quotes; gives contract prices. */
  contractId: z.string().optional(),
  promoCode: z.string().min(1).max(10).optional(),
  /** YYYY-MM-DD; must not be in the past (1622). */
  expectedMailingDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "expectedMailingDate must be YYYY-MM-DD")
    .optional(),
  options: z.array(OptionRequestSchema).max(20).optional(),
  parcel: ParcelCharacteristicsSchema,
  /** Service codes to rate; all applicable services when omitted. */
  services: z.array(z.string().min(1)).max(20).optional(),
  originPostalCode: z.string(),
  destination: RateDestinationSchema,
});
export type GetRatesInput = z.input<typeof GetRatesInputSchema>;

const OP_RATES = "GetRates";

/** The `<mailing-scenario>` document for a Get Rates call. */
export function buildMailingScenario(input: GetRatesInput, ctx?: Pick<ClientContext, "config">): string {
  const i = parseInput(GetRatesInputSchema, input, OP_RATES);
  const commercial = i.quoteType === "commercial";
  const customerNumber = commercial ? (i.customerNumber ?? ctx?.config.customerNumber) : undefined;
  const contractId = commercial && customerNumber ? (i.contractId ?? ctx?.config.contractId) : undefined;
  const content: XmlNode = {
    "customer-number": customerNumber,
    "contract-id": contractId,
    "promo-code": i.promoCode,
    "quote-type": i.quoteType === "counter" ? "counter" : undefined,
    "expected-mailing-date": i.expectedMailingDate,
    options: { option: (i.options ?? []).map(optionNode) },
    "parcel-characteristics": parcelNode(i.parcel),
    services: { "service-code": i.services },
    "origin-postal-code": canadianPostalCode(i.originPostalCode, "originPostalCode", OP_RATES),
    destination: destinationNode(i.destination),
  };
  return buildXml("mailing-scenario", Namespace.rate, content);
}

export function optionNode(o: z.infer<typeof OptionRequestSchema>): XmlNode {
  return {
    "option-code": o.code,
    "option-amount": o.amount === undefined ? undefined : formatMoney(o.amount),
  };
}

/** Canada Post wants length ≥ width ≥ height. */
export function sortedDimensions(d: { length: number; width: number; height: number }) {
  const [length, width, height] = [d.length, d.width, d.height].sort((a, b) => b - a) as [
    number,
    number,
    number,
  ];
  return { length, width, height };
}

function parcelNode(p: ParcelCharacteristics): XmlNode {
  const d = p.dimensions ? sortedDimensions(p.dimensions) : undefined;
  return {
    weight: formatWeight(p.weight),
    dimensions: d && {
      length: formatDimension(d.length),
      width: formatDimension(d.width),
      height: formatDimension(d.height),
    },
    unpackaged: p.unpackaged,
    "mailing-tube": p.mailingTube,
    oversized: p.oversized,
  };
}

function destinationNode(d: RateDestination): XmlNode {
  if (d.country === "CA") {
    if (!d.postalCode)
      throw new CanadaPostInputError(OP_RATES, "a Canadian destination needs its postal code");
    return {
      domestic: { "postal-code": canadianPostalCode(d.postalCode, "destination.postalCode", OP_RATES) },
    };
  }
  if (d.country === "US") {
    if (!d.postalCode) throw new CanadaPostInputError(OP_RATES, "a US destination needs its ZIP code");
    return { "united-states": { "zip-code": usZipCode(d.postalCode, "destination.postalCode", OP_RATES) } };
  }
  return { international: { "country-code": d.country, "postal-code": d.postalCode?.trim() } };
}

const TaxSchema = z
  .union([z.string(), z.object({ value: z.string().optional(), percent: z.string().optional() })])
  .optional()
  .transform((t) => {
    if (t === undefined) return undefined;
    if (typeof t === "string") return { amount: Number(t) };
    return { amount: Number(t.value ?? 0), percent: t.percent === undefined ? undefined : Number(t.percent) };
  });

export const PriceQuoteSchema = z.object({
  serviceCode: z.string(),
  serviceLink: LinkSchema.optional(),
  serviceName: z.string(),
  priceDetails: z.object({
    base: xmlNumber,
    taxes: z.object({ gst: TaxSchema, pst: TaxSchema, hst: TaxSchema }).optional(),
    due: xmlNumber,
    options: z
      .object({
        option: many(
          z.object({
            optionCode: z.string(),
            optionName: z.string().optional(),
            optionPrice: xmlNumber.optional(),
            qualifier: z
              .object({
                stepSize: xmlNumber.optional(),
                stepCost: xmlNumber.optional(),
                includedAmount: xmlNumber.optional(),
                maxValue: xmlNumber.optional(),
                included: xmlBoolean.optional(),
                percent: xmlNumber.optional(),
              })
              .optional(),
          }),
        ),
      })
      .optional()
      .transform((o) => o?.option ?? []),
    adjustments: z
      .object({
        adjustment: many(
          z.object({
            adjustmentCode: z.string(),
            adjustmentName: z.string().optional(),
            adjustmentCost: xmlNumber,
            qualifier: z.object({ percent: xmlNumber.optional() }).optional(),
          }),
        ),
      })
      .optional()
      .transform((a) => a?.adjustment ?? []),
  }),
  weightDetails: z.object({ cubedWeight: xmlNumber.optional() }).optional(),
  serviceStandard: z
    .object({
      amDelivery: xmlBoolean.optional(),
      guaranteedDelivery: xmlBoolean.optional(),
      expectedTransitTime: xmlInt.optional(),
      expectedDeliveryDate: z.string().optional(),
    })
    .optional(),
});
export type PriceQuote = z.infer<typeof PriceQuoteSchema>;

export const PriceQuotesSchema = z
  .object({ priceQuote: many(PriceQuoteSchema) })
  .or(z.undefined())
  .transform((v) => v?.priceQuote ?? []);

/** Get Rates: services, prices and transit times for one parcel between two points. */
export async function getRates(
  ctx: ClientContext,
  input: GetRatesInput,
  opts?: CallOptions,
): Promise<PriceQuote[]> {
  const body = buildMailingScenario(input, ctx);
  const res = await ctx.transport.sendXml({
    operation: OP_RATES,
    method: "POST",
    url: "/rs/ship/price",
    accept: MediaType.rate,
    contentType: MediaType.rate,
    body,
    idempotent: true, // a price quote buys nothing
    ...opts,
  });
  return parseResponse(PriceQuotesSchema, res.value, OP_RATES);
}

/* ------------------------------------------------------------------ Discover Services */

export const DiscoverServicesInputSchema = z.object({
  /** Destination country, 2 letters; all services (CA) when omitted. */
  country: z.string().length(2).optional(),
  /** Defaults to the configured contract id. */
  contractId: z.string().optional(),
  originPostalCode: z.string().optional(),
  destinationPostalCode: z.string().optional(),
});
export type DiscoverServicesInput = z.input<typeof DiscoverServicesInputSchema>;

export const ServiceSummarySchema = z.object({
  serviceCode: z.string(),
  serviceName: z.string(),
  link: LinkSchema.optional(),
});
export type ServiceSummary = z.infer<typeof ServiceSummarySchema>;

/** Discover Services: the services available for a country, contract and postal codes. */
export async function discoverServices(
  ctx: ClientContext,
  input: DiscoverServicesInput = {},
  opts?: CallOptions,
): Promise<ServiceSummary[]> {
  const i = parseInput(DiscoverServicesInputSchema, input, "DiscoverServices");
  const res = await ctx.transport.sendXml({
    operation: "DiscoverServices",
    method: "GET",
    url: "/rs/ship/service",
    query: {
      country: i.country?.toUpperCase(),
      contract: i.contractId ?? ctx.config.contractId,
      // Canada Post checks the format itself (7266); only spaces and case are normalised here.
      origpc: i.originPostalCode?.replace(/\s+/g, "").toUpperCase(),
      destpc: i.destinationPostalCode?.replace(/\s+/g, "").toUpperCase(),
    },
    accept: MediaType.rate,
    idempotent: true,
    ...opts,
  });
  return parseResponse(
    z
      .object({ service: many(ServiceSummarySchema) })
      .or(z.undefined())
      .transform((v) => v?.service ?? []),
    res.value,
    "DiscoverServices",
  );
}

/* ------------------------------------------------------------------ Get Service */

const RangeSchema = z.object({ min: xmlNumber.optional(), max: xmlNumber.optional() }).optional();

export const ServiceInfoSchema = z.object({
  serviceCode: z.string(),
  serviceName: z.string(),
  comment: z.string().optional(),
  options: z
    .object({
      option: many(
        z.object({
          optionCode: z.string(),
          optionName: z.string(),
          link: LinkSchema.optional(),
          mandatory: xmlBoolean.optional(),
          qualifierRequired: xmlBoolean.optional(),
          qualifierMax: xmlNumber.optional(),
        }),
      ),
    })
    .optional()
    .transform((o) => o?.option ?? []),
  restrictions: z
    .object({
      weightRestriction: RangeSchema,
      dimensionalRestrictions: z
        .object({
          length: RangeSchema,
          width: RangeSchema,
          height: RangeSchema,
          lengthPlusGirthMax: xmlNumber.optional(),
          lengthHeightWidthSumMax: xmlNumber.optional(),
          oversizeLimit: xmlNumber.optional(),
        })
        .optional(),
      densityFactor: xmlNumber.optional(),
      canShipInMailingTube: xmlBoolean.optional(),
      canShipUnpackaged: xmlBoolean.optional(),
      allowedAsReturnService: xmlBoolean.optional(),
    })
    .optional(),
});
export type ServiceInfo = z.infer<typeof ServiceInfoSchema>;

/** Get Service: limits, density factor and options of one service (optionally for a country). */
export async function getService(
  ctx: ClientContext,
  serviceCode: string,
  country?: string,
  opts?: CallOptions,
): Promise<ServiceInfo> {
  const res = await ctx.transport.sendXml({
    operation: "GetService",
    method: "GET",
    url: `/rs/ship/service/${encodeURIComponent(serviceCode)}`,
    query: { country: country?.toUpperCase() },
    accept: MediaType.rate,
    idempotent: true,
    ...opts,
  });
  return parseResponse(ServiceInfoSchema, res.value, "GetService");
}

/* ------------------------------------------------------------------ Get Option */

const optionCodes = z
  .object({ optionCode: many(z.string()) })
  .optional()
  .transform((v) => v?.optionCode ?? []);

export const OptionInfoSchema = z.object({
  optionCode: z.string(),
  optionName: z.string(),
  optionClass: z.string().optional(),
  printsOnLabel: xmlBoolean.optional(),
  qualifierRequired: xmlBoolean.optional(),
  conflictingOptions: optionCodes,
  prerequisiteOptions: optionCodes,
});
export type OptionInfo = z.infer<typeof OptionInfoSchema>;

/** Get Option: what an option is, what it requires and what it conflicts with. */
export async function getOption(
  ctx: ClientContext,
  optionCode: string,
  opts?: CallOptions,
): Promise<OptionInfo> {
  const res = await ctx.transport.sendXml({
    operation: "GetOption",
    method: "GET",
    url: `/rs/ship/option/${encodeURIComponent(optionCode)}`,
    accept: MediaType.rate,
    idempotent: true,
    ...opts,
  });
  return parseResponse(OptionInfoSchema, res.value, "GetOption");
}
