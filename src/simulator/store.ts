import type { SimClock } from "./clock";
import type { PricedService } from "./pricing";

/**
 * Everything the simulator remembers between calls: shipments, groups, manifests, artifacts, tracking.
 * Reset by /__simulator/reset. Identifiers come from counters, so a fresh simulator always hands out the
 * same sequence (tests and demos can rely on it) and never the same number twice.
 */

export interface Party {
  name?: string;
  company?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  provState?: string;
  countryCode: string;
  postalZipCode?: string;
}

/** A shipment as both contract and non-contract calls keep it. */
export interface StoredShipment {
  kind: "contract" | "noncontract";
  shipmentId: string;
  trackingPin: string;
  returnTrackingPin?: string;
  mailedBy: string;
  mobo: string;
  customerRequestId?: string;
  groupId?: string;
  transmitShipment: boolean;
  status: "created" | "transmitted";
  poNumber?: string;
  manifestId?: string;
  createdAt: Date;
  transmittedAt?: Date;
  /** The request's own elements (kebab-case), echoed by Get Shipment Details. */
  request: Record<string, unknown>;
  serviceCode: string;
  sender: Party;
  destination: Party;
  weightKg: number;
  optionCodes: string[];
  customerRef1?: string;
  customerRef2?: string;
  finalShippingPoint: string;
  shippingPointId?: string;
  cpcPickup: boolean;
  methodOfPayment: string;
  price: PricedService;
  provide: { pricing: boolean; receipt: boolean };
  refund?: { serviceTicketDate: string; serviceTicketId: string; email: string };
  /** Artifact ids by link rel: label, returnLabel, commercialInvoice. */
  artifacts: Record<string, string>;
}

export interface Manifest {
  manifestId: string;
  poNumber: string;
  mailedBy: string;
  mobo: string;
  groupId: string;
  category: "domestic" | "us" | "international";
  shipmentIds: string[];
  createdAt: Date;
  methodOfPayment: string;
  finalShippingPoint: string;
  shippingPointId?: string;
  cpcPickup: boolean;
  customerReference?: string;
  /** The transmit-set's manifest-address, as sent (kebab-case). */
  manifestAddress: unknown;
  artifactId: string;
}

export type ArtifactKind = "label" | "returnLabel" | "commercialInvoice" | "manifest";

export interface Artifact {
  artifactId: string;
  mailedBy: string;
  kind: ArtifactKind;
  mediaType: "application/pdf" | "application/zpl";
  outputFormat: "8.5x11" | "4x6";
  createdAt: Date;
  shipmentId?: string;
  manifestId?: string;
}

/** What tracking knows of one PIN: enough to unfold its events on the simulator's clock. */
export interface TrackedItem {
  pin: string;
  serviceCode: string;
  /** Names by language, as Canada Post prints them in tracking. */
  serviceName: { en: string; fr: string };
  origin: { city: string; province: string; postalCode: string };
  destination: { city: string; province: string; postalCode: string; countryCode: string };
  customerRef1?: string;
  customerRef2?: string;
  mailedBy: string;
  mobo: string;
  /** When Canada Post received the electronic information (shipment creation). */
  createdAt: Date;
  /** When the item entered the network (transmit, or creation for no-manifest shipments); none yet = pre-transit. */
  inductedAt?: Date;
  transitDays: number;
  signatureRequired: boolean;
  /** Overrides of the per-PIN choices (attempt, privacy, notice card number), for the demo PINs. */
  attemptedDelivery?: boolean;
  signatureSuppressed?: boolean;
  dnc?: string;
}

export class SimStore {
  shipments = new Map<string, StoredShipment>();
  manifests = new Map<string, Manifest>();
  artifacts = new Map<string, Artifact>();
  tracked = new Map<string, TrackedItem>();
  /** customer-request-id values ever used, per mailed-by customer: unique even after a void. */
  customerRequestIds = new Set<string>();
  private seq = 0;

  /**
   * @param firstSequence where the identifier counters start: 0 (the default) gives every fresh simulator the
   * same ids; a long-lived default backend starts elsewhere on each run, so that ids a platform stored in an
   * earlier run (PINs, label files) are not handed out again after a restart.
   */
  constructor(
    readonly clock: SimClock,
    private readonly firstSequence = 0,
  ) {
    this.reset();
  }

  reset(): void {
    this.shipments.clear();
    this.manifests.clear();
    this.artifacts.clear();
    this.tracked.clear();
    this.customerRequestIds.clear();
    this.seq = this.firstSequence;
    for (const item of demoItems(this.clock.now())) this.tracked.set(item.pin, item);
  }

  private next(): number {
    return ++this.seq;
  }

  /** 18 digits, as Canada Post's shipment ids. */
  shipmentId(): string {
    return `34788${String(1315405043 + this.next() * 7919).padStart(13, "0")}`;
  }

  /** 16 digits ending in a mod-10 check digit; scattered so consecutive PINs do not look alike. */
  trackingPin(): string {
    const body = `70${String((1234567 + this.next() * 104729) % 1e13).padStart(13, "0")}`;
    return body + luhnDigit(body);
  }

  manifestId(): string {
    return `46${String(7302281 + this.next() * 6007).padStart(16, "0")}`;
  }

  artifactId(): string {
    return String(5555555 + this.next() * 13);
  }

  /** 10 digits, the form of Canada Post's purchase order numbers. */
  poNumber(): string {
    return String(1000000000 + this.next() * 389);
  }

  serviceTicketId(): string {
    return `GT${String(10000000 + this.next())}`;
  }

  shipmentsOf(mailedBy: string, kind: StoredShipment["kind"]): StoredShipment[] {
    return [...this.shipments.values()].filter((s) => s.mailedBy === mailedBy && s.kind === kind);
  }

  /** Forgets a voided shipment and everything reachable from its links. */
  removeShipment(shipmentId: string): void {
    const s = this.shipments.get(shipmentId);
    if (!s) return;
    for (const id of Object.values(s.artifacts)) this.artifacts.delete(id);
    this.tracked.delete(s.trackingPin);
    this.shipments.delete(shipmentId);
  }
}

export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const HOUR = 3_600_000;

/**
 * PINs from Canada Post's own tracking examples, present on a fresh simulator so `canada-post track`
 * works with nothing created: one in transit, one delivered with a signature, one delivered after a
 * notice card (found by its DNC number 315052413796541).
 */
function demoItems(now: Date): TrackedItem[] {
  const base = {
    mailedBy: "0001371134",
    mobo: "0001371134",
    signatureRequired: false,
  };
  return [
    {
      ...base,
      pin: "7023210039414604",
      serviceCode: "DOM.EP",
      serviceName: { en: "Expedited Parcels", fr: "Colis accélérés" },
      origin: { city: "OTTAWA", province: "ON", postalCode: "K1G5Z3" },
      destination: { city: "KEMPTVILLE", province: "ON", postalCode: "K0J1T0", countryCode: "CA" },
      customerRef1: "APRIL1REF1A",
      customerRef2: "APRIL1REF1C",
      attemptedDelivery: false,
      createdAt: new Date(now.getTime() - 30 * HOUR),
      inductedAt: new Date(now.getTime() - 20 * HOUR),
      transitDays: 3,
    },
    {
      ...base,
      pin: "1371134583769923",
      serviceCode: "DOM.XP",
      serviceName: { en: "Xpresspost", fr: "Xpresspost" },
      origin: { city: "MONTREAL", province: "QC", postalCode: "H2B1A0" },
      destination: { city: "SAINTE-FOY", province: "QC", postalCode: "G1K4M7", countryCode: "CA" },
      customerRef1: "955-0398",
      createdAt: new Date(now.getTime() - 8 * 24 * HOUR),
      inductedAt: new Date(now.getTime() - 7 * 24 * HOUR),
      transitDays: 2,
      signatureRequired: true,
      attemptedDelivery: false,
      signatureSuppressed: false,
    },
    {
      ...base,
      pin: "1680678172650919",
      serviceCode: "DOM.XP",
      serviceName: { en: "Xpresspost", fr: "Xpresspost" },
      origin: { city: "TORONTO", province: "ON", postalCode: "M5W1E6" },
      destination: { city: "PERTH", province: "ON", postalCode: "K0B1B0", countryCode: "CA" },
      createdAt: new Date(now.getTime() - 12 * 24 * HOUR),
      inductedAt: new Date(now.getTime() - 11 * 24 * HOUR),
      transitDays: 2,
      attemptedDelivery: true,
      dnc: "315052413796541",
    },
  ];
}
