import { readAnswerWith } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { shipmentPriceReader, type ShipmentPrice } from "./shipment-info";
import { shipmentRead, type ShipmentRef } from "./shipment-target";

/* Get Shipment Price (contract shipping v8): base, options, adjustments, taxes and the amount due. */

const OP = "GetShipmentPrice";

export function buildGetShipmentPriceRequest(
  ctx: Pick<ClientContext, "config">,
  ref: ShipmentRef,
): OperationRequest {
  return shipmentRead(ctx, ref, OP, ["price"], "/price");
}

export function parseGetShipmentPriceResponse(xml: string, status = 200): ShipmentPrice {
  return readAnswerWith(shipmentPriceReader, xml, status, OP, "shipment-price");
}

/** Get Shipment Price: base, options, adjustments, taxes and the amount due. */
export async function getShipmentPrice(
  ctx: ClientContext,
  ref: ShipmentRef,
  opts?: CallOptions,
): Promise<ShipmentPrice> {
  return call(ctx, buildGetShipmentPriceRequest(ctx, ref), parseGetShipmentPriceResponse, opts);
}
