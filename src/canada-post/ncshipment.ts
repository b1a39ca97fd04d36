import { z } from "zod";
import { getArtifact, type Artifact } from "./artifact";
import { parseInput, parseResponse, readDocument, type CallOptions, type ClientContext } from "./context";
import { CanadaPostInputError } from "./errors";
import { findLink, LinkSchema, LinksSchema, type Link } from "./links";
import { MediaType, Namespace } from "./media-types";
import {
  buildNonContractShipment,
  EmailSchema,
  OP_CREATE_NC,
  type CreateNonContractShipmentInput,
} from "./ncshipment-request";
import { many, xmlBoolean, xmlInt, xmlNumber } from "./schema-helpers";
import { buildXml } from "./xml";

/*
 * Non-Contract Shipping v4: labels bought with a credit card by a customer without a contract. Paths are
 * `/rs/{customerNumber}/ncshipment...`; calls on one shipment take its id or a link Canada Post returned.
 */

export {
  buildNonContractShipment,
  CreateNonContractShipmentInputSchema,
  type CreateNonContractShipmentInput,
} from "./ncshipment-request";

export function ncShipmentBasePath(ctx: Pick<ClientContext, "config">, operation: string): string {
  const customerNumber = ctx.config.customerNumber;
  if (!customerNumber) {
    throw new CanadaPostInputError(
      operation,
      "no customer number is configured: set customerNumber (the customer number of your Canada Post account)",
    );
  }
  return `/rs/${customerNumber}/ncshipment`;
}

/** A non-contract shipment by its shipment id, or a link Canada Post returned for it (followed as given). */
export type NonContractShipmentRef = string | Link;

/** Where a call on one shipment goes: the link's own href and media type, or the path built from the id. */
function shipmentTarget(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  rels: string[],
  suffix: string,
  operation: string,
): { url: string; accept: string } {
  if (typeof ref !== "string") {
    if (!rels.includes(ref.rel)) {
      throw new CanadaPostInputError(
        operation,
        `expected a link with rel ${rels.map((r) => `"${r}"`).join(" or ")}, got rel "${ref.rel}": pass the shipment id or the matching link`,
      );
    }
    return { url: ref.href, accept: ref.mediaType };
  }
  const id = ref.trim();
  if (!id)
    throw new CanadaPostInputError(operation, "the shipment id is empty: pass the id or a shipment link");
  return {
    url: `${ncShipmentBasePath(ctx, operation)}/${encodeURIComponent(id)}${suffix}`,
    accept: MediaType.ncshipment,
  };
}

/* ------------------------------------------------------------------ create and get */

export const NonContractShipmentInfoSchema = z.object({
  shipmentId: z.string(),
  trackingPin: z.string().optional(),
  /** self, details, receipt, label (PDF), and refund. */
  links: LinksSchema,
});
export type NonContractShipmentInfo = z.infer<typeof NonContractShipmentInfoSchema>;

/**
 * Create Non-Contract Shipment: buys the label. Never retried: a repeated call would buy a second label.
 */
export async function createNonContractShipment(
  ctx: ClientContext,
  input: CreateNonContractShipmentInput,
  opts?: CallOptions,
): Promise<NonContractShipmentInfo> {
  const body = buildNonContractShipment(input);
  const res = await ctx.transport.sendXml({
    operation: OP_CREATE_NC,
    expectRoot: "non-contract-shipment-info",
    method: "POST",
    url: ncShipmentBasePath(ctx, OP_CREATE_NC),
    accept: MediaType.ncshipment,
    contentType: MediaType.ncshipment,
    body,
    idempotent: false,
    ...opts,
  });
  return parseResponse(NonContractShipmentInfoSchema, res.value, OP_CREATE_NC);
}

/** Get Non-Contract Shipment: the shipment id, tracking PIN and links, again. */
export async function getNonContractShipment(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  opts?: CallOptions,
): Promise<NonContractShipmentInfo> {
  const op = "GetNonContractShipment";
  const target = shipmentTarget(ctx, ref, ["self", "shipment"], "", op);
  return readDocument(
    ctx,
    { operation: op, ...target, root: "non-contract-shipment-info" },
    NonContractShipmentInfoSchema,
    opts,
  );
}

/** The label (PDF) of a created shipment, through its `label` link. */
export async function getNonContractShipmentLabel(
  ctx: ClientContext,
  shipment: Pick<NonContractShipmentInfo, "links">,
  opts?: CallOptions,
): Promise<Artifact> {
  const link = findLink(shipment.links, "label");
  if (!link) {
    throw new CanadaPostInputError(
      "GetNonContractShipmentLabel",
      "this shipment has no label link: pass the result of createNonContractShipment or getNonContractShipment",
    );
  }
  return getArtifact(ctx, link, opts);
}

/* ------------------------------------------------------------------ details */

const AddressDetailsSchema = z.object({
  addressLine1: z.string().optional(),
  addressLine2: z.string().optional(),
  city: z.string().optional(),
  provState: z.string().optional(),
  countryCode: z.string().optional(),
  postalZipCode: z.string().optional(),
});

const PartySchema = z.object({
  name: z.string().optional(),
  company: z.string().optional(),
  additionalAddressInfo: z.string().optional(),
  clientVoiceNumber: z.string().optional(),
  contactPhone: z.string().optional(),
  addressDetails: AddressDetailsSchema,
});

const list = <T extends z.ZodType>(key: string, item: T) =>
  z
    .record(z.string(), z.unknown())
    .optional()
    .transform((v) => v?.[key])
    .pipe(many(item));

export const DeliverySpecSchema = z.object({
  serviceCode: z.string(),
  sender: PartySchema,
  destination: PartySchema,
  recipient: PartySchema.optional(),
  options: list(
    "option",
    z.object({
      optionCode: z.string(),
      optionAmount: xmlNumber.optional(),
      optionQualifier1: xmlBoolean.optional(),
      optionQualifier2: z.string().optional(),
    }),
  ),
  parcelCharacteristics: z.object({
    weight: xmlNumber,
    dimensions: z.object({ length: xmlNumber, width: xmlNumber, height: xmlNumber }).optional(),
    document: xmlBoolean.optional(),
    unpackaged: xmlBoolean.optional(),
    mailingTube: xmlBoolean.optional(),
  }),
  notification: z
    .object({
      email: z.string(),
      onShipment: xmlBoolean,
      onException: xmlBoolean,
      onDelivery: xmlBoolean,
    })
    .optional(),
  preferences: z
    .object({
      showPackingInstructions: xmlBoolean.optional(),
      showPostageRate: xmlBoolean.optional(),
      showInsuredValue: xmlBoolean.optional(),
    })
    .optional(),
  references: z
    .object({
      costCentre: z.string().optional(),
      customerRef1: z.string().optional(),
      customerRef2: z.string().optional(),
    })
    .optional(),
  customs: z
    .object({
      currency: z.string(),
      conversionFromCad: xmlNumber.optional(),
      reasonForExport: z.string(),
      otherReason: z.string().optional(),
      skuList: list(
        "item",
        z.object({
          customsNumberOfUnits: xmlInt,
          customsDescription: z.string(),
          sku: z.string().optional(),
          hsTariffCode: z.string().optional(),
          unitWeight: xmlNumber,
          customsValuePerUnit: xmlNumber,
          customsUnitOfMeasure: z.string().optional(),
          countryOfOrigin: z.string().optional(),
          provinceOfOrigin: z.string().optional(),
        }),
      ),
      dutiesAndTaxesPrepaid: xmlNumber.optional(),
      certificateNumber: z.string().optional(),
      licenceNumber: z.string().optional(),
      invoiceNumber: z.string().optional(),
    })
    .optional(),
  settlementInfo: z.object({ promoCode: z.string().optional() }).optional(),
});

export const RefundRequestInfoSchema = z.object({
  serviceTicketDate: z.string(),
  serviceTicketId: z.string(),
});
export type RefundRequestInfo = z.infer<typeof RefundRequestInfoSchema>;

export const NonContractShipmentDetailsSchema = z.object({
  finalShippingPoint: z.string(),
  trackingPin: z.string().optional(),
  deliverySpec: DeliverySpecSchema,
  /** Present once a refund was requested. */
  refundRequestInfo: RefundRequestInfoSchema.optional(),
});
export type NonContractShipmentDetails = z.infer<typeof NonContractShipmentDetailsSchema>;

/** Get Non-Contract Shipment Details: what was shipped, as Canada Post recorded it. */
export async function getNonContractShipmentDetails(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  opts?: CallOptions,
): Promise<NonContractShipmentDetails> {
  const op = "GetNonContractShipmentDetails";
  const target = shipmentTarget(ctx, ref, ["details"], "/details", op);
  return readDocument(
    ctx,
    { operation: op, ...target, root: "non-contract-shipment-details" },
    NonContractShipmentDetailsSchema,
    opts,
  );
}

/* ------------------------------------------------------------------ receipt */

export const NonContractShipmentReceiptSchema = z.object({
  finalShippingPoint: z.string(),
  shippingPointName: z.string().optional(),
  shippingPointId: z.string().optional(),
  mailedByCustomer: z.string(),
  serviceCode: z.string(),
  ratedWeight: xmlNumber,
  baseAmount: xmlNumber,
  preTaxAmount: xmlNumber,
  gstAmount: xmlNumber,
  pstAmount: xmlNumber,
  hstAmount: xmlNumber,
  pricedOptions: list("pricedOption", z.object({ optionCode: z.string(), optionPrice: xmlNumber })),
  adjustments: list("adjustment", z.object({ adjustmentCode: z.string(), adjustmentAmount: xmlNumber })),
  ccReceiptDetails: z.object({
    merchantName: z.string(),
    merchantUrl: z.string(),
    nameOnCard: z.string().optional(),
    authCode: z.string(),
    authTimestamp: z.string(),
    cardType: z.string(),
    chargeAmount: xmlNumber,
    currency: z.string(),
    transactionType: z.string(),
  }),
  serviceStandard: z.object({
    amDelivery: xmlBoolean,
    guaranteedDelivery: xmlBoolean,
    expectedTransitTime: xmlInt,
    expectedDeliveryDate: z.string(),
  }),
});
export type NonContractShipmentReceipt = z.infer<typeof NonContractShipmentReceiptSchema>;

/** Get Non-Contract Shipment Receipt: what the credit card was charged, with taxes and options. */
export async function getNonContractShipmentReceipt(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  opts?: CallOptions,
): Promise<NonContractShipmentReceipt> {
  const op = "GetNonContractShipmentReceipt";
  const target = shipmentTarget(ctx, ref, ["receipt"], "/receipt", op);
  return readDocument(
    ctx,
    { operation: op, ...target, root: "non-contract-shipment-receipt" },
    NonContractShipmentReceiptSchema,
    opts,
  );
}

/* ------------------------------------------------------------------ list */

const minute = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{12}$/, `${name} must be a time as YYYYMMDDHHmm, e.g. 202401311530`);

export const GetNonContractShipmentsInputSchema = z.union([
  z.object({ from: minute("from"), to: minute("to").optional() }).strict(),
  z.object({ trackingPin: z.string().trim().min(11).max(16) }).strict(),
]);
export type GetNonContractShipmentsInput = z.input<typeof GetNonContractShipmentsInputSchema>;

/** Get Non-Contract Shipments: links to the shipments created in a time span, or to the one with a PIN. */
export async function getNonContractShipments(
  ctx: ClientContext,
  input: GetNonContractShipmentsInput,
  opts?: CallOptions,
): Promise<Link[]> {
  const op = "GetNonContractShipments";
  const i = parseInput(GetNonContractShipmentsInputSchema, input, op);
  const query = "trackingPin" in i ? { trackingPIN: i.trackingPin } : { from: i.from, to: i.to };
  if ("from" in i && i.to !== undefined && i.to < i.from) {
    throw new CanadaPostInputError(op, `to ${i.to} is before from ${i.from}`);
  }
  const res = await ctx.transport.sendXml({
    operation: op,
    expectRoot: "non-contract-shipments",
    method: "GET",
    url: ncShipmentBasePath(ctx, op),
    query,
    accept: MediaType.ncshipment,
    idempotent: true,
    ...opts,
  });
  return parseResponse(
    z
      .object({ link: many(LinkSchema) })
      .or(z.undefined())
      .transform((v) => v?.link ?? []),
    res.value,
    op,
  );
}

/* ------------------------------------------------------------------ refund */

const OP_REFUND = "RequestNonContractShipmentRefund";

/** The `<non-contract-shipment-refund-request>` document: the email Canada Post answers the refund to. */
export function buildNonContractShipmentRefundRequest(email: string): string {
  const e = parseInput(EmailSchema, email, OP_REFUND);
  return buildXml("non-contract-shipment-refund-request", Namespace.ncshipment, { email: e });
}

/**
 * Request Non-Contract Shipment Refund: for a label that will not be used. Never retried; a second
 * request for the same shipment is refused by Canada Post with code 7292, thrown as a CanadaPostError.
 */
export async function requestNonContractShipmentRefund(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  email: string,
  opts?: CallOptions,
): Promise<RefundRequestInfo> {
  const body = buildNonContractShipmentRefundRequest(email);
  const target = shipmentTarget(ctx, ref, ["refund"], "/refund", OP_REFUND);
  const res = await ctx.transport.sendXml({
    operation: OP_REFUND,
    expectRoot: "non-contract-shipment-refund-request-info",
    method: "POST",
    url: target.url,
    accept: target.accept,
    contentType: target.accept,
    body,
    idempotent: false,
    ...opts,
  });
  return parseResponse(RefundRequestInfoSchema, res.value, OP_REFUND);
}
