import { readFileSync } from "node:fs";
import { join } from "node:path";
import { camelize, parseXml } from "../../../src/canada-post";
import {
  classifyEvent,
  eventTimestamp,
  normaliseTrackingDetail,
  normaliseTrackingSummary,
  type TrackingDetailFields,
  type TrackingOccurrenceFields,
} from "../../../src/shipping/tracking";
import { SHARED_SAMPLES_DIR } from "../../support/xsd";

const sampleDetail = () =>
  camelize(
    parseXml(readFileSync(join(SHARED_SAMPLES_DIR, "tracking_details_en.xml"), "utf8")).value,
  ) as TrackingDetailFields;

let seconds = 0;
/** A synthetic occurrence, each one later than the previous. */
function occ(
  code: string,
  description: string,
  extra: Partial<TrackingOccurrenceFields> = {},
): TrackingOccurrenceFields {
  seconds++;
  return {
    eventIdentifier: code,
    eventDate: "2030-05-01",
    eventTime: `10:00:${String(seconds % 60).padStart(2, "0")}`,
    eventTimeZone: "EST",
    eventDescription: description,
    ...extra,
  };
}
/** Details as Canada Post sends them: newest first. */
const detail = (...oldestFirst: TrackingOccurrenceFields[]): TrackingDetailFields => ({
  pin: "1234567890123456",
  significantEvents: { occurrence: [...oldestFirst].reverse() },
});

describe("tracking details sample", () => {
  const t = normaliseTrackingDetail(sampleDetail(), "en");

  it("reads the PIN, the revised expected date and the delivery", () => {
    expect(t.pin).toBe("1371134583769923");
    expect(t.lang).toBe("en");
    expect(t.status).toBe("delivered");
    expect(t.expectedDeliveryDate).toBe("2011-02-11"); // changed-expected-date wins over 2011-02-01
    expect(t.actualDeliveryDate).toBe("2011-02-03");
  });

  it("keeps every event, newest first, with its own offset", () => {
    expect(t.events.length).toBeGreaterThanOrEqual(10);
    expect(t.events[0]).toEqual({
      code: "1496",
      description: "Item successfully delivered",
      occurredAt: "2011-02-03T11:59:59-05:00",
      site: "SAINTE-FOY",
      province: "QC",
    });
    // Same instant: Canada Post's order is kept, and the signatory stays on its event.
    expect(t.events[1]).toMatchObject({ code: "20", signatoryName: "HETU" });
    expect(t.lastEvent).toBe(t.events[0]);
    const instants = t.events.map((e) => Date.parse(e.occurredAt));
    expect(instants).toEqual([...instants].sort((a, b) => b - a));
    expect(t.events.find((e) => e.code === "3000")).toMatchObject({
      description: "Order information received by Canada Post",
      occurredAt: "2011-01-31T14:34:57-05:00",
      site: "LACHINE",
    });
  });
});

describe("status from events", () => {
  it("is pre-transit while only electronic information exists", () => {
    const t = normaliseTrackingDetail(detail(occ("3000", "Order information received by Canada Post")));
    expect(t.status).toBe("pre_transit");
  });

  it("is in transit once Canada Post scans the parcel, even if information is resent later", () => {
    const t = normaliseTrackingDetail(
      detail(
        occ("3000", "Order information received by Canada Post"),
        occ("2300", "Item picked up by Canada Post"),
        occ("3001", "Shipping information updated"),
      ),
    );
    expect(t.status).toBe("in_transit");
  });

  it.each([
    ["0174", "Item out for delivery", "out_for_delivery"],
    ["0500", "Out for delivery", "out_for_delivery"],
    ["1408", "Delivered", "delivered"],
    ["1425", "Delivered to community mailbox", "delivered"],
    ["1442", "Delivered", "delivered"],
    ["1499", "Delivered", "delivered"],
    ["0168", "Attempted delivery; notice card left", "attempted"],
    ["1418", "Recipient not available", "attempted"],
    ["1415", "Attempted delivery; notice card left. Item available for pickup", "attempted"],
    ["0150", "Refused by recipient", "exception"],
    ["0173", "Customer addressing error found; attempting to correct. Possible delay", "exception"],
    ["1494", "Held by customs", "exception"],
    ["0100", "Item processed at postal facility", "in_transit"],
  ])("reads code %s (%s) as %s", (code, description, status) => {
    const t = normaliseTrackingDetail(
      detail(occ("3000", "Order information received"), occ(code, description)),
    );
    expect(t.status).toBe(status);
  });

  it("goes back to in transit after an exception once the parcel moves again", () => {
    const t = normaliseTrackingDetail(
      detail(
        occ("0173", "Customer addressing error found"),
        occ("0100", "Item processed at postal facility"),
      ),
    );
    expect(t.status).toBe("in_transit");
  });

  it("is returned once any event says the parcel goes back to the sender, even when later delivered to it", () => {
    const t = normaliseTrackingDetail(
      detail(
        occ("0100", "Item processed"),
        occ("9999", "Item being returned to sender"),
        occ("1496", "Item successfully delivered"),
      ),
    );
    expect(t.status).toBe("returned");
    expect(classifyEvent("1234", "Retourné à l'expéditeur")).toBe("returned");
  });

  it("ignores informational events such as a stored signature image", () => {
    const t = normaliseTrackingDetail(
      detail(occ("0174", "Item out for delivery"), occ("20", "Signature image recorded for Online viewing")),
    );
    expect(t.status).toBe("out_for_delivery");
  });

  it("reads unknown codes by their words, in English or French, never 'not delivered' as delivered", () => {
    expect(classifyEvent("7777", "Article en cours de livraison")).toBe("out_for_delivery");
    expect(classifyEvent("7777", "Avis de livraison laissé")).toBe("attempted");
    expect(classifyEvent("7777", "Item could not be delivered")).toBe("in_transit");
  });

  it("is unknown with no event", () => {
    expect(normaliseTrackingDetail({ pin: "1" }).status).toBe("unknown");
    expect(normaliseTrackingDetail({ pin: "1" }).lastEvent).toBeUndefined();
  });

  it("accepts occurrences already flattened to a list, and carries French", () => {
    const t = normaliseTrackingDetail(
      { pin: 1234, significantEvents: [occ("1496", "Article livré avec succès")] },
      "fr",
    );
    expect(t).toMatchObject({ pin: "1234", status: "delivered", lang: "fr" });
    expect(t.lastEvent!.description).toBe("Article livré avec succès");
  });
});

describe("time zones", () => {
  it.each([
    ["EST", "-05:00"],
    ["EDT", "-04:00"],
    ["CST", "-06:00"],
    ["CDT", "-05:00"],
    ["MST", "-07:00"],
    ["MDT", "-06:00"],
    ["PST", "-08:00"],
    ["PDT", "-07:00"],
    ["AST", "-04:00"],
    ["ADT", "-03:00"],
    ["NST", "-03:30"],
    ["NDT", "-02:30"],
  ])("%s is UTC%s", (zone, offset) => {
    expect(eventTimestamp("2030-05-01", "08:27:43", zone)).toBe(`2030-05-01T08:27:43${offset}`);
  });

  it("reads an unknown or missing zone as UTC", () => {
    expect(eventTimestamp("2030-05-01", "08:27:43", "XYZ")).toBe("2030-05-01T08:27:43Z");
    expect(eventTimestamp("2030-05-01", undefined, undefined)).toBe("2030-05-01T00:00:00Z");
  });

  it("orders events by instant across zones", () => {
    // 09:00 PST is 17:00 UTC, later than 11:00 EST (16:00 UTC).
    const t = normaliseTrackingDetail({
      pin: "1",
      significantEvents: {
        occurrence: [
          {
            eventIdentifier: "0100",
            eventDate: "2030-05-01",
            eventTime: "11:00:00",
            eventTimeZone: "EST",
            eventDescription: "a",
          },
          {
            eventIdentifier: "0174",
            eventDate: "2030-05-01",
            eventTime: "09:00:00",
            eventTimeZone: "PST",
            eventDescription: "b",
          },
        ],
      },
    });
    expect(t.events.map((e) => e.code)).toEqual(["0174", "0100"]);
    expect(t.status).toBe("out_for_delivery");
  });

  it("refuses a malformed date", () => {
    expect(() => eventTimestamp("03/02/2011", "10:00:00", "EST")).toThrow(/YYYY-MM-DD/);
  });
});

describe("tracking summary", () => {
  it("reads a delivered pin-summary (seed 002's DNC example)", () => {
    const xml = `<tracking-summary><pin-summary><pin>1680678172650919</pin><origin-postal-id/>
      <destination-postal-id>K0B</destination-postal-id><service-name>Xpresspost</service-name>
      <mailed-on-date>2011-01-10</mailed-on-date><expected-delivery-date>2011-01-12</expected-delivery-date>
      <actual-delivery-date>2011-01-27</actual-delivery-date><event-date-time>20110127:140229</event-date-time>
      <event-description>Item successfully delivered</event-description><attempted-date>2011-01-11</attempted-date>
      <event-type>DELIVERED</event-type><event-location/><signatory-name/></pin-summary></tracking-summary>`;
    const value = camelize(parseXml(xml).value) as { pinSummary: object[] };
    const t = normaliseTrackingSummary(value.pinSummary[0]!, "en");
    expect(t).toEqual({
      pin: "1680678172650919",
      status: "delivered",
      lang: "en",
      expectedDeliveryDate: "2011-01-12",
      actualDeliveryDate: "2011-01-27",
      events: [
        { code: "DELIVERED", description: "Item successfully delivered", occurredAt: "2011-01-27T14:02:29Z" },
      ],
      lastEvent: {
        code: "DELIVERED",
        description: "Item successfully delivered",
        occurredAt: "2011-01-27T14:02:29Z",
      },
    });
  });

  it("reads an induction summary as pre-transit from its description", () => {
    const t = normaliseTrackingSummary({
      pin: "7023210039414604",
      expectedDeliveryDate: "2011-04-05",
      eventDateTime: "20110404:133457",
      eventDescription: "Order information received by Canada Post",
      eventType: "INDUCTION",
    });
    expect(t.status).toBe("pre_transit");
    expect(t.lastEvent!.occurredAt).toBe("2011-04-04T13:34:57Z");
  });

  it("is delivered when Canada Post gives a delivery date, whatever the last event", () => {
    const t = normaliseTrackingSummary({
      pin: "1681334332936901",
      actualDeliveryDate: "2010-01-06",
      eventDateTime: "20100106:084923",
      eventDescription: "Paiement CR - SPL",
      eventType: "OUT",
    });
    expect(t.status).toBe("delivered");
  });
});
