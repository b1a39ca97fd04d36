/**
 * The fault matrix's rows: what a shopper, a merchant or the platform's job asks of the shipping core's one
 * entry (createShipping), each with its setup (labels bought beforehand, before any fault), the Canada Post
 * call it depends on (the fault's target), and the platform's records kept in memory.
 */
import type { ClientContext } from "../../src/canada-post";
import { createShipping, type Shipping } from "../../src/shipping/create-shipping";
import { FileLabelStore } from "../../src/shipping/label-store";
import { MemoryLocks, MemoryShipmentRecords } from "../../src/shipping/ports";
import type { MerchantSettingsInput } from "../../src/shipping/settings";
import type { ShipmentRecord, ShipmentRequest } from "../../src/shipping/shipments";
import type { Tracking } from "../../src/shipping/tracking";
import type { TrackedShipment, TrackingSyncDeps } from "../../src/shipping/tracking-sync";
import { JEANNE_IN_MONTREAL } from "../../test/support/merchant";
import type { Target, Timing } from "./faults";

export type OperationName =
  | "price a cart"
  | "buy 1 label"
  | "buy 3 labels"
  | "void"
  | "refund"
  | "transmit"
  | "tracking job"
  | "store tracking";

export const OPERATIONS: readonly OperationName[] = [
  "price a cart",
  "buy 1 label",
  "buy 3 labels",
  "void",
  "refund",
  "transmit",
  "tracking job",
  "store tracking",
];

/** What an operation answered, for the table: its own words, short. */
export type Answer = string;

export interface Cell {
  orderId: string;
  records: MemoryShipmentRecords;
  /** Labels the order should hold at Canada Post once the operation is done (one per parcel). */
  parcels: number;
  target: Target;
  /** Only the checkout's quote counts its exceptions as checkout errors. */
  checkout: boolean;
  /** Runs the operation once, as the platform calls it. */
  run(): Promise<Answer>;
  /** For a purchase that did not finish: the merchant asks again once the fault is gone. */
  again?(): Promise<Answer>;
}

export interface World {
  ctx: ClientContext;
  customer: string;
  labelsDir: string;
  timing: Timing;
  origin: MerchantSettingsInput["origin"];
}

const CREATE = (c: string) => `^/rs/${c}/${c}/shipment$`;
const SHIPMENT = (c: string) => `^/rs/${c}/${c}/shipment/[^/]+$`;
const REFUND = (c: string) => `^/rs/${c}/${c}/shipment/[^/]+/refund$`;
const TRANSMIT = (c: string) => `^/rs/${c}/${c}/manifest$`;
const TRACK = "^/vis/track/";

function core(world: World, mode: "transmit" | "manifest", records: MemoryShipmentRecords): Shipping {
  return createShipping({
    settings: {
      origin: world.origin,
      shipments: { mode },
      quotes: {
        deadlineMs: world.timing.checkoutDeadlineMs,
        fallbackRates: { "DOM.EP": { amount: 19.99, name: "Expedited" } },
      },
    },
    canadaPost: world.ctx,
    labels: new FileLabelStore(world.labelsDir),
    records,
    locks: new MemoryLocks(),
  });
}

function request(orderId: string, parcels: number): ShipmentRequest {
  return {
    orderId,
    fulfillmentId: `ful_${orderId}`,
    serviceCode: "DOM.EP",
    destination: JEANNE_IN_MONTREAL,
    parcels: Array.from({ length: parcels }, (_, i) => ({
      id: `parcel-${i + 1}`,
      dimensions: { length: 25, width: 20, height: 10 },
      weight: 1 + i,
      volumetricWeight: 1,
      items: [{ lineId: `line_${i + 1}`, quantity: 1 }],
      value: 18,
    })),
    orderValue: 18 * parcels,
  };
}

const labelled = (records: ShipmentRecord[]) =>
  `${records.length} label(s): ${records.map((r) => r.trackingPin ?? r.shipmentId).join(", ")}`;

/** The platform's tracking rows, kept in memory beside its shipment records. */
function trackingStore(records: MemoryShipmentRecords, orderId: string) {
  const tracked = new Map<string, { tracking: Tracking | null; at: Date | null }>();
  const rows = async (): Promise<TrackedShipment[]> =>
    (await records.ofOrder(orderId)).map((r) => ({
      id: r.shipmentId,
      orderId: r.orderId,
      fulfillmentId: r.fulfillmentId,
      trackingPin: r.trackingPin ?? "",
      status: r.status,
      trackingStatus: tracked.get(r.shipmentId)?.tracking?.status ?? null,
      trackedAt: tracked.get(r.shipmentId)?.at ?? null,
      createdAt: r.createdAt,
      parcelIndex: r.parcelIndex,
    }));
  const deps: Omit<TrackingSyncDeps, "track"> = {
    candidates: rows,
    save: async (id, tracking, at) => void tracked.set(id, { tracking, at }),
    failed: async (id, at) => void tracked.set(id, { tracking: tracked.get(id)?.tracking ?? null, at }),
    shipmentsOfFulfillment: async (f) => (await rows()).filter((r) => r.fulfillmentId === f),
    fulfillment: async (id) => ({ id, deliveredAt: null, canceledAt: null }),
    markDelivered: async () => undefined,
  };
  return { deps, rows, tracked };
}

/** Sets up one operation for one cell: labels it needs are bought here, before any fault is injected. */
export async function prepare(op: OperationName, world: World, orderId: string): Promise<Cell> {
  const c = world.customer;
  const records = new MemoryShipmentRecords();
  const base = { orderId, records, checkout: false };
  switch (op) {
    case "price a cart": {
      const shipping = core(world, "transmit", records);
      return {
        ...base,
        parcels: 0,
        checkout: true,
        target: { path: "^/rs/ship/price$", method: "POST", group: "rating" },
        run: async () => {
          const quote = await shipping.rates.quoteCart({
            lines: [{ id: "line_1", quantity: 2, weight: 1.2, length: 20, width: 15, height: 10 }],
            destination: { country: "CA", postalCode: "H2B 1A0" },
          });
          return `${quote.source}: ${quote.quotes.map((q) => `${q.serviceCode} ${q.amount}`).join(", ") || "no price"}`;
        },
      };
    }
    case "buy 1 label":
    case "buy 3 labels": {
      const n = op === "buy 1 label" ? 1 : 3;
      const shipping = core(world, "transmit", records);
      const buy = async () => labelled(await shipping.shipments.createShipments(request(orderId, n)));
      return {
        ...base,
        parcels: n,
        // With 3 parcels the second parcel's create is the one that meets the fault.
        target: { path: CREATE(c), method: "POST", group: "shipment", ...(n > 1 ? { after: 1 } : {}) },
        run: buy,
        again: buy,
      };
    }
    case "void":
    case "refund": {
      const shipping = core(world, op === "void" ? "manifest" : "transmit", records);
      const [label] = await shipping.shipments.createShipments(request(orderId, 1));
      return {
        ...base,
        parcels: 1,
        target:
          op === "void"
            ? { path: SHIPMENT(c), method: "DELETE", group: "voidRefund" }
            : { path: REFUND(c), method: "POST", group: "voidRefund" },
        run: async () => {
          const [record] = await records.ofOrder(orderId);
          const outcome = await shipping.shipments.voidOrRefund(record ?? label!, {
            email: "shipping@maple.example",
          });
          return `${outcome.status}${outcome.refund?.serviceTicketId ? ` (ticket ${outcome.refund.serviceTicketId})` : ""}`;
        },
      };
    }
    case "transmit": {
      const shipping = core(world, "manifest", records);
      await shipping.shipments.createShipments(request(orderId, 1));
      return {
        ...base,
        parcels: 1,
        target: { path: TRANSMIT(c), method: "POST", group: "manifest" },
        run: async () => {
          const waiting = await records.ofOrder(orderId);
          const groups = shipping.manifests.waiting(waiting).map((g) => g.groupId);
          const { manifests, transmitted } = await shipping.manifests.transmit(groups, waiting);
          return `${manifests.length} manifest(s), ${transmitted.length} shipment(s) transmitted`;
        },
      };
    }
    case "tracking job":
    case "store tracking": {
      const shipping = core(world, "transmit", records);
      await shipping.shipments.createShipments(request(orderId, 1));
      const store = trackingStore(records, orderId);
      return {
        ...base,
        parcels: 1,
        target: { path: TRACK, method: "GET", group: "tracking" },
        run: async () => {
          if (op === "tracking job") {
            const report = await shipping.tracking.sync(store.deps, { minAgeMs: 0, maxRunMs: 5_000 });
            return `refreshed ${report.refreshed.length}, failed ${report.failed.length}${report.throttled ? ", throttled: next run continues" : ""}`;
          }
          // The customer's page: stored tracking, refreshed while Canada Post answers.
          const fresh = await shipping.tracking.refreshStale(await store.rows(), {
            maxAgeMs: 0,
            save: store.deps.save,
          });
          return fresh.size
            ? `fresh: ${[...fresh.values()].map((t) => t.status).join(", ")}`
            : "stored tracking shown";
        },
      };
    }
  }
}
