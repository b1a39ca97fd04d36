import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import { fail, xmlOk } from "./respond";
import type { Lang, Route, SimContext, SimRequest, SimResponse } from "./types";
import type { TrackedItem } from "./store";
import {
  dncOf,
  eventsSoFar,
  expectedDeliveryDate,
  hasAttemptedDelivery,
  isDelivered,
  isSignatureSuppressed,
  localParts,
  type TrackingEvent,
} from "./tracking-timeline";

/**
 * Tracking v2: summary and details by PIN or notice card (DNC), reference search, signature image and
 * delivery confirmation certificate. Errors: 004 "No Pin History" answered 404 (the seeds give only the
 * code; we chose 404 for "nothing found": 003, 004, 007), 006 and 008 answered 400.
 */

export const TRACK_NS = "http://www.canadapost.ca/ws/track-v2";
export const TRACK_MEDIA_TYPE = "application/vnd.cpc.track-v2+xml";

const noHistory = () => fail(404, "004", "No Pin History");

function byPin(ctx: SimContext, pin: string): TrackedItem {
  const item = ctx.store.tracked.get(pin);
  if (!item) throw noHistory();
  return item;
}

function byDnc(ctx: SimContext, dnc: string): TrackedItem {
  const now = ctx.clock.now();
  for (const item of ctx.store.tracked.values()) {
    if (!hasAttemptedDelivery(item) || dncOf(item) !== dnc) continue;
    // The card exists only once the carrier has left it.
    if (eventsSoFar(item, now, "en").some((e) => e.type === "ATTEMPTED")) return item;
  }
  throw noHistory();
}

const compact = (date: string, time: string) => `${date.replace(/-/g, "")}:${time.replace(/:/g, "")}`;

function destinationPostalId(item: TrackedItem): string {
  const pc = item.destination.postalCode.replace(/\s/g, "").toUpperCase();
  return item.destination.countryCode === "CA" ? pc.slice(0, 3) : pc || item.destination.countryCode;
}

/** One pin-summary: the most recent significant event and the dates, in track.xsd's order. */
export function pinSummary(item: TrackedItem, now: Date, lang: Lang): Record<string, unknown> {
  const events = eventsSoFar(item, now, lang);
  const last = events[events.length - 1]!;
  const delivered = events.find((e) => e.type === "DELIVERED");
  const attempted = events.find((e) => e.type === "ATTEMPTED");
  return {
    pin: item.pin,
    "origin-postal-id": item.origin.postalCode.slice(0, 3),
    "destination-postal-id": destinationPostalId(item),
    "destination-province":
      item.destination.countryCode === "CA" ? item.destination.province : destinationPostalId(item),
    "service-name": item.serviceName[lang],
    "mailed-on-date": events[0]!.date,
    "expected-delivery-date": expectedDeliveryDate(item),
    "actual-delivery-date": delivered ? delivered.date : "",
    "delivery-option-completed-ind": item.signatureRequired ? (delivered ? "1" : "0") : "2",
    "event-date-time": compact(last.date, last.time),
    "event-description": last.description,
    "attempted-date": attempted ? attempted.date : "",
    "customer-ref-1": item.customerRef1 ?? "",
    "customer-ref-2": item.customerRef2 ?? "",
    "return-pin": "",
    "event-type": last.type,
    "event-location": last.site,
    "signatory-name": "",
  };
}

function summary(req: SimRequest, ctx: SimContext, item: TrackedItem): SimResponse {
  return xmlOk("tracking-summary", TRACK_NS, {
    "pin-summary": [pinSummary(item, ctx.clock.now(), req.lang)],
  });
}

function detail(req: SimRequest, ctx: SimContext, item: TrackedItem): SimResponse {
  const now = ctx.clock.now();
  const events = eventsSoFar(item, now, req.lang);
  const signatureOnFile = item.signatureRequired && isDelivered(events) && !isSignatureSuppressed(item);
  return xmlOk("tracking-detail", TRACK_NS, {
    pin: item.pin,
    "active-exists": "1",
    "archive-exists": "",
    "changed-expected-date": "",
    "destination-postal-id": item.destination.postalCode,
    "expected-delivery-date": expectedDeliveryDate(item),
    "changed-expected-delivery-reason": "",
    "mailed-by-customer-number": item.mailedBy,
    "mailed-on-behalf-of-customer-number": item.mobo,
    "original-pin": "",
    "service-name": item.serviceName[req.lang],
    "service-name-2": item.serviceName[req.lang],
    "customer-ref-1": item.customerRef1 ?? "",
    "customer-ref-2": item.customerRef2 ?? "",
    "return-pin": "",
    "signature-image-exists": String(signatureOnFile),
    "suppress-signature": String(item.signatureRequired && isSignatureSuppressed(item)),
    "delivery-options": item.signatureRequired
      ? {
          item: [
            {
              "delivery-option": "CH_SGN_OPTION",
              "delivery-option-description": req.lang === "fr" ? "Signature requise" : "Signature Required",
            },
          ],
        }
      : "",
    "significant-events": {
      occurrence: [...events].reverse().map((e) => {
        return {
          "event-identifier": e.identifier,
          "event-date": e.date,
          "event-time": e.time,
          "event-time-zone": e.timeZone,
          "event-description": e.description,
          "signatory-name": e.signatoryName,
          "event-site": e.site,
          "event-province": e.province,
          "event-retail-location-id": "",
          "event-retail-name": "",
        };
      }),
    },
  });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reference search: customer-ref-1/2 within a mailing date range, optionally a destination and customer. */
function referenceSummary(req: SimRequest, ctx: SimContext): SimResponse {
  const q = req.query;
  const reference = q.get("referenceNumber");
  const from = q.get("mailingDateFrom");
  const to = q.get("mailingDateTo");
  if (!reference || !from || !to)
    throw fail(
      400,
      "006",
      "Reference number, mailed from date, mailed to date and destination Postal Code are required fields for a reference number search.",
    );
  const now = ctx.clock.now();
  const twoMonthsAgo = new Date(now);
  twoMonthsAgo.setUTCMonth(twoMonthsAgo.getUTCMonth() - 2);
  const valid = (d: string) => DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  if (!valid(from) || !valid(to) || from < twoMonthsAgo.toISOString().slice(0, 10))
    throw fail(400, "008", "Invalid Date");
  const postal = q.get("destinationPostalCode")?.replace(/\s/g, "").toUpperCase();
  const customer = q.get("customerNumber")?.replace(/^0+/, "");
  const found = [...ctx.store.tracked.values()].filter((item) => {
    if (item.customerRef1 !== reference && item.customerRef2 !== reference) return false;
    if (
      customer &&
      item.mailedBy.replace(/^0+/, "") !== customer &&
      item.mobo.replace(/^0+/, "") !== customer
    )
      return false;
    if (postal) {
      const dest = item.destination.postalCode.replace(/\s/g, "").toUpperCase();
      if (
        dest.slice(0, 5) !== postal.slice(0, 5) ||
        (item.destination.countryCode === "CA" && dest !== postal)
      )
        return false;
    }
    const mailed = localParts(item.createdAt, item.origin.province).date;
    return mailed >= from && mailed <= to;
  });
  if (!found.length) throw noHistory();
  return xmlOk("tracking-summary", TRACK_NS, {
    "pin-summary": found.slice(0, 100).map((item) => pinSummary(item, now, req.lang)),
  });
}

function signatureImage(req: SimRequest, ctx: SimContext): SimResponse {
  const item = byPin(ctx, req.params.pin!);
  const events = eventsSoFar(item, ctx.clock.now(), req.lang);
  if (!item.signatureRequired || !isDelivered(events) || isSignatureSuppressed(item))
    throw fail(404, "003", "No Signature Image Available");
  return xmlOk("signature-image", TRACK_NS, {
    filename: `${item.pin}.jpg`,
    image: SIGNATURE_JPEG_BASE64,
    "mime-type": "image/jpeg",
  });
}

async function certificate(req: SimRequest, ctx: SimContext): Promise<SimResponse> {
  const item = byPin(ctx, req.params.pin!);
  const events = eventsSoFar(item, ctx.clock.now(), req.lang);
  const delivered = events.find((e) => e.type === "DELIVERED");
  if (!delivered) throw fail(404, "007", "No Delivery Information Available");
  const pdf = await certificatePdf(item, delivered, events, req.lang);
  return xmlOk("delivery-confirmation-certificate", TRACK_NS, {
    filename: `${item.pin}.pdf`,
    image: Buffer.from(pdf).toString("base64"),
    "mime-type": "application/pdf",
  });
}

/** A one-page proof of delivery: PIN, service, references, delivery date, signatory and signature. */
export async function certificatePdf(
  item: TrackedItem,
  delivered: TrackingEvent,
  events: TrackingEvent[],
  lang: Lang,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const fr = lang === "fr";
  const signature = events.find((e) => e.identifier === "20");
  const lines: [string, string][] = [
    [fr ? "NIP" : "Tracking number", item.pin],
    [fr ? "Service" : "Service", item.serviceName[lang]],
    [fr ? "Référence 1" : "Reference 1", item.customerRef1 ?? ""],
    [fr ? "Référence 2" : "Reference 2", item.customerRef2 ?? ""],
    [fr ? "Date de livraison" : "Delivery date", delivered.date],
    [fr ? "Lieu" : "Location", `${delivered.site} ${delivered.province}`],
    [fr ? "Signataire" : "Signatory", signature?.signatoryName ?? ""],
  ];
  page.drawText(fr ? "Certificat de confirmation de livraison" : "Delivery Confirmation Certificate", {
    x: 50,
    y: 720,
    size: 18,
    font: bold,
  });
  lines.forEach(([label, value], i) => {
    page.drawText(`${label}:`, { x: 50, y: 670 - i * 24, size: 12, font: bold });
    page.drawText(value, { x: 200, y: 670 - i * 24, size: 12, font });
  });
  if (signature && !isSignatureSuppressed(item)) {
    const jpg = await doc.embedJpg(new Uint8Array(Buffer.from(SIGNATURE_JPEG_BASE64, "base64")));
    page.drawRectangle({ x: 200, y: 420, width: 200, height: 60, borderColor: rgb(0, 0, 0), borderWidth: 1 });
    page.drawImage(jpg, { x: 201, y: 421, width: 198, height: 58 });
  }
  return doc.save();
}

/** A minimal valid baseline JPEG: the simulator has no camera, only the right file format. */
const SIGNATURE_JPEG_BASE64 =
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";

const track = (
  pattern: string,
  operation: string,
  handle: Route["handle"],
  throttleGroup: Route["throttleGroup"] = "tracking",
): Route => ({ method: "GET", pattern, operation, throttleGroup, mediaType: TRACK_MEDIA_TYPE, handle });

export const trackingRoutes: Route[] = [
  track("/vis/track/pin/:pin/summary", "GetTrackingSummary", (req, ctx) =>
    summary(req, ctx, byPin(ctx, req.params.pin!)),
  ),
  track("/vis/track/pin/:pin/detail", "GetTrackingDetails", (req, ctx) =>
    detail(req, ctx, byPin(ctx, req.params.pin!)),
  ),
  track("/vis/track/dnc/:dnc/summary", "GetTrackingSummary", (req, ctx) =>
    summary(req, ctx, byDnc(ctx, req.params.dnc!)),
  ),
  track("/vis/track/dnc/:dnc/detail", "GetTrackingDetails", (req, ctx) =>
    detail(req, ctx, byDnc(ctx, req.params.dnc!)),
  ),
  track("/vis/track/ref/summary", "GetTrackingSummary", referenceSummary),
  track("/vis/signatureimage/:pin", "GetSignatureImage", signatureImage, "signature"),
  track("/vis/certificate/:pin", "GetDeliveryConfirmationCertificate", certificate, "signature"),
];
