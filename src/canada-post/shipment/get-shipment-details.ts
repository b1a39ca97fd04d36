import { boolean, number, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import {
  detailOptionsReader,
  partyReader,
  referencesReader,
  refundRequestInfoReader,
} from "../shipping-common";
import { shipmentRead, type ShipmentRef } from "./shipment-target";

/* Get Shipment Details (contract shipping v8): what was asked for at creation, and any refund request. */

const OP = "GetShipmentDetails";

export function buildGetShipmentDetailsRequest(
  ctx: Pick<ClientContext, "config">,
  ref: ShipmentRef,
): OperationRequest {
  return shipmentRead(ctx, ref, OP, ["details"], "/details");
}

const shipmentDetailsReader = object({
  customerRequestId: text.optional(),
  shipmentStatus: text,
  finalShippingPoint: text.optional(),
  trackingPin: text.optional(),
  poNumber: text.optional(),
  shippingPointId: text.optional(),
  cpcPickupIndicator: boolean.optional(),
  shipmentDetail: object(
    {
      groupId: text.optional(),
      transmitShipment: boolean.optional(),
      quickshipLabelRequested: boolean.optional(),
      expectedMailingDate: text.optional(),
      deliverySpec: object(
        {
          serviceCode: text,
          sender: partyReader,
          destination: partyReader,
          options: detailOptionsReader,
          parcelCharacteristics: object({ weight: number }, { loose: true }),
          references: referencesReader.optional(),
          settlementInfo: object({ intendedMethodOfPayment: text.optional() }, { loose: true }).optional(),
        },
        { loose: true },
      ),
      returnSpec: object({ serviceCode: text }, { loose: true }).optional(),
      /** Present once a refund was requested. */
      refundRequestInfo: refundRequestInfoReader.optional(),
    },
    { loose: true },
  ),
});
export type ShipmentDetails = Infer<typeof shipmentDetailsReader>;

export function parseGetShipmentDetailsResponse(xml: string, status = 200): ShipmentDetails {
  return readAnswerWith(shipmentDetailsReader, xml, status, OP, "shipment-details");
}

/** Get Shipment Details: what was asked for at creation, and any refund request. */
export async function getShipmentDetails(
  ctx: ClientContext,
  ref: ShipmentRef,
  opts?: CallOptions,
): Promise<ShipmentDetails> {
  return call(ctx, buildGetShipmentDetailsRequest(ctx, ref), parseGetShipmentDetailsResponse, opts);
}
