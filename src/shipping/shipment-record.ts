/**
 * What the core keeps of a bought shipment, and the errors a purchase ends with. Platform-free: the Medusa
 * plugin stores records in its table, the Shopify app in its database, the CLI in memory.
 */
import { CanadaPostError, type CanadaPostMessage, type Link } from "../canada-post";

export type ShipmentMode = "transmit" | "manifest" | "noncontract";
export type ShipmentStatus = "created" | "transmitted" | "voided" | "refund_requested";

/** The order lines a parcel holds: what "the same order items" means when a label is asked for again. */
export interface ParcelItem {
  lineId: string;
  quantity: number;
}

/** The packed parcel a shipment was bought for (kilograms, centimetres). */
export interface ShippedParcel {
  id: string;
  box?: string;
  dimensions: { length: number; width: number; height: number };
  weight: number;
  volumetricWeight: number;
  items: ParcelItem[];
  value: number;
}

export interface ShipmentRecord {
  orderId: string;
  fulfillmentId: string;
  parcelId: string;
  /** Position of the parcel in the request, from 0. */
  parcelIndex: number;
  /** The parcel as packed, with the order lines it holds; absent on records made before it was kept. */
  parcel?: ShippedParcel;
  /** The id Canada Post refuses twice (contract shipments); derived from the order, its items and records. */
  customerRequestId: string;
  shipmentId: string;
  trackingPin?: string;
  serviceCode: string;
  status: ShipmentStatus;
  /** Canadian dollars; absent when the price could not be read (the purchase error says why). */
  price?: { due: number; base: number; taxes: number };
  /** Absent when the label could not be fetched: the shipment is bought all the same. */
  label?: { location: string; mediaType: string };
  /** What Canada Post could not give when it was bought (its words): the label is read again when asked for. */
  unread?: { label?: string; price?: string };
  /** Canada Post's links: self, price, label, refund... */
  links: Link[];
  /** ISO date-time the record was made. */
  createdAt: string;
  groupId?: string;
  mode: ShipmentMode;
  /** Set once a refund was requested: quote the ticket to Canada Post. */
  refund?: { serviceTicketId?: string; serviceTicketDate?: string };
}

/** A label that still stands: not voided, no refund asked. */
export function isLive(record: Pick<ShipmentRecord, "status">): boolean {
  return record.status !== "voided" && record.status !== "refund_requested";
}

export interface PurchaseFailure {
  parcelIndex: number;
  parcelId: string;
  /** create: nothing was bought (price and label reads that fail are noted on the record, not failures). */
  stage: "create" | "price" | "label";
  error: Error;
  /** Canada Post's first code and description as Canada Post wrote them (no code for network failures). */
  code?: string;
  description: string;
  messages: CanadaPostMessage[];
}

export function failureOf(
  parcelIndex: number,
  parcelId: string,
  stage: PurchaseFailure["stage"],
  e: unknown,
): PurchaseFailure {
  const error = e instanceof Error ? e : new Error(String(e));
  const first = error instanceof CanadaPostError ? error.messages[0] : undefined;
  return {
    parcelIndex,
    parcelId,
    stage,
    error,
    code: first?.code,
    description: first?.description ?? error.message,
    messages: error instanceof CanadaPostError ? error.messages : [],
  };
}

/** A purchase that stopped part way: nothing bought is lost, and a retry buys only what is missing. */
export class ShipmentPurchaseError extends Error {
  override readonly name = "ShipmentPurchaseError";
  constructor(
    readonly bought: ShipmentRecord[],
    readonly failed: PurchaseFailure[],
    /** Parcel indexes not tried after a failure. */
    readonly notAttempted: number[],
  ) {
    super(
      `bought ${bought.length} shipment(s); ` +
        failed.map((f) => `parcel ${f.parcelIndex} failed at ${f.stage}: ${f.description}`).join("; ") +
        (notAttempted.length ? `; not attempted: parcel(s) ${notAttempted.join(", ")}` : "") +
        ". Ask again for the same fulfillment to finish: bought parcels are not bought twice.",
    );
  }
}

/** The request cannot be bought as given: says what to change. Nothing was bought. */
export class ShipmentRequestError extends Error {
  override readonly name: string = "ShipmentRequestError";
}

/**
 * Those order items already have a label that stands (another click, another instance, a webhook delivered
 * twice): nothing was bought. Cancelling the fulfillment that holds them (void or refund) frees the items.
 */
export class AlreadyLabelledError extends ShipmentRequestError {
  override readonly name = "AlreadyLabelledError";
  constructor(
    message: string,
    /** The live shipments that hold the items. */
    readonly shipments: ShipmentRecord[],
  ) {
    super(message);
  }
}
