import { listOf, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext } from "../context";
import { CanadaPostInputError } from "../errors";
import {
  asObject,
  has,
  pinOrDncRequest,
  REFERENCE_FIELDS,
  REFERENCE_SEARCH_KEYS,
  REFERENCE_SEARCH_RULE,
  ReferenceQuerySchema,
  trackingRead,
  type TrackingRequest,
  type TrackingSummaryInput,
} from "./tracking-input";

/* Get Tracking Summary (tracking v2): the most recent significant event of each matching parcel. */

const OP = "GetTrackingSummary";

/** Get Tracking Summary's path and query: by PIN, by DNC, or by reference number and mailing dates. */
export function buildGetTrackingSummaryRequest(input: TrackingSummaryInput): TrackingRequest {
  const o = asObject(input, OP, "pin, dnc, or referenceNumber with mailingDateFrom and mailingDateTo");
  const byParcel = pinOrDncRequest(o, "summary", OP);
  if (byParcel) return byParcel;
  const missing = REFERENCE_FIELDS.filter((k) => typeof o[k] !== "string" || !(o[k] as string).trim());
  if (!REFERENCE_SEARCH_KEYS.some((k) => has(o, k))) {
    throw new CanadaPostInputError(
      OP,
      "say which parcel: give pin, dnc, or referenceNumber with mailingDateFrom and mailingDateTo (YYYY-MM-DD)",
    );
  }
  if (missing.length) {
    throw new CanadaPostInputError(
      OP,
      `a reference number search needs referenceNumber, mailingDateFrom and mailingDateTo (YYYY-MM-DD); ` +
        `missing ${missing.join(", ")}. Canada Post 006: "${REFERENCE_SEARCH_RULE}"`,
    );
  }
  const q = parseInput(ReferenceQuerySchema, o, OP);
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

const pinSummaryReader = object({
  pin: text,
  /** First three characters of the origin postal code (FSA), or the origin country's identifier. */
  originPostalId: text.optional(),
  destinationPostalId: text.optional(),
  destinationProvince: text.optional(),
  serviceName: text.optional(),
  /** YYYY-MM-DD. */
  mailedOnDate: text.optional(),
  expectedDeliveryDate: text.optional(),
  actualDeliveryDate: text.optional(),
  /** 0: an option was not satisfied, 1: all were, 2: no options. */
  deliveryOptionCompletedInd: text.optional(),
  /** yyyymmdd:hhmmss of the most recent significant event. */
  eventDateTime: text.optional(),
  eventDescription: text.optional(),
  attemptedDate: text.optional(),
  customerRef1: text.optional(),
  customerRef2: text.optional(),
  returnPin: text.optional(),
  /** INDUCTION, DELIVERED, OUT, ATTEMPTED... */
  eventType: text.optional(),
  eventLocation: text.optional(),
  signatoryName: text.optional(),
});
export type PinSummary = Infer<typeof pinSummaryReader>;

/** `<tracking-summary>`: one pin-summary for a PIN or DNC, possibly many for a reference search. */
const trackingSummaryReader = listOf("pin-summary", pinSummaryReader);

export function parseGetTrackingSummaryResponse(xml: string, status = 200): PinSummary[] {
  return readAnswerWith(trackingSummaryReader, xml, status, OP, "tracking-summary");
}

/** Get Tracking Summary: the most recent significant event of each matching parcel. */
export async function getTrackingSummary(
  ctx: ClientContext,
  input: TrackingSummaryInput,
  opts?: CallOptions,
): Promise<PinSummary[]> {
  return call(
    ctx,
    trackingRead(OP, buildGetTrackingSummaryRequest(input)),
    parseGetTrackingSummaryResponse,
    opts,
  );
}
