/* eslint-disable @typescript-eslint/no-explicit-any -- tests read parsed XML documents freely */
import { PDFDocument } from "pdf-lib";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/server";
import { camelize, parseXml } from "../../../src/canada-post";
import { dncOf, hasAttemptedDelivery, isSignatureSuppressed } from "../../../src/simulator/tracking-timeline";
import { xsdErrors } from "../../support/xsd";

const TRACK = "application/vnd.cpc.track-v2+xml";
const SHIPMENT = "application/vnd.cpc.shipment-v8+xml";
const auth = `Basic ${Buffer.from("sim-user:sim-password").toString("base64")}`;
const HOUR = 3_600_000;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    settings: { throttle: { tracking: 10_000, signature: 10_000 } as any },
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.store.reset());

async function track(path: string, lang = "en-CA") {
  const res = await fetch(`${sim.url}${path}`, {
    headers: { authorization: auth, accept: TRACK, "accept-language": lang },
  });
  const text = await res.text();
  return { status: res.status, text, value: camelize(parseXml(text).value) as Record<string, any> };
}

/** track.xsd is the v1 schema: same elements, the namespace without "-v2". */
const trackXsdErrors = (xml: string) => xsdErrors(xml.replace("/ws/track-v2", "/ws/track"), "track.xsd");

async function createShipment(opts: { transmit?: boolean; signature?: boolean; ref?: string } = {}) {
  const head = opts.transmit ? "<transmit-shipment>true</transmit-shipment>" : "<group-id>g</group-id>";
  const body = `<shipment xmlns="http://www.canadapost.ca/ws/shipment-v8">${head}<requested-shipping-point>K2B8J6</requested-shipping-point><delivery-spec><service-code>DOM.EP</service-code><sender><company>Shop</company><contact-phone>613-555-1212</contact-phone><address-details><address-line-1>1 Main</address-line-1><city>Ottawa</city><prov-state>ON</prov-state><country-code>CA</country-code><postal-zip-code>K2B8J6</postal-zip-code></address-details></sender><destination><name>Ann</name><address-details><address-line-1>2 Elm</address-line-1><city>Calgary</city><prov-state>AB</prov-state><country-code>CA</country-code><postal-zip-code>T2P1J9</postal-zip-code></address-details></destination>${opts.signature ? "<options><option><option-code>SO</option-code></option></options>" : ""}<parcel-characteristics><weight>1</weight></parcel-characteristics><preferences><show-packing-instructions>true</show-packing-instructions></preferences>${opts.ref ? `<references><customer-ref-1>${opts.ref}</customer-ref-1></references>` : ""}<settlement-info><intended-method-of-payment>Account</intended-method-of-payment></settlement-info></delivery-spec></shipment>`;
  const res = await fetch(`${sim.url}/rs/1234567/1234567/shipment`, {
    method: "POST",
    headers: { authorization: auth, accept: SHIPMENT, "content-type": SHIPMENT },
    body,
  });
  const v = camelize(parseXml(await res.text()).value) as Record<string, any>;
  expect(v.trackingPin).toBeDefined();
  return v.trackingPin as string;
}

const summaryOf = async (pin: string, lang?: string) =>
  (await track(`/vis/track/pin/${pin}/summary`, lang)).value.pinSummary[0];

describe("tracking on a fresh simulator", () => {
  it("knows the seeds' demo PINs: one in transit, one delivered with a signature and certificate", async () => {
    const inTransit = await track("/vis/track/pin/7023210039414604/summary");
    expect(await trackXsdErrors(inTransit.text)).toEqual([]);
    expect(inTransit.value.pinSummary[0]).toMatchObject({
      pin: "7023210039414604",
      customerRef1: "APRIL1REF1A",
    });
    expect(inTransit.value.pinSummary[0].actualDeliveryDate).toBeUndefined();

    const delivered = await summaryOf("1371134583769923");
    expect(delivered).toMatchObject({
      eventType: "DELIVERED",
      eventDescription: "Item successfully delivered",
    });
    const sig = await track("/vis/signatureimage/1371134583769923");
    expect(await trackXsdErrors(sig.text)).toEqual([]);
    expect(sig.value.mimeType).toBe("image/jpeg");
    expect(Buffer.from(sig.value.image, "base64").subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const cert = await track("/vis/certificate/1371134583769923");
    expect(cert.value.mimeType).toBe("application/pdf");
    const pdf = await PDFDocument.load(Buffer.from(cert.value.image, "base64"));
    expect(pdf.getPageCount()).toBe(1);
  });

  it("finds the seeds' DNC number and answers 004 (HTTP 404) for an unknown PIN", async () => {
    const byDnc = await track("/vis/track/dnc/315052413796541/summary");
    expect(byDnc.value.pinSummary[0]).toMatchObject({ pin: "1680678172650919", eventType: "DELIVERED" });
    expect(byDnc.value.pinSummary[0].attemptedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const unknown = await track("/vis/track/pin/1234567890123456/summary");
    expect(unknown.status).toBe(404);
    expect(unknown.value.message[0]).toEqual({ code: "004", description: "No Pin History" });
  });
});

describe("a shipment's journey on the simulator clock", () => {
  it("stays pre-transit until transmitted, then moves from in transit to out for delivery to delivered", async () => {
    const grouped = await createShipment();
    expect((await summaryOf(grouped)).eventType).toBe("INDUCTION");
    sim.clock.advance(10 * 24 * HOUR);
    const still = await track(`/vis/track/pin/${grouped}/detail`);
    expect(still.value.significantEvents.occurrence.map((e: any) => e.eventIdentifier)).toEqual(["3000"]);

    const pin = await createShipment({ transmit: true, signature: true });
    const seen: string[] = [];
    for (let h = 0; h < 24 * 12; h += 2) {
      const s = await summaryOf(pin);
      if (seen[seen.length - 1] !== s.eventDescription) seen.push(s.eventDescription);
      if (s.eventType === "DELIVERED") break;
      sim.clock.advance(2 * HOUR);
    }
    expect(seen[0]).toBe("Electronic information submitted by shipper");
    expect(seen).toContain("Item in transit");
    expect(seen).toContain("Item out for delivery");
    expect(seen[seen.length - 1]).toBe("Item successfully delivered");
  });

  it("keeps summary and details in agreement and valid against track.xsd, with Alberta's time zone", async () => {
    const pin = await createShipment({ transmit: true, signature: true });
    sim.clock.advance(20 * 24 * HOUR);
    const summary = await track(`/vis/track/pin/${pin}/summary`);
    const detail = await track(`/vis/track/pin/${pin}/detail`);
    expect(await trackXsdErrors(summary.text)).toEqual([]);
    expect(await trackXsdErrors(detail.text)).toEqual([]);
    const s = summary.value.pinSummary[0];
    const latest = detail.value.significantEvents.occurrence[0];
    expect(latest.eventIdentifier).toBe("1496");
    expect(s.eventDateTime).toBe(
      `${latest.eventDate.replace(/-/g, "")}:${latest.eventTime.replace(/:/g, "")}`,
    );
    expect(s.actualDeliveryDate).toBe(latest.eventDate);
    expect(s.expectedDeliveryDate).toBe(detail.value.expectedDeliveryDate);
    expect(latest).toMatchObject({ eventSite: "CALGARY", eventProvince: "AB", eventTimeZone: "MST" });
    expect(detail.value.significantEvents.occurrence.at(-1).eventTimeZone).toBe("EST");
    expect(s.deliveryOptionCompletedInd).toBe("1");
  });

  it("speaks French with Accept-language fr-CA", async () => {
    const pin = await createShipment({ transmit: true });
    sim.clock.advance(20 * 24 * HOUR);
    const s = await summaryOf(pin, "fr-CA");
    expect(s.eventDescription).toBe("Article livré avec succès");
    expect(s.serviceName).not.toBe((await summaryOf(pin)).serviceName);
  });

  it("leaves a notice card on some PINs (deterministic): found by its 15-digit DNC once left", async () => {
    let pin = "";
    for (let i = 0; i < 20 && !pin; i++) {
      const p = await createShipment({ transmit: true });
      if (hasAttemptedDelivery({ pin: p })) pin = p;
    }
    expect(pin).not.toBe("");
    sim.clock.advance(20 * 24 * HOUR);
    const detail = await track(`/vis/track/pin/${pin}/detail`);
    const codes = detail.value.significantEvents.occurrence.map((e: any) => e.eventIdentifier);
    expect(codes.slice(0, 4)).toEqual(["1496", "0174", "1415", "0174"]);
    const dnc = dncOf({ pin });
    expect(dnc).toMatch(/^\d{15}$/);
    expect((await summaryOf(pin)).attemptedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await track(`/vis/track/dnc/${dnc}/detail`)).value.pin).toBe(pin);
  });

  it("answers 003 before delivery or when withheld, 007 for a certificate before delivery", async () => {
    const pin = await createShipment({ transmit: true, signature: true });
    expect((await track(`/vis/signatureimage/${pin}`)).value.message[0].code).toBe("003");
    const early = await track(`/vis/certificate/${pin}`);
    expect(early.value.message[0]).toEqual({ code: "007", description: "No Delivery Information Available" });
    sim.clock.advance(20 * 24 * HOUR);
    const sig = await track(`/vis/signatureimage/${pin}`);
    if (isSignatureSuppressed({ pin })) expect(sig.value.message[0].code).toBe("003");
    else expect(sig.value.mimeType).toBe("image/jpeg");
    expect((await track(`/vis/certificate/${pin}`)).value.mimeType).toBe("application/pdf");
    expect((await track("/vis/signatureimage/1234567890123456")).value.message[0].code).toBe("004");
  });
});

describe("reference search", () => {
  it("finds shipments by customer-ref within dates, and answers 006, 008 and 004", async () => {
    const pin = await createShipment({ transmit: true, ref: "ORDER-42" });
    const today = sim.clock.now().toISOString().slice(0, 10);
    const q = (extra: string) => `/vis/track/ref/summary?${extra}`;
    const found = await track(
      q(
        `referenceNumber=ORDER-42&mailingDateFrom=${today}&mailingDateTo=${today}&destinationPostalCode=T2P1J9`,
      ),
    );
    expect(found.value.pinSummary.map((p: any) => p.pin)).toEqual([pin]);
    expect(found.value.pinSummary[0]).toEqual(await summaryOf(pin));
    expect((await track(q(`referenceNumber=ORDER-42&mailingDateFrom=${today}`))).value.message[0].code).toBe(
      "006",
    );
    const old = await track(q(`referenceNumber=ORDER-42&mailingDateFrom=2001-01-01&mailingDateTo=${today}`));
    expect(old.value.message[0]).toEqual({ code: "008", description: "Invalid Date" });
    expect(
      (await track(q(`referenceNumber=ORDER-42&mailingDateFrom=yesterday&mailingDateTo=${today}`))).value
        .message[0].code,
    ).toBe("008");
    const none = await track(q(`referenceNumber=NOPE&mailingDateFrom=${today}&mailingDateTo=${today}`));
    expect(none.status).toBe(404);
    expect(none.value.message[0].code).toBe("004");
  });
});
