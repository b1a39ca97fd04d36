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

/* Get Signature Image (tracking v2): the signature captured at delivery, or why there is none. */

const OP = "GetSignatureImage";

/** Canada Post's "No Signature Image Available": privacy suppression, no signature, or older than 45 days. */
export const NO_SIGNATURE_IMAGE = "003";

export type SignatureImageResult =
  { available: true; image: Buffer; mimeType: string; filename?: string; resolution?: string } | Unavailable;

/** Get Signature Image's path (PIN only). */
export function buildGetSignatureImageRequest(input: PinQuery): TrackingRequest {
  const { pin } = parseInput(PinQuerySchema, asObject(input, OP, "pin"), OP);
  return { url: `/vis/signatureimage/${encodeURIComponent(pin)}` };
}

export function parseGetSignatureImageResponse(xml: string, status = 200): SignatureImageResult {
  const doc = readImageDocument(xml, status, OP, "signature-image", NO_SIGNATURE_IMAGE);
  if ("available" in doc) return doc;
  return {
    available: true,
    image: doc.data,
    // Canada Post documents the signature as a JPEG; the element is kept when present.
    mimeType: doc.mimeType ?? MediaType.jpeg,
    filename: doc.filename,
    resolution: doc.resolution,
  };
}

/** Get Signature Image: the signature captured at delivery, or why there is none (003). */
export async function getSignatureImage(
  ctx: ClientContext,
  input: PinQuery,
  opts?: CallOptions,
): Promise<SignatureImageResult> {
  return call(
    ctx,
    trackingRead(OP, buildGetSignatureImageRequest(input)),
    parseGetSignatureImageResponse,
    opts,
  );
}
