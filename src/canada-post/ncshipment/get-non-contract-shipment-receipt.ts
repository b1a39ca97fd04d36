import { boolean, int, listOf, number, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { ncShipmentRead, type NonContractShipmentRef } from "./ncshipment-target";

/* Get Non-Contract Shipment Receipt (ncshipment v4): what the credit card was charged, with taxes and options. */

const OP = "GetNonContractShipmentReceipt";

export function buildGetNonContractShipmentReceiptRequest(
  ctx: Pick<ClientContext, "config">,
  ref: NonContractShipmentRef,
): OperationRequest {
  return ncShipmentRead(ctx, ref, OP, ["receipt"], "/receipt");
}

const receiptReader = object({
  finalShippingPoint: text,
  shippingPointName: text.optional(),
  shippingPointId: text.optional(),
  mailedByCustomer: text,
  serviceCode: text,
  ratedWeight: number,
  baseAmount: number,
  preTaxAmount: number,
  gstAmount: number,
  pstAmount: number,
  hstAmount: number,
  pricedOptions: listOf("priced-option", object({ optionCode: text, optionPrice: number })),
  adjustments: listOf("adjustment", object({ adjustmentCode: text, adjustmentAmount: number })),
  ccReceiptDetails: object({
    merchantName: text,
    merchantUrl: text,
    nameOnCard: text.optional(),
    authCode: text,
    authTimestamp: text,
    cardType: text,
    chargeAmount: number,
    currency: text,
    transactionType: text,
  }),
  serviceStandard: object({
    amDelivery: boolean,
    guaranteedDelivery: boolean,
    expectedTransitTime: int,
    expectedDeliveryDate: text,
  }),
});
export type NonContractShipmentReceipt = Infer<typeof receiptReader>;

export function parseGetNonContractShipmentReceiptResponse(
  xml: string,
  status = 200,
): NonContractShipmentReceipt {
  return readAnswerWith(receiptReader, xml, status, OP, "non-contract-shipment-receipt");
}

/** Get Non-Contract Shipment Receipt: what the credit card was charged, with taxes and options. */
export async function getNonContractShipmentReceipt(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  opts?: CallOptions,
): Promise<NonContractShipmentReceipt> {
  return call(
    ctx,
    buildGetNonContractShipmentReceiptRequest(ctx, ref),
    parseGetNonContractShipmentReceiptResponse,
    opts,
  );
}
