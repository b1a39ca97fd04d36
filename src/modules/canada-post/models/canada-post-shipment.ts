import { model } from "@medusajs/framework/utils";

/**
 * One Canada Post shipment bought for a Medusa fulfillment: one per parcel. Kept so the admin and the
 * customer can see the label, the PIN and the tracking, and so a label is never lost track of.
 */
export const CanadaPostShipment = model
  .define("canada_post_shipment", {
    id: model.id({ prefix: "cpship" }).primaryKey(),
    order_id: model.text().index(),
    fulfillment_id: model.text().index(),
    /** Canada Post's shipment id (18 digits), and the customer-request-id that makes buying idempotent. */
    shipment_id: model.text(),
    customer_request_id: model.text().nullable(),
    tracking_pin: model.text().index(),
    service_code: model.text(),
    mode: model.enum(["transmit", "manifest", "noncontract"]),
    group_id: model.text().nullable(),
    /** created, transmitted, voided or refund_requested. */
    status: model.text(),
    parcel_index: model.number(),
    /** The packed parcel: dimensions (cm), weight and volumetric weight (kg), items. */
    parcel: model.json(),
    /** Canada Post's price: due, base, taxes (CAD). */
    price: model.json().nullable(),
    label_location: model.text().nullable(),
    label_media_type: model.text().nullable(),
    /** Canada Post's links for this shipment (self, refund, label...). */
    links: model.json().nullable(),
    refund: model.json().nullable(),
    tracking_status: model.text().nullable(),
    tracking_events: model.json().nullable(),
    expected_delivery_date: model.text().nullable(),
    actual_delivery_date: model.text().nullable(),
    tracked_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["fulfillment_id", "parcel_index"], unique: true }]);
