import type { Lang } from "./types";
import type { TrackedItem } from "./store";

/**
 * How a parcel moves through Canada Post, as a pure function of its tracked item: every event with its
 * time, computed from creation and induction times and the service's transit days. The simulator's clock
 * only decides how much of the timeline has happened, so summary, details and reference search agree.
 */

export interface TrackingEvent {
  identifier: string;
  type: "INDUCTION" | "INFO" | "VEHICLE_INFO" | "OUT" | "ATTEMPTED" | "DELIVERED";
  at: Date;
  description: string;
  site: string;
  province: string;
  timeZone: string;
  /** Local date (YYYY-MM-DD) and time (HH:MM:SS) in the event's time zone. */
  date: string;
  time: string;
  signatoryName: string;
}

const TEXTS: Record<string, { en: string; fr: string }> = {
  "3000": {
    en: "Electronic information submitted by shipper",
    fr: "Renseignements électroniques transmis par l'expéditeur",
  },
  "2300": { en: "Item accepted at the Post Office", fr: "Article accepté au bureau de poste" },
  "0100": { en: "Item processed at postal facility", fr: "Article traité à l'installation postale" },
  "0170": { en: "Item in transit", fr: "Article en transit" },
  "0171": {
    en: "Item arrived at destination facility",
    fr: "Article arrivé à l'installation de destination",
  },
  "0174": { en: "Item out for delivery", fr: "Article en cours de livraison" },
  "1415": {
    en: "Attempted delivery; notice card left. Item available for pickup",
    fr: "Tentative de livraison; avis laissé. Article prêt à être ramassé",
  },
  "20": {
    en: "Signature image recorded for Online viewing",
    fr: "Image de signature enregistrée pour consultation en ligne",
  },
  "1496": { en: "Item successfully delivered", fr: "Article livré avec succès" },
};

/** Standard time per province (Canada Post prints the zone's abbreviation beside each event). */
const ZONES: Record<string, { name: string; offsetHours: number }> = {
  NL: { name: "NST", offsetHours: -3.5 },
  NS: { name: "AST", offsetHours: -4 },
  NB: { name: "AST", offsetHours: -4 },
  PE: { name: "AST", offsetHours: -4 },
  QC: { name: "EST", offsetHours: -5 },
  ON: { name: "EST", offsetHours: -5 },
  NU: { name: "EST", offsetHours: -5 },
  MB: { name: "CST", offsetHours: -6 },
  SK: { name: "CST", offsetHours: -6 },
  AB: { name: "MST", offsetHours: -7 },
  NT: { name: "MST", offsetHours: -7 },
  YT: { name: "MST", offsetHours: -7 },
  BC: { name: "PST", offsetHours: -8 },
};

export const zoneOf = (province: string) => ZONES[province.toUpperCase()] ?? ZONES.ON!;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** FNV-1a over the PIN: the same PIN always takes the same path. */
export function pinHash(pin: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < pin.length; i++) h = Math.imul(h ^ pin.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** About one PIN in four meets nobody home on the first try. */
export const hasAttemptedDelivery = (item: Pick<TrackedItem, "pin" | "attemptedDelivery">) =>
  item.attemptedDelivery ?? pinHash(item.pin) % 4 === 1;

/** About one signature in five is withheld at the recipient's request (privacy). */
export const isSignatureSuppressed = (item: Pick<TrackedItem, "pin" | "signatureSuppressed">) =>
  item.signatureSuppressed ?? pinHash(item.pin) % 5 === 3;

/** The 15-digit number on the notice card left at an attempted delivery. */
export const dncOf = (item: Pick<TrackedItem, "pin" | "dnc">) =>
  item.dnc ?? `3150${String(pinHash(item.pin) * 7 + 10_000_000_000).slice(-11)}`;

/** Local wall-clock parts of an instant in a fixed-offset zone. */
export function localParts(at: Date, province: string) {
  const shifted = new Date(at.getTime() + zoneOf(province).offsetHours * HOUR);
  const iso = shifted.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19), weekday: shifted.getUTCDay() };
}

/** The instant of a local time of day on a local date (YYYY-MM-DD) in the province's zone. */
function atLocal(date: string, hours: number, province: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (hours - zoneOf(province).offsetHours) * HOUR);
}

/** Adds business days (Monday to Friday) to a local date. */
export function addBusinessDays(date: string, days: number): string {
  let t = Date.parse(`${date}T00:00:00Z`);
  let left = Math.max(1, days);
  while (left > 0) {
    t += DAY;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

const destProvince = (item: TrackedItem) =>
  item.destination.countryCode === "CA" ? item.destination.province : item.origin.province;

/** The day the parcel should arrive, counted from induction (or from creation while pre-transit). */
export function expectedDeliveryDate(item: TrackedItem): string {
  const start = item.inductedAt ?? item.createdAt;
  return addBusinessDays(localParts(start, item.origin.province).date, item.transitDays);
}

/** Every event of the item's journey, oldest first, including those still in the future. */
export function timeline(item: TrackedItem, lang: Lang): TrackingEvent[] {
  const events: (TrackingEvent & { zoneProvince: string })[] = [];
  const origin = { site: item.origin.city.toUpperCase(), province: item.origin.province };
  const dest = {
    site: item.destination.city.toUpperCase(),
    province:
      item.destination.countryCode === "CA" ? item.destination.province : item.destination.countryCode,
  };
  const add = (
    identifier: string,
    type: TrackingEvent["type"],
    at: Date,
    where: { site: string; province: string },
    signatoryName = "",
  ) => {
    const prev = events[events.length - 1];
    // Keep events strictly ordered even when a short transit squeezes the schedule.
    const time = prev && at.getTime() <= prev.at.getTime() ? new Date(prev.at.getTime() + 20 * 60_000) : at;
    const zoneProvince = where === origin ? item.origin.province : destProvince(item);
    events.push({
      identifier,
      type,
      at: time,
      description: TEXTS[identifier]![lang],
      site: where.site,
      province: where.province,
      timeZone: zoneOf(zoneProvince).name,
      date: "",
      time: "",
      zoneProvince,
      signatoryName,
    });
  };

  add("3000", "INDUCTION", item.createdAt, origin);
  if (!item.inductedAt) return withLocalTimes(events);
  const t1 = item.inductedAt.getTime();
  add("2300", "INDUCTION", new Date(t1 + HOUR), origin);
  add("0100", "VEHICLE_INFO", new Date(t1 + 5 * HOUR), origin);
  add("0170", "INFO", new Date(t1 + 10 * HOUR), origin);

  const zone = destProvince(item);
  let day = expectedDeliveryDate(item);
  add("0171", "VEHICLE_INFO", atLocal(day, 5, zone), dest);
  add("0174", "OUT", atLocal(day, 8.5, zone), dest);
  if (hasAttemptedDelivery(item)) {
    add("1415", "ATTEMPTED", atLocal(day, 13, zone), dest);
    day = addBusinessDays(day, 1);
    add("0174", "OUT", atLocal(day, 8.5, zone), dest);
  }
  const deliveredAt = atLocal(day, 14 + (pinHash(item.pin) % 120) / 60, zone);
  if (item.signatureRequired) add("20", "INFO", deliveredAt, dest, "J SMITH");
  add("1496", "DELIVERED", deliveredAt, dest);
  // The signature scan and the delivery share one instant, as Canada Post records them.
  if (item.signatureRequired) events[events.length - 1]!.at = events[events.length - 2]!.at;
  return withLocalTimes(events);
}

function withLocalTimes(events: (TrackingEvent & { zoneProvince: string })[]): TrackingEvent[] {
  return events.map(({ zoneProvince, ...e }) => {
    const lp = localParts(e.at, zoneProvince);
    return { ...e, date: lp.date, time: lp.time };
  });
}

/** The events that have happened by `now`, oldest first. */
export const eventsSoFar = (item: TrackedItem, now: Date, lang: Lang) =>
  timeline(item, lang).filter((e) => e.at.getTime() <= now.getTime());

export const isDelivered = (events: TrackingEvent[]) => events.some((e) => e.type === "DELIVERED");
