import { findService } from "./catalog";
import { priceService, round2, type PricedService, type PricingScenario } from "./pricing";
import { fail, link, SimFailure } from "./respond";
import type { Party, SimStore, StoredShipment, TrackedItem, ArtifactKind } from "./store";
import type { Lang, SimAccount, SimContext, SimRequest } from "./types";
import { camelTree, readXml } from "./xml";

/**
 * What contract and non-contract shipments share: reading a delivery-spec, Canada Post's address rules,
 * pricing, the shipment-price structure, and the tracked item and artifacts a new shipment brings.
 */

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The request body: raw (kebab-case, for echoing back) and camelized (for reading). */
export function readBody(req: SimRequest): { raw: Obj; c: Obj } {
  const { content } = readXml(req.body);
  return { raw: obj(content), c: obj(camelTree(content)) };
}

/** Drops undefined members, so optional elements are simply absent from the answer. */
export function defined(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

export const money = (n: number) => n.toFixed(2);

function party(v: unknown): Party {
  const p = obj(v);
  const a = obj(p.addressDetails);
  return {
    name: str(p.name),
    company: str(p.company),
    addressLine1: str(a.addressLine1),
    addressLine2: str(a.addressLine2),
    city: str(a.city),
    provState: str(a.provState),
    countryCode: (str(a.countryCode) ?? "CA").toUpperCase(),
    postalZipCode: str(a.postalZipCode)?.replace(/\s/g, "").toUpperCase(),
  };
}

export interface DeliverySpec {
  serviceCode: string;
  sender: Party;
  destination: Party;
  weightKg: number;
  dimensionsCm?: { length: number; width: number; height: number };
  options: { code: string; amount?: number }[];
  customerRef1?: string;
  customerRef2?: string;
  outputFormat: "8.5x11" | "4x6";
  encoding: "PDF" | "ZPL";
  methodOfPayment: string;
  promoCode?: string;
}

export function readDeliverySpec(ds: Obj): DeliverySpec {
  const parcel = obj(ds.parcelCharacteristics);
  const dims = obj(parcel.dimensions);
  const print = obj(ds.printPreferences);
  const refs = obj(ds.references);
  const settlement = obj(ds.settlementInfo);
  return {
    serviceCode: str(ds.serviceCode) ?? "",
    sender: party(ds.sender),
    destination: party(ds.destination),
    weightKg: Number(str(parcel.weight) ?? 0),
    dimensionsCm:
      str(dims.length) !== undefined
        ? { length: Number(dims.length), width: Number(dims.width), height: Number(dims.height) }
        : undefined,
    options: list(obj(ds.options).option).map((o) => {
      const amount = str(obj(o).optionAmount);
      return {
        code: str(obj(o).optionCode) ?? "",
        amount: amount === undefined ? undefined : Number(amount),
      };
    }),
    customerRef1: str(refs.customerRef1),
    customerRef2: str(refs.customerRef2),
    outputFormat: str(print.outputFormat) === "4x6" ? "4x6" : "8.5x11",
    encoding: str(print.encoding)?.toUpperCase() === "ZPL" ? "ZPL" : "PDF",
    methodOfPayment: str(settlement.intendedMethodOfPayment) ?? "CreditCard",
    promoCode: str(settlement.promoCode),
  };
}

/**
 * Canada Post's address rules, answered (like every Create Shipment application error) with HTTP 200 and a
 * `<messages>` envelope.
 */
export function checkDestination(d: Party, quickship: boolean, status = 200): void {
  const northAmerica = d.countryCode === "CA" || d.countryCode === "US";
  if (!quickship && !d.addressLine1) throw fail(status, "1156", "Address Line 1 is a mandatory field.");
  if (!quickship && northAmerica && !d.city)
    throw fail(status, "1157", "City is mandatory when shipping to Canada or USA.");
  if (!quickship && northAmerica && !d.provState)
    throw fail(
      status,
      "1159",
      "Province is mandatory when shipping to Canada, and State is mandatory when shipping to USA.",
    );
  if (d.countryCode !== "CA" && !d.name && !d.company)
    throw fail(
      status,
      "7282",
      "At least one of Recipient Name or Company Name is required per Customs regulations.",
    );
}

/**
 * The method of payment against the merchant's profile. CreditCard "must be saved and defaulted on your Canada
 * Post profile" and Account needs a contract (seed, intended-method-of-payment); SupplierAccount needs a default
 * supplier account (7312) issued by the platform the call comes through (7317). Canada Post documents no code
 * for a missing card or contract: "Client", saying what to do.
 */
export function checkPayment(account: SimAccount, methodOfPayment: string, status: number): void {
  if (methodOfPayment === "CreditCard" && !account.creditCard)
    throw fail(
      status,
      "Client",
      "No credit card is saved and defaulted in your Canada Post profile: add one in your Canada Post account, or pay by Account under a contract.",
    );
  if (methodOfPayment === "Account" && !account.contractId)
    throw fail(
      status,
      "Client",
      "Method of payment Account needs a contract with Canada Post: pay by CreditCard.",
    );
  if (methodOfPayment === "SupplierAccount") {
    if (!account.supplierAccountIssuer)
      throw fail(status, "7312", "No default Supplier Account is specified in your Canada Post profile.");
    const platform = account.viaPlatform ? account.platformId : undefined;
    if (account.supplierAccountIssuer !== platform)
      throw fail(
        status,
        "7317",
        "The issuer of the default Supplier Account in your Canada Post online profile does not match the platform you are using.",
      );
  }
}

/** Prices the shipment with the rating engine, so a label costs what its quote said. */
export function priceShipment(
  spec: DeliverySpec,
  origin: string,
  opts: {
    contract: boolean;
    lang: Lang;
    now: Date;
    applicationErrorStatus: number;
    platformDiscount?: boolean;
  },
): PricedService {
  const scenario: PricingScenario = {
    serviceCode: spec.serviceCode,
    originPostalCode: origin,
    destination: { country: spec.destination.countryCode, postalCode: spec.destination.postalZipCode },
    weightKg: spec.weightKg,
    dimensionsCm: spec.dimensionsCm,
    options: spec.options,
    // Both kinds of shipper have a customer number: commercial prices, contract discounts only with one.
    quoteType: "commercial",
    contract: opts.contract,
    promoCode: spec.promoCode,
    platformDiscount: opts.platformDiscount,
    mailingDate: opts.now,
    lang: opts.lang,
  };
  try {
    return priceService(scenario);
  } catch (e) {
    // Create Shipment answers its application errors with 200; the rating engine uses Get Rates' 400.
    if (e instanceof SimFailure) throw new SimFailure(opts.applicationErrorStatus, e.list);
    throw e;
  }
}

export const preTax = (p: PricedService) =>
  round2(p.base + p.options.reduce((s, o) => s + o.price, 0) + p.adjustments.reduce((s, a) => s + a.cost, 0));

export const ratedWeight = (p: PricedService, weightKg: number) =>
  Math.max(weightKg, p.cubedWeight ?? 0).toFixed(3);

/** The shipment-price structure (Get Shipment Price, and inline with provide-pricing-info). */
export function shipmentPriceXml(s: StoredShipment): Obj {
  const p = s.price;
  return defined({
    "service-code": p.serviceCode,
    "base-amount": money(p.base),
    "priced-options": p.options.length
      ? { "priced-option": p.options.map((o) => ({ "option-code": o.code, "option-price": money(o.price) })) }
      : undefined,
    adjustments: p.adjustments.length
      ? {
          adjustment: p.adjustments.map((a) => ({
            "adjustment-code": a.code,
            "adjustment-amount": money(a.cost),
          })),
        }
      : undefined,
    "pre-tax-amount": money(preTax(p)),
    "gst-amount": money(p.taxes.gst?.amount ?? 0),
    "pst-amount": money(p.taxes.pst?.amount ?? 0),
    "hst-amount": money(p.taxes.hst?.amount ?? 0),
    "due-amount": money(p.due),
    "service-standard": {
      "am-delivery": String(p.amDelivery),
      "guaranteed-delivery": String(p.guaranteed),
      "expected-transmit-time": String(p.transitDays),
      "expected-delivery-date": p.expectedDeliveryDate,
    },
    "rated-weight": ratedWeight(p, s.weightKg),
  });
}

/** A credit card receipt as the sandbox gives it: the same dummy authorization every time. */
export function ccReceiptXml(s: StoredShipment): Obj {
  return {
    "merchant-name": "Canada Post",
    "merchant-url": "www.canadapost.ca",
    "name-on-card": "SIMULATED CARDHOLDER",
    "auth-code": "AA1111",
    "auth-timestamp": (s.transmittedAt ?? s.createdAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
    "card-type": "VIS",
    "charge-amount": money(s.price.due),
    currency: "CAD",
    "transaction-type": "Sale",
  };
}

export function trackedItemFor(s: StoredShipment, transitDays: number): TrackedItem {
  const names = findService(s.serviceCode)?.name ?? { en: s.price.serviceName, fr: s.price.serviceName };
  return {
    pin: s.trackingPin,
    serviceCode: s.serviceCode,
    serviceName: { en: names.en, fr: names.fr },
    origin: {
      city: s.sender.city ?? "",
      province: s.sender.provState ?? "ON",
      postalCode: s.sender.postalZipCode ?? s.finalShippingPoint,
    },
    destination: {
      city: s.destination.city ?? "",
      province: s.destination.provState ?? "",
      postalCode: s.destination.postalZipCode ?? "",
      countryCode: s.destination.countryCode,
    },
    customerRef1: s.customerRef1,
    customerRef2: s.customerRef2,
    mailedBy: s.mailedBy,
    mobo: s.mobo,
    createdAt: s.createdAt,
    inductedAt: s.status === "transmitted" ? (s.transmittedAt ?? s.createdAt) : undefined,
    transitDays,
    signatureRequired: s.optionCodes.some((c) => c === "SO" || c === "PA18" || c === "PA19"),
  };
}

/** Registers an artifact and returns its Get Artifact link. */
export function addArtifact(
  store: SimStore,
  ctx: SimContext,
  a: {
    kind: ArtifactKind;
    mailedBy: string;
    pdf: boolean;
    outputFormat: "8.5x11" | "4x6";
    shipmentId?: string;
    manifestId?: string;
  },
  rel: string,
  index?: number,
): { id: string; link: Record<string, string> } {
  const id = store.artifactId();
  const mediaType = a.pdf ? "application/pdf" : "application/zpl";
  store.artifacts.set(id, {
    artifactId: id,
    mailedBy: a.mailedBy,
    kind: a.kind,
    mediaType,
    outputFormat: a.outputFormat,
    createdAt: ctx.clock.now(),
    shipmentId: a.shipmentId,
    manifestId: a.manifestId,
  });
  return { id, link: link(rel, `${ctx.baseUrl}/rs/artifact/${a.mailedBy}/${id}/0`, mediaType, index) };
}
