import { z } from "zod";
import { readAnswerWith } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext } from "../context";
import { Namespace } from "../media-types";
import { refundRequestInfoReader, type RefundRequestInfo } from "../shipping-common";
import { buildXml } from "../xml";
import { shipmentTarget, type ShipmentRef } from "./shipment-target";

/* Request Shipment Refund (contract shipping v8): for a transmitted shipment whose label will not be used. */

const OP = "RequestShipmentRefund";

export const RefundRequestInputSchema = z.object({
  /** Where Canada Post writes about the refund. */
  email: z.email("email must be an email address such as name@example.com").max(60),
});
export type RefundRequestInput = z.input<typeof RefundRequestInputSchema>;

/** The `<shipment-refund-request>` document. */
export function buildRequestShipmentRefundRequest(input: RefundRequestInput): string {
  const i = parseInput(RefundRequestInputSchema, input, OP);
  return buildXml("shipment-refund-request", Namespace.shipment, { email: i.email });
}

export function parseRequestShipmentRefundResponse(xml: string, status = 200): RefundRequestInfo {
  return readAnswerWith(refundRequestInfoReader, xml, status, OP, "shipment-refund-request-info");
}

/**
 * Request Shipment Refund: for a transmitted shipment whose label will not be used. A second request answers
 * 409 with 7292, which reaches the caller as CanadaPostError.
 */
export async function requestShipmentRefund(
  ctx: ClientContext,
  ref: ShipmentRef,
  input: RefundRequestInput,
  opts?: CallOptions,
): Promise<RefundRequestInfo> {
  const body = buildRequestShipmentRefundRequest(input);
  const target = shipmentTarget(ctx, ref, OP, ["refund"], "/refund");
  return call(
    ctx,
    { operation: OP, method: "POST", ...target, contentType: target.accept, body, idempotent: false },
    parseRequestShipmentRefundResponse,
    opts,
  );
}
