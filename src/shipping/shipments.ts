/**
 * Label purchase for a fulfillment: one Canada Post shipment per parcel, bought once however often it is
 * asked. Purchases of one order take turns under the platform's lock; the platform's records say which
 * order items already have a label (purchase-guard.ts), and every bought shipment is recorded before the
 * next is bought. Labels are fetched at once and kept in the LabelStore. A purchase that stops part way
 * reports what was bought, what failed and what was not tried; asking again finishes it.
 */
import {
  buildCreateNonContractShipmentRequest,
  createNonContractShipment,
  createShipment,
  findLink,
  getArtifact,
  getShipmentPrice,
  parseCreateShipmentInput,
  type ClientContext,
  type CreateNonContractShipmentInput,
  type CreateShipmentInput,
  type ShipmentInfo,
  type ShipmentPrice,
} from "../canada-post";
import { CustomsError } from "./customs";
import type { LabelStore, StoredDocument } from "./label-store";
import { MemoryLocks, MemoryShipmentRecords, type LockPort, type ShipmentRecords } from "./ports";
import { checkNotLabelled, customerRequestIdOf, itemTotals, requestIdStem } from "./purchase-guard";
import { deliveryParts, nonContractInput } from "./delivery-parts";
import { regionOf } from "./regions";
import {
  parseShipmentRequest,
  type ShipmentRequest,
  type ShipmentRequestInput as Request,
} from "./shipment-request";
import { groupIdFor, type MerchantSettings } from "./settings";
import {
  failureOf,
  isLive,
  ShipmentPurchaseError,
  ShipmentRequestError,
  type PurchaseFailure,
  type ShipmentMode,
  type ShipmentRecord,
} from "./shipment-record";
import { voidOrRefund } from "./void-or-refund";

export { CustomsError, type OrderLine } from "./customs";
export * from "./shipment-record";
export { ShipmentRequestSchema, type ShipmentRequest } from "./shipment-request";

/* ------------------------------------------------------------------ service */

export interface ShipmentServiceOptions {
  ctx: ClientContext;
  settings: MerchantSettings;
  labels: LabelStore;
  /** The platform's records of bought shipments; in this process's memory by default. */
  records?: ShipmentRecords;
  /** The platform's lock, shared by its instances; in this process by default. */
  locks?: LockPort;
  now?: () => Date;
}

interface Plan {
  parcel: Request["parcels"][number];
  index: number;
  customerRequestId: string;
  contract?: CreateShipmentInput;
  nonContract?: CreateNonContractShipmentInput;
}

export class ShipmentService {
  readonly ctx: ClientContext;
  readonly settings: MerchantSettings;
  readonly labels: LabelStore;
  readonly records: ShipmentRecords;
  readonly locks: LockPort;
  readonly now: () => Date;

  constructor(options: ShipmentServiceOptions) {
    this.ctx = options.ctx;
    this.settings = options.settings;
    this.labels = options.labels;
    this.records = options.records ?? new MemoryShipmentRecords();
    this.locks = options.locks ?? new MemoryLocks();
    this.now = options.now ?? (() => new Date());
  }

  /**
   * One shipment per parcel, with its label stored. Asked again for the same fulfillment, it answers with the
   * same shipments (buying only parcels a cut-short purchase left). Throws ShipmentRequestError (nothing
   * bought) for a request that cannot be bought, AlreadyLabelledError when other fulfillments' live labels
   * already hold the items, and ShipmentPurchaseError when some parcels were bought and others not.
   */
  async createShipments(request: ShipmentRequest): Promise<ShipmentRecord[]> {
    const r = parseShipmentRequest(request);
    // The merchant's rate for the order's currency, unless the platform gave its own.
    r.conversionFromCad ??= r.currency === "CAD" ? undefined : this.settings.currencies[r.currency];
    const mode = this.settings.shipments.mode;
    // Every parcel's request is built and checked before waiting for the lock: bad input never waits, and a
    // purchase never stops half done on it. The customer-request-ids are set under the lock.
    const plans = r.parcels.map((parcel, index) => this.plan(r, parcel, index, mode));
    return this.locks.withLock(orderLockKey(r.orderId), () => this.purchase(r, plans, mode));
  }

  /** Void a shipment not yet transmitted, or request a refund of a transmitted one; recorded at once. */
  async voidOrRefund(record: ShipmentRecord, refund: { email: string }): Promise<ShipmentRecord> {
    return this.locks.withLock(orderLockKey(record.orderId), async () => {
      const outcome = await voidOrRefund(this.ctx, record, refund);
      await this.records.update(outcome);
      return outcome;
    });
  }

  /**
   * Cancels labels (a cancelled fulfillment, or a purchase the platform gave up): every one that stands is
   * voided or refunded once. What Canada Post refused is reported with its own words; the rest goes on.
   */
  async cancel(
    records: readonly ShipmentRecord[],
    refund: { email: string },
  ): Promise<{ outcomes: ShipmentRecord[]; failed: { record: ShipmentRecord; error: Error }[] }> {
    const outcomes: ShipmentRecord[] = [];
    const failed: { record: ShipmentRecord; error: Error }[] = [];
    for (const record of records) {
      if (!isLive(record)) {
        outcomes.push(record);
        continue;
      }
      try {
        outcomes.push(await this.voidOrRefund(record, refund));
      } catch (e) {
        failed.push({ record, error: e instanceof Error ? e : new Error(String(e)) });
        outcomes.push(record);
      }
    }
    return { outcomes, failed };
  }

  private async purchase(r: Request, plans: Plan[], mode: ShipmentMode): Promise<ShipmentRecord[]> {
    const all = await this.records.ofOrder(r.orderId);
    const mine = new Map(
      all
        .filter((x) => x.fulfillmentId === r.fulfillmentId && isLive(x))
        .map((x) => [x.parcelIndex, x] as const),
    );
    const others = all.filter((x) => x.fulfillmentId !== r.fulfillmentId);
    const requested = itemTotals(r.parcels);
    if (mine.size === 0) checkNotLabelled(requested, others, r.ordered);
    const stem = requestIdStem(r.orderId, requested, others);
    for (const plan of plans) {
      plan.customerRequestId = customerRequestIdOf(stem, plan.index);
      if (plan.contract) plan.contract = { ...plan.contract, customerRequestId: plan.customerRequestId };
    }

    const bought: ShipmentRecord[] = [];
    const failed: PurchaseFailure[] = [];
    for (const plan of plans) {
      const known = mine.get(plan.index);
      if (known) {
        bought.push(known);
        continue;
      }
      let record: ShipmentRecord;
      try {
        record = await this.buy(r, plan, mode);
        // Recorded before anything else can fail: another request waiting for the lock must see it.
        await this.records.add(record);
      } catch (e) {
        failed.push(failureOf(plan.index, plan.parcel.id, "create", e));
        const notAttempted = plans.slice(plan.index + 1).filter((p) => !mine.has(p.index));
        throw new ShipmentPurchaseError(
          bought,
          failed,
          notAttempted.map((p) => p.index),
        );
      }
      bought.push(record);
      await this.complete(record);
      await this.records.update(record);
    }
    return bought;
  }

  private plan(r: Request, parcel: Plan["parcel"], index: number, mode: ShipmentMode): Plan {
    // Checked with an id of the real one's shape; the real one is derived under the order's lock.
    const customerRequestId = customerRequestIdOf(PLACEHOLDER_STEM, index);
    try {
      const parts = deliveryParts(this.settings, r, parcel, regionOf(r.destination.country));
      if (mode === "noncontract") {
        const nonContract = nonContractInput(parts);
        buildCreateNonContractShipmentRequest(nonContract); // checks it now, before anything is bought
        return { parcel, index, customerRequestId, nonContract };
      }
      const input: CreateShipmentInput = {
        customerRequestId,
        ...(mode === "manifest"
          ? { groupId: groupIdFor(this.settings.shipments, this.now(), r.location) }
          : { transmitShipment: true, providePricingInfo: true }),
        ...this.shippingPoint(),
        deliverySpec: {
          serviceCode: r.serviceCode,
          sender: { ...parts.sender, addressDetails: { ...parts.sender.addressDetails, countryCode: "CA" } },
          destination: parts.destination,
          options: parts.options.length ? parts.options : undefined,
          parcelCharacteristics: parts.parcel,
          notification: parts.notification,
          printPreferences: {
            encoding: this.settings.labels.encoding,
            outputFormat: this.settings.labels.outputFormat,
          },
          references: parts.references,
          customs: parts.customs,
          ...(this.settings.canadaPost.paymentMethod
            ? { settlementInfo: { intendedMethodOfPayment: this.settings.canadaPost.paymentMethod } }
            : {}),
        },
      };
      parseCreateShipmentInput(input);
      return { parcel, index, customerRequestId, contract: input };
    } catch (e) {
      if (e instanceof ShipmentRequestError || e instanceof CustomsError) throw e;
      throw new ShipmentRequestError(`parcel ${index} (${parcel.id}): ${(e as Error).message}`, { cause: e });
    }
  }

  /** Deposit site, pickup point, or (neither set) the origin's postal code. */
  private shippingPoint(): Pick<
    CreateShipmentInput,
    "shippingPointId" | "requestedShippingPoint" | "cpcPickupIndicator"
  > {
    const s = this.settings;
    if (s.shippingPointId) return { shippingPointId: s.shippingPointId };
    if (s.pickup)
      return { requestedShippingPoint: s.pickup.requestedShippingPoint, cpcPickupIndicator: true };
    return { requestedShippingPoint: s.origin.postalCode };
  }

  private async buy(r: Request, plan: Plan, mode: ShipmentMode): Promise<ShipmentRecord> {
    const base = {
      orderId: r.orderId,
      fulfillmentId: r.fulfillmentId,
      parcelId: plan.parcel.id,
      parcelIndex: plan.index,
      parcel: plan.parcel,
      customerRequestId: plan.customerRequestId,
      serviceCode: r.serviceCode,
      createdAt: this.now().toISOString(),
      mode,
    };
    if (plan.nonContract) {
      const info = await createNonContractShipment(this.ctx, plan.nonContract);
      return {
        ...base,
        shipmentId: info.shipmentId,
        trackingPin: info.trackingPin,
        status: "transmitted",
        links: info.links,
      };
    }
    const info = await createShipment(this.ctx, plan.contract!);
    return {
      ...base,
      shipmentId: info.shipmentId,
      trackingPin: info.trackingPin,
      status: info.shipmentStatus === "transmitted" ? "transmitted" : "created",
      price: info.shipmentPrice && priceOf(info.shipmentPrice),
      links: info.links,
      groupId: mode === "manifest" ? (groupOf(info) ?? plan.contract!.groupId) : undefined,
    };
  }

  /**
   * The price and label of a bought shipment (the transport already retried the reads). What cannot be
   * read now is noted on the record, which is kept: the shipment is bought, and its label is read again
   * when it is asked for (label()).
   */
  private async complete(record: ShipmentRecord): Promise<void> {
    const unread: NonNullable<ShipmentRecord["unread"]> = {};
    if (!record.price && record.mode !== "noncontract") {
      try {
        record.price = priceOf(
          await getShipmentPrice(this.ctx, { shipmentId: record.shipmentId, links: record.links }),
        );
      } catch (e) {
        unread.price = failureOf(record.parcelIndex, record.parcelId, "price", e).description;
      }
    }
    try {
      record.label = await this.storeLabel(record);
    } catch (e) {
      unread.label = failureOf(record.parcelIndex, record.parcelId, "label", e).description;
    }
    if (unread.price || unread.label) record.unread = unread;
    else delete record.unread;
  }

  /**
   * A bought shipment's label: the stored one, else read from Canada Post now (a label that could not be
   * read at purchase, a store that lost it) and kept. Undefined when Canada Post gave no label link.
   */
  async label(record: ShipmentRecord): Promise<StoredDocument | undefined> {
    const stored = record.label && (await this.labels.get(record.label.location));
    if (stored) return stored;
    if (!findLink(record.links, "label")) return undefined;
    const label = await this.storeLabel(record);
    const updated: ShipmentRecord = { ...record, label };
    if (updated.unread) {
      const { label: _read, ...rest } = updated.unread;
      if (rest.price) updated.unread = rest;
      else delete updated.unread;
    }
    await this.records.update(updated);
    return this.labels.get(label!.location);
  }

  private async storeLabel(record: ShipmentRecord): Promise<ShipmentRecord["label"]> {
    const link = findLink(record.links, "label");
    if (!link) throw new Error(`Canada Post gave shipment ${record.shipmentId} no label link`);
    const artifact = await getArtifact(this.ctx, link);
    const data = "data" in artifact ? artifact.data : Buffer.from(artifact.text, "utf8");
    const location = await this.labels.put(`label-${record.customerRequestId}`, data, artifact.mediaType);
    return { location, mediaType: artifact.mediaType };
  }
}

const PLACEHOLDER_STEM = `cp-${"0".repeat(24)}`;

/** Purchases, voids and refunds of one order take turns under this key. */
export const orderLockKey = (orderId: string) => `canada-post:order:${orderId}`;

function priceOf(p: ShipmentPrice): NonNullable<ShipmentRecord["price"]> {
  const taxes = (p.gstAmount ?? 0) + (p.pstAmount ?? 0) + (p.hstAmount ?? 0);
  return { due: p.dueAmount, base: p.baseAmount, taxes: Math.round(taxes * 100) / 100 };
}

/** The group a shipment is in, from its `group` link (…/shipment?groupId=…). */
function groupOf(info: ShipmentInfo): string | undefined {
  const link = findLink(info.links, "group");
  if (!link) return undefined;
  try {
    return new URL(link.href).searchParams.get("groupId") ?? undefined;
  } catch {
    return undefined;
  }
}
