/**
 * One label per parcel however often it is asked: "the same request" is the same order items, not the same
 * request id. Under the order's lock, the platform's records say which items already have a label that
 * stands; a request for items already labelled is refused, and the customer-request-id of each parcel is
 * derived from the order, its items and the records, so that a purchase cut short before it was recorded
 * (a crashed instance) is found again by Canada Post (7314) instead of bought twice.
 */
import { createHash } from "node:crypto";
import { AlreadyLabelledError, isLive, type ParcelItem, type ShipmentRecord } from "./shipment-record";

/** Units per order line, summed over parcels. */
export function itemTotals(
  parcels: readonly ({ items?: readonly ParcelItem[] } | undefined)[],
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const p of parcels)
    for (const i of p?.items ?? []) totals.set(i.lineId, (totals.get(i.lineId) ?? 0) + i.quantity);
  return totals;
}

/**
 * Refuses items that live labels of other fulfillments already hold. With the ordered quantities, a line may
 * be labelled in several fulfillments up to what was ordered; without them, a line labelled once is taken.
 */
export function checkNotLabelled(
  requested: Map<string, number>,
  others: readonly ShipmentRecord[],
  ordered?: Readonly<Record<string, number>>,
): void {
  const live = others.filter(isLive);
  const labelled = itemTotals(live.map((r) => r.parcel));
  const taken: string[] = [];
  for (const [lineId, quantity] of requested) {
    const already = labelled.get(lineId) ?? 0;
    if (already === 0) continue;
    const limit = ordered?.[lineId];
    if (limit === undefined || already + quantity > limit) taken.push(lineId);
  }
  if (!taken.length) return;
  const holders = live.filter((r) => r.parcel?.items.some((i) => taken.includes(i.lineId)));
  const labels = holders
    .map(
      (r) =>
        `shipment ${r.shipmentId}${r.trackingPin ? ` (PIN ${r.trackingPin})` : ""} of fulfillment ${r.fulfillmentId}`,
    )
    .join(", ");
  throw new AlreadyLabelledError(
    `These items already have a Canada Post label: ${labels}. Nothing was bought. ` +
      "To ship them with a new label, cancel that fulfillment first (its label is voided or refunded).",
    holders,
  );
}

/**
 * The stem of the parcels' customer-request-ids: the same order, items and records give the same stem (so
 * Canada Post answers 7314 for a parcel bought but not recorded), and any change in the records (a label
 * bought for other items, a label cancelled) gives a new one. The fulfillment's own records are left out, so
 * finishing a partial purchase keeps its ids.
 */
export function requestIdStem(
  orderId: string,
  requested: Map<string, number>,
  others: readonly ShipmentRecord[],
): string {
  const items = [...requested].sort(([a], [b]) => a.localeCompare(b)).map(([l, q]) => `${l}:${q}`);
  const state = others
    .map((r) => `${r.customerRequestId || r.shipmentId}:${isLive(r) ? "live" : "cancelled"}`)
    .sort();
  const hash = createHash("sha256")
    .update([orderId, items.join(","), state.join(",")].join("\u0000"))
    .digest("hex")
    .slice(0, 24);
  return `cp-${hash}`;
}

/** One parcel's customer-request-id: the stem and its position (1-based). */
export const customerRequestIdOf = (stem: string, parcelIndex: number) => `${stem}-p${parcelIndex + 1}`;
