import type { Lang } from "./types";

/**
 * What the simulator sells: Canada Post's parcel services and options, with their names in both languages,
 * limits, density factors and the rules between options. Shared by rating and shipment creation.
 */

export type Region = "DOM" | "USA" | "INT";
export type Names = Record<Lang, string>;

export interface ServiceLimits {
  /** Kilograms. */
  maxWeightKg: number;
  /** Centimetres, longest side. */
  maxLengthCm: number;
  /** Centimetres, the two other sides. */
  maxWidthCm: number;
  maxHeightCm: number;
  /** Length + 2 × (width + height), for parcels. */
  lengthPlusGirthMaxCm?: number;
  /** Length + width + height, for small and tracked packets. */
  sumOfSidesMaxCm?: number;
}

export interface ServiceDef {
  code: string;
  name: Names;
  region: Region;
  /** Who may buy it: everyone (counter too), or customers quoting commercial prices. */
  availableTo: "all" | "commercial";
  limits: ServiceLimits;
  /** cm³ per kg for the volumetric weight; packets are priced by actual weight only. */
  densityFactor?: number;
  /** Options that may be requested with this service. */
  options: string[];
  /** Options given with the service at no charge (shown in every quote). */
  includedOptions: string[];
  /** Coverage included without charge, and the most that may be bought (dollars). */
  coverage: { included: number; max: number };
  /** Price in dollars at counter rates: fixed part plus per billed kg, before the zone factor. */
  price: { fixed: number; perKg: number };
  /** Fuel surcharge, percent. */
  fuelPercent: number;
  /** Transit business days by zone (domestic 1-4, US 1-4, international 1-3). */
  transitDays: number[];
  guaranteed: boolean;
  /** A.M. delivery in the nearest zone. */
  amDelivery: boolean;
  canShipInMailingTube: boolean;
  canShipUnpackaged: boolean;
  allowedAsReturnService: boolean;
}

const PARCEL: ServiceLimits = {
  maxWeightKg: 30,
  maxLengthCm: 200,
  maxWidthCm: 200,
  maxHeightCm: 200,
  lengthPlusGirthMaxCm: 300,
};
const PACKET: ServiceLimits = {
  maxWeightKg: 2,
  maxLengthCm: 60,
  maxWidthCm: 60,
  maxHeightCm: 60,
  sumOfSidesMaxCm: 90,
};

const DOM_OPTIONS = ["SO", "COV", "PA18", "PA19", "DC", "HFP", "D2PO", "LAD", "DNS", "COD"];
const FOREIGN_OPTIONS = ["SO", "COV", "RASE", "RTS", "ABAN"];
const PACKET_OPTIONS = ["RASE", "RTS", "ABAN"];

function service(
  def: Omit<
    ServiceDef,
    | "canShipInMailingTube"
    | "canShipUnpackaged"
    | "allowedAsReturnService"
    | "includedOptions"
    | "availableTo"
  > &
    Partial<ServiceDef>,
): ServiceDef {
  return {
    availableTo: "all",
    // Delivery confirmation comes with every service that offers a signature (SO requires DC).
    includedOptions: def.options.includes("SO") ? ["DC"] : [],
    canShipInMailingTube: true,
    canShipUnpackaged: def.region === "DOM",
    allowedAsReturnService: def.region === "DOM",
    ...def,
  };
}

export const SERVICES: readonly ServiceDef[] = [
  service({
    code: "DOM.RP",
    name: { en: "Regular Parcel", fr: "Colis standard" },
    region: "DOM",
    limits: PARCEL,
    densityFactor: 6000,
    options: DOM_OPTIONS,
    coverage: { included: 0, max: 5000 },
    price: { fixed: 9.1, perKg: 1.05 },
    fuelPercent: 9.75,
    transitDays: [2, 3, 6, 8],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "DOM.EP",
    name: { en: "Expedited Parcel", fr: "Colis accélérés" },
    region: "DOM",
    availableTo: "commercial",
    limits: PARCEL,
    densityFactor: 6000,
    options: DOM_OPTIONS,
    coverage: { included: 100, max: 5000 },
    price: { fixed: 10.2, perKg: 1.2 },
    fuelPercent: 9.75,
    transitDays: [1, 2, 4, 6],
    guaranteed: true,
    amDelivery: false,
  }),
  service({
    code: "DOM.XP",
    name: { en: "Xpresspost", fr: "Xpresspost" },
    region: "DOM",
    limits: PARCEL,
    densityFactor: 6000,
    options: DOM_OPTIONS,
    coverage: { included: 100, max: 5000 },
    price: { fixed: 13.4, perKg: 1.9 },
    fuelPercent: 14.75,
    transitDays: [1, 1, 2, 3],
    guaranteed: true,
    amDelivery: false,
  }),
  service({
    code: "DOM.PC",
    name: { en: "Priority", fr: "Priorité" },
    region: "DOM",
    limits: PARCEL,
    densityFactor: 6000,
    options: DOM_OPTIONS,
    coverage: { included: 100, max: 5000 },
    price: { fixed: 24.5, perKg: 3.1 },
    fuelPercent: 14.75,
    transitDays: [1, 1, 1, 2],
    guaranteed: true,
    amDelivery: true,
  }),
  service({
    code: "USA.EP",
    name: { en: "Expedited Parcel USA", fr: "Colis accélérés É.-U." },
    region: "USA",
    availableTo: "commercial",
    limits: PARCEL,
    densityFactor: 5000,
    options: FOREIGN_OPTIONS,
    coverage: { included: 0, max: 1000 },
    price: { fixed: 18.5, perKg: 3.4 },
    fuelPercent: 12.5,
    transitDays: [4, 5, 6, 8],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "USA.XP",
    name: { en: "Xpresspost USA", fr: "Xpresspost É.-U." },
    region: "USA",
    limits: PARCEL,
    densityFactor: 5000,
    options: FOREIGN_OPTIONS,
    coverage: { included: 100, max: 1000 },
    price: { fixed: 27.9, perKg: 4.6 },
    fuelPercent: 14.25,
    transitDays: [2, 3, 3, 4],
    guaranteed: true,
    amDelivery: false,
  }),
  service({
    code: "USA.PW.PARCEL",
    name: { en: "Priority Worldwide parcel USA", fr: "Colis Priorité Mondial É.-U." },
    region: "USA",
    limits: PARCEL,
    densityFactor: 5000,
    options: FOREIGN_OPTIONS,
    coverage: { included: 100, max: 1000 },
    price: { fixed: 52.0, perKg: 7.5 },
    fuelPercent: 14.25,
    transitDays: [1, 2, 2, 3],
    guaranteed: true,
    amDelivery: false,
  }),
  service({
    code: "USA.TP",
    name: { en: "Tracked Packet – USA", fr: "Paquet repérable – É.-U." },
    region: "USA",
    limits: PACKET,
    options: PACKET_OPTIONS,
    coverage: { included: 0, max: 0 },
    price: { fixed: 14.3, perKg: 8.9 },
    fuelPercent: 12.5,
    transitDays: [6, 7, 8, 10],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "USA.SP.AIR",
    name: { en: "Small Packet USA Air", fr: "Petit paquet par avion É.-U." },
    region: "USA",
    limits: PACKET,
    options: PACKET_OPTIONS,
    coverage: { included: 0, max: 0 },
    price: { fixed: 8.1, perKg: 12.2 },
    fuelPercent: 12.5,
    transitDays: [6, 8, 10, 12],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "INT.XP",
    name: { en: "Xpresspost International", fr: "Xpresspost International" },
    region: "INT",
    limits: PARCEL,
    densityFactor: 5000,
    options: FOREIGN_OPTIONS,
    coverage: { included: 100, max: 1000 },
    price: { fixed: 48.0, perKg: 9.5 },
    fuelPercent: 14.25,
    transitDays: [4, 5, 7],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "INT.IP.AIR",
    name: { en: "International Parcel Air", fr: "Colis international par avion" },
    region: "INT",
    limits: PARCEL,
    densityFactor: 5000,
    options: FOREIGN_OPTIONS,
    coverage: { included: 0, max: 1000 },
    price: { fixed: 36.0, perKg: 8.2 },
    fuelPercent: 13.0,
    transitDays: [6, 8, 10],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "INT.IP.SURF",
    name: { en: "International Parcel Surface", fr: "Colis international de surface" },
    region: "INT",
    limits: PARCEL,
    densityFactor: 5000,
    options: FOREIGN_OPTIONS,
    coverage: { included: 0, max: 1000 },
    price: { fixed: 28.0, perKg: 4.1 },
    fuelPercent: 9.0,
    transitDays: [28, 42, 56],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "INT.PW.PARCEL",
    name: { en: "Priority Worldwide parcel INT'L", fr: "Colis Priorité Mondial INT'L" },
    region: "INT",
    limits: PARCEL,
    densityFactor: 5000,
    options: FOREIGN_OPTIONS,
    coverage: { included: 100, max: 1000 },
    price: { fixed: 78.0, perKg: 13.5 },
    fuelPercent: 14.25,
    transitDays: [2, 3, 4],
    guaranteed: true,
    amDelivery: false,
  }),
  service({
    code: "INT.SP.AIR",
    name: { en: "Small Packet International Air", fr: "Petit paquet international par avion" },
    region: "INT",
    limits: PACKET,
    options: PACKET_OPTIONS,
    coverage: { included: 0, max: 0 },
    price: { fixed: 11.5, perKg: 21.0 },
    fuelPercent: 13.0,
    transitDays: [6, 10, 12],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "INT.SP.SURF",
    name: { en: "Small Packet International Surface", fr: "Petit paquet international de surface" },
    region: "INT",
    limits: PACKET,
    options: PACKET_OPTIONS,
    coverage: { included: 0, max: 0 },
    price: { fixed: 7.9, perKg: 9.8 },
    fuelPercent: 9.0,
    transitDays: [28, 42, 70],
    guaranteed: false,
    amDelivery: false,
  }),
  service({
    code: "INT.TP",
    name: { en: "Tracked Packet – International", fr: "Paquet repérable – International" },
    region: "INT",
    limits: PACKET,
    options: PACKET_OPTIONS,
    coverage: { included: 0, max: 0 },
    price: { fixed: 19.5, perKg: 17.5 },
    fuelPercent: 13.0,
    transitDays: [6, 8, 10],
    guaranteed: false,
    amDelivery: false,
  }),
];

export interface OptionDef {
  code: string;
  name: Names;
  /** FEAT (a feature of delivery), NDI (non-delivery instruction). */
  optionClass: "FEAT" | "NDI";
  printsOnLabel: boolean;
  /** Needs an amount (option-amount): coverage, COD. */
  qualifierRequired: boolean;
  conflicts: string[];
  prerequisites: string[];
  /** Flat price in dollars (coverage is priced per step instead). */
  price: number;
}

function option(def: Omit<OptionDef, "conflicts" | "prerequisites"> & Partial<OptionDef>): OptionDef {
  return { conflicts: [], prerequisites: [], ...def };
}

export const OPTIONS: readonly OptionDef[] = [
  // SO's rules as Canada Post's own answer shows them (samples/option_response.xml).
  option({
    code: "SO",
    name: { en: "Signature option", fr: "Option de signature" },
    optionClass: "FEAT",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["LAD"],
    prerequisites: ["DC"],
    price: 2.25,
  }),
  option({
    code: "COV",
    name: { en: "Coverage", fr: "Couverture" },
    optionClass: "FEAT",
    printsOnLabel: false,
    qualifierRequired: true,
    price: 0,
  }),
  option({
    code: "COD",
    name: { en: "Collect on delivery", fr: "Contre-remboursement" },
    optionClass: "FEAT",
    printsOnLabel: true,
    qualifierRequired: true,
    conflicts: ["LAD"],
    price: 5.5,
  }),
  option({
    code: "PA18",
    name: { en: "Proof of Age Required - 18", fr: "Preuve d'âge requise - 18" },
    optionClass: "FEAT",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["PA19", "LAD"],
    prerequisites: ["SO"],
    price: 3.25,
  }),
  option({
    code: "PA19",
    name: { en: "Proof of Age Required - 19", fr: "Preuve d'âge requise - 19" },
    optionClass: "FEAT",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["PA18", "LAD"],
    prerequisites: ["SO"],
    price: 3.25,
  }),
  option({
    code: "DC",
    name: { en: "Delivery confirmation", fr: "Confirmation de livraison" },
    optionClass: "FEAT",
    printsOnLabel: false,
    qualifierRequired: false,
    price: 0,
  }),
  option({
    code: "HFP",
    name: { en: "Card for pickup", fr: "Carte pour ramassage" },
    optionClass: "FEAT",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["D2PO", "LAD"],
    price: 1.75,
  }),
  option({
    code: "D2PO",
    name: { en: "Deliver to Post Office", fr: "Livrer au bureau de poste" },
    optionClass: "FEAT",
    printsOnLabel: true,
    qualifierRequired: true,
    conflicts: ["HFP", "LAD", "DNS"],
    price: 0,
  }),
  option({
    code: "LAD",
    name: { en: "Leave at door - do not card", fr: "Laisser à la porte (pas de carte)" },
    optionClass: "FEAT",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["SO", "HFP", "D2PO", "PA18", "PA19", "COD", "DNS"],
    price: 0,
  }),
  option({
    code: "DNS",
    name: { en: "Do not safe drop", fr: "Ne pas laisser en lieu sûr" },
    optionClass: "FEAT",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["LAD", "D2PO"],
    price: 0,
  }),
  option({
    code: "RASE",
    name: { en: "Return at Sender's Expense", fr: "Retour aux frais de l'expéditeur" },
    optionClass: "NDI",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["RTS", "ABAN"],
    price: 0,
  }),
  option({
    code: "RTS",
    name: { en: "Return to Sender", fr: "Retour à l'expéditeur" },
    optionClass: "NDI",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["RASE", "ABAN"],
    price: 0,
  }),
  option({
    code: "ABAN",
    name: { en: "Abandon", fr: "Abandonner" },
    optionClass: "NDI",
    printsOnLabel: true,
    qualifierRequired: false,
    conflicts: ["RASE", "RTS"],
    price: 0,
  }),
];

/** Coverage is sold in $100 steps. */
export const COVERAGE_STEP = 100;
export const COVERAGE_STEP_COST = 2.75;

const serviceIndex = new Map(SERVICES.map((s) => [s.code, s]));
const optionIndex = new Map(OPTIONS.map((o) => [o.code, o]));

export const findService = (code: string): ServiceDef | undefined => serviceIndex.get(code);
export const findOption = (code: string): OptionDef | undefined => optionIndex.get(code);

/** The region a destination country belongs to. */
export const regionOf = (country: string): Region =>
  country === "CA" ? "DOM" : country === "US" ? "USA" : "INT";
