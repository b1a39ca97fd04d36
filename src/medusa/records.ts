import type { Link } from "../canada-post";
import type { Parcel } from "../shipping/packing";
import type { ShipmentMode, ShipmentRecord, ShipmentStatus } from "../shipping/shipments";
import type { Tracking, TrackingEvent } from "../shipping/tracking";
import { trackingUrl } from "./mapping";

/**
 * ShipmentRecord (what the provider keeps in fulfillment.data) ↔ `canada_post_shipment` rows, and the JSON
 * the admin and store routes answer with. Pure: the subscribers and routes do the I/O.
 */

/** A `canada_post_shipment` row as the module service returns it (dates may be Date or ISO strings). */
export interface ShipmentRow {
  id: string;
  order_id: string;
  fulfillment_id: string;
  shipment_id: string;
  customer_request_id: string | null;
  tracking_pin: string;
  service_code: string;
  mode: ShipmentMode;
  group_id: string | null;
  status: string;
  parcel_index: number;
  parcel: Record<string, unknown>;
  price: { due: number; base: number; taxes: number } | null;
  label_location: string | null;
  label_media_type: string | null;
  links: Link[] | null;
  refund: { serviceTicketId?: string; serviceTicketDate?: string } | null;
  tracking_status: string | null;
  tracking_events: TrackingEvent[] | null;
  expected_delivery_date: string | null;
  actual_delivery_date: string | null;
  tracked_at: Date | string | null;
  created_at?: Date | string;
}

export type ShipmentRowInput = Omit<ShipmentRow, "id" | "created_at">;

const STATUSES: readonly ShipmentStatus[] = ["created", "transmitted", "voided", "refund_requested"];

/**
 * The row for one shipment of a fulfillment. `orderId` wins over the record's: a return label's record has
 * no order (Medusa does not give the provider one), the event that records it does.
 */
export function rowOf(record: ShipmentRecord, orderId?: string, parcel?: Parcel): ShipmentRowInput {
  return {
    order_id: orderId || record.orderId,
    fulfillment_id: record.fulfillmentId,
    shipment_id: record.shipmentId,
    customer_request_id: record.customerRequestId || null,
    // The column is required; a shipment Canada Post gave no PIN has nothing to track (empty, shown as null).
    tracking_pin: record.trackingPin ?? "",
    service_code: record.serviceCode,
    mode: record.mode,
    group_id: record.groupId ?? null,
    status: record.status,
    parcel_index: record.parcelIndex,
    // The packed parcel (box, dimensions, weights, items) when the provider kept it; else its id.
    parcel: parcel
      ? { ...parcel, index: record.parcelIndex }
      : { id: record.parcelId, index: record.parcelIndex },
    price: record.price ?? null,
    label_location: record.label?.location ?? null,
    label_media_type: record.label?.mediaType ?? null,
    links: record.links ?? [],
    refund: record.refund ?? null,
    tracking_status: null,
    tracking_events: null,
    expected_delivery_date: null,
    actual_delivery_date: null,
    tracked_at: null,
  };
}

/** The rows still to create: a retried event finds the parcels already recorded and adds none twice. */
export function missingRows(
  records: readonly ShipmentRecord[],
  existing: readonly Pick<ShipmentRow, "fulfillment_id" | "parcel_index">[],
  orderId?: string,
  parcels: readonly Parcel[] = [],
): ShipmentRowInput[] {
  const have = new Set(existing.map((r) => `${r.fulfillment_id}#${r.parcel_index}`));
  return records
    .filter((r) => !have.has(`${r.fulfillmentId}#${r.parcelIndex}`))
    .map((r) => rowOf(r, orderId, parcels[r.parcelIndex]));
}

/** Back to the core's record, for void-or-refund. */
export function recordOf(row: ShipmentRow): ShipmentRecord {
  const status = STATUSES.includes(row.status as ShipmentStatus) ? (row.status as ShipmentStatus) : "created";
  return {
    orderId: row.order_id,
    fulfillmentId: row.fulfillment_id,
    parcelId: typeof row.parcel?.id === "string" ? row.parcel.id : `parcel-${row.parcel_index}`,
    parcelIndex: row.parcel_index,
    customerRequestId: row.customer_request_id ?? "",
    shipmentId: row.shipment_id,
    trackingPin: row.tracking_pin || undefined,
    serviceCode: row.service_code,
    status,
    price: row.price ?? undefined,
    label:
      row.label_location && row.label_media_type
        ? { location: row.label_location, mediaType: row.label_media_type }
        : undefined,
    links: row.links ?? [],
    createdAt: isoOf(row.created_at) ?? new Date(0).toISOString(),
    groupId: row.group_id ?? undefined,
    mode: row.mode,
    refund: row.refund ?? undefined,
  };
}

/** The columns a void or refund changes. */
export function statusUpdateOf(record: ShipmentRecord): Pick<ShipmentRow, "status" | "refund"> {
  return { status: record.status, refund: record.refund ?? null };
}

/** The columns a tracking refresh changes. */
export function trackingUpdateOf(
  tracking: Tracking,
  now: Date,
): Pick<
  ShipmentRow,
  "tracking_status" | "tracking_events" | "expected_delivery_date" | "actual_delivery_date" | "tracked_at"
> {
  return {
    tracking_status: tracking.status,
    tracking_events: tracking.events,
    expected_delivery_date: tracking.expectedDeliveryDate ?? null,
    actual_delivery_date: tracking.actualDeliveryDate ?? null,
    tracked_at: now,
  };
}

/** Tracking is worth asking Canada Post again for: never asked, or asked more than `maxAgeMs` ago. */
export function isTrackingStale(
  row: Pick<ShipmentRow, "tracked_at" | "status">,
  now: Date,
  maxAgeMs: number,
) {
  if (row.status === "voided") return false;
  const at = row.tracked_at ? new Date(row.tracked_at).getTime() : NaN;
  return !Number.isFinite(at) || now.getTime() - at > maxAgeMs;
}

/** The file name the label is downloaded as: label-<PIN>.pdf (or .zpl). */
export function labelFileName(row: Pick<ShipmentRow, "tracking_pin" | "shipment_id">, mediaType: string) {
  const type = mediaType.split(";")[0]!.trim().toLowerCase();
  const ext = type === "application/zpl" ? "zpl" : type === "application/pdf" ? "pdf" : "bin";
  const name = (row.tracking_pin || row.shipment_id).replace(/[^A-Za-z0-9_-]/g, "");
  return `label-${name}.${ext}`;
}

function isoOf(d: Date | string | null | undefined): string | undefined {
  if (!d) return undefined;
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function trackingOf(row: ShipmentRow) {
  return {
    status: row.tracking_status,
    expected_delivery_date: row.expected_delivery_date,
    actual_delivery_date: row.actual_delivery_date,
    events: row.tracking_events ?? [],
    tracked_at: isoOf(row.tracked_at) ?? null,
  };
}

/** What the admin sees of a shipment: everything needed to print, track, void or refund it. */
export function adminShipmentView(row: ShipmentRow, backendUrl: string, lang: "en" | "fr" = "en") {
  return {
    id: row.id,
    order_id: row.order_id,
    fulfillment_id: row.fulfillment_id,
    shipment_id: row.shipment_id,
    tracking_pin: row.tracking_pin || null,
    tracking_url: row.tracking_pin ? trackingUrl(row.tracking_pin, lang) : null,
    label_url: row.label_location
      ? `${backendUrl}/admin/canada-post/shipments/${encodeURIComponent(row.shipment_id)}/label`
      : null,
    label_media_type: row.label_media_type,
    service_code: row.service_code,
    mode: row.mode,
    group_id: row.group_id,
    customer_request_id: row.customer_request_id,
    status: row.status,
    parcel_index: row.parcel_index,
    parcel: row.parcel,
    price: row.price,
    refund: row.refund,
    tracking: trackingOf(row),
    created_at: isoOf(row.created_at) ?? null,
  };
}

/** What the customer sees: the parcel's tracking, nothing about labels, prices or Canada Post's ids. */
export function storeShipmentView(row: ShipmentRow, lang: "en" | "fr" = "en") {
  return {
    tracking_pin: row.tracking_pin || null,
    tracking_url: row.tracking_pin ? trackingUrl(row.tracking_pin, lang) : null,
    service_code: row.service_code,
    /** The label's state (created, transmitted, voided, refund_requested); the parcel's is tracking_status. */
    status: row.status,
    tracking_status: row.tracking_status,
    expected_delivery_date: row.expected_delivery_date,
    actual_delivery_date: row.actual_delivery_date,
    events: row.tracking_events ?? [],
    tracked_at: isoOf(row.tracked_at) ?? null,
  };
}
