import { z } from "zod";
import { parseInput, parseResponse, type CallOptions, type ClientContext } from "./context";
import {
  CanadaPostError,
  CanadaPostInputError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
} from "./errors";
import { isCanadianPostalCode, normalisePostalCode } from "./format";
import { MediaType } from "./media-types";
import { many } from "./schema-helpers";
import type { XmlResponse } from "./transport";

/**
 * Tracking v2 (`application/vnd.cpc.track-v2+xml`): summary by PIN, DNC or reference, details by PIN or
 * DNC, signature image and delivery confirmation certificate. Every call is a read, so the transport may
 * retry it. Values are kept as Canada Post sent them (dates, times and zones as strings): the shipping
 * core turns them into timestamps and statuses.
 */

const OP_SUMMARY = "GetTrackingSummary";
const OP_DETAILS = "GetTrackingDetails";
const OP_SIGNATURE = "GetSignatureImage";
const OP_CERTIFICATE = "GetDeliveryConfirmationCertificate";

/* ------------------------------------------------------------------ inputs */

/**
 * A parcel's PIN: Canada Post documents 12, 13 or 16 characters, but older and international items vary,
 * so any 11 to 16 letters and digits are accepted; anything else would change the URL's path.
 */
export const PinSchema = z
  .string()
  .trim()
  .min(1, {
    message: "the tracking PIN is required (the number under the barcode on the label)",
    abort: true,
  })
  .toUpperCase()
  .regex(
    /^[A-Z0-9]{11,16}$/,
    "a tracking PIN is 11 to 16 letters and digits (usually 12, 13 or 16), without spaces, dashes or slashes",
  );

/** The number of the delivery notice card left when no one was home: 15 digits. */
export const DncSchema = z
  .string()
  .trim()
  .regex(/^\d{15}$/, "a delivery notice card (DNC) number is exactly 15 digits, without spaces");

const IsoDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    message: "must be a date written YYYY-MM-DD, e.g. 2024-05-01",
    abort: true,
  })
  .refine(
    (d) => {
      const t = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
    },
    { message: "is not a calendar date", abort: true },
  );

export const PinQuerySchema = z.object({ pin: PinSchema }).strict();
export const DncQuerySchema = z.object({ dnc: DncSchema }).strict();

/** A search by the customer-ref-1 or customer-ref-2 given when the shipment was created. */
export const ReferenceQuerySchema = z
  .object({
    referenceNumber: z.string().trim().min(1).max(35, "referenceNumber is at most 35 characters"),
    /** YYYY-MM-DD; Canada Post refuses dates more than two months old (008). */
    mailingDateFrom: IsoDateSchema,
    mailingDateTo: IsoDateSchema,
    /** The mailed-by or mailed-on-behalf-of customer; Canada Post uses the caller's own when omitted. */
    customerNumber: z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, "customerNumber is up to 10 digits")
      .optional(),
    /** A6A6A6, 99999(-9999), or up to 14 characters for other countries. */
    destinationPostalCode: z
      .string()
      .trim()
      .min(1)
      .transform((pc) => (isCanadianPostalCode(pc) ? normalisePostalCode(pc) : pc))
      .pipe(z.string().max(14, "destinationPostalCode is at most 14 characters"))
      .optional(),
  })
  .strict()
  .refine((q) => q.mailingDateFrom <= q.mailingDateTo, {
    message:
      "is after mailingDateTo: give the earlier date as mailingDateFrom (Canada Post would answer 004 No Pin History)",
    path: ["mailingDateFrom"],
  });

export type PinQuery = z.input<typeof PinQuerySchema>;
export type DncQuery = z.input<typeof DncQuerySchema>;
export type ReferenceQuery = z.input<typeof ReferenceQuerySchema>;
export type TrackingSummaryInput = PinQuery | DncQuery | ReferenceQuery;
export type TrackingDetailsInput = PinQuery | DncQuery;

/** Canada Post's own words for error 006, repeated so the caller sees the rule Canada Post applies. */
export const REFERENCE_SEARCH_RULE =
  "Reference number, mailed from date, mailed to date and destination Postal Code are required fields for a reference number search.";

const REFERENCE_FIELDS = ["referenceNumber", "mailingDateFrom", "mailingDateTo"] as const;
const REFERENCE_SEARCH_KEYS = [...REFERENCE_FIELDS, "customerNumber", "destinationPostalCode"];

/** The path and query of one tracking read, before the base URL. */
export interface TrackingRequest {
  url: string;
  query?: Record<string, string | undefined>;
}

type Keyed = Record<string, unknown>;

const has = (input: Keyed, key: string) => input[key] !== undefined && input[key] !== null;

function asObject(input: unknown, operation: string, expected: string): Keyed {
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    throw new CanadaPostInputError(operation, `expected an object with ${expected}`);
  }
  return input as Keyed;
}

/** Which one parcel identifier was given; refuses none or several, since the URL can hold only one. */
function pickIdentifier(input: Keyed, keys: string[], operation: string): string | undefined {
  const given = keys.filter((k) => has(input, k));
  if (given.length > 1) {
    throw new CanadaPostInputError(
      operation,
      `give only one of ${keys.join(", ")}; got ${given.join(" and ")}`,
    );
  }
  return given[0];
}

function pinOrDncRequest(input: Keyed, suffix: string, operation: string): TrackingRequest | undefined {
  const key = pickIdentifier(input, ["pin", "dnc", "referenceNumber"], operation);
  if (key === "pin") {
    const { pin } = parseInput(PinQuerySchema, input, operation);
    return { url: `/vis/track/pin/${encodeURIComponent(pin)}/${suffix}` };
  }
  if (key === "dnc") {
    const { dnc } = parseInput(DncQuerySchema, input, operation);
    return { url: `/vis/track/dnc/${encodeURIComponent(dnc)}/${suffix}` };
  }
  return undefined;
}

/** Get Tracking Summary's path and query: by PIN, by DNC, or by reference number and mailing dates. */
export function trackingSummaryRequest(input: TrackingSummaryInput): TrackingRequest {
  const o = asObject(
    input,
    OP_SUMMARY,
    "pin, dnc, or referenceNumber with mailingDateFrom and mailingDateTo",
  );
  const byParcel = pinOrDncRequest(o, "summary", OP_SUMMARY);
  if (byParcel) return byParcel;
  const missing = REFERENCE_FIELDS.filter((k) => typeof o[k] !== "string" || !(o[k] as string).trim());
  if (!REFERENCE_SEARCH_KEYS.some((k) => has(o, k))) {
    throw new CanadaPostInputError(
      OP_SUMMARY,
      "say which parcel: give pin, dnc, or referenceNumber with mailingDateFrom and mailingDateTo (YYYY-MM-DD)",
    );
  }
  if (missing.length) {
    throw new CanadaPostInputError(
      OP_SUMMARY,
      `a reference number search needs referenceNumber, mailingDateFrom and mailingDateTo (YYYY-MM-DD); ` +
        `missing ${missing.join(", ")}. Canada Post 006: "${REFERENCE_SEARCH_RULE}"`,
    );
  }
  const q = parseInput(ReferenceQuerySchema, o, OP_SUMMARY);
  return {
    url: "/vis/track/ref/summary",
    query: {
      referenceNumber: q.referenceNumber,
      mailingDateFrom: q.mailingDateFrom,
      mailingDateTo: q.mailingDateTo,
      customerNumber: q.customerNumber,
      destinationPostalCode: q.destinationPostalCode,
    },
  };
}

/** Get Tracking Details' path: by PIN or by DNC. */
export function trackingDetailsRequest(input: TrackingDetailsInput): TrackingRequest {
  const o = asObject(input, OP_DETAILS, "pin or dnc");
  if (has(o, "referenceNumber")) {
    throw new CanadaPostInputError(
      OP_DETAILS,
      "tracking details are found by pin or dnc only; search by reference with getTrackingSummary first",
    );
  }
  const request = pinOrDncRequest(o, "detail", OP_DETAILS);
  if (!request) throw new CanadaPostInputError(OP_DETAILS, "say which parcel: give pin or dnc");
  return request;
}

/** Get Signature Image's path (PIN only). */
export function signatureImageRequest(input: PinQuery): TrackingRequest {
  const { pin } = parseInput(PinQuerySchema, asObject(input, OP_SIGNATURE, "pin"), OP_SIGNATURE);
  return { url: `/vis/signatureimage/${encodeURIComponent(pin)}` };
}

/** Get Delivery Confirmation Certificate's path (PIN only). */
export function certificateRequest(input: PinQuery): TrackingRequest {
  const { pin } = parseInput(PinQuerySchema, asObject(input, OP_CERTIFICATE, "pin"), OP_CERTIFICATE);
  return { url: `/vis/certificate/${encodeURIComponent(pin)}` };
}

/* ------------------------------------------------------------------ responses */

/** A value Canada Post may leave empty (`<attempted-date/>`): absent then. */
const text = z.string().optional();
/** "true"/"false" (and 1/0, Y/N, to be lenient) as a boolean. */
const flag = z
  .string()
  .transform((v) => /^(true|1|y|yes)$/i.test(v.trim()))
  .optional();

export const PinSummarySchema = z.object({
  pin: z.string(),
  /** First three characters of the origin postal code (FSA), or the origin country's identifier. */
  originPostalId: text,
  destinationPostalId: text,
  destinationProvince: text,
  serviceName: text,
  /** YYYY-MM-DD. */
  mailedOnDate: text,
  expectedDeliveryDate: text,
  actualDeliveryDate: text,
  /** 0: an option was not satisfied, 1: all were, 2: no options. */
  deliveryOptionCompletedInd: text,
  /** yyyymmdd:hhmmss of the most recent significant event. */
  eventDateTime: text,
  eventDescription: text,
  attemptedDate: text,
  customerRef1: text,
  customerRef2: text,
  returnPin: text,
  /** INDUCTION, DELIVERED, OUT, ATTEMPTED... */
  eventType: text,
  eventLocation: text,
  signatoryName: text,
});
export type PinSummary = z.infer<typeof PinSummarySchema>;

/** `<tracking-summary>`: one pin-summary for a PIN or DNC, possibly many for a reference search. */
export const TrackingSummarySchema = z
  .object({ pinSummary: many(PinSummarySchema) })
  .or(z.undefined())
  .transform((v) => v?.pinSummary ?? []);

export const TrackingEventSchema = z.object({
  /** Canada Post's event code, e.g. "1496" (delivered), "0174" (out for delivery). */
  eventIdentifier: text,
  /** YYYY-MM-DD, HH:MM:SS and a zone abbreviation (EST, PDT...), as Canada Post sent them. */
  eventDate: text,
  eventTime: text,
  eventTimeZone: text,
  eventDescription: text,
  signatoryName: text,
  eventSite: text,
  eventProvince: text,
  eventRetailLocationId: text,
  eventRetailName: text,
});
export type TrackingEvent = z.infer<typeof TrackingEventSchema>;

export const DeliveryOptionSchema = z.object({
  deliveryOption: z.string(),
  deliveryOptionDescription: text,
});
export type DeliveryOption = z.infer<typeof DeliveryOptionSchema>;

export const TrackingDetailSchema = z.object({
  pin: z.string(),
  activeExists: text,
  archiveExists: text,
  changedExpectedDate: text,
  destinationPostalId: text,
  expectedDeliveryDate: text,
  changedExpectedDeliveryReason: text,
  mailedByCustomerNumber: text,
  mailedOnBehalfOfCustomerNumber: text,
  originalPin: text,
  serviceName: text,
  serviceName2: text,
  customerRef1: text,
  customerRef2: text,
  returnPin: text,
  signatureImageExists: flag,
  suppressSignature: flag,
  // Canada Post sends an all-empty <item> when a parcel has no options: such items say nothing and are dropped.
  deliveryOptions: z
    .object({ item: many(z.object({ deliveryOption: text, deliveryOptionDescription: text })) })
    .optional()
    .transform((o) => (o?.item ?? []).filter((i): i is DeliveryOption => i.deliveryOption !== undefined)),
  codRemitInfo: z.object({ pin: text, type: text }).optional(),
  /** Most recent first, as Canada Post lists them. */
  significantEvents: z
    .object({ occurrence: many(TrackingEventSchema) })
    .optional()
    .transform((o) => o?.occurrence ?? []),
});
export type TrackingDetail = z.infer<typeof TrackingDetailSchema>;

const ImageDocumentSchema = z.object({
  filename: text,
  image: z.string({ message: "the image element is missing or empty" }),
  mimeType: text,
  resolution: text,
});

/** A document Canada Post could not give for a reason that is a normal outcome, not a failure. */
export interface Unavailable {
  available: false;
  code: string;
  description: string;
}

export type SignatureImageResult =
  { available: true; image: Buffer; mimeType: string; filename?: string; resolution?: string } | Unavailable;

export type DeliveryCertificateResult =
  { available: true; pdf: Buffer; mimeType: string; filename?: string } | Unavailable;

/** Canada Post's "No Signature Image Available": privacy suppression, no signature, or older than 45 days. */
export const NO_SIGNATURE_IMAGE = "003";
/** Canada Post's "No Delivery Information Available": the parcel is not delivered (yet). */
export const NO_DELIVERY_INFORMATION = "007";

/* ------------------------------------------------------------------ calls */

async function read(
  ctx: ClientContext,
  operation: string,
  request: TrackingRequest,
  root: string,
  opts?: CallOptions,
): Promise<unknown> {
  const res: XmlResponse = await ctx.transport.sendXml({
    operation,
    expectRoot: root,
    method: "GET",
    url: request.url,
    query: request.query,
    accept: MediaType.track,
    idempotent: true, // reads only
    ...opts,
  });
  return res.value;
}

/** Get Tracking Summary: the most recent significant event of each matching parcel. */
export async function getTrackingSummary(
  ctx: ClientContext,
  input: TrackingSummaryInput,
  opts?: CallOptions,
): Promise<PinSummary[]> {
  const value = await read(ctx, OP_SUMMARY, trackingSummaryRequest(input), "tracking-summary", opts);
  return parseResponse(TrackingSummarySchema, value, OP_SUMMARY);
}

/** Get Tracking Details: every significant event of one parcel, with its delivery options. */
export async function getTrackingDetails(
  ctx: ClientContext,
  input: TrackingDetailsInput,
  opts?: CallOptions,
): Promise<TrackingDetail> {
  const value = await read(ctx, OP_DETAILS, trackingDetailsRequest(input), "tracking-detail", opts);
  return parseResponse(TrackingDetailSchema, value, OP_DETAILS);
}

/** Get Signature Image: the signature captured at delivery, or why there is none (003). */
export async function getSignatureImage(
  ctx: ClientContext,
  input: PinQuery,
  opts?: CallOptions,
): Promise<SignatureImageResult> {
  const request = signatureImageRequest(input);
  return unlessUnavailable(NO_SIGNATURE_IMAGE, async () => {
    const value = await read(ctx, OP_SIGNATURE, request, "signature-image", opts);
    const doc = parseResponse(ImageDocumentSchema, value, OP_SIGNATURE);
    return {
      available: true as const,
      image: decodeBase64(doc.image, OP_SIGNATURE),
      // Canada Post documents the signature as a JPEG; the element is kept when present.
      mimeType: doc.mimeType ?? MediaType.jpeg,
      filename: doc.filename,
      resolution: doc.resolution,
    };
  });
}

/** Get Delivery Confirmation Certificate: the proof-of-delivery PDF, or why there is none (007). */
export async function getDeliveryConfirmationCertificate(
  ctx: ClientContext,
  input: PinQuery,
  opts?: CallOptions,
): Promise<DeliveryCertificateResult> {
  const request = certificateRequest(input);
  return unlessUnavailable(NO_DELIVERY_INFORMATION, async () => {
    const value = await read(ctx, OP_CERTIFICATE, request, "delivery-confirmation-certificate", opts);
    const doc = parseResponse(ImageDocumentSchema, value, OP_CERTIFICATE);
    return {
      available: true as const,
      pdf: decodeBase64(doc.image, OP_CERTIFICATE),
      mimeType: doc.mimeType ?? MediaType.pdf,
      filename: doc.filename,
    };
  });
}

/** Turns an envelope made only of the given code into an `Unavailable` outcome; everything else throws. */
async function unlessUnavailable<T>(code: string, call: () => Promise<T>): Promise<T | Unavailable> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof CanadaPostError && !(e instanceof CanadaPostThrottledError)) {
      const [first] = e.messages;
      if (first && e.messages.every((m) => sameCode(m.code, code))) {
        return { available: false, code: first.code, description: first.description };
      }
    }
    throw e;
  }
}

/** "003" and "3" are the same code: Canada Post pads tracking codes to three digits, but not always. */
function sameCode(a: string, b: string): boolean {
  const strip = (c: string) => c.trim().replace(/^0+(?=\d)/, "");
  return strip(a) === strip(b);
}

function decodeBase64(data: string, operation: string): Buffer {
  const compact = data.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new CanadaPostTransportError(operation, "malformed", "the image is not base64");
  }
  return Buffer.from(compact, "base64");
}
