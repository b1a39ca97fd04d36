import type { Link } from "../canada-post";
import type { ManifestRecord, WaitingGroup } from "../shipping/manifests";
import type { QuoteComparison } from "../shipping/rates";
import type { ShipmentMode } from "../shipping/shipments";

/**
 * End of day and the rate comparison as the Medusa admin gets them, pure: the manifests' rows and views,
 * the waiting groups and the comparison in the admin's JSON. The core decides; routes do the I/O.
 */

/** A waiting group as the admin gets it. */
export interface WaitingGroupView {
  group_id: string;
  shipment_count: number;
  order_ids: string[];
  service_codes: string[];
  oldest_created_at: string | null;
}

export function waitingGroupView(g: WaitingGroup): WaitingGroupView {
  return {
    group_id: g.groupId,
    shipment_count: g.shipmentCount,
    order_ids: g.orderIds,
    service_codes: g.serviceCodes,
    oldest_created_at: g.oldestCreatedAt,
  };
}

/** A `canada_post_manifest` row as the module service returns it. */
export interface ManifestRow {
  id: string;
  manifest_id: string;
  po_number: string | null;
  group_ids: string[];
  shipment_count: number;
  document_location: string | null;
  document_media_type: string | null;
  links: Link[] | null;
  problem: string | null;
  created_at?: Date | string;
}

export type ManifestRowInput = Omit<ManifestRow, "id" | "created_at">;

/** The row of one manifest the core made; `shipmentCount` is the shipments its groups held. */
export function manifestRowOf(record: ManifestRecord, shipmentCount: number): ManifestRowInput {
  return {
    manifest_id: record.manifestId,
    po_number: record.poNumber ?? null,
    group_ids: record.groupIds,
    shipment_count: shipmentCount,
    document_location: record.document?.location ?? null,
    document_media_type: record.document?.mediaType ?? null,
    links: record.links,
    problem: record.problem ?? null,
  };
}

export interface ManifestView {
  id: string;
  manifest_id: string;
  po_number: string | null;
  group_ids: string[];
  shipment_count: number;
  created_at: string | null;
  /** The stored PDF through the admin route; null when it could not be fetched at transmit. */
  pdf_url: string | null;
  problem: string | null;
}

export function manifestView(row: ManifestRow, backendUrl: string): ManifestView {
  return {
    id: row.id,
    manifest_id: row.manifest_id,
    po_number: row.po_number,
    group_ids: row.group_ids,
    shipment_count: row.shipment_count,
    created_at: isoOf(row.created_at) ?? null,
    pdf_url: row.document_location
      ? `${backendUrl}/admin/canada-post/manifests/${encodeURIComponent(row.id)}/pdf`
      : null,
    problem: row.problem,
  };
}

/** What the manifests page says about the shipment mode: only manifest mode has an end of day. */
export function modeNote(mode: ShipmentMode): string {
  switch (mode) {
    case "manifest":
      return "Labels wait in their group until you transmit it at end of day; hand the manifest over with the parcels.";
    case "noncontract":
      return "Non-contract labels are paid one by one: there is no manifest and nothing to close at end of day.";
    default:
      return "Labels are transmitted one by one when they are bought: there is nothing to close at end of day.";
  }
}

/** The file name a manifest is downloaded as: manifest-<PO number or id>.pdf. */
export function manifestFileName(row: Pick<ManifestRow, "po_number" | "manifest_id">): string {
  return `manifest-${(row.po_number || row.manifest_id).replace(/[^\w.-]/g, "_")}.pdf`;
}

/** The rate comparison before buying, as the admin widget reads it. */
export interface QuoteComparisonView {
  order_id: string;
  currency_code: string;
  shipping_method: { id: string; name: string | null; service_code: string; amount: number };
  parcels: {
    dimensions: QuoteComparison["parcels"][number]["dimensions"];
    weight: number;
    volumetric_weight: number;
    box: string | null;
  }[];
  current: { amount: number; due: number; source: string; transit_days: number | null } | null;
  /** Canada Post now minus the checkout amount: positive means the label costs more than was charged. */
  difference: number | null;
  /** Why there is no current price (9111, 9112, Canada Post unreachable without fallback...). */
  reason: string | null;
  has_canada_post_shipment: boolean;
}

export function quoteComparisonView(input: {
  orderId: string;
  currencyCode: string;
  method: QuoteComparisonView["shipping_method"];
  comparison: QuoteComparison;
  hasShipment: boolean;
}): QuoteComparisonView {
  const c = input.comparison;
  return {
    order_id: input.orderId,
    currency_code: input.currencyCode,
    shipping_method: input.method,
    parcels: c.parcels.map((p) => ({
      dimensions: p.dimensions,
      weight: p.weight,
      volumetric_weight: p.volumetricWeight,
      box: p.box ?? null,
    })),
    current: c.current
      ? {
          amount: c.current.amount,
          due: c.current.due,
          source: c.current.source,
          transit_days: c.current.transitDays ?? null,
        }
      : null,
    difference: c.difference,
    reason: c.reason,
    has_canada_post_shipment: input.hasShipment,
  };
}

function isoOf(v: Date | string | null | undefined): string | undefined {
  if (!v) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
