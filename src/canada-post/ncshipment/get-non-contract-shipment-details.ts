import { boolean, int, listOf, number, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import {
  detailOptionsReader,
  partyReader,
  referencesReader,
  refundRequestInfoReader,
} from "../shipping-common";
import { ncShipmentRead, type NonContractShipmentRef } from "./ncshipment-target";

/* Get Non-Contract Shipment Details (ncshipment v4): what was shipped, as Canada Post recorded it. */

const OP = "GetNonContractShipmentDetails";

export function buildGetNonContractShipmentDetailsRequest(
  ctx: Pick<ClientContext, "config">,
  ref: NonContractShipmentRef,
): OperationRequest {
  return ncShipmentRead(ctx, ref, OP, ["details"], "/details");
}

const deliverySpecReader = object({
  serviceCode: text,
  sender: partyReader,
  destination: partyReader,
  recipient: partyReader.optional(),
  options: detailOptionsReader,
  parcelCharacteristics: object({
    weight: number,
    dimensions: object({ length: number, width: number, height: number }).optional(),
    document: boolean.optional(),
    unpackaged: boolean.optional(),
    mailingTube: boolean.optional(),
  }),
  notification: object({
    email: text,
    onShipment: boolean,
    onException: boolean,
    onDelivery: boolean,
  }).optional(),
  preferences: object({
    showPackingInstructions: boolean.optional(),
    showPostageRate: boolean.optional(),
    showInsuredValue: boolean.optional(),
  }).optional(),
  references: referencesReader.optional(),
  customs: object({
    currency: text,
    conversionFromCad: number.optional(),
    reasonForExport: text,
    otherReason: text.optional(),
    skuList: listOf(
      "item",
      object({
        customsNumberOfUnits: int,
        customsDescription: text,
        sku: text.optional(),
        hsTariffCode: text.optional(),
        unitWeight: number,
        customsValuePerUnit: number,
        customsUnitOfMeasure: text.optional(),
        countryOfOrigin: text.optional(),
        provinceOfOrigin: text.optional(),
      }),
    ),
    dutiesAndTaxesPrepaid: number.optional(),
    certificateNumber: text.optional(),
    licenceNumber: text.optional(),
    invoiceNumber: text.optional(),
  }).optional(),
  settlementInfo: object({ promoCode: text.optional() }).optional(),
});

const detailsReader = object({
  finalShippingPoint: text,
  trackingPin: text.optional(),
  deliverySpec: deliverySpecReader,
  /** Present once a refund was requested. */
  refundRequestInfo: refundRequestInfoReader.optional(),
});
export type NonContractShipmentDetails = Infer<typeof detailsReader>;

export function parseGetNonContractShipmentDetailsResponse(
  xml: string,
  status = 200,
): NonContractShipmentDetails {
  return readAnswerWith(detailsReader, xml, status, OP, "non-contract-shipment-details");
}

/** Get Non-Contract Shipment Details: what was shipped, as Canada Post recorded it. */
export async function getNonContractShipmentDetails(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  opts?: CallOptions,
): Promise<NonContractShipmentDetails> {
  return call(
    ctx,
    buildGetNonContractShipmentDetailsRequest(ctx, ref),
    parseGetNonContractShipmentDetailsResponse,
    opts,
  );
}
