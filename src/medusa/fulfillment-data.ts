import type { Parcel } from "../shipping/packing";
import type { ShipmentRecord } from "../shipping/shipments";

/**
 * What the provider keeps in `fulfillment.data`, read back by cancelFulfillment and by the subscriber that
 * records shipments in the plugin's module (providers cannot reach other modules themselves).
 */
export interface CanadaPostFulfillmentData {
  canada_post: {
    version: 1;
    order_id: string;
    fulfillment_id: string;
    service_code: string;
    shipments: ShipmentRecord[];
    /** The packed parcels, by the shipments' parcelIndex. */
    parcels?: Parcel[];
    is_return?: boolean;
  };
}

export function fulfillmentDataOf(data: unknown): CanadaPostFulfillmentData["canada_post"] | undefined {
  const cp = (data as Partial<CanadaPostFulfillmentData> | undefined)?.canada_post;
  if (!cp || cp.version !== 1 || !Array.isArray(cp.shipments)) return undefined;
  return cp;
}
