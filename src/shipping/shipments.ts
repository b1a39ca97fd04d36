/**
 * Label purchase for a fulfillment: one Canada Post shipment per parcel, bought once. Each parcel carries a
 * customerRequestId derived from the fulfillment and its index, so a retried or concurrent request finds the
 * shipment already bought (7314, or a lookup after a lost answer) instead of paying for a second label; calls
 * in this process for the same fulfillment share one purchase. Labels are fetched at once and kept in the
 * LabelStore. A purchase that stops part way reports what was bought, what failed and what was not tried.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  getArtifact,
  type ClientContext,
  CanadaPostError,
  type CanadaPostMessage,
  findLink,
  type Link,
  buildCreateNonContractShipmentRequest,
  createNonContractShipment,
  type CreateNonContractShipmentInput,
  createShipment,
  getShipmentPrice,
  parseCreateShipmentInput,
  type CreateShipmentInput,
  type ShipmentInfo,
  type ShipmentPrice,
} from "../canada-post";
import { CustomsError, customsFor, toCad, type CustomsDeclaration } from "./customs";
import type { LabelStore } from "./label-store";
import { transmitGroups, type ManifestRecord } from "./manifests";
import { groupIdFor, type MerchantSettings } from "./settings";
import { SingleFlight } from "./single-flight";
import { voidOrRefund } from "./void-or-refund";

export { CustomsError, type OrderLine } from "./customs";

/* ------------------------------------------------------------------ records */

export type ShipmentMode = "transmit" | "manifest" | "noncontract";
export type ShipmentStatus = "created" | "transmitted" | "voided" | "refund_requested";

export interface ShipmentRecord {
  orderId: string;
  fulfillmentId: string;
  parcelId: string;
  /** Position of the parcel in the request, from 0. */
  parcelIndex: number;
  /** The id Canada Post refuses twice: derived from the fulfillment and the parcel index. */
  customerRequestId: string;
  shipmentId: string;
  trackingPin?: string;
  serviceCode: string;
  status: ShipmentStatus;
  /** Canadian dollars; absent when the price could not be read (the purchase error says why). */
  price?: { due: number; base: number; taxes: number };
  /** Absent when the label could not be fetched: the shipment is bought all the same. */
  label?: { location: string; mediaType: string };
  /** Canada Post's links: self, price, label, refund... */
  links: Link[];
  /** ISO date-time the record was made. */
  createdAt: string;
  groupId?: string;
  mode: ShipmentMode;
  /** Set once a refund was requested: quote the ticket to Canada Post. */
  refund?: { serviceTicketId?: string; serviceTicketDate?: string };
}

export interface PurchaseFailure {
  parcelIndex: number;
  parcelId: string;
  /** create: nothing was bought; price or label: bought, but its price or label could not be read. */
  stage: "create" | "price" | "label";
  error: Error;
  /** Canada Post's first code and description as Canada Post wrote them (no code for network failures). */
  code?: string;
  description: string;
  messages: CanadaPostMessage[];
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
        ". Call createShipments again for the same fulfillment to finish: bought parcels are not bought twice.",
    );
  }
}

/** The request cannot be bought as given: says what to change. Nothing was bought. */
export class ShipmentRequestError extends Error {
  override readonly name = "ShipmentRequestError";
}

function failureOf(parcelIndex: number, parcelId: string, stage: PurchaseFailure["stage"], e: unknown) {
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
  } satisfies PurchaseFailure;
}

/* ------------------------------------------------------------------ request */

const text = (name: string) => z.string(`${name} is required`).trim().min(1, `${name} must not be empty`);
const upper = (s: string) => s.toUpperCase();

const DestinationSchema = z.object({
  name: text("destination.name"),
  company: z.string().trim().min(1).optional(),
  /** Required outside Canada: Canada Post prints it for customs and the receiving post. */
  phone: z.string().trim().min(1).optional(),
  /** Told when the parcel ships, is delivered or meets an exception. */
  email: z.string().trim().min(1).optional(),
  addressLine1: text("destination.addressLine1"),
  addressLine2: z.string().trim().min(1).optional(),
  city: text("destination.city"),
  /** Province or state code: required in Canada and the US. */
  province: z.string().trim().min(1).transform(upper).optional(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, "destination.country must be a 2-letter ISO code such as CA, US or FR")
    .transform(upper),
  postalCode: z.string().trim().min(1).optional(),
});

const ParcelSchema = z.object({
  id: text("parcel.id"),
  box: z.string().optional(),
  dimensions: z.object({
    length: z.number().positive(),
    width: z.number().positive(),
    height: z.number().positive(),
  }),
  weight: z.number().positive("parcel weight must be more than 0 kg"),
  volumetricWeight: z.number().min(0),
  items: z.array(z.object({ lineId: z.string(), quantity: z.number().int().positive() })),
  value: z.number().min(0),
});

const OrderLineSchema = z.object({
  id: text("line.id"),
  sku: z.string().optional(),
  title: z.string(),
  quantity: z.number().int().positive(),
  unitValue: z.number().min(0),
  currency: z.string().optional(),
  hsCode: z.string().optional(),
  originCountry: z.string().optional(),
  unitWeightKg: z.number().min(0),
});

export const ShipmentRequestSchema = z.object({
  orderId: text("orderId"),
  fulfillmentId: text("fulfillmentId"),
  serviceCode: z
    .string()
    .trim()
    .regex(/^(DOM|USA|INT)\.[A-Z0-9.]+$/, "serviceCode must be a Canada Post service code such as DOM.EP"),
  destination: DestinationSchema,
  parcels: z
    .array(ParcelSchema)
    .min(1, "give at least one parcel")
    .max(99, "at most 99 parcels per fulfillment"),
  lines: z.array(OrderLineSchema).default([]),
  /** The order's value in `currency`: decides the signature option. */
  orderValue: z.number().min(0),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "currency must be an ISO code such as CAD or USD")
    .transform(upper)
    .default("CAD"),
  /** Units of `currency` one CAD buys; needed for customs and coverage when the order is not in CAD. */
  conversionFromCad: z.number().positive().optional(),
  references: z
    .object({
      costCentre: z.string().trim().min(1).optional(),
      customerRef1: z.string().trim().min(1).optional(),
      customerRef2: z.string().trim().min(1).optional(),
    })
    .optional(),
  /** The platform's stock location: the {location} of the manifest group id. */
  location: z.string().trim().min(1).optional(),
  /**
   * Records the platform already holds for this fulfillment: those parcels are not bought again. Contract
   * shipments are protected by customerRequestId anyway; non-contract ones have no such id, so pass them.
   */
  existing: z.array(z.custom<ShipmentRecord>((v) => typeof v === "object" && v !== null)).optional(),
});
export type ShipmentRequest = z.input<typeof ShipmentRequestSchema>;
type Request = z.output<typeof ShipmentRequestSchema>;

/**
 * Canada Post's customer-request-id of one parcel: a hash of the order and fulfillment (platform ids may be
 * long) and the parcel's index, so the same parcel of the same fulfillment always gets the same id.
 */
export function customerRequestIdFor(orderId: string, fulfillmentId: string, parcelIndex: number): string {
  const hash = createHash("sha256").update(`${orderId}\u0000${fulfillmentId}`).digest("hex").slice(0, 24);
  return `ful-${hash}-p${parcelIndex + 1}`;
}

/* ------------------------------------------------------------------ service */

export interface ShipmentServiceOptions {
  ctx: ClientContext;
  settings: MerchantSettings;
  labels: LabelStore;
  now?: () => Date;
}

type Region = "DOM" | "USA" | "INT";

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
  readonly now: () => Date;
  private readonly flights = new SingleFlight<ShipmentRecord[]>();

  constructor(options: ShipmentServiceOptions) {
    this.ctx = options.ctx;
    this.settings = options.settings;
    this.labels = options.labels;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * One shipment per parcel, with its label stored. Throws ShipmentRequestError (nothing bought) for a
   * request that cannot be bought, and ShipmentPurchaseError when some parcels were bought and others not.
   */
  async createShipments(request: ShipmentRequest): Promise<ShipmentRecord[]> {
    const r = parseRequest(request);
    // Two clicks on "fulfill" share one purchase; Canada Post's 7314 covers other processes.
    return this.flights.run(`${r.orderId}\u0000${r.fulfillmentId}`, () => this.purchase(r));
  }

  /** Void a shipment not yet transmitted, or request a refund of a transmitted one. */
  voidOrRefund(record: ShipmentRecord, refund: { email: string }): Promise<ShipmentRecord> {
    return voidOrRefund(this.ctx, record, refund);
  }

  /** End of day (manifest mode): transmit the groups and keep their manifests. */
  transmitGroups(groupIds?: string[]): Promise<ManifestRecord[]> {
    return transmitGroups(this, groupIds);
  }

  private async purchase(r: Request): Promise<ShipmentRecord[]> {
    const mode = this.settings.shipments.mode;
    // Every parcel's request is built and checked first: bad input never leaves a purchase half done.
    const plans = r.parcels.map((parcel, index) => this.plan(r, parcel, index, mode));
    const existing = new Map(
      (r.existing ?? [])
        .filter((e) => e.fulfillmentId === r.fulfillmentId && e.status !== "voided")
        .map((e) => [e.parcelIndex, e]),
    );
    const bought: ShipmentRecord[] = [];
    const failed: PurchaseFailure[] = [];
    for (const plan of plans) {
      const known = existing.get(plan.index);
      if (known) {
        bought.push(known);
        continue;
      }
      let record: ShipmentRecord;
      try {
        record = await this.buy(r, plan, mode);
      } catch (e) {
        failed.push(failureOf(plan.index, plan.parcel.id, "create", e));
        const notAttempted = plans.slice(plan.index + 1).filter((p) => !existing.has(p.index));
        throw new ShipmentPurchaseError(
          bought,
          failed,
          notAttempted.map((p) => p.index),
        );
      }
      bought.push(record);
      await this.complete(record, failed);
    }
    if (failed.length) throw new ShipmentPurchaseError(bought, failed, []);
    return bought;
  }

  private plan(r: Request, parcel: Plan["parcel"], index: number, mode: ShipmentMode): Plan {
    const customerRequestId = customerRequestIdFor(r.orderId, r.fulfillmentId, index);
    const region = regionOf(r);
    try {
      const parts = deliveryParts(this.settings, r, parcel, region);
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

  /** The price and label of a bought shipment; what cannot be read is reported, the record kept. */
  private async complete(record: ShipmentRecord, failed: PurchaseFailure[]): Promise<void> {
    if (!record.price && record.mode !== "noncontract") {
      try {
        record.price = priceOf(
          await getShipmentPrice(this.ctx, { shipmentId: record.shipmentId, links: record.links }),
        );
      } catch (e) {
        failed.push(failureOf(record.parcelIndex, record.parcelId, "price", e));
      }
    }
    try {
      record.label = await this.storeLabel(record);
    } catch (e) {
      failed.push(failureOf(record.parcelIndex, record.parcelId, "label", e));
    }
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

function parseRequest(request: ShipmentRequest): Request {
  const parsed = ShipmentRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`);
    throw new ShipmentRequestError(`invalid shipment request: ${issues.join("; ")}`);
  }
  const r = parsed.data;
  const region = regionOf(r);
  const expected = r.destination.country === "CA" ? "DOM" : r.destination.country === "US" ? "USA" : "INT";
  if (region !== expected) {
    throw new ShipmentRequestError(
      `serviceCode ${r.serviceCode} does not go to ${r.destination.country}: use a ${expected}. service (e.g. ${expected === "DOM" ? "DOM.EP" : expected === "USA" ? "USA.EP" : "INT.XP"})`,
    );
  }
  return r;
}

function regionOf(r: Pick<Request, "serviceCode">): Region {
  return r.serviceCode.split(".")[0] as Region;
}

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

/** The parts contract and non-contract requests share. */
function deliveryParts(settings: MerchantSettings, r: Request, parcel: Plan["parcel"], region: Region) {
  const sender = settings.origin.sender;
  if (!sender) {
    throw new ShipmentRequestError(
      "settings.origin.sender is missing: labels need the sender's company, contactPhone, addressLine1, city and province",
    );
  }
  const d = r.destination;
  if (region !== "DOM" && !d.phone)
    throw new ShipmentRequestError(
      "destination.phone is required outside Canada: Canada Post gives it to the receiving post",
    );
  const options: { code: string; amount?: number }[] = [];
  const o = settings.options;
  if (o.signatureOverValue !== undefined && r.orderValue >= o.signatureOverValue)
    options.push({ code: "SO" });
  if (o.coverage !== "none") {
    const amount =
      o.coverage === "orderValue" ? toCad(parcel.value, r.currency, r.conversionFromCad) : o.coverage.fixed;
    if (amount > 0) options.push({ code: "COV", amount });
  }
  if (region !== "DOM") options.push({ code: o.nonDelivery });
  const customs: CustomsDeclaration | undefined =
    region === "DOM"
      ? undefined
      : customsFor(parcel, r.lines, {
          currency: r.currency,
          conversionFromCad: r.conversionFromCad,
          provinceOfOrigin: sender.province,
        });
  return {
    serviceCode: r.serviceCode,
    requestedShippingPoint: settings.pickup?.requestedShippingPoint,
    sender: {
      name: sender.name,
      company: sender.company,
      contactPhone: sender.contactPhone,
      addressDetails: {
        addressLine1: sender.addressLine1,
        addressLine2: sender.addressLine2,
        city: sender.city,
        provState: sender.province,
        postalZipCode: settings.origin.postalCode,
      },
    },
    destination: {
      name: d.name,
      company: d.company,
      clientVoiceNumber: d.phone,
      addressDetails: {
        addressLine1: d.addressLine1,
        addressLine2: d.addressLine2,
        city: d.city,
        provState: d.province,
        countryCode: d.country,
        postalZipCode: d.postalCode,
      },
    },
    options,
    parcel: { weight: Math.round(parcel.weight * 1000) / 1000, dimensions: parcel.dimensions },
    notification: d.email
      ? { email: d.email, onShipment: true, onException: true, onDelivery: true }
      : undefined,
    references: {
      costCentre: r.references?.costCentre?.slice(0, 30),
      customerRef1: (r.references?.customerRef1 ?? r.orderId).slice(0, 35),
      customerRef2: (r.references?.customerRef2 ?? r.fulfillmentId).slice(0, 35),
    },
    customs,
  };
}

type Parts = ReturnType<typeof deliveryParts>;

function nonContractInput(p: Parts): CreateNonContractShipmentInput {
  return {
    requestedShippingPoint: p.requestedShippingPoint,
    serviceCode: p.serviceCode,
    sender: p.sender,
    destination: p.destination,
    options: p.options.length
      ? p.options.map((o) => ({ optionCode: o.code, optionAmount: o.amount }))
      : undefined,
    parcelCharacteristics: p.parcel,
    notification: p.notification,
    references: p.references,
    customs: p.customs,
  };
}
