import { call, parseInput, type CallOptions, type ClientContext } from "../context";
import { MediaType } from "../media-types";
import { readImageDocument, type Unavailable } from "./image-document";
import {
  asObject,
  PinQuerySchema,
  trackingRead,
  type PinQuery,
  type TrackingRequest,
} from "./tracking-input";

/* Get Delivery Confirmation Certificate (tracking v2): the proof-of-delivery PDF, or why there is none. */

const OP = "GetDeliveryConfirmationCertificate";

/** Canada Post's "No Delivery Information Available": the parcel is not delivered (yet). */
export const NO_DELIVERY_INFORMATION = "007";

export type DeliveryCertificateResult =
  { available: true; pdf: Buffer; mimeType: string; filename?: string } | Unavailable;

/** Get Delivery Confirmation Certificate's path (PIN only). */
export function buildGetDeliveryConfirmationCertificateRequest(input: PinQuery): TrackingRequest {
  const { pin } = parseInput(PinQuerySchema, asObject(input, OP, "pin"), OP);
  return { url: `/vis/certificate/${encodeURIComponent(pin)}` };
}

export function parseGetDeliveryConfirmationCertificateResponse(
  xml: string,
  status = 200,
): DeliveryCertificateResult {
  const doc = readImageDocument(
    xml,
    status,
    OP,
    "delivery-confirmation-certificate",
    NO_DELIVERY_INFORMATION,
  );
  if ("available" in doc) return doc;
  return { available: true, pdf: doc.data, mimeType: doc.mimeType ?? MediaType.pdf, filename: doc.filename };
}

/** Get Delivery Confirmation Certificate: the proof-of-delivery PDF, or why there is none (007). */
export async function getDeliveryConfirmationCertificate(
  ctx: ClientContext,
  input: PinQuery,
  opts?: CallOptions,
): Promise<DeliveryCertificateResult> {
  return call(
    ctx,
    trackingRead(OP, buildGetDeliveryConfirmationCertificateRequest(input)),
    parseGetDeliveryConfirmationCertificateResponse,
    opts,
  );
}
