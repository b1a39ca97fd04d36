/**
 * What a platform asks the core to buy for one fulfillment, checked once here: the destination, the packed
 * parcels and their order lines, the service, the order's value and currency, references.
 */
import { z } from "zod";
import { xmlText } from "../canada-post";
import { regionOf, serviceHint, serviceRegion } from "./regions";
import { ShipmentRequestError } from "./shipment-record";

/** Required text: what reaches Canada Post (control characters dropped, as the request's XML drops them) must not be empty. */
const text = (name: string) =>
  z
    .string(`${name} is required`)
    .transform((s) => xmlText(s).trim())
    .pipe(z.string().min(1, `${name} must not be empty`));
const upper = (s: string) => s.toUpperCase();

const DestinationSchema = z.object({
  name: text("destination.name"),
  company: z.string().trim().min(1).optional(),
  /** Required outside Canada: Canada Post prints it for customs and the receiving post. */
  phone: z.string().trim().min(1).optional(),
  /** Told when the parcel ships, is delivered or meets an exception. */
  email: z.string().trim().min(1).optional(),
  addressLine1: text("destination.addressLine1"),
  addressLine2: z.string().trim().min(1).optional(),
  city: text("destination.city"),
  /** Province or state code: required in Canada and the US. */
  province: z.string().trim().min(1).transform(upper).optional(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, "destination.country must be a 2-letter ISO code such as CA, US or FR")
    .transform(upper),
  postalCode: z.string().trim().min(1).optional(),
});

const ParcelSchema = z.object({
  id: text("parcel.id"),
  box: z.string().optional(),
  dimensions: z.object({
    length: z.number().positive(),
    width: z.number().positive(),
    height: z.number().positive(),
  }),
  weight: z.number().positive("parcel weight must be more than 0 kg"),
  volumetricWeight: z.number().min(0),
  items: z.array(z.object({ lineId: z.string(), quantity: z.number().int().positive() })),
  value: z.number().min(0),
});

const OrderLineSchema = z.object({
  id: text("line.id"),
  sku: z.string().optional(),
  title: z.string(),
  quantity: z.number().int().positive(),
  unitValue: z.number().min(0),
  currency: z.string().optional(),
  hsCode: z.string().optional(),
  originCountry: z.string().optional(),
  unitWeightKg: z.number().min(0),
});

export const ShipmentRequestSchema = z.object({
  orderId: text("orderId"),
  fulfillmentId: text("fulfillmentId"),
  serviceCode: z
    .string()
    .trim()
    .regex(/^(DOM|USA|INT)\.[A-Z0-9.]+$/, "serviceCode must be a Canada Post service code such as DOM.EP"),
  destination: DestinationSchema,
  parcels: z
    .array(ParcelSchema)
    .min(1, "give at least one parcel")
    .max(99, "at most 99 parcels per fulfillment"),
  lines: z.array(OrderLineSchema).default([]),
  /** The order's value in `currency`: decides the signature option. */
  orderValue: z.number().min(0),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "currency must be an ISO code such as CAD or USD")
    .transform(upper)
    .default("CAD"),
  /**
   * Units of each order line the order holds: a line may then be labelled in several fulfillments up to
   * that many. Without it, a line that already has a label that stands is refused.
   */
  ordered: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Units of `currency` one CAD buys; needed for customs and coverage when the order is not in CAD. */
  conversionFromCad: z.number().positive().optional(),
  references: z
    .object({
      costCentre: z.string().trim().min(1).optional(),
      customerRef1: z.string().trim().min(1).optional(),
      customerRef2: z.string().trim().min(1).optional(),
    })
    .optional(),
  /** The platform's stock location: the {location} of the manifest group id. */
  location: z.string().trim().min(1).optional(),
});
export type ShipmentRequest = z.input<typeof ShipmentRequestSchema>;

export type ShipmentRequestInput = z.output<typeof ShipmentRequestSchema>;
/** Where a parcel goes, as a platform gives it. */
export type ShipmentDestination = z.input<typeof DestinationSchema>;

/** The request checked, or ShipmentRequestError naming every field that is wrong. */
export function parseShipmentRequest(request: ShipmentRequest): ShipmentRequestInput {
  const parsed = ShipmentRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`);
    throw new ShipmentRequestError(`invalid shipment request: ${issues.join("; ")}`);
  }
  const r = parsed.data;
  if (serviceRegion(r.serviceCode) !== regionOf(r.destination.country)) {
    throw new ShipmentRequestError(
      `serviceCode ${r.serviceCode} does not go to ${r.destination.country}: use ${serviceHint(r.destination.country)}`,
    );
  }
  return r;
}
