import { z } from "zod";
import { parseInput } from "../context";
import { CanadaPostInputError } from "../errors";
import { OptionRequestSchema, ParcelCharacteristicsSchema } from "../parcel";

/* The input of Create Shipment (contract shipping v8), checked once: shipment.xsd's limits and the rules that tie its fields together. */

export const OP_CREATE_SHIPMENT = "CreateShipment";

const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const digits = z.string().regex(/^\d{1,10}$/, "must be up to 10 digits");
/** Canada Post's EmailType pattern, so a bad address is refused here rather than by Canada Post. */
const email = z
  .string()
  .trim()
  .max(60)
  .regex(
    /^(['_A-Za-z0-9\-+]+)(\.['_A-Za-z0-9\-+]+)*@([A-Za-z0-9-]+)(\.[A-Za-z0-9-]+)*(\.[A-Za-z]{2,})$/,
    "must be an email address such as name@example.com",
  );
const country = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2}$/, "must be a 2-letter ISO country code such as CA, US or JP")
  .transform((c) => c.toUpperCase());

export const SenderSchema = z.object({
  name: text(44).optional(),
  company: text(44),
  contactPhone: text(25),
  addressDetails: z.object({
    addressLine1: text(44),
    addressLine2: text(44).optional(),
    city: text(40),
    provState: text(20),
    /** The sender is always in Canada. */
    countryCode: z.literal("CA", "the sender must be in Canada: countryCode CA").default("CA"),
    postalZipCode: z.string(),
  }),
});

export const DestinationSchema = z.object({
  /** Required for Deliver to Post Office; name or company is required outside Canada (7282). */
  name: text(44).optional(),
  company: text(44).optional(),
  additionalAddressInfo: text(44).optional(),
  /** Phone at the destination: required outside Canada and for Deliver to Post Office. */
  clientVoiceNumber: text(25).optional(),
  addressDetails: z.object({
    addressLine1: text(44).optional(),
    addressLine2: text(44).optional(),
    city: text(40).optional(),
    provState: text(20).optional(),
    countryCode: country,
    /** A9A9A9 in Canada, a ZIP in the US, free form (14) elsewhere. */
    postalZipCode: text(14).optional(),
  }),
});

/** A shipping option; qualifier1 is COD's "add shipping costs" or COV's "maximum coverage", qualifier2 D2PO's office id. */
export const ShipmentOptionSchema = OptionRequestSchema.extend({
  amount: z.number().positive().max(999999.99).optional(),
  qualifier1: z.boolean().optional(),
  qualifier2: text(12).optional(),
});

export const NotificationSchema = z.object({
  email,
  onShipment: z.boolean().default(false),
  onException: z.boolean().default(false),
  onDelivery: z.boolean().default(false),
});

export const PrintPreferencesSchema = z.object({
  /** 8.5x11 is paper, 4x6 thermal. */
  outputFormat: z.enum(["8.5x11", "4x6"]).optional(),
  /** ZPL only on 4x6 thermal paper (9191). */
  encoding: z.enum(["PDF", "ZPL"]).optional(),
});

export const PreferencesSchema = z.object({
  showPackingInstructions: z.boolean().default(false),
  /** Required by Canada Post for US and international shipments: defaults to false. */
  showPostageRate: z.boolean().default(false),
  showInsuredValue: z.boolean().default(false),
});

export const ReferencesSchema = z.object({
  costCentre: text(30).optional(),
  /** Printed on the label and shown in tracking: an order number fits here. */
  customerRef1: text(35).optional(),
  customerRef2: text(35).optional(),
});

export const SkuItemSchema = z.object({
  customsNumberOfUnits: z.number().int().min(1).max(9999),
  customsDescription: text(45),
  sku: text(15).optional(),
  hsTariffCode: z
    .string()
    .regex(/^\d{4}(\.\d{2}(\.\d{2}(\.\d{2})?)?)?$/, "must be an HS code of the form 9999.99.99.99")
    .optional(),
  /** Kilograms per unit. */
  unitWeight: z.number().positive().max(99.999),
  /** Canadian dollars per unit. */
  customsValuePerUnit: z.number().positive().max(99999.99),
  customsUnitOfMeasure: z.string().length(3, "must be a 3-letter unit code such as PCE").optional(),
  countryOfOrigin: country.optional(),
  /** Required when countryOfOrigin is CA. */
  provinceOfOrigin: z.string().length(2).optional(),
});

export const CustomsSchema = z.object({
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, "must be a 3-letter ISO currency code such as CAD or USD")
    .transform((c) => c.toUpperCase()),
  /** Units of `currency` per Canadian dollar; required unless the currency is CAD. */
  conversionFromCad: z.number().positive().max(9999.999999).optional(),
  /** DOC document, SAM commercial sample, REP repair or warranty, SOG sale of goods, OTH other. */
  reasonForExport: z.enum(["DOC", "SAM", "REP", "SOG", "OTH"]),
  /** Required (4 to 44 characters) when reasonForExport is OTH. */
  otherReason: z.string().trim().min(4).max(44).optional(),
  skuList: z.array(SkuItemSchema).min(1, "customs needs at least one item in skuList").max(500),
  dutiesAndTaxesPrepaid: z.number().positive().max(99999.99).optional(),
  certificateNumber: text(10).optional(),
  licenceNumber: text(10).optional(),
  invoiceNumber: text(10).optional(),
  /** Tax registration (IOSS as IMxxxxxxxxxx, VAT, IRS...). */
  iossId: text(13).optional(),
});

export const SettlementInfoSchema = z.object({
  paidByCustomer: digits.optional(),
  /** Defaults to the configured contract id. */
  contractId: digits.optional(),
  cifShipment: z.boolean().optional(),
  /** Defaults to Account when a contract id is known, CreditCard otherwise. */
  intendedMethodOfPayment: z.enum(["Account", "CreditCard", "SupplierAccount"]).optional(),
  promoCode: text(10).optional(),
});

export const DeliverySpecSchema = z.object({
  serviceCode: text(32),
  sender: SenderSchema,
  destination: DestinationSchema,
  options: z.array(ShipmentOptionSchema).max(20, "at most 20 options").optional(),
  parcelCharacteristics: ParcelCharacteristicsSchema,
  notification: NotificationSchema.optional(),
  printPreferences: PrintPreferencesSchema.optional(),
  preferences: PreferencesSchema.default({
    showPackingInstructions: false,
    showPostageRate: false,
    showInsuredValue: false,
  }),
  references: ReferencesSchema.optional(),
  customs: CustomsSchema.optional(),
  settlementInfo: SettlementInfoSchema.default({}),
});

export const ReturnSpecSchema = z.object({
  serviceCode: text(32),
  returnRecipient: z.object({
    name: text(44).optional(),
    company: text(44).optional(),
    addressDetails: z.object({
      addressLine1: text(44),
      addressLine2: text(44).optional(),
      city: text(40),
      provState: z.string().trim().length(2, "must be a 2-letter province code such as ON"),
      postalZipCode: z.string(),
    }),
  }),
  /** Told when the return shipment is delivered. */
  returnNotification: email.optional(),
});

export const PreAuthorizedPaymentSchema = z.object({
  accountNumber: text(16),
  authCode: text(16),
  /** ISO 8601 date and time, e.g. 2024-05-01T10:00:00-05:00. */
  authTimestamp: z.iso.datetime({ offset: true, message: "must be an ISO date-time" }),
  chargeAmount: z.number().positive().max(9999999.99),
});

export const CreateShipmentInputSchema = z.object({
  /**
   * Your unique id for this shipment (up to 35): Canada Post refuses a second shipment with it (7314), and
   * Get Shipments finds it again. With it, createShipment can recover from a lost answer without a second label.
   */
  customerRequestId: text(35).optional(),
  /** The manifest group; exactly one of groupId and transmitShipment. */
  groupId: text(32).optional(),
  /** No manifest: the shipment is transmitted and charged at once, and cannot be voided. */
  transmitShipment: z.boolean().optional(),
  quickshipLabelRequested: z.boolean().optional(),
  /** Picked up by Canada Post (or a third party) at requestedShippingPoint. */
  cpcPickupIndicator: z.boolean().optional(),
  /** Postal code of the pickup location; exactly one of it and shippingPointId. */
  requestedShippingPoint: z.string().optional(),
  /** Site number (4 characters) of the Canada Post deposit location. */
  shippingPointId: text(4).optional(),
  expectedMailingDate: date.optional(),
  /** Only with transmitShipment: the price comes in the answer. */
  providePricingInfo: z.boolean().optional(),
  /** Only with transmitShipment (credit card or Supplier Account): the receipt comes in the answer. */
  provideReceiptInfo: z.boolean().optional(),
  deliverySpec: DeliverySpecSchema,
  returnSpec: ReturnSpecSchema.optional(),
  preAuthorizedPayment: PreAuthorizedPaymentSchema.optional(),
  /** Only for 8.5x11 PDF labels: adds the publicLabel and publicKeyInfo links. */
  createPublicKey: z.boolean().optional(),
  createQrCode: z.boolean().optional(),
});
export type CreateShipmentInput = z.input<typeof CreateShipmentInputSchema>;
export type CreateShipmentRequest = z.output<typeof CreateShipmentInputSchema>;

/** Parses the input and checks the rules that tie its fields together, each with a clear message. */
export function parseCreateShipmentInput(input: CreateShipmentInput): CreateShipmentRequest {
  const i = parseInput(CreateShipmentInputSchema, input, OP_CREATE_SHIPMENT);
  const fail = (message: string): never => {
    throw new CanadaPostInputError(OP_CREATE_SHIPMENT, message);
  };
  const transmit = i.transmitShipment === true;
  if (i.groupId !== undefined && transmit)
    fail(
      "give either groupId (the shipment waits for Transmit Shipments and a manifest) or transmitShipment: true (no manifest), not both",
    );
  if (i.groupId === undefined && !transmit)
    fail(
      "give either groupId (the manifest group to place the shipment in) or transmitShipment: true (no manifest needed)",
    );
  if (i.shippingPointId !== undefined && i.requestedShippingPoint !== undefined)
    fail(
      "give either shippingPointId (the deposit site) or requestedShippingPoint (the pickup postal code), not both",
    );
  if (i.shippingPointId === undefined && i.requestedShippingPoint === undefined)
    fail(
      "give shippingPointId (the site number where you deposit parcels) or requestedShippingPoint (the postal code where Canada Post picks them up)",
    );
  if (i.cpcPickupIndicator && i.requestedShippingPoint === undefined)
    fail("cpcPickupIndicator needs requestedShippingPoint, the postal code of the pickup location");
  if (!transmit && i.providePricingInfo)
    fail("providePricingInfo applies only with transmitShipment: true; use getShipmentPrice otherwise");
  if (!transmit && i.provideReceiptInfo)
    fail("provideReceiptInfo applies only with transmitShipment: true; use getShipmentReceipt otherwise");

  const spec = i.deliverySpec;
  const dest = spec.destination;
  const pp = spec.printPreferences;
  if (pp?.encoding === "ZPL" && pp.outputFormat !== "4x6")
    fail('ZPL labels print only on 4x6 thermal paper: set printPreferences.outputFormat to "4x6"');
  const d2po = spec.options?.find((o) => o.code === "D2PO");
  if (d2po && !(dest.name && dest.clientVoiceNumber && spec.notification && d2po.qualifier2))
    fail(
      "the D2PO (Deliver to Post Office) option needs destination.name, destination.clientVoiceNumber, a notification and qualifier2 (the office id)",
    );
  const addr = dest.addressDetails;
  if (addr.countryCode !== "CA" && !dest.name && !dest.company)
    fail("outside Canada, customs require destination.name or destination.company");
  if (i.quickshipLabelRequested && addr.countryCode !== "CA")
    fail("a Quick Ship label is for a destination in Canada only");
  if ((addr.countryCode === "CA" || addr.countryCode === "US") && !addr.postalZipCode)
    fail(`a destination in ${addr.countryCode} needs deliverySpec.destination.addressDetails.postalZipCode`);
  if ((addr.countryCode === "CA" || addr.countryCode === "US") && !i.quickshipLabelRequested) {
    for (const f of ["addressLine1", "city", "provState"] as const) {
      if (!addr[f])
        fail(`a destination in ${addr.countryCode} needs deliverySpec.destination.addressDetails.${f}`);
    }
  }
  const customs = spec.customs;
  if (customs) {
    if (customs.currency !== "CAD" && customs.conversionFromCad === undefined)
      fail(
        `customs.conversionFromCad is required for currency ${customs.currency}: how many ${customs.currency} one CAD buys`,
      );
    if (customs.reasonForExport === "OTH" && !customs.otherReason)
      fail("customs.otherReason (4 to 44 characters) is required when reasonForExport is OTH");
    customs.skuList.forEach((item, n) => {
      if (item.countryOfOrigin === "CA" && !item.provinceOfOrigin)
        fail(`customs.skuList.${n}.provinceOfOrigin is required when countryOfOrigin is CA`);
    });
  }
  return i;
}
