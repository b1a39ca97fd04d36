/** What the embedded admin is answered: shipments and orders in the admin API's JSON (amounts in cents). */
import type { ShipmentRow } from "./shipment-rows";
import { trackingUrl } from "./shipment-rows";

const cents = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === "" ? null : Math.round(Number(v) * 100);

export function shipmentView(row: ShipmentRow, lang: "en" | "fr" = "en") {
  return {
    id: row.id,
    order_id: row.order_id,
    fulfillment_order_id: row.fulfillment_order_id,
    fulfillment_id: row.fulfillment_id,
    shipment_id: row.shipment_id,
    customer_request_id: row.customer_request_id,
    parcel_index: row.parcel_index,
    tracking_pin: row.tracking_pin,
    tracking_url: row.tracking_pin ? trackingUrl(row.tracking_pin, lang) : null,
    service_code: row.service_code,
    status: row.status,
    mode: row.mode,
    group_id: row.group_id,
    price_cents: cents(row.price_due),
    price:
      row.price_due === null
        ? null
        : { due: cents(row.price_due), base: cents(row.price_base), taxes: cents(row.price_taxes) },
    currency: "CAD",
    label_url:
      row.label_location || row.links?.some((l) => l.rel === "label")
        ? `/api/shipments/${row.id}/label`
        : null,
    label_media_type: row.label_media_type,
    unread: row.unread,
    refund: row.refund,
    parcel: row.parcel,
    tracking_status: row.tracking_status,
    expected_delivery_date: row.expected_delivery_date,
    actual_delivery_date: row.actual_delivery_date,
    tracked_at: row.tracked_at ? new Date(row.tracked_at).toISOString() : null,
    created_at: new Date(row.created_at).toISOString(),
  };
}

export { cents };

/** An id from a URL as a Shopify gid of that type: "1001" or "gid://shopify/Order/1001"; undefined otherwise. */
export function gidOf(type: string, value: string): string | undefined {
  const v = decodeURIComponent(value);
  if (/^\d{1,20}$/.test(v)) return `gid://shopify/${type}/${v}`;
  return new RegExp(`^gid://shopify/${type}/\\d{1,20}$`).test(v) ? v : undefined;
}

/** The label's download name: label-<PIN>.pdf or .zpl. */
export function labelFileName(row: Pick<ShipmentRow, "tracking_pin" | "shipment_id">, mediaType: string) {
  const ext = mediaType.includes("zpl") ? "zpl" : mediaType.includes("pdf") ? "pdf" : "bin";
  return `label-${(row.tracking_pin || row.shipment_id).replace(/[^A-Za-z0-9_-]/g, "")}.${ext}`;
}
