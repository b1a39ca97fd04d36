/**
 * Canada Post's tracking answers (Get Tracking Summary's `pin-summary`, Get Tracking Details'
 * `tracking-detail`, camelized) normalised to one model that both platforms show the same way.
 */

export type TrackingStatus =
  | "pre_transit"
  | "in_transit"
  | "out_for_delivery"
  | "delivered"
  | "attempted"
  | "exception"
  | "returned"
  | "unknown";

export interface TrackingEvent {
  /** Canada Post's event identifier ("1496"), or the summary's event type ("DELIVERED"). */
  code: string;
  description: string;
  /** ISO 8601 with the event's own UTC offset: 2011-02-03T11:59:59-05:00. */
  occurredAt: string;
  site?: string;
  province?: string;
  signatoryName?: string;
}

export interface Tracking {
  pin: string;
  status: TrackingStatus;
  /** The language Canada Post wrote the descriptions in. */
  lang?: "en" | "fr";
  expectedDeliveryDate?: string;
  actualDeliveryDate?: string;
  /** Newest first. */
  events: TrackingEvent[];
  lastEvent?: TrackingEvent;
}

/* ------------------------------------------------------------------ Canada Post's shapes (camelized) */

type Text = string | number;

export interface TrackingOccurrenceFields {
  eventIdentifier?: Text;
  eventDate?: string;
  eventTime?: string;
  eventTimeZone?: string;
  eventDescription?: string;
  eventSite?: string;
  eventProvince?: string;
  signatoryName?: string;
}

export interface TrackingDetailFields {
  pin?: Text;
  expectedDeliveryDate?: string;
  /** Canada Post's revised expected date, when it changed. */
  changedExpectedDate?: string;
  actualDeliveryDate?: string;
  /** Raw camelized (`{ occurrence: [...] }`) or already flattened to the list. */
  significantEvents?: { occurrence?: TrackingOccurrenceFields[] } | TrackingOccurrenceFields[];
}

export interface PinSummaryFields {
  pin?: Text;
  expectedDeliveryDate?: string;
  actualDeliveryDate?: string;
  /** yyyymmdd:hhmmss, with no time zone. */
  eventDateTime?: string;
  eventDescription?: string;
  eventType?: string;
  eventLocation?: string;
  signatoryName?: string;
}

/* ------------------------------------------------------------------ time */

/** Canada's zones as Canada Post writes them in `event-time-zone`. */
const ZONE_OFFSETS: Record<string, string> = {
  NST: "-03:30",
  NDT: "-02:30",
  AST: "-04:00",
  ADT: "-03:00",
  EST: "-05:00",
  EDT: "-04:00",
  CST: "-06:00",
  CDT: "-05:00",
  MST: "-07:00",
  MDT: "-06:00",
  PST: "-08:00",
  PDT: "-07:00",
  UTC: "Z",
  GMT: "Z",
};

/**
 * An event's date, time and zone as one ISO 8601 instant in the event's own offset. A zone we do not
 * know (or none, as in the summary) is read as UTC: Canada Post documents no other zones, and a wrong
 * offset of a few hours is better than dropping the event.
 */
export function eventTimestamp(date: string, time: string | undefined, zone: string | undefined): string {
  const d = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date.trim());
  if (!d) throw new TypeError(`event date "${date}" is not YYYY-MM-DD`);
  const t = /^(\d{2}):?(\d{2})(?::?(\d{2}))?$/.exec((time ?? "00:00:00").trim());
  if (!t) throw new TypeError(`event time "${time}" is not hh:mm:ss`);
  const offset = ZONE_OFFSETS[(zone ?? "").trim().toUpperCase()] ?? "Z";
  return `${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}:${t[3] ?? "00"}${offset}`;
}

/* ------------------------------------------------------------------ status */

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/*
 * Event identifiers, without leading zeros ("0174" is 174). Delivered is Canada Post's published list
 * (DESIGN.md); the others follow the grouping public Canada Post integrations use (karrio's connector).
 */
const DELIVERED = new Set([1408, 1409, ...range(1421, 1434), 1441, 1442, ...range(1496, 1499)]);
const OUT_FOR_DELIVERY = new Set([174, 500]);
/** Nobody home, business closed, recipient not available: a notice card is left, delivery is tried again. */
const ATTEMPTED = new Set([154, 167, 168, 169, 179, 181, 182, 183, 184, 190, 1415, ...range(1417, 1420)]);
/** Damaged, lost, refused, address not found, held by customs, delayed by weather or an address error. */
const EXCEPTION = new Set([
  117,
  119,
  120,
  121,
  122,
  123,
  124,
  125,
  126,
  127,
  ...range(142, 153),
  ...range(159, 163),
  172,
  173,
  810,
  1413,
  1416,
  1440,
  1443,
  1482,
  1483,
  1484,
  1485,
  1486,
  1487,
  1489,
  1490,
  1494,
]);
/** Electronic information only: the label exists, Canada Post does not have the parcel yet. */
const ELECTRONIC_INFO = new Set([3000, 3001, 3002]);
/** Facts about an earlier event (a signature image was stored): they say nothing of where the parcel is. */
const INFORMATIONAL = new Set([20]);

/** Descriptions, English and French, for codes outside the lists and for the summary's event types. */
const RETURNED_TEXT =
  /return(?:ed|ing)? to (?:the )?sender|retourn[ée]e? (?:à|a) l'exp[ée]diteur|retour (?:à|a) l'exp[ée]diteur/i;
const DESCRIPTION_RULES: [RegExp, TrackingStatus][] = [
  // Only positive wording: "could not be delivered" must not read as delivered.
  [/successfully delivered|livr[ée]e? avec succ[èe]s/i, "delivered"],
  [/out for delivery|en cours de livraison|en livraison/i, "out_for_delivery"],
  [/notice card|delivery attempt|avis de livraison|tentative de livraison/i, "attempted"],
  [
    /order information received|information(?:s)? (?:sur la commande|d'exp[ée]dition) re[çc]ue/i,
    "pre_transit",
  ],
];

type EventClass = TrackingStatus | "informational";

/** What one event says about the parcel. */
export function classifyEvent(code: string, description: string): EventClass {
  if (RETURNED_TEXT.test(description)) return "returned";
  const n = /^\d+$/.test(code) ? Number(code) : undefined;
  if (n !== undefined) {
    if (DELIVERED.has(n)) return "delivered";
    if (OUT_FOR_DELIVERY.has(n)) return "out_for_delivery";
    if (ATTEMPTED.has(n)) return "attempted";
    if (EXCEPTION.has(n)) return "exception";
    if (ELECTRONIC_INFO.has(n)) return "pre_transit";
    if (INFORMATIONAL.has(n)) return "informational";
  } else if (code.toUpperCase() === "DELIVERED") {
    return "delivered";
  }
  for (const [pattern, status] of DESCRIPTION_RULES) if (pattern.test(description)) return status;
  // Any other scan means Canada Post has the parcel and it is moving.
  return "in_transit";
}

/**
 * The parcel's status from its events (newest first): a return to sender wins (the shopper will not get
 * it), then the newest event that says where the parcel is; pre-transit only while nothing but
 * electronic information exists.
 */
export function trackingStatus(events: readonly TrackingEvent[]): TrackingStatus {
  const classes = events.map((e) => classifyEvent(e.code, e.description));
  if (classes.includes("returned")) return "returned";
  const moving = classes.find((c) => c !== "informational" && c !== "pre_transit");
  if (moving) return moving as TrackingStatus;
  return classes.includes("pre_transit") ? "pre_transit" : "unknown";
}

/* ------------------------------------------------------------------ normalisers */

/** Newest first; events at the same instant keep Canada Post's order (it lists newest first). */
function newestFirst(events: TrackingEvent[]): TrackingEvent[] {
  return events
    .map((e, i) => ({ e, i, at: Date.parse(e.occurredAt) }))
    .sort((a, b) => b.at - a.at || a.i - b.i)
    .map((x) => x.e);
}

function occurrencesOf(detail: TrackingDetailFields): TrackingOccurrenceFields[] {
  const s = detail.significantEvents;
  if (!s) return [];
  return Array.isArray(s) ? s : (s.occurrence ?? []);
}

const text = (v: Text | undefined): string | undefined =>
  v === undefined || v === "" ? undefined : String(v);

/** Get Tracking Details → the model. */
export function normaliseTrackingDetail(detail: TrackingDetailFields, lang?: "en" | "fr"): Tracking {
  const events = newestFirst(
    occurrencesOf(detail)
      .filter((o) => o.eventDate)
      .map((o): TrackingEvent => ({
        code: text(o.eventIdentifier) ?? "",
        description: o.eventDescription ?? "",
        occurredAt: eventTimestamp(o.eventDate!, o.eventTime, o.eventTimeZone),
        site: o.eventSite,
        province: o.eventProvince,
        signatoryName: o.signatoryName,
      })),
  );
  const status = trackingStatus(events);
  // Details carry no delivery date of their own: it is the day of the newest delivered event.
  const deliveredEvent =
    status === "delivered"
      ? events.find((e) => classifyEvent(e.code, e.description) === "delivered")
      : undefined;
  return build({
    pin: text(detail.pin) ?? "",
    status,
    lang,
    expectedDeliveryDate: detail.changedExpectedDate ?? detail.expectedDeliveryDate,
    actualDeliveryDate: detail.actualDeliveryDate ?? deliveredEvent?.occurredAt.slice(0, 10),
    events,
  });
}

/** Get Tracking Summary's `pin-summary` → the model, with its one (most significant) event. */
export function normaliseTrackingSummary(summary: PinSummaryFields, lang?: "en" | "fr"): Tracking {
  const events: TrackingEvent[] = [];
  const when = summary.eventDateTime && /^(\d{8}):(\d{6})$/.exec(summary.eventDateTime.trim());
  if (when) {
    events.push({
      code: summary.eventType ?? "",
      description: summary.eventDescription ?? "",
      // The summary gives no zone: read as UTC (see eventTimestamp).
      occurredAt: eventTimestamp(when[1]!, when[2]!, undefined),
      site: summary.eventLocation,
      signatoryName: summary.signatoryName,
    });
  }
  let status = trackingStatus(events);
  if (summary.actualDeliveryDate && status !== "returned") status = "delivered";
  return build({
    pin: text(summary.pin) ?? "",
    status,
    lang,
    expectedDeliveryDate: summary.expectedDeliveryDate,
    actualDeliveryDate: summary.actualDeliveryDate,
    events,
  });
}

/** Leaves absent fields out, so results compare and serialise cleanly. */
function build(t: Omit<Tracking, "lastEvent">): Tracking {
  const out: Tracking = { pin: t.pin, status: t.status, events: t.events.map(dropUndefined) };
  if (t.lang) out.lang = t.lang;
  if (t.expectedDeliveryDate) out.expectedDeliveryDate = t.expectedDeliveryDate;
  if (t.actualDeliveryDate) out.actualDeliveryDate = t.actualDeliveryDate;
  if (out.events[0]) out.lastEvent = out.events[0];
  return out;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
