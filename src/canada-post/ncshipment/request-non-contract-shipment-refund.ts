import { readAnswerWith } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext } from "../context";
import { Namespace } from "../media-types";
import { refundRequestInfoReader, type RefundRequestInfo } from "../shipping-common";
import { buildXml } from "../xml";
import { EmailSchema } from "./create-non-contract-shipment";
import { ncShipmentTarget, type NonContractShipmentRef } from "./ncshipment-target";

/* Request Non-Contract Shipment Refund (ncshipment v4): for a label that will not be used. */

const OP = "RequestNonContractShipmentRefund";

/** The `<non-contract-shipment-refund-request>` document: the email Canada Post answers the refund to. */
export function buildRequestNonContractShipmentRefundRequest(email: string): string {
  const e = parseInput(EmailSchema, email, OP);
  return buildXml("non-contract-shipment-refund-request", Namespace.ncshipment, { email: e });
}

export function parseRequestNonContractShipmentRefundResponse(xml: string, status = 200): RefundRequestInfo {
  return readAnswerWith(
    refundRequestInfoReader,
    xml,
    status,
    OP,
    "non-contract-shipment-refund-request-info",
  );
}

/**
 * Request Non-Contract Shipment Refund: for a label that will not be used. Never retried; a second
 * request for the same shipment is refused by Canada Post with code 7292, thrown as a CanadaPostError.
 */
export async function requestNonContractShipmentRefund(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  email: string,
  opts?: CallOptions,
): Promise<RefundRequestInfo> {
  const body = buildRequestNonContractShipmentRefundRequest(email);
  const target = ncShipmentTarget(ctx, ref, ["refund"], "/refund", OP);
  return call(
    ctx,
    { operation: OP, method: "POST", ...target, contentType: target.accept, body, idempotent: false },
    parseRequestNonContractShipmentRefundResponse,
    opts,
  );
}
