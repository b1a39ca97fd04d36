import { errorOfBodylessAnswer } from "../answer";
import type { CallOptions, ClientContext, OperationRequest } from "../context";
import { CanadaPostTransportError } from "../errors";
import { shipmentTarget, type ShipmentRef } from "./shipment-target";

/* Void Shipment (contract shipping v8): DELETE the shipment, 204 when done. */

const OP = "VoidShipment";

export function buildVoidShipmentRequest(
  ctx: Pick<ClientContext, "config">,
  ref: ShipmentRef,
): OperationRequest {
  return {
    operation: OP,
    method: "DELETE",
    ...shipmentTarget(ctx, ref, OP, ["self", "shipment"]),
    // A repeat after a lost answer would report 404 for a void that succeeded: the caller decides.
    idempotent: false,
  };
}

/**
 * Canada Post's answer to Void Shipment: nothing for a success (204), else the error: a shipment not found
 * answers 404 with an empty `<messages/>`, a transmitted one 400 with 8064 (refund it instead). A success
 * status with a document (a proxy's page, a truncated answer) is no void: the label may still stand, so it
 * is reported as a malformed answer, never taken for a void.
 */
export function parseVoidShipmentResponse(body: string | Buffer, status: number): void {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const error = errorOfBodylessAnswer(bytes, status, OP);
  if (error) throw error;
  if (status !== 204 && bytes.toString("utf8").trim() !== "")
    throw new CanadaPostTransportError(
      OP,
      "malformed",
      `Canada Post answers a void with 204 and no body; HTTP ${status} with a ${bytes.length}-byte body does not say the label was voided`,
    );
}

/**
 * Void Shipment: DELETE the shipment (204). A shipment not found answers 404 with an empty `<messages/>`, a
 * transmitted one 400 with 8064: both reach the caller as CanadaPostError, and 8064 means refund instead.
 */
export async function voidShipment(ctx: ClientContext, ref: ShipmentRef, opts?: CallOptions): Promise<void> {
  const res = await ctx.transport.send(buildVoidShipmentRequest(ctx, ref), opts);
  parseVoidShipmentResponse(res.body, res.status);
}
