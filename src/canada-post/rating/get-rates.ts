import { z } from "zod";
import {
  boolean,
  custom,
  int,
  listOf,
  number,
  object,
  readAnswerWith,
  text,
  type Infer,
} from "../answer-schema";
import { textOf, type ParsedNode } from "../answer";
import type { CanadaPostConfig } from "../config";
import { call, parseInput, type CallOptions, type ClientContext } from "../context";
import { CanadaPostInputError } from "../errors";
import { canadianPostalCode, usZipCode } from "../format";
import { linkReader } from "../links";
import { MediaType, Namespace } from "../media-types";
import { OptionRequestSchema, optionNode, ParcelCharacteristicsSchema, parcelNode } from "../parcel";
import { buildXml, type XmlNode } from "../xml";

/* Get Rates (rating v4): services, prices and transit times for one parcel between two points. */

const OP = "GetRates";

/** Where the parcel goes: the postal code is the ZIP for the US, and optional (KPG guarantee) elsewhere. */
export const RateDestinationSchema = z.object({
  country: z
    .string()
    .length(2, "country must be a 2-letter ISO code such as CA, US or JP")
    .transform((c) => c.toUpperCase()),
  postalCode: z.string().max(10).optional(),
});
export type RateDestination = z.infer<typeof RateDestinationSchema>;

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
/** GetRatesInput as its schema gives it: checked, the quote type filled in, the country in capitals. */
export type CheckedGetRatesInput = z.output<typeof GetRatesInputSchema>;

/**
 * The `<mailing-scenario>` of a Get Rates call, checked and canonical: postal codes normalised, dimensions
 * longest first, numbers in Canada Post's patterns, options and services in code order, and the customer
 * number and contract filled in from the configuration. The same parcel and route always give the same
 * text, so a caller may use it as the key of a cache or of calls in flight.
 */
export function buildGetRatesRequest(
  input: GetRatesInput,
  config: Pick<CanadaPostConfig, "customerNumber" | "contractId">,
): string {
  return writeGetRatesRequest(parseInput(GetRatesInputSchema, input, OP), config);
}

/**
 * buildGetRatesRequest for input already in the shape its schema gives, checked where it was made (the
 * shipping core's parcels, destination and settings are): the same text, without a second check of the same
 * values on every checkout. Postal codes are still read and normalised here.
 */
export function writeGetRatesRequest(
  i: CheckedGetRatesInput,
  config: Pick<CanadaPostConfig, "customerNumber" | "contractId">,
): string {
  const commercial = i.quoteType === "commercial";
  const customerNumber = commercial ? (i.customerNumber ?? config.customerNumber) : undefined;
  const contractId = commercial && customerNumber ? (i.contractId ?? config.contractId) : undefined;
  const options = i.options && [...i.options].sort((a, b) => compare(a.code, b.code));
  const services = i.services && [...new Set(i.services)].sort(compare);
  const content: XmlNode = {
    "customer-number": customerNumber,
    "contract-id": contractId,
    "promo-code": i.promoCode,
    "quote-type": i.quoteType === "counter" ? "counter" : undefined,
    "expected-mailing-date": i.expectedMailingDate,
    options: { option: (options ?? []).map(optionNode) },
    "parcel-characteristics": parcelNode(i.parcel),
    services: { "service-code": services },
    "origin-postal-code": canadianPostalCode(i.originPostalCode, "originPostalCode", OP),
    destination: destinationNode(i.destination),
  };
  return buildXml("mailing-scenario", Namespace.rate, content);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function destinationNode(d: RateDestination): XmlNode {
  if (d.country === "CA") {
    if (!d.postalCode) throw new CanadaPostInputError(OP, "a Canadian destination needs its postal code");
    return { domestic: { "postal-code": canadianPostalCode(d.postalCode, "destination.postalCode", OP) } };
  }
  if (d.country === "US") {
    if (!d.postalCode) throw new CanadaPostInputError(OP, "a US destination needs its ZIP code");
    return { "united-states": { "zip-code": usZipCode(d.postalCode, "destination.postalCode", OP) } };
  }
  return { international: { "country-code": d.country, "postal-code": d.postalCode?.trim().toUpperCase() } };
}

/** `<gst>0.50</gst>`, or `<hst percent="13.0">1.30</hst>`. */
const tax = custom((content, attrs): { amount: number; percent?: number } => {
  const amount = Number(typeof content === "string" ? content : textOf(content as ParsedNode[]) || 0);
  return attrs?.percent === undefined ? { amount } : { amount, percent: Number(attrs.percent) };
}).optional();

const priceQuoteReader = object({
  serviceCode: text,
  serviceLink: linkReader.optional(),
  serviceName: text,
  priceDetails: object({
    base: number,
    taxes: object({ gst: tax, pst: tax, hst: tax }).optional(),
    due: number,
    options: listOf(
      "option",
      object({
        optionCode: text,
        optionName: text.optional(),
        optionPrice: number.optional(),
        qualifier: object({
          stepSize: number.optional(),
          stepCost: number.optional(),
          includedAmount: number.optional(),
          maxValue: number.optional(),
          included: boolean.optional(),
          percent: number.optional(),
        }).optional(),
      }),
    ),
    adjustments: listOf(
      "adjustment",
      object({
        adjustmentCode: text,
        adjustmentName: text.optional(),
        adjustmentCost: number,
        qualifier: object({ percent: number.optional() }).optional(),
      }),
    ),
  }),
  weightDetails: object({ cubedWeight: number.optional() }).optional(),
  serviceStandard: object({
    amDelivery: boolean.optional(),
    guaranteedDelivery: boolean.optional(),
    expectedTransitTime: int.optional(),
    expectedDeliveryDate: text.optional(),
  }).optional(),
});
export type PriceQuote = Infer<typeof priceQuoteReader>;

const priceQuotesReader = listOf("price-quote", priceQuoteReader);

/** Canada Post's answer to Get Rates: its `<price-quote>`s, or the error it stands for. */
export function parseGetRatesResponse(xml: string, status = 200): PriceQuote[] {
  return readAnswerWith(priceQuotesReader, xml, status, OP, "price-quotes");
}

/** Sends a mailing scenario built by buildGetRatesRequest (a price quote buys nothing: reads are retried). */
export async function sendGetRates(
  ctx: ClientContext,
  body: string,
  opts?: CallOptions,
): Promise<PriceQuote[]> {
  return call(
    ctx,
    {
      operation: OP,
      method: "POST",
      url: "/rs/ship/price",
      accept: MediaType.rate,
      contentType: MediaType.rate,
      body,
      idempotent: true,
    },
    parseGetRatesResponse,
    opts,
  );
}

/** Get Rates: services, prices and transit times for one parcel between two points. */
export async function getRates(
  ctx: ClientContext,
  input: GetRatesInput,
  opts?: CallOptions,
): Promise<PriceQuote[]> {
  return sendGetRates(ctx, buildGetRatesRequest(input, ctx.config), opts);
}
