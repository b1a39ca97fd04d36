import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  parseCreateNonContractShipmentResponse,
  parseCreateShipmentResponse,
  parseDiscoverServicesResponse,
  parseGetArtifactResponse,
  parseGetGroupsResponse,
  parseGetManifestResponse,
  parseGetNonContractShipmentResponse,
  parseGetOptionResponse,
  parseGetRatesResponse,
  parseGetServiceResponse,
  parseGetShipmentDetailsResponse,
  parseGetShipmentResponse,
  parseGetShipmentsResponse,
  parseGetSignatureImageResponse,
  parseGetTrackingDetailsResponse,
  parseGetTrackingSummaryResponse,
  parseRequestShipmentRefundResponse,
  parseTransmitShipmentsResponse,
  parseVoidShipmentResponse,
} from "../../../src/canada-post";
import { SHARED_SAMPLES_DIR } from "../../support/xsd";

/*
 * Every operation reads Canada Post's answer once: its result, or the error of a `<messages>` envelope
 * (whatever the HTTP status and namespace), or a clear "malformed" fault, from the same parse.
 */

const sample = (f: string) => readFileSync(join(SHARED_SAMPLES_DIR, f), "utf8");
const SEEDS_DIR = resolve(SHARED_SAMPLES_DIR, "../../seeds");

/** The answers printed in a seed (Canada Post's documentation), in order. */
function seedAnswers(seed: string, root: string): string[] {
  const file = readdirSync(SEEDS_DIR).find((f) => f.startsWith(`${seed}_`))!;
  const text = readFileSync(join(SEEDS_DIR, file), "utf8");
  return [...text.matchAll(new RegExp(`^<${root}(?: xmlns="[^"]+")?>[\\s\\S]*?</${root}>`, "gm"))].map(
    (m) => m[0],
  );
}

/** The error a parse throws (fails the test when it returns). */
function thrown(parse: () => unknown): Error {
  try {
    parse();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the parse to throw");
}

/* ------------------------------------------------------------------ results */

describe("parsing Canada Post's own answers", () => {
  it("reads the seed's Get Rates answer (no namespace) and the captured one (an older namespace)", () => {
    const [seed] = seedAnswers("004", "price-quotes");
    const quotes = parseGetRatesResponse(seed!);
    expect(quotes.map((q) => q.serviceCode)).toEqual(["DOM.EP", "DOM.PC", "DOM.RP", "DOM.XP"]);
    expect(quotes[0]).toEqual({
      serviceCode: "DOM.EP",
      serviceLink: {
        rel: "service",
        href: "https://ct.soa-gw.canadapost.ca/rs/ship/service/DOM.EP?country=CA",
        mediaType: "application/vnd.cpc.ship.rate-v4+xml",
      },
      serviceName: "Expedited Parcel",
      priceDetails: {
        base: 9.59,
        taxes: { gst: { amount: 0 }, pst: { amount: 0 }, hst: { amount: 0 } },
        due: 10.21,
        options: [{ optionCode: "DC", optionName: "Delivery confirmation", optionPrice: 0 }],
        adjustments: [
          {
            adjustmentCode: "AUTDISC",
            adjustmentName: "Automation discount",
            adjustmentCost: -0.29,
            qualifier: { percent: 3 },
          },
          {
            adjustmentCode: "FUELSC",
            adjustmentName: "Fuel surcharge",
            adjustmentCost: 0.91,
            qualifier: { percent: 9.75 },
          },
        ],
      },
      serviceStandard: {
        amDelivery: false,
        guaranteedDelivery: true,
        expectedTransitTime: 2,
        expectedDeliveryDate: "2011-10-24",
      },
    });
    expect(quotes[2]!.priceDetails.options[0]!.qualifier).toEqual({ included: true });
    const captured = parseGetRatesResponse(sample("rates_info.xml"));
    expect(captured.find((q) => q.serviceCode === "DOM.EP")!.priceDetails.taxes?.hst).toEqual({
      amount: 1.39,
      percent: 12,
    });
  });

  it("reads the captured Discover Services, Get Option and Get Tracking Details answers", () => {
    const services = parseDiscoverServicesResponse(sample("services_response.xml"));
    expect(services.length).toBeGreaterThan(1);
    expect(services[0]).toEqual({
      serviceCode: "INT.PW.ENV",
      serviceName: "Priority Worldwide envelope INT'L",
      link: {
        rel: "service",
        href: "https://XX/rs/ship/service/INT.PW.ENV?country=JP",
        mediaType: "application/vnd.cpc.ship.rate+xml",
      },
    });
    expect(parseGetOptionResponse(sample("option_response.xml"))).toMatchObject({
      optionCode: "SO",
      conflictingOptions: ["LAD"],
      prerequisiteOptions: ["DC"],
    });
    const detail = parseGetTrackingDetailsResponse(sample("tracking_details_en.xml"));
    expect(detail.pin).toBe("1371134583769923");
    expect(detail.archiveExists).toBeUndefined(); // <archive-exists/> is absent, not ""
    expect(detail.significantEvents.length).toBeGreaterThan(5);
    expect(detail.significantEvents[0]).toMatchObject({ eventIdentifier: "1496", eventTimeZone: "EST" });
  });

  it("reads the seed's three Get Tracking Summary answers, empty elements as absent", () => {
    const answers = seedAnswers("002", "tracking-summary");
    expect(answers).toHaveLength(3);
    const [byPin, byDnc, byRef] = answers.map((a) => parseGetTrackingSummaryResponse(a));
    expect(byPin).toEqual([
      {
        pin: "7023210039414604",
        originPostalId: "K1G",
        destinationPostalId: "K0J",
        destinationProvince: "ON",
        serviceName: "Expedited Parcels",
        mailedOnDate: "2011-04-04",
        expectedDeliveryDate: "2011-04-05",
        deliveryOptionCompletedInd: "2",
        eventDateTime: "20110404:133457",
        eventDescription: "Order information received by Canada Post",
        customerRef1: "APRIL1REF1A",
        customerRef2: "APRIL1REF1C",
        eventType: "INDUCTION",
      },
    ]);
    expect(byDnc![0]).toMatchObject({ pin: "1680678172650919", eventType: "DELIVERED" });
    expect(byRef!.map((s) => s.pin)).toEqual(["1681334332936901"]);
    expect(byRef![0]!.serviceName).toBeUndefined();
  });

  it("reads the seed's Create Shipment answer, and the captured non-contract one, with their links", () => {
    const [info] = seedAnswers("003", "shipment-info");
    for (const parse of [parseCreateShipmentResponse, parseGetShipmentResponse]) {
      const s = parse(info!);
      expect(s).toMatchObject({
        shipmentId: "347881315405043891",
        shipmentStatus: "created",
        trackingPin: "12345",
      });
      expect(s.links.map((l) => l.rel)).toEqual(["self", "details", "group", "price", "label"]);
      expect(s.links[4]).toEqual({
        rel: "label",
        href: "https://XX/rs/artifact/11111111/5555555/0",
        mediaType: "application/pdf",
        index: 0,
      });
    }
    for (const parse of [parseCreateNonContractShipmentResponse, parseGetNonContractShipmentResponse]) {
      const nc = parse(sample("shipment_response.xml"));
      expect(nc.shipmentId).toBe("406951321983787352");
      expect(nc.links.map((l) => l.rel)).toEqual(["self", "details", "receipt", "label"]);
    }
  });

  it("decodes the predefined entities and character references, and keeps CDATA as written", () => {
    const xml =
      `<option><option-code>A&amp;B</option-code><option-name>&lt;x&gt; &#233;t&#xE9; &quot;q&quot; &apos;</option-name>` +
      `<option-class><![CDATA[a &amp; <b>]]></option-class></option>`;
    expect(parseGetOptionResponse(xml)).toMatchObject({
      optionCode: "A&B",
      optionName: `<x> été "q" '`,
      optionClass: "a &amp; <b>",
    });
    const links = parseGetShipmentsResponse(
      `<shipments><link rel="shipment" href="https://x/rs/1/1/shipment?a=1&amp;b=2" media-type="m"/></shipments>`,
    );
    expect(links[0]!.href).toBe("https://x/rs/1/1/shipment?a=1&b=2");
  });

  it("says where an answer of the wrong shape is wrong", () => {
    const e = thrown(() =>
      parseGetRatesResponse(
        `<price-quotes><price-quote><service-code>DOM.EP</service-code><price-details><base>x</base></price-details></price-quote></price-quotes>`,
      ),
    );
    expect(e).toBeInstanceOf(CanadaPostTransportError);
    expect(e).toMatchObject({ reason: "malformed", operation: "GetRates" });
    expect(e.message).toContain("priceQuote.0.serviceName: is missing");
    const n = thrown(() =>
      parseGetRatesResponse(
        `<price-quotes><price-quote><service-code>A</service-code><service-name>B</service-name><price-details><base>x</base><due>1</due></price-details></price-quote></price-quotes>`,
      ),
    );
    expect(n.message).toContain(`priceQuote.0.priceDetails.base: expected a number, got "x"`);
  });
});

/* ------------------------------------------------------------------ envelopes */

describe("<messages> envelopes, from the same parse", () => {
  const envelope = sample("rates_info_error.xml");
  const parsers: [string, (xml: string, status?: number) => unknown][] = [
    ["GetRates", parseGetRatesResponse],
    ["DiscoverServices", parseDiscoverServicesResponse],
    ["GetService", parseGetServiceResponse],
    ["GetOption", parseGetOptionResponse],
    ["CreateShipment", parseCreateShipmentResponse],
    ["GetShipmentDetails", parseGetShipmentDetailsResponse],
    ["GetGroups", parseGetGroupsResponse],
    ["RequestShipmentRefund", parseRequestShipmentRefundResponse],
    ["TransmitShipments", parseTransmitShipmentsResponse],
    ["GetManifest", parseGetManifestResponse],
    ["GetTrackingSummary", parseGetTrackingSummaryResponse],
    ["GetTrackingDetails", parseGetTrackingDetailsResponse],
  ];

  it.each(parsers)("%s turns the captured envelope into CanadaPostError, on 200 and on 400", (op, parse) => {
    for (const status of [200, 400]) {
      const e = thrown(() => parse(envelope, status));
      expect(e).toBeInstanceOf(CanadaPostError);
      expect(e).toMatchObject({
        status,
        operation: op,
        code: "AA004",
        messages: [{ code: "AA004", description: "You cannot mail on behalf of the requested customer." }],
      });
    }
  });

  it.each([
    ["in Canada Post's namespace", envelope],
    ["in no namespace", envelope.replace(/ xmlns="[^"]*"/, "")],
    [
      "prefixed",
      envelope
        .replace("<messages", `<ns2:messages`)
        .replace("</messages>", "</ns2:messages>")
        .replace("xmlns=", "xmlns:ns2="),
    ],
    ["in the tracking namespace", envelope.replace("ws/messages", "ws/track")],
  ])("finds the envelope %s", (_name, xml) => {
    expect(thrown(() => parseGetTrackingDetailsResponse(xml, 404))).toMatchObject({
      status: 404,
      code: "AA004",
    });
  });

  it("tells the throttle apart, and an empty envelope is an error too", () => {
    const throttle = `<messages><message><code>Server</code><description>Rejected by SLM Monitor</description></message></messages>`;
    expect(thrown(() => parseGetRatesResponse(throttle, 503))).toBeInstanceOf(CanadaPostThrottledError);
    expect(thrown(() => parseGetRatesResponse(throttle, 200))).toMatchObject({ status: 200, code: "Server" });
    expect(thrown(() => parseGetShipmentResponse(`<messages/>`, 404))).toMatchObject({
      status: 404,
      messages: [],
    });
  });

  it("reads Void Shipment's 204 as done, and its 404 and 8064 answers as errors", () => {
    expect(parseVoidShipmentResponse("", 204)).toBeUndefined();
    expect(thrown(() => parseVoidShipmentResponse(`<messages xmlns="x"/>`, 404))).toMatchObject({
      status: 404,
    });
    const transmitted = `<messages><message><code>8064</code><description>Already transmitted</description></message></messages>`;
    expect(thrown(() => parseVoidShipmentResponse(transmitted, 400))).toMatchObject({
      status: 400,
      code: "8064",
    });
  });

  it("reads an artifact's bytes as they came, and an envelope in their place as an error", () => {
    const pdf = Buffer.from("%PDF-1.4 \x00\xff", "latin1");
    expect(parseGetArtifactResponse(pdf, 200, "application/pdf")).toEqual({
      mediaType: "application/pdf",
      data: pdf,
    });
    expect(parseGetArtifactResponse(Buffer.from("^XA^XZ"), 200, "application/zpl")).toEqual({
      mediaType: "application/zpl",
      text: "^XA^XZ",
    });
    expect(
      thrown(() => parseGetArtifactResponse(Buffer.from(envelope), 200, "application/xml")),
    ).toMatchObject({
      code: "AA004",
    });
  });

  it("keeps the start of a non-XML failure, and a normal outcome of the signature image", () => {
    const e = thrown(() => parseGetRatesResponse("<html><body>Bad gateway</body></html>", 502));
    expect(e).toMatchObject({ status: 502, messages: [] });
    expect(e.message).toContain("Bad gateway");
    const none = `<messages><message><code>003</code><description>No Signature Image Available</description></message></messages>`;
    expect(parseGetSignatureImageResponse(none, 404)).toEqual({
      available: false,
      code: "003",
      description: "No Signature Image Available",
    });
  });
});

/* ------------------------------------------------------------------ what real answers carry, and what is refused */

describe("the text around the document", () => {
  const [seed] = seedAnswers("004", "price-quotes");
  const declared = `<?xml version="1.0" encoding="UTF-8"?>\n${seed}`;

  it.each([
    ["a byte-order mark", `\uFEFF${declared}`],
    ["blank lines", `\n\r\n  \t${declared}`],
    ["a byte-order mark and blanks", `\uFEFF \n${declared}`],
    ["a comment before the root and a newline after it", `<?xml version="1.0"?><!-- gateway -->\n${seed}\n`],
  ])("tolerates %s before the XML declaration", (_name, xml) => {
    expect(parseGetRatesResponse(xml)).toEqual(parseGetRatesResponse(seed!));
  });

  it("tolerates them before an envelope too", () => {
    expect(
      thrown(() => parseGetRatesResponse(`\uFEFF  ${sample("rates_info_error.xml")}`, 400)),
    ).toMatchObject({
      code: "AA004",
    });
  });

  it("reports a truncated answer as malformed, wherever it was cut", () => {
    for (let cut = 1; cut < declared.length - 1; cut += 37) {
      const e = thrown(() => parseGetRatesResponse(declared.slice(0, cut)));
      expect(e).toBeInstanceOf(CanadaPostTransportError);
      expect(e).toMatchObject({ reason: "malformed", operation: "GetRates" });
      expect(e.message).toMatch(/unreadable XML answer|expected <price-quotes>/);
    }
    const last = thrown(() => parseGetRatesResponse(declared.slice(0, -1)));
    expect(last.message).toMatch(/truncated/);
    expect(thrown(() => parseGetRatesResponse(""))).toMatchObject({ reason: "malformed" });
  });

  it.each([
    [
      "mismatched tags",
      `<option><option-code>SO</option></option-code>`,
      /<\/option> where <\/option-code> was expected/,
    ],
    [
      "an unclosed envelope message",
      `<messages><message><code>1</code></messages>`,
      /where <\/message> was expected/,
    ],
    ["text after the root", `<option><option-code>SO</option-code></option>trailing`, /text after the root/],
    ["two roots", `<option/><option/>`, /more than one root/],
    ["text instead of XML", `Service Unavailable`, /not an XML document|text before/],
    ["an unclosed attribute", `<shipments><link rel="x/></shipments>`, /truncated|not well-formed/],
  ])("refuses %s as malformed", (_name, xml, why) => {
    const e = thrown(() => parseGetOptionResponse(xml));
    expect(e).toBeInstanceOf(CanadaPostTransportError);
    expect(e).toMatchObject({ reason: "malformed" });
    expect(e.message).toMatch(why);
  });

  it.each([
    [
      "a DOCTYPE with an internal entity",
      `<!DOCTYPE option [<!ENTITY x "boom">]><option><option-code>&x;</option-code></option>`,
    ],
    ["an external entity", `<?xml version="1.0"?><!DOCTYPE option SYSTEM "file:///etc/passwd"><option/>`],
    [
      "an entity declaration inside the document",
      `<option><!ENTITY x "boom"><option-code>SO</option-code></option>`,
    ],
  ])("refuses %s, expanding nothing", (_name, xml) => {
    const e = thrown(() => parseGetOptionResponse(xml));
    expect(e).toBeInstanceOf(CanadaPostTransportError);
    expect(e).toMatchObject({ reason: "malformed" });
    expect(e.message).toMatch(/DOCTYPE and entity declarations are not accepted/);
  });

  it("leaves an undeclared entity reference as written", () => {
    const xml = `<option><option-code>SO</option-code><option-name>a &x; b</option-name></option>`;
    expect(parseGetOptionResponse(xml).optionName).toBe("a &x; b");
  });
});
