/**
 * The parts of a Canada Post shipment that contract and non-contract requests share, from the merchant's
 * settings and one parcel of a request: sender, destination, options (signature, coverage, non-delivery),
 * the parcel, notification, references and customs.
 */
import type { CreateNonContractShipmentInput } from "../canada-post";
import { customsFor, toCad, type CustomsDeclaration } from "./customs";
import type { Region } from "./regions";
import type { MerchantSettings } from "./settings";
import { ShipmentRequestError } from "./shipment-record";
import type { ShipmentRequestInput as Request } from "./shipment-request";

type Parcel = Request["parcels"][number];

/** The parts contract and non-contract requests share. */
export function deliveryParts(settings: MerchantSettings, r: Request, parcel: Parcel, region: Region) {
  const sender = settings.origin.sender;
  if (!sender) {
    throw new ShipmentRequestError(
      "settings.origin.sender is missing: labels need the sender's company, contactPhone, addressLine1, city and province",
    );
  }
  const d = r.destination;
  if (region !== "DOM" && !d.phone)
    throw new ShipmentRequestError(
      "destination.phone is required outside Canada: Canada Post gives it to the receiving post",
    );
  const options: { code: string; amount?: number }[] = [];
  const o = settings.options;
  // The threshold is in CAD, like Canada Post's coverage: the order's value is converted first.
  if (
    o.signatureOverValue !== undefined &&
    toCad(r.orderValue, r.currency, r.conversionFromCad) >= o.signatureOverValue
  )
    options.push({ code: "SO" });
  if (o.coverage !== "none") {
    const amount =
      o.coverage === "orderValue" ? toCad(parcel.value, r.currency, r.conversionFromCad) : o.coverage.fixed;
    if (amount > 0) options.push({ code: "COV", amount });
  }
  if (region !== "DOM") options.push({ code: o.nonDelivery });
  const customs: CustomsDeclaration | undefined =
    region === "DOM"
      ? undefined
      : customsFor(parcel, r.lines, {
          currency: r.currency,
          conversionFromCad: r.conversionFromCad,
          provinceOfOrigin: sender.province,
        });
  return {
    serviceCode: r.serviceCode,
    requestedShippingPoint: settings.pickup?.requestedShippingPoint,
    sender: {
      name: sender.name,
      company: sender.company,
      contactPhone: sender.contactPhone,
      addressDetails: {
        addressLine1: sender.addressLine1,
        addressLine2: sender.addressLine2,
        city: sender.city,
        provState: sender.province,
        postalZipCode: settings.origin.postalCode,
      },
    },
    destination: {
      name: d.name,
      company: d.company,
      clientVoiceNumber: d.phone,
      addressDetails: {
        addressLine1: d.addressLine1,
        addressLine2: d.addressLine2,
        city: d.city,
        provState: d.province,
        countryCode: d.country,
        postalZipCode: d.postalCode,
      },
    },
    options,
    parcel: { weight: Math.round(parcel.weight * 1000) / 1000, dimensions: parcel.dimensions },
    notification: d.email
      ? { email: d.email, onShipment: true, onException: true, onDelivery: true }
      : undefined,
    references: {
      costCentre: r.references?.costCentre?.slice(0, 30),
      customerRef1: (r.references?.customerRef1 ?? r.orderId).slice(0, 35),
      customerRef2: (r.references?.customerRef2 ?? r.fulfillmentId).slice(0, 35),
    },
    customs,
  };
}

export type Parts = ReturnType<typeof deliveryParts>;

export function nonContractInput(p: Parts): CreateNonContractShipmentInput {
  return {
    requestedShippingPoint: p.requestedShippingPoint,
    serviceCode: p.serviceCode,
    sender: p.sender,
    destination: p.destination,
    options: p.options.length
      ? p.options.map((o) => ({ optionCode: o.code, optionAmount: o.amount }))
      : undefined,
    parcelCharacteristics: p.parcel,
    notification: p.notification,
    references: p.references,
    customs: p.customs,
  };
}
