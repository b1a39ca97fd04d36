/**
 * The core's ShipmentRecord ↔ rows of the app's `shipments` table, pure. The core's "fulfillment" is the
 * fulfillment order (stable across retries and redelivered webhooks); once an earlier set of labels of it was
 * cancelled, a generation is appended (gid…/FulfillmentOrder/7#2), so that the new labels get new
 * customer-request-ids instead of meeting the cancelled ones again.
 */
import type { Link } from "../canada-post";
import type { ShipmentMode, ShipmentRecord, ShipmentStatus, ShippedParcel } from "../shipping/shipments";

export interface ShipmentRow {
  id: string;
  shop: string;
  order_id: string;
  fulfillment_order_id: string;
  fulfillment_key: string;
  fulfillment_id: string | null;
  parcel_index: number;
  parcel: ShippedParcel | { id: string } | null;
  customer_request_id: string;
  shipment_id: string;
  tracking_pin: string | null;
  service_code: string;
  mode: ShipmentMode;
  group_id: string | null;
  status: ShipmentStatus;
  price_due: string | null;
  price_base: string | null;
  price_taxes: string | null;
  label_location: string | null;
  label_media_type: string | null;
  unread: ShipmentRecord["unread"] | null;
  links: Link[];
  refund: ShipmentRecord["refund"] | null;
  tracking_status: string | null;
  expected_delivery_date: string | null;
  actual_delivery_date: string | null;
  tracked_at: Date | null;
  delivered_marked_at: Date | null;
  created_at: Date;
}

/** The fulfillment order a core fulfillment key stands for. */
export const fulfillmentOrderOf = (key: string) => key.replace(/#\d+$/, "");

/** The core's key for the fulfillment order's n-th set of labels (the first has none). */
export const fulfillmentKeyOf = (fulfillmentOrderId: string, generation: number) =>
  generation <= 1 ? fulfillmentOrderId : `${fulfillmentOrderId}#${generation}`;

const num = (v: string | null) => (v === null ? undefined : Number(v));

export function recordOf(row: ShipmentRow): ShipmentRecord {
  const parcel = row.parcel && "items" in row.parcel ? row.parcel : undefined;
  return {
    orderId: row.order_id,
    fulfillmentId: row.fulfillment_key,
    parcelId: row.parcel?.id ?? `parcel-${row.parcel_index}`,
    parcelIndex: row.parcel_index,
    parcel,
    customerRequestId: row.customer_request_id,
    shipmentId: row.shipment_id,
    trackingPin: row.tracking_pin ?? undefined,
    serviceCode: row.service_code,
    status: row.status,
    price:
      row.price_due === null
        ? undefined
        : { due: num(row.price_due)!, base: num(row.price_base) ?? 0, taxes: num(row.price_taxes) ?? 0 },
    label:
      row.label_location && row.label_media_type
        ? { location: row.label_location, mediaType: row.label_media_type }
        : undefined,
    unread: row.unread ?? undefined,
    links: row.links ?? [],
    createdAt: new Date(row.created_at).toISOString(),
    groupId: row.group_id ?? undefined,
    mode: row.mode,
    refund: row.refund ?? undefined,
  };
}

/** The columns of a record, in the order of RECORD_COLUMNS. */
export function recordValues(r: ShipmentRecord): unknown[] {
  return [
    r.orderId,
    fulfillmentOrderOf(r.fulfillmentId),
    r.fulfillmentId,
    r.parcelIndex,
    JSON.stringify(r.parcel ?? { id: r.parcelId }),
    r.customerRequestId,
    r.shipmentId,
    r.trackingPin ?? null,
    r.serviceCode,
    r.mode,
    r.groupId ?? null,
    r.status,
    r.price?.due ?? null,
    r.price?.base ?? null,
    r.price?.taxes ?? null,
    r.label?.location ?? null,
    r.label?.mediaType ?? null,
    r.unread ? JSON.stringify(r.unread) : null,
    JSON.stringify(r.links ?? []),
    r.refund ? JSON.stringify(r.refund) : null,
    r.createdAt,
  ];
}

export const RECORD_COLUMNS = [
  "order_id",
  "fulfillment_order_id",
  "fulfillment_key",
  "parcel_index",
  "parcel",
  "customer_request_id",
  "shipment_id",
  "tracking_pin",
  "service_code",
  "mode",
  "group_id",
  "status",
  "price_due",
  "price_base",
  "price_taxes",
  "label_location",
  "label_media_type",
  "unread",
  "links",
  "refund",
  "created_at",
];

/** Canada Post's public tracking page for a PIN. */
export function trackingUrl(pin: string, lang: "en" | "fr" = "en"): string {
  return `https://www.canadapost-postescanada.ca/track-reperage/${lang}#/details/${encodeURIComponent(pin)}`;
}
