import { readAnswerWith } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { shipmentReceiptReader, type ShipmentReceipt } from "./shipment-info";
import { shipmentRead, type ShipmentRef } from "./shipment-target";

/* Get Shipment Receipt (contract shipping v8): the payment receipt of a shipment created with transmitShipment. */

const OP = "GetShipmentReceipt";

export function buildGetShipmentReceiptRequest(
  ctx: Pick<ClientContext, "config">,
  ref: ShipmentRef,
): OperationRequest {
  return shipmentRead(ctx, ref, OP, ["receipt"], "/receipt");
}

export function parseGetShipmentReceiptResponse(xml: string, status = 200): ShipmentReceipt {
  return readAnswerWith(shipmentReceiptReader, xml, status, OP, "shipment-receipt");
}

/** Get Shipment Receipt: the payment receipt of a shipment created with transmitShipment. */
export async function getShipmentReceipt(
  ctx: ClientContext,
  ref: ShipmentRef,
  opts?: CallOptions,
): Promise<ShipmentReceipt> {
  return call(ctx, buildGetShipmentReceiptRequest(ctx, ref), parseGetShipmentReceiptResponse, opts);
}
