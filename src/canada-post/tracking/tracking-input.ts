import { z } from "zod";
import type { OperationRequest } from "../context";
import { parseInput } from "../context";
import { CanadaPostInputError } from "../errors";
import { isCanadianPostalCode, normalisePostalCode } from "../format";
import { MediaType } from "../media-types";

/*
 * Tracking v2 (`application/vnd.cpc.track-v2+xml`): which parcel a call is about (PIN, delivery notice card or
 * reference search), checked once, and the read every tracking call is. Values of the answers are kept as
 * Canada Post sent them (dates, times and zones as strings): the shipping core turns them into statuses.
 */

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

export const REFERENCE_FIELDS = ["referenceNumber", "mailingDateFrom", "mailingDateTo"] as const;
export const REFERENCE_SEARCH_KEYS = [...REFERENCE_FIELDS, "customerNumber", "destinationPostalCode"];

/** The path and query of one tracking read, before the base URL. */
export interface TrackingRequest {
  url: string;
  query?: Record<string, string | undefined>;
}

export type Keyed = Record<string, unknown>;

export const has = (input: Keyed, key: string) => input[key] !== undefined && input[key] !== null;

export function asObject(input: unknown, operation: string, expected: string): Keyed {
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

export function pinOrDncRequest(
  input: Keyed,
  suffix: string,
  operation: string,
): TrackingRequest | undefined {
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

/** A tracking call: a read, so the transport may retry it. */
export function trackingRead(operation: string, request: TrackingRequest): OperationRequest {
  return {
    operation,
    method: "GET",
    url: request.url,
    query: request.query,
    accept: MediaType.track,
    idempotent: true,
  };
}
