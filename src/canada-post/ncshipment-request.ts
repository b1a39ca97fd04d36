import { z } from "zod";
import { parseInput } from "./context";
import { CanadaPostInputError } from "./errors";
import { canadianPostalCode, formatDimension, formatMoney, formatWeight, usZipCode } from "./format";
import { Namespace } from "./media-types";
import { sortedDimensions } from "./rating";
import { buildXml, type XmlNode } from "./xml";

/*
 * The `<non-contract-shipment>` request of Non-Contract Shipping v4. Input keys are ncshipment.xsd's element
 * names in camelCase, so they read the same as the parsed Get Non-Contract Shipment Details answer.
 * The non-contract sender has no country (it is always in Canada), unlike the contract one: hence own builders.
 */

export const OP_CREATE_NC = "CreateNonContractShipment";

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
type Parsed = z.output<typeof CreateNonContractShipmentInputSchema>;

/** The `<non-contract-shipment>` document of a Create Non-Contract Shipment call. */
export function buildNonContractShipment(input: CreateNonContractShipmentInput): string {
  const i = parseInput(CreateNonContractShipmentInputSchema, input, OP_CREATE_NC);
  const s = i.sender.addressDetails;
  const content: XmlNode = {
    "requested-shipping-point":
      i.requestedShippingPoint === undefined
        ? undefined
        : canadianPostalCode(i.requestedShippingPoint, "requestedShippingPoint", OP_CREATE_NC),
    "delivery-spec": {
      "service-code": i.serviceCode,
      sender: {
        name: i.sender.name,
        company: i.sender.company,
        "contact-phone": i.sender.contactPhone,
        "address-details": {
          "address-line-1": s.addressLine1,
          "address-line-2": s.addressLine2,
          city: s.city,
          "prov-state": s.provState,
          "postal-zip-code": canadianPostalCode(s.postalZipCode, "sender.postalZipCode", OP_CREATE_NC),
        },
      },
      destination: destinationNode(i),
      options: { option: i.options?.map(optionNode) },
      "parcel-characteristics": parcelNode(i.parcelCharacteristics),
      notification: i.notification && {
        email: i.notification.email,
        "on-shipment": i.notification.onShipment,
        "on-exception": i.notification.onException,
        "on-delivery": i.notification.onDelivery,
      },
      preferences: {
        "show-packing-instructions": i.preferences.showPackingInstructions,
        "show-postage-rate": i.preferences.showPostageRate,
        "show-insured-value": i.preferences.showInsuredValue,
      },
      references: i.references && {
        "cost-centre": i.references.costCentre,
        "customer-ref-1": i.references.customerRef1,
        "customer-ref-2": i.references.customerRef2,
      },
      customs: i.customs && customsNode(i.customs),
      "settlement-info": { "promo-code": i.promoCode?.toUpperCase() },
    },
  };
  return buildXml("non-contract-shipment", Namespace.ncshipment, content);
}

function destinationNode(i: Parsed): XmlNode {
  const d = i.destination;
  const a = d.addressDetails;
  const field = "destination.postalZipCode";
  let postalZipCode = a.postalZipCode;
  if (a.countryCode === "CA" || a.countryCode === "US") {
    if (!a.postalZipCode || !a.provState || !a.city) {
      throw new CanadaPostInputError(
        OP_CREATE_NC,
        `a destination in ${a.countryCode} needs its city, provState and postalZipCode`,
      );
    }
    postalZipCode =
      a.countryCode === "CA"
        ? canadianPostalCode(a.postalZipCode, field, OP_CREATE_NC)
        : usZipCode(a.postalZipCode, field, OP_CREATE_NC);
  }
  if (a.countryCode !== "CA") {
    if (!d.name && !d.company) {
      throw new CanadaPostInputError(
        OP_CREATE_NC,
        "outside Canada the destination needs a name or a company (customs regulations)",
      );
    }
    if (!i.customs) {
      throw new CanadaPostInputError(
        OP_CREATE_NC,
        `a shipment to ${a.countryCode} needs customs: currency, reasonForExport and skuList`,
      );
    }
  }
  return {
    name: d.name,
    company: d.company,
    "additional-address-info": d.additionalAddressInfo,
    "client-voice-number": d.clientVoiceNumber,
    "address-details": {
      "address-line-1": a.addressLine1,
      "address-line-2": a.addressLine2,
      city: a.city,
      "prov-state": a.provState,
      "country-code": a.countryCode,
      "postal-zip-code": postalZipCode,
    },
  };
}

function optionNode(o: z.output<typeof NcOptionSchema>): XmlNode {
  return {
    "option-code": o.optionCode,
    "option-amount": o.optionAmount === undefined ? undefined : formatMoney(o.optionAmount),
    "option-qualifier-1": o.optionQualifier1,
    "option-qualifier-2": o.optionQualifier2,
  };
}

function parcelNode(p: z.output<typeof NcParcelSchema>): XmlNode {
  const d = p.dimensions && sortedDimensions(p.dimensions);
  if (d && d.length + 2 * (d.width + d.height) > 300) {
    throw new CanadaPostInputError(
      OP_CREATE_NC,
      "length plus girth (2 × (width + height)) must be at most 300 cm: use a smaller box or split the parcel",
    );
  }
  return {
    weight: formatWeight(p.weight),
    dimensions: d && {
      length: formatDimension(d.length),
      width: formatDimension(d.width),
      height: formatDimension(d.height),
    },
    document: p.document,
    unpackaged: p.unpackaged,
    "mailing-tube": p.mailingTube,
  };
}

function customsNode(c: z.output<typeof NcCustomsSchema>): XmlNode {
  return {
    currency: c.currency,
    "conversion-from-cad": c.conversionFromCad === undefined ? undefined : round6(c.conversionFromCad),
    "reason-for-export": c.reasonForExport,
    "other-reason": c.otherReason,
    "sku-list": {
      item: c.skuList.map((s) => ({
        "customs-number-of-units": s.customsNumberOfUnits,
        "customs-description": s.customsDescription,
        sku: s.sku,
        "hs-tariff-code": s.hsTariffCode,
        "unit-weight": formatWeight(s.unitWeight),
        "customs-value-per-unit": formatMoney(s.customsValuePerUnit),
        "customs-unit-of-measure": s.customsUnitOfMeasure,
        "country-of-origin": s.countryOfOrigin,
        "province-of-origin": s.provinceOfOrigin,
      })),
    },
    "duties-and-taxes-prepaid":
      c.dutiesAndTaxesPrepaid === undefined ? undefined : formatMoney(c.dutiesAndTaxesPrepaid),
    "certificate-number": c.certificateNumber,
    "licence-number": c.licenceNumber,
    "invoice-number": c.invoiceNumber,
  };
}

/** At most 6 decimals, as conversion-from-cad allows, never in exponent notation. */
function round6(n: number): string {
  return n.toFixed(6).replace(/\.?0+$/, "");
}
