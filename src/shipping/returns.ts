/**
 * A prepaid return label: a parcel back to the merchant (the stock location, else the origin's sender),
 * with the merchant as sender so the customer only drops it off. One default-sized parcel, as a platform
 * asks for a return before knowing what comes back.
 */
import type { Rates } from "./rates";
import type { MerchantSettings } from "./settings";
import type { ShipmentRecord } from "./shipment-record";
import { ShipmentRequestError } from "./shipment-record";
import type { ShipmentDestination } from "./shipment-request";
import type { ShipmentService } from "./shipments";

export interface ReturnLabelRequest {
  /** The platform's return fulfillment: the label is bought once for it. */
  fulfillmentId: string;
  /** DOM.EP unless the return option names another. */
  serviceCode?: string;
  /** Where the parcel goes back to: the stock location; the origin's sender when absent. */
  to?: Partial<ShipmentDestination>;
}

export async function createReturnLabel(
  deps: { settings: MerchantSettings; rates: Rates; shipments: ShipmentService },
  request: ReturnLabelRequest,
): Promise<ShipmentRecord[]> {
  const { settings } = deps;
  const sender = settings.origin.sender;
  const given = request.to?.postalCode ? request.to : undefined;
  if (!given && !sender) {
    throw new ShipmentRequestError(
      "A return label needs the stock location's address, or settings.origin.sender to send it back to",
    );
  }
  const to: ShipmentDestination = given
    ? {
        name: given.name || given.company || sender?.company || "Returns",
        company: given.company ?? sender?.company,
        addressLine1: given.addressLine1 ?? "",
        addressLine2: given.addressLine2,
        city: given.city ?? "",
        province: given.province,
        country: given.country ?? "CA",
        postalCode: given.postalCode,
        phone: given.phone,
      }
    : {
        name: sender!.company,
        addressLine1: sender!.addressLine1,
        addressLine2: sender!.addressLine2,
        city: sender!.city,
        province: sender!.province,
        country: "CA",
        postalCode: settings.origin.postalCode,
      };
  const item = { id: "return", quantity: 1, weight: settings.packing.defaultItem.weight };
  return deps.shipments.createShipments({
    // Its own "order": a return label never holds the order's items, and each return is bought once.
    orderId: `return-${request.fulfillmentId}`,
    fulfillmentId: request.fulfillmentId,
    serviceCode: request.serviceCode ?? "DOM.EP",
    destination: to,
    parcels: deps.rates.pack([item]),
    orderValue: 0,
  });
}
