import type { ParcelView } from "../../../src/storefront";

/** Parcels as GET /store/orders/:id/tracking answers them: one in transit, one delivered, one not yet scanned. */
export const IN_TRANSIT: ParcelView = {
  tracking_pin: "7023210039414604",
  tracking_url: "https://www.canadapost-postescanada.ca/track-reperage/en#/details/7023210039414604",
  service_code: "DOM.EP",
  service_name: "Canada Post Expedited Parcel",
  status: "transmitted",
  tracking_status: "in_transit",
  expected_delivery_date: "2026-11-24",
  actual_delivery_date: null,
  events: [
    {
      code: "0500",
      description: "Out for delivery",
      occurredAt: "2026-11-23T07:41:00-05:00",
      site: "MONTREAL",
      province: "QC",
    },
    {
      code: "0170",
      description: "Item processed",
      occurredAt: "2026-11-22T14:05:00-05:00",
      site: "OTTAWA",
      province: "ON",
    },
  ],
  tracked_at: "2026-11-23T13:00:00.000Z",
};

export const DELIVERED: ParcelView = {
  ...IN_TRANSIT,
  tracking_pin: "1371134583769923",
  tracking_url: "https://www.canadapost-postescanada.ca/track-reperage/en#/details/1371134583769923",
  tracking_status: "delivered",
  actual_delivery_date: "2026-11-23",
  events: [
    { code: "1496", description: "Delivered", occurredAt: "2026-11-23T15:12:00-05:00", site: "MONTREAL" },
  ],
};

export const NOT_SCANNED: ParcelView = {
  ...IN_TRANSIT,
  tracking_pin: "1234567890123456",
  tracking_url: "https://www.canadapost-postescanada.ca/track-reperage/en#/details/1234567890123456",
  service_name: undefined,
  status: "created",
  tracking_status: null,
  expected_delivery_date: null,
  events: [],
  tracked_at: null,
};
