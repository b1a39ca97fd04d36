import { boolean, int, listOf, number, object, text, type Infer } from "../answer-schema";
import { linksReader } from "../links";

/* `<shipment-info>`, the answer of Create Shipment and Get Shipment, and the price and receipt it may carry. */

export const shipmentPriceReader = object({
  serviceCode: text,
  baseAmount: number,
  pricedOptions: listOf("priced-option", object({ optionCode: text, optionPrice: number.optional() })),
  adjustments: listOf("adjustment", object({ adjustmentCode: text, adjustmentAmount: number })),
  preTaxAmount: number,
  gstAmount: number.optional(),
  pstAmount: number.optional(),
  hstAmount: number.optional(),
  dueAmount: number,
  serviceStandard: object({
    amDelivery: boolean.optional(),
    guaranteedDelivery: boolean.optional(),
    expectedTransmitTime: int.optional(),
    expectedDeliveryDate: text.optional(),
  }).optional(),
  ratedWeight: number.optional(),
});
export type ShipmentPrice = Infer<typeof shipmentPriceReader>;

const receiptDetailsReader = object(
  {
    merchantName: text.optional(),
    merchantUrl: text.optional(),
    nameOnCard: text.optional(),
    authCode: text,
    authTimestamp: text,
    cardType: text.optional(),
    supplierId: text.optional(),
    chargeAmount: number,
    currency: text,
    transactionType: text.optional(),
  },
  { loose: true },
);

/** A credit card or Supplier Account receipt, for shipments with transmitShipment. */
export const shipmentReceiptReader = object({
  ccReceiptDetails: receiptDetailsReader.optional(),
  supplierAccountReceiptDetails: receiptDetailsReader.optional(),
});
export type ShipmentReceipt = Infer<typeof shipmentReceiptReader>;

export const shipmentInfoReader = object({
  customerRequestId: text.optional(),
  shipmentId: text,
  /** created, transmitted or suspended. */
  shipmentStatus: text,
  trackingPin: text.optional(),
  returnTrackingPin: text.optional(),
  poNumber: text.optional(),
  shipmentPrice: shipmentPriceReader.optional(),
  shipmentReceipt: shipmentReceiptReader.optional(),
  /** self, details, group, price, label (index n), returnLabel, commercialInvoice, receipt, refund... */
  links: linksReader,
});
export type ShipmentInfo = Infer<typeof shipmentInfoReader>;
