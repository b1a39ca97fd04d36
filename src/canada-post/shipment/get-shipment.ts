import { readAnswerWith } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { shipmentInfoReader, type ShipmentInfo } from "./shipment-info";
import { shipmentRead, type ShipmentRef } from "./shipment-target";

/* Get Shipment (contract shipping v8): the same answer as Create Shipment, from the `self` link or the id. */

const OP = "GetShipment";

export function buildGetShipmentRequest(
  ctx: Pick<ClientContext, "config">,
  ref: ShipmentRef,
): OperationRequest {
  return shipmentRead(ctx, ref, OP, ["self", "shipment"]);
}

export function parseGetShipmentResponse(xml: string, status = 200): ShipmentInfo {
  return readAnswerWith(shipmentInfoReader, xml, status, OP, "shipment-info");
}

/** Get Shipment: the same answer as Create Shipment, from the `self` link or the id. */
export async function getShipment(
  ctx: ClientContext,
  ref: ShipmentRef,
  opts?: CallOptions,
): Promise<ShipmentInfo> {
  return call(ctx, buildGetShipmentRequest(ctx, ref), parseGetShipmentResponse, opts);
}
