import { z } from "zod";
import { object, readAnswerWith, text as textReader, type Infer } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext } from "../context";
import { CanadaPostInputError } from "../errors";
import { canadianPostalCode, formatWeight } from "../format";
import { linksReader } from "../links";
import { MediaType, Namespace } from "../media-types";
import { dimensionsNode, optionNode, sortedDimensions } from "../parcel";
import {
  customsNode,
  destinationNode,
  notificationNode,
  preferencesNode,
  referencesNode,
  senderNode,
} from "../shipping-common";
import { buildXml, type XmlNode } from "../xml";
import { ncShipmentBasePath } from "./ncshipment-target";

/*
 * Create Non-Contract Shipment (ncshipment v4): the `<non-contract-shipment>` request, its answer, the call.
 * Input keys are ncshipment.xsd's element names in camelCase, so they read the same as the parsed Get
 * Non-Contract Shipment Details answer. The non-contract sender has no country (it is always in Canada).
 */

const OP = "CreateNonContractShipment";

const text = (name: string, max: number) =>
  z.string().trim().min(1, `${name} must not be empty`).max(max, `${name} must be at most ${max} characters`);
const optionalText = (name: string, max: number) =>
  z.string().trim().max(max, `${name} must be at most ${max} characters`).optional();
const countryCode = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2}$/, "countryCode must be a 2-letter ISO code such as CA, US or JP")
  .transform((c) => c.toUpperCase());

/** Canada Post's own email pattern (ncshipment.xsd EmailType). */
const EMAIL =
  /^(['_A-Za-z0-9\-+]+)(\.['_A-Za-z0-9\-+]+)*@([A-Za-z0-9-]+)(\.[A-Za-z0-9-]+)*(\.[A-Za-z]{2,5})$/;
export const EmailSchema = z
  .string()
  .trim()
  .max(60, "email must be at most 60 characters")
  .regex(EMAIL, "email must be an address such as name@example.com");

export const NcSenderSchema = z.object({
  name: optionalText("sender.name", 44),
  company: text("sender.company", 44),
  contactPhone: text("sender.contactPhone", 25),
  addressDetails: z.object({
    addressLine1: text("sender.addressLine1", 44),
    addressLine2: optionalText("sender.addressLine2", 44),
    city: text("sender.city", 40),
    provState: text("sender.provState", 2).transform((s) => s.toUpperCase()),
    postalZipCode: z.string(),
  }),
});

export const NcDestinationSchema = z.object({
  name: optionalText("destination.name", 44),
  company: optionalText("destination.company", 44),
  additionalAddressInfo: optionalText("destination.additionalAddressInfo", 44),
  /** The recipient's phone; Canada Post accepts +, digits, spaces, . - ( ) and x or p for an extension. */
  clientVoiceNumber: optionalText("destination.clientVoiceNumber", 25),
  addressDetails: z.object({
    addressLine1: text("destination.addressLine1", 44),
    addressLine2: optionalText("destination.addressLine2", 44),
    city: text("destination.city", 40).optional(),
    provState: text("destination.provState", 20).optional(),
    countryCode,
    postalZipCode: text("destination.postalZipCode", 14).optional(),
  }),
});

export const NcOptionSchema = z.object({
  optionCode: text("optionCode", 10),
  /** Coverage amount (COV) or amount to collect (COD). */
  optionAmount: z.number().positive().max(999999.99).optional(),
  /** With COV outside Canada: true asks for the maximum coverage, without optionAmount. */
  optionQualifier1: z.boolean().optional(),
  optionQualifier2: optionalText("optionQualifier2", 12),
});

export const NcParcelSchema = z.object({
  /** Kilograms. */
  weight: z
    .number()
    .positive("weight must be more than 0 kg")
    .max(30, "Canada Post takes at most 30 kg per parcel"),
  /** Centimetres, sorted longest first before sending. */
  dimensions: z
    .object({
      length: z.number().positive().max(200, "no side may be over 200 cm"),
      width: z.number().positive().max(200, "no side may be over 200 cm"),
      height: z.number().positive().max(200, "no side may be over 200 cm"),
    })
    .optional(),
  document: z.boolean().optional(),
  unpackaged: z.boolean().optional(),
  mailingTube: z.boolean().optional(),
});

export const NcNotificationSchema = z.object({
  email: EmailSchema,
  onShipment: z.boolean().default(false),
  onException: z.boolean().default(false),
  onDelivery: z.boolean().default(false),
});

export const NcPreferencesSchema = z.object({
  showPackingInstructions: z.boolean().default(false),
  showPostageRate: z.boolean().optional(),
  showInsuredValue: z.boolean().optional(),
});

export const NcReferencesSchema = z.object({
  costCentre: optionalText("costCentre", 30),
  customerRef1: optionalText("customerRef1", 35),
  customerRef2: optionalText("customerRef2", 35),
});

export const SkuSchema = z.object({
  customsNumberOfUnits: z.number().int().min(1).max(9999),
  customsDescription: text("customsDescription", 45),
  sku: optionalText("sku", 15),
  hsTariffCode: z
    .string()
    .trim()
    .regex(
      /^\d{4}(\.\d{2}(\.\d{2}(\.\d{2})?)?)?$/,
      "hsTariffCode must look like 1234, 1234.56 or 1234.56.78.90",
    )
    .optional(),
  /** Kilograms per unit. */
  unitWeight: z.number().positive().max(99.999),
  customsValuePerUnit: z.number().positive().max(99999.99),
  customsUnitOfMeasure: z.string().trim().length(3, "customsUnitOfMeasure is a 3-letter code").optional(),
  countryOfOrigin: countryCode.optional(),
  provinceOfOrigin: optionalText("provinceOfOrigin", 2),
});

export const NcCustomsSchema = z
  .object({
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, "currency must be an ISO currency code such as CAD or USD")
      .transform((c) => c.toUpperCase()),
    conversionFromCad: z.number().positive().max(999.999999).optional(),
    /** DOC, SAM (sample), REP (repair), SOG (sale of goods) or OTH with otherReason; GIF is refused in v4. */
    reasonForExport: z.enum(["DOC", "SAM", "REP", "SOG", "OTH"], {
      message: "reasonForExport must be DOC, SAM, REP, SOG or OTH (GIF is no longer accepted)",
    }),
    otherReason: z.string().trim().min(4).max(40).optional(),
    skuList: z.array(SkuSchema).min(1, "customs needs at least one item in skuList").max(500),
    dutiesAndTaxesPrepaid: z.number().positive().max(99999.99).optional(),
    certificateNumber: optionalText("certificateNumber", 10),
    licenceNumber: optionalText("licenceNumber", 10),
    invoiceNumber: optionalText("invoiceNumber", 10),
  })
  .refine((c) => c.reasonForExport !== "OTH" || c.otherReason, {
    path: ["otherReason"],
    message: "reasonForExport OTH needs otherReason (4 to 40 characters)",
  });

export const CreateNonContractShipmentInputSchema = z.object({
  /** Postal code where the parcel is picked up or deposited, when not the sender's. */
  requestedShippingPoint: z.string().optional(),
  serviceCode: text("serviceCode", 32),
  sender: NcSenderSchema,
  destination: NcDestinationSchema,
  options: z.array(NcOptionSchema).max(20, "Canada Post takes at most 20 options").optional(),
  parcelCharacteristics: NcParcelSchema,
  notification: NcNotificationSchema.optional(),
  preferences: NcPreferencesSchema.default({ showPackingInstructions: false }),
  references: NcReferencesSchema.optional(),
  /** Required outside Canada. */
  customs: NcCustomsSchema.optional(),
  /** Promotional discount code (settlement-info). */
  promoCode: optionalText("promoCode", 10),
});
export type CreateNonContractShipmentInput = z.input<typeof CreateNonContractShipmentInputSchema>;

/** The `<non-contract-shipment>` document of a Create Non-Contract Shipment call, checked. */
export function buildCreateNonContractShipmentRequest(input: CreateNonContractShipmentInput): string {
  const i = parseInput(CreateNonContractShipmentInputSchema, input, OP);
  const requestedShippingPoint =
    i.requestedShippingPoint === undefined
      ? undefined
      : canadianPostalCode(i.requestedShippingPoint, "requestedShippingPoint", OP);
  const sender = senderNode(i.sender, "sender.postalZipCode", OP);
  checkDestination(i);
  const content: XmlNode = {
    "requested-shipping-point": requestedShippingPoint,
    "delivery-spec": {
      "service-code": i.serviceCode,
      sender,
      destination: destinationNode(i.destination, "destination.postalZipCode", OP),
      options: {
        option: i.options?.map((o) =>
          optionNode({
            code: o.optionCode,
            amount: o.optionAmount,
            qualifier1: o.optionQualifier1,
            qualifier2: o.optionQualifier2,
          }),
        ),
      },
      "parcel-characteristics": parcelNode(i.parcelCharacteristics),
      notification: notificationNode(i.notification),
      preferences: preferencesNode(i.preferences),
      references: referencesNode(i.references),
      customs: customsNode(i.customs),
      "settlement-info": { "promo-code": i.promoCode?.toUpperCase() },
    },
  };
  return buildXml("non-contract-shipment", Namespace.ncshipment, content);
}

/** The rules ncshipment.xsd cannot say: what a destination in Canada, the US or elsewhere needs. */
function checkDestination(i: z.output<typeof CreateNonContractShipmentInputSchema>) {
  const d = i.destination;
  const a = d.addressDetails;
  if ((a.countryCode === "CA" || a.countryCode === "US") && (!a.postalZipCode || !a.provState || !a.city)) {
    throw new CanadaPostInputError(
      OP,
      `a destination in ${a.countryCode} needs its city, provState and postalZipCode`,
    );
  }
  if (a.countryCode !== "CA") {
    if (!d.name && !d.company) {
      throw new CanadaPostInputError(
        OP,
        "outside Canada the destination needs a name or a company (customs regulations)",
      );
    }
    if (!i.customs) {
      throw new CanadaPostInputError(
        OP,
        `a shipment to ${a.countryCode} needs customs: currency, reasonForExport and skuList`,
      );
    }
  }
}

function parcelNode(p: z.output<typeof NcParcelSchema>): XmlNode {
  const d = p.dimensions && sortedDimensions(p.dimensions);
  if (d && d.length + 2 * (d.width + d.height) > 300) {
    throw new CanadaPostInputError(
      OP,
      "length plus girth (2 × (width + height)) must be at most 300 cm: use a smaller box or split the parcel",
    );
  }
  return {
    weight: formatWeight(p.weight),
    dimensions: dimensionsNode(d),
    document: p.document,
    unpackaged: p.unpackaged,
    "mailing-tube": p.mailingTube,
  };
}

const nonContractShipmentInfoReader = object({
  shipmentId: textReader,
  trackingPin: textReader.optional(),
  /** self, details, receipt, label (PDF), and refund. */
  links: linksReader,
});
export type NonContractShipmentInfo = Infer<typeof nonContractShipmentInfoReader>;

/** `<non-contract-shipment-info>`: the answer of Create and Get Non-Contract Shipment. */
export function parseNonContractShipmentInfo(
  xml: string,
  status: number,
  operation: string,
): NonContractShipmentInfo {
  return readAnswerWith(nonContractShipmentInfoReader, xml, status, operation, "non-contract-shipment-info");
}

export function parseCreateNonContractShipmentResponse(xml: string, status = 200): NonContractShipmentInfo {
  return parseNonContractShipmentInfo(xml, status, OP);
}

/** Sends a built `<non-contract-shipment>` once: a repeated call would buy a second label. */
export async function sendCreateNonContractShipment(
  ctx: ClientContext,
  body: string,
  opts?: CallOptions,
): Promise<NonContractShipmentInfo> {
  return call(
    ctx,
    {
      operation: OP,
      method: "POST",
      url: ncShipmentBasePath(ctx, OP),
      accept: MediaType.ncshipment,
      contentType: MediaType.ncshipment,
      body,
      idempotent: false,
    },
    parseCreateNonContractShipmentResponse,
    opts,
  );
}

/** Create Non-Contract Shipment: buys the label. Never retried: a repeated call would buy a second label. */
export async function createNonContractShipment(
  ctx: ClientContext,
  input: CreateNonContractShipmentInput,
  opts?: CallOptions,
): Promise<NonContractShipmentInfo> {
  return sendCreateNonContractShipment(ctx, buildCreateNonContractShipmentRequest(input), opts);
}
