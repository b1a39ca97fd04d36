import { flag, listOf, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext } from "../context";
import { CanadaPostInputError } from "../errors";
import {
  asObject,
  has,
  pinOrDncRequest,
  trackingRead,
  type TrackingDetailsInput,
  type TrackingRequest,
} from "./tracking-input";

/* Get Tracking Details (tracking v2): every significant event of one parcel, with its delivery options. */

const OP = "GetTrackingDetails";

/** Get Tracking Details' path: by PIN or by DNC. */
export function buildGetTrackingDetailsRequest(input: TrackingDetailsInput): TrackingRequest {
  const o = asObject(input, OP, "pin or dnc");
  if (has(o, "referenceNumber")) {
    throw new CanadaPostInputError(
      OP,
      "tracking details are found by pin or dnc only; search by reference with getTrackingSummary first",
    );
  }
  const request = pinOrDncRequest(o, "detail", OP);
  if (!request) throw new CanadaPostInputError(OP, "say which parcel: give pin or dnc");
  return request;
}

const trackingEventReader = object({
  /** Canada Post's event code, e.g. "1496" (delivered), "0174" (out for delivery). */
  eventIdentifier: text.optional(),
  /** YYYY-MM-DD, HH:MM:SS and a zone abbreviation (EST, PDT...), as Canada Post sent them. */
  eventDate: text.optional(),
  eventTime: text.optional(),
  eventTimeZone: text.optional(),
  eventDescription: text.optional(),
  signatoryName: text.optional(),
  eventSite: text.optional(),
  eventProvince: text.optional(),
  eventRetailLocationId: text.optional(),
  eventRetailName: text.optional(),
});
export type TrackingEvent = Infer<typeof trackingEventReader>;

export interface DeliveryOption {
  deliveryOption: string;
  deliveryOptionDescription?: string;
}

const trackingDetailReader = object({
  pin: text,
  activeExists: text.optional(),
  archiveExists: text.optional(),
  changedExpectedDate: text.optional(),
  destinationPostalId: text.optional(),
  expectedDeliveryDate: text.optional(),
  changedExpectedDeliveryReason: text.optional(),
  mailedByCustomerNumber: text.optional(),
  mailedOnBehalfOfCustomerNumber: text.optional(),
  originalPin: text.optional(),
  serviceName: text.optional(),
  serviceName2: text.optional(),
  customerRef1: text.optional(),
  customerRef2: text.optional(),
  returnPin: text.optional(),
  signatureImageExists: flag.optional(),
  suppressSignature: flag.optional(),
  // Canada Post sends an all-empty <item> when a parcel has no options: such items say nothing and are dropped.
  deliveryOptions: listOf(
    "item",
    object({ deliveryOption: text.optional(), deliveryOptionDescription: text.optional() }),
  ).map((items) => items.filter((i): i is DeliveryOption => i.deliveryOption !== undefined)),
  codRemitInfo: object({ pin: text.optional(), type: text.optional() }).optional(),
  /** Most recent first, as Canada Post lists them. */
  significantEvents: listOf("occurrence", trackingEventReader),
});
export type TrackingDetail = Infer<typeof trackingDetailReader>;

export function parseGetTrackingDetailsResponse(xml: string, status = 200): TrackingDetail {
  return readAnswerWith(trackingDetailReader, xml, status, OP, "tracking-detail");
}

/** Get Tracking Details: every significant event of one parcel, with its delivery options. */
export async function getTrackingDetails(
  ctx: ClientContext,
  input: TrackingDetailsInput,
  opts?: CallOptions,
): Promise<TrackingDetail> {
  return call(
    ctx,
    trackingRead(OP, buildGetTrackingDetailsRequest(input)),
    parseGetTrackingDetailsResponse,
    opts,
  );
}
