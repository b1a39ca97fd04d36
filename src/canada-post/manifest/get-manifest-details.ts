import { boolean, number, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { manifestRead, type ManifestRef } from "./manifest-target";

/* Get Manifest Details (contract shipping v8): who mailed, where, when, how it was paid and what it cost. */

const OP = "GetManifestDetails";

export function buildGetManifestDetailsRequest(
  ctx: Pick<ClientContext, "config">,
  ref: ManifestRef,
): OperationRequest {
  return manifestRead(ctx, ref, OP, ["details"], "/details");
}

const manifestDetailsReader = object({
  poNumber: text,
  finalShippingPoint: text,
  shippingPointName: text.optional(),
  shippingPointId: text.optional(),
  cpcPickupIndicator: boolean.optional(),
  mailedByCustomer: text,
  mailedOnBehalfOf: text,
  paidByCustomer: text,
  customerRef: text.optional(),
  manifestDate: text,
  manifestTime: text,
  contractId: text.optional(),
  methodOfPayment: text,
  ccReceiptDetails: object({
    merchantName: text,
    merchantUrl: text,
    nameOnCard: text.optional(),
    authCode: text,
    authTimestamp: text,
    cardType: text,
    currency: text,
    transactionType: text,
  }).optional(),
  supplierAccountReceiptDetails: object({
    merchantName: text,
    merchantUrl: text,
    authCode: text,
    authTimestamp: text,
    supplierId: text,
    currency: text,
    transactionType: text,
  }).optional(),
  manifestPricingInfo: object({
    baseCost: number,
    automationDiscount: number,
    optionsAndSurcharges: number,
    gst: number,
    pst: number,
    hst: number,
    totalDueCpc: number,
  }),
  manifestAddress: object({
    manifestCompany: text,
    manifestName: text.optional(),
    phoneNumber: text,
    addressDetails: object({
      addressLine1: text,
      addressLine2: text.optional(),
      city: text,
      provState: text,
      countryCode: text.optional(),
      postalZipCode: text,
    }),
  }),
});
export type ManifestDetails = Infer<typeof manifestDetailsReader>;

export function parseGetManifestDetailsResponse(xml: string, status = 200): ManifestDetails {
  return readAnswerWith(manifestDetailsReader, xml, status, OP, "manifest-details");
}

/** Get Manifest Details: who mailed, where, when, how it was paid and what it cost. */
export async function getManifestDetails(
  ctx: ClientContext,
  ref: ManifestRef,
  opts?: CallOptions,
): Promise<ManifestDetails> {
  return call(ctx, buildGetManifestDetailsRequest(ctx, ref), parseGetManifestDetailsResponse, opts);
}
