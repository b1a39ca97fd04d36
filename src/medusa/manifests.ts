import type { Link } from "../canada-post";
import type { ManifestRecord } from "../shipping/manifests";
import type { Parcel } from "../shipping/packing";
import type { ShipmentMode } from "../shipping/shipments";
import type { ShipmentRow } from "./records";

/**
 * End of day in Medusa, pure: the shipments waiting for transmit grouped by group-id, the manifests' rows
 * and the JSON the admin gets, and the rate comparison shown before a label is bought. Routes do the I/O.
 */

/** A group of shipments bought in manifest mode and not transmitted yet. */
export interface WaitingGroup {
  group_id: string;
  shipment_count: number;
  order_ids: string[];
  service_codes: string[];
  /** The oldest shipment of the group: a group left from an earlier day stands out. */
  oldest_created_at: string | null;
}

/** Only created, manifest-mode shipments with a group wait for transmit; voided ones never do. */
export function isWaiting(row: Pick<ShipmentRow, "status" | "mode" | "group_id">): boolean {
  return row.status === "created" && row.mode === "manifest" && !!row.group_id;
}

export function waitingGroups(rows: readonly ShipmentRow[]): WaitingGroup[] {
  const groups = new Map<string, WaitingGroup>();
  for (const row of rows) {
    if (!isWaiting(row)) continue;
    const id = row.group_id!;
    const g = groups.get(id) ?? {
      group_id: id,
      shipment_count: 0,
      order_ids: [],
      service_codes: [],
      oldest_created_at: null,
    };
    g.shipment_count += 1;
    if (!g.order_ids.includes(row.order_id)) g.order_ids.push(row.order_id);
    if (!g.service_codes.includes(row.service_code)) g.service_codes.push(row.service_code);
    const at = isoOf(row.created_at);
    if (at && (!g.oldest_created_at || at < g.oldest_created_at)) g.oldest_created_at = at;
    groups.set(id, g);
  }
  return [...groups.values()].sort((a, b) => a.group_id.localeCompare(b.group_id));
}

/**
 * The group ids asked for, checked against what waits: a clear refusal names the groups with nothing to
 * transmit (already transmitted, voided, or never made), so no call is made to Canada Post for them.
 */
export function checkGroupsToTransmit(asked: readonly string[], waiting: readonly WaitingGroup[]): string[] {
  const unique = [...new Set(asked.map((g) => g.trim()).filter(Boolean))];
  if (unique.length === 0) {
    throw new ManifestRequestError(
      "group_ids must name at least one group: see the waiting groups of GET /admin/canada-post/manifests",
    );
  }
  const known = new Set(waiting.map((g) => g.group_id));
  const missing = unique.filter((g) => !known.has(g));
  if (missing.length) {
    throw new ManifestRequestError(
      `No shipment waits for transmit in group${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: ` +
        `only the groups listed by GET /admin/canada-post/manifests can be transmitted`,
    );
  }
  return unique;
}

export class ManifestRequestError extends Error {
  override readonly name = "ManifestRequestError";
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

/** The rate comparison before buying: what the customer paid for the service and Canada Post's price now. */
export interface QuoteComparison {
  order_id: string;
  currency_code: string;
  shipping_method: { id: string; name: string | null; service_code: string; amount: number };
  parcels: {
    dimensions: Parcel["dimensions"];
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

export function quoteComparisonOf(input: {
  orderId: string;
  currencyCode: string;
  method: QuoteComparison["shipping_method"];
  parcels: readonly Parcel[];
  rate?: { amount: number; breakdown: { due: number }; transitDays?: number };
  source: string;
  reason?: string;
  hasShipment: boolean;
}): QuoteComparison {
  const rate = input.rate;
  return {
    order_id: input.orderId,
    currency_code: input.currencyCode,
    shipping_method: input.method,
    parcels: input.parcels.map((p) => ({
      dimensions: p.dimensions,
      weight: p.weight,
      volumetric_weight: p.volumetricWeight,
      box: p.box ?? null,
    })),
    current: rate
      ? {
          amount: rate.amount,
          due: rate.breakdown.due,
          source: input.source,
          transit_days: rate.transitDays ?? null,
        }
      : null,
    difference: rate ? round2(rate.amount - input.method.amount) : null,
    reason: rate ? null : (input.reason ?? `Canada Post gave no price for ${input.method.service_code}`),
    has_canada_post_shipment: input.hasShipment,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function isoOf(v: Date | string | null | undefined): string | undefined {
  if (!v) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
