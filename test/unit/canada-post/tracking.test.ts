import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  resolveConfig,
  type ClientContext,
  CanadaPostError,
  CanadaPostInputError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  MediaType,
  Namespace,
  buildGetDeliveryConfirmationCertificateRequest,
  getDeliveryConfirmationCertificate,
  getSignatureImage,
  getTrackingDetails,
  getTrackingSummary,
  REFERENCE_SEARCH_RULE,
  buildGetSignatureImageRequest,
  parseGetTrackingDetailsResponse,
  buildGetTrackingDetailsRequest,
  buildGetTrackingSummaryRequest,
  Transport,
} from "../../../src/canada-post";
import { SHARED_SAMPLES_DIR, xsdErrors } from "../../support/xsd";

/* ------------------------------------------------------------------ a loopback Canada Post */

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}
interface Answer {
  status?: number;
  contentType?: string;
  body: string;
}

let answer: (hit: Hit) => Answer;
const hits: Hit[] = [];
let ctx: ClientContext;
let close: () => Promise<void>;

beforeAll(async () => {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const hit = { method: req.method ?? "", url: req.url ?? "", headers: req.headers };
    hits.push(hit);
    req.resume();
    req.on("end", () => {
      const a = answer(hit);
      res.writeHead(a.status ?? 200, { "content-type": a.contentType ?? MediaType.track });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const config = resolveConfig({
    username: "user",
    password: "secret",
    baseUrl: `http://127.0.0.1:${port}`,
    timeoutMs: 2000,
    retryDelayMs: 1,
  });
  const transport = new Transport(config);
  ctx = { config, transport };
  close = async () => {
    await transport.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
});
afterAll(() => close());
beforeEach(() => {
  hits.length = 0;
});

const v2 = (xml: string) => xml.replace(/<([\w-]+)>/, `<$1 xmlns="${Namespace.track}">`);
const v1 = (xml: string) => xml.replace(/<([\w-]+)>/, `<$1 xmlns="http://www.canadapost.ca/ws/track">`);
const messages = (code: string, description: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><messages xmlns="${Namespace.messages}"><message><code>${code}</code><description>${description}</description></message></messages>`;

/** Seed 002's PIN response, every element present as Canada Post sends it. */
const PIN_SUMMARY = `<tracking-summary><pin-summary>
<pin>7023210039414604</pin><origin-postal-id>K1G</origin-postal-id><destination-postal-id>K0J</destination-postal-id>
<destination-province>ON</destination-province><service-name>Expedited Parcels</service-name>
<mailed-on-date>2011-04-04</mailed-on-date><expected-delivery-date>2011-04-05</expected-delivery-date>
<actual-delivery-date/><delivery-option-completed-ind>2</delivery-option-completed-ind>
<event-date-time>20110404:133457</event-date-time><event-description>Order information received by Canada Post</event-description>
<attempted-date/><customer-ref-1>APRIL1REF1A</customer-ref-1><customer-ref-2>APRIL1REF1C</customer-ref-2>
<return-pin/><event-type>INDUCTION</event-type><event-location/><signatory-name/>
</pin-summary></tracking-summary>`;

const pinSummary = (pin: string, eventType: string) =>
  `<pin-summary><pin>${pin}</pin><origin-postal-id>S6V</origin-postal-id><destination-postal-id></destination-postal-id><destination-province></destination-province><service-name></service-name><mailed-on-date>2010-01-05</mailed-on-date><expected-delivery-date></expected-delivery-date><actual-delivery-date>2010-01-06</actual-delivery-date><delivery-option-completed-ind>2</delivery-option-completed-ind><event-date-time>20100106:084923</event-date-time><event-description>Paiement CR - SPL</event-description><attempted-date>2010-01-06</attempted-date><customer-ref-1></customer-ref-1><customer-ref-2></customer-ref-2><return-pin></return-pin><event-type>${eventType}</event-type><event-location></event-location><signatory-name></signatory-name></pin-summary>`;

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
// Canada Post wraps long base64 over several lines.
const wrapped = (b: Buffer) => b.toString("base64").replace(/(.{8})/g, "$1\n");
const SIGNATURE = `<signature-image><filename>7023210039414604.jpg</filename><image>${wrapped(JPEG)}</image><mime-type>image/jpeg</mime-type></signature-image>`;
const CERTIFICATE = `<delivery-confirmation-certificate><filename>7023210039414604.pdf</filename><image>${wrapped(PDF)}</image><mime-type>application/pdf</mime-type></delivery-confirmation-certificate>`;

/* ------------------------------------------------------------------ requests */

describe("tracking request paths", () => {
  it("puts the PIN or DNC in the path, upper-cased and encoded", () => {
    expect(buildGetTrackingSummaryRequest({ pin: " 7023210039414604 " })).toEqual({
      url: "/vis/track/pin/7023210039414604/summary",
    });
    expect(buildGetTrackingSummaryRequest({ pin: "lm123456789ca" }).url).toBe(
      "/vis/track/pin/LM123456789CA/summary",
    );
    expect(buildGetTrackingSummaryRequest({ dnc: "315052413796541" }).url).toBe(
      "/vis/track/dnc/315052413796541/summary",
    );
    expect(buildGetTrackingDetailsRequest({ pin: "1371134583769923" }).url).toBe(
      "/vis/track/pin/1371134583769923/detail",
    );
    expect(buildGetTrackingDetailsRequest({ dnc: "315052413796541" }).url).toBe(
      "/vis/track/dnc/315052413796541/detail",
    );
    expect(buildGetSignatureImageRequest({ pin: "123456789012" }).url).toBe(
      "/vis/signatureimage/123456789012",
    );
    expect(buildGetDeliveryConfirmationCertificateRequest({ pin: "1234567890123" }).url).toBe(
      "/vis/certificate/1234567890123",
    );
  });

  it("refuses PINs that are empty, spaced, slashed or of the wrong length, saying what a PIN is", () => {
    for (const pin of [
      "",
      "   ",
      "7023 2100 3941 4604",
      "7023210039/../1",
      "1234567890",
      "12345678901234567",
    ]) {
      expect(() => buildGetTrackingSummaryRequest({ pin })).toThrow(CanadaPostInputError);
    }
    expect(() => buildGetTrackingSummaryRequest({ pin: "" })).toThrow(/pin: the tracking PIN is required/);
    expect(() => buildGetSignatureImageRequest({ pin: "70232/10039414604" })).toThrow(
      /GetSignatureImage: invalid input: pin: a tracking PIN is 11 to 16 letters and digits.*without spaces, dashes or slashes/,
    );
  });

  it("refuses a DNC that is not 15 digits, and several identifiers at once", () => {
    expect(() => buildGetTrackingDetailsRequest({ dnc: "31505241379654" })).toThrow(
      /dnc: a delivery notice card \(DNC\) number is exactly 15 digits/,
    );
    expect(() =>
      buildGetTrackingSummaryRequest({ pin: "7023210039414604", dnc: "315052413796541" } as never),
    ).toThrow(/give only one of pin, dnc, referenceNumber; got pin and dnc/);
    expect(() => buildGetTrackingDetailsRequest({} as never)).toThrow(/give pin or dnc/);
    expect(() => buildGetTrackingDetailsRequest({ referenceNumber: "A" } as never)).toThrow(
      /by pin or dnc only/,
    );
    expect(() => buildGetTrackingSummaryRequest({} as never)).toThrow(/say which parcel/);
  });

  it("sends a reference search as Canada Post's query parameters", () => {
    expect(
      buildGetTrackingSummaryRequest({
        referenceNumber: "APRIL1REF1A",
        mailingDateFrom: "2011-03-01",
        mailingDateTo: "2011-04-05",
        customerNumber: "1111111",
        destinationPostalCode: "k0j 1t0",
      }),
    ).toEqual({
      url: "/vis/track/ref/summary",
      query: {
        referenceNumber: "APRIL1REF1A",
        mailingDateFrom: "2011-03-01",
        mailingDateTo: "2011-04-05",
        customerNumber: "1111111",
        destinationPostalCode: "K0J1T0",
      },
    });
    // Non-Canadian postal codes are passed as given.
    expect(
      buildGetTrackingSummaryRequest({
        referenceNumber: "R",
        mailingDateFrom: "2011-03-01",
        mailingDateTo: "2011-03-01",
        destinationPostalCode: "90210-1234",
      }).query?.destinationPostalCode,
    ).toBe("90210-1234");
  });

  it("enforces the reference search's required parameters with Canada Post's 006 wording", () => {
    const missingDates = () => buildGetTrackingSummaryRequest({ referenceNumber: "APRIL1REF1A" } as never);
    expect(missingDates).toThrow(CanadaPostInputError);
    expect(missingDates).toThrow(/missing mailingDateFrom, mailingDateTo/);
    expect(missingDates).toThrow(REFERENCE_SEARCH_RULE);
    expect(() => buildGetTrackingSummaryRequest({ mailingDateFrom: "2011-03-01" } as never)).toThrow(
      /missing referenceNumber, mailingDateTo/,
    );
  });

  it("checks the mailing dates: YYYY-MM-DD, real dates, from not after to", () => {
    const ref = (mailingDateFrom: string, mailingDateTo: string) => () =>
      buildGetTrackingSummaryRequest({ referenceNumber: "R", mailingDateFrom, mailingDateTo });
    expect(ref("2011/03/01", "2011-04-05")).toThrow(/mailingDateFrom: must be a date written YYYY-MM-DD/);
    expect(ref("2011-02-30", "2011-04-05")).toThrow(/mailingDateFrom: is not a calendar date/);
    expect(ref("2011-04-06", "2011-04-05")).toThrow(/mailingDateFrom: is after mailingDateTo/);
    expect(ref("2011-04-05", "2011-04-05")).not.toThrow();
  });
});

/* ------------------------------------------------------------------ responses */

describe("tracking responses", () => {
  it("our fixtures are valid documents of track.xsd", async () => {
    for (const doc of [PIN_SUMMARY, `<tracking-summary>${pinSummary("1", "OUT")}</tracking-summary>`]) {
      expect(await xsdErrors(v1(doc), "track.xsd")).toEqual([]);
    }
    expect(await xsdErrors(v1(SIGNATURE), "track.xsd")).toEqual([]);
    expect(await xsdErrors(v1(CERTIFICATE), "track.xsd")).toEqual([]);
  });

  it("reads every field of the captured tracking details", () => {
    const xml = readFileSync(join(SHARED_SAMPLES_DIR, "tracking_details_en.xml"), "utf8");
    const d = parseGetTrackingDetailsResponse(xml);
    expect(d).toMatchObject({
      pin: "1371134583769923",
      activeExists: "1",
      changedExpectedDate: "2011-02-11",
      destinationPostalId: "G1K4M7",
      expectedDeliveryDate: "2011-02-01",
      changedExpectedDeliveryReason: "Customer addressing error found; attempting to correct",
      mailedByCustomerNumber: "0001371134",
      mailedOnBehalfOfCustomerNumber: "0001371134",
      serviceName: "Xpresspost",
      serviceName2: "Xpresspost",
      customerRef1: "955-0398",
      signatureImageExists: true,
      suppressSignature: false,
    });
    expect(d.archiveExists).toBeUndefined();
    expect(d.originalPin).toBeUndefined();
    // The empty first <item> says nothing and is dropped.
    expect(d.deliveryOptions).toEqual([
      { deliveryOption: "CH_SGN_OPTION", deliveryOptionDescription: "Signature Required" },
    ]);
    expect(d.significantEvents).toHaveLength(10);
    expect(d.significantEvents[0]).toEqual({
      eventIdentifier: "1496",
      eventDate: "2011-02-03",
      eventTime: "11:59:59",
      eventTimeZone: "EST",
      eventDescription: "Item successfully delivered",
      eventSite: "SAINTE-FOY",
      eventProvince: "QC",
    });
    expect(d.significantEvents[1]!.signatoryName).toBe("HETU");
    // Leading zeros of event codes are Canada Post's and are kept.
    expect(d.significantEvents.map((e) => e.eventIdentifier)).toContain("0174");
    expect(d.significantEvents[9]!.eventSite).toBe("LACHINE");
  });
});

/* ------------------------------------------------------------------ calls */

describe("tracking calls against a loopback server", () => {
  it("gets a summary by PIN with the versioned Accept header", async () => {
    answer = () => ({ body: v2(PIN_SUMMARY) });
    const [s, ...rest] = await getTrackingSummary(ctx, { pin: "7023210039414604" });
    expect(rest).toEqual([]);
    expect(s).toEqual({
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
    });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ method: "GET", url: "/vis/track/pin/7023210039414604/summary" });
    expect(hits[0]!.headers.accept).toBe("application/vnd.cpc.track-v2+xml");
    expect(hits[0]!.headers.authorization).toBe("Basic " + Buffer.from("user:secret").toString("base64"));
  });

  it("returns every pin-summary of a reference search, sending the query parameters", async () => {
    answer = () => ({
      body: v2(
        `<tracking-summary>${pinSummary("1681334332936901", "OUT")}${pinSummary("1681334332936902", "DELIVERED")}</tracking-summary>`,
      ),
    });
    const list = await getTrackingSummary(ctx, {
      referenceNumber: "APRIL 1/A&B",
      mailingDateFrom: "2011-03-01",
      mailingDateTo: "2011-04-05",
      customerNumber: "1111111",
    });
    expect(list.map((s) => [s.pin, s.eventType])).toEqual([
      ["1681334332936901", "OUT"],
      ["1681334332936902", "DELIVERED"],
    ]);
    expect(list[0]!.destinationPostalId).toBeUndefined();
    const url = new URL(hits[0]!.url, "http://x");
    expect(url.pathname).toBe("/vis/track/ref/summary");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      referenceNumber: "APRIL 1/A&B",
      mailingDateFrom: "2011-03-01",
      mailingDateTo: "2011-04-05",
      customerNumber: "1111111",
    });
  });

  it("gets the details by DNC in the v2 namespace", async () => {
    const sample = readFileSync(join(SHARED_SAMPLES_DIR, "tracking_details_en.xml"), "utf8");
    answer = () => ({ body: sample.replace("http://www.canadapost.ca/ws/track", Namespace.track) });
    const d = await getTrackingDetails(ctx, { dnc: "315052413796541" });
    expect(hits[0]!.url).toBe("/vis/track/dnc/315052413796541/detail");
    expect(d.pin).toBe("1371134583769923");
    expect(d.significantEvents.map((e) => e.eventIdentifier).slice(0, 3)).toEqual(["1496", "20", "0174"]);
  });

  it("sends nothing when the input is wrong", async () => {
    answer = () => ({ body: v2(PIN_SUMMARY) });
    await expect(getTrackingSummary(ctx, { pin: "70/23" })).rejects.toThrow(CanadaPostInputError);
    await expect(
      getTrackingSummary(ctx, { referenceNumber: "R", mailingDateFrom: "2011-03-01" } as never),
    ).rejects.toThrow(/006/);
    await expect(getSignatureImage(ctx, { pin: "" })).rejects.toThrow(CanadaPostInputError);
    expect(hits).toHaveLength(0);
  });

  it("refuses an answer with another root element", async () => {
    answer = () => ({ body: v2(SIGNATURE) });
    await expect(getTrackingDetails(ctx, { pin: "7023210039414604" })).rejects.toMatchObject({
      name: "CanadaPostTransportError",
      reason: "malformed",
      message: expect.stringContaining("expected <tracking-detail>, got <signature-image>"),
    });
  });

  it.each([
    ["002", "Duplicate Pin", 400],
    ["004", "No Pin History", 404],
    ["006", REFERENCE_SEARCH_RULE, 400],
    ["008", "Invalid Date", 400],
  ])("passes Canada Post's error %s to the caller intact", async (code, description, status) => {
    answer = () => ({ status, body: messages(code, description) });
    const err = await getTrackingSummary(ctx, {
      referenceNumber: "R",
      mailingDateFrom: "2011-03-01",
      mailingDateTo: "2011-04-05",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CanadaPostError);
    expect(err).toMatchObject({
      status,
      code,
      operation: "GetTrackingSummary",
      messages: [{ code, description }],
    });
    expect((err as Error).message).toContain(`${code}: ${description}`);
  });

  it("decodes the signature image", async () => {
    answer = () => ({ body: v2(SIGNATURE) });
    const r = await getSignatureImage(ctx, { pin: "7023210039414604" });
    expect(hits[0]!.url).toBe("/vis/signatureimage/7023210039414604");
    expect(hits[0]!.headers.accept).toBe(MediaType.track);
    expect(r).toEqual({
      available: true,
      image: JPEG,
      mimeType: "image/jpeg",
      filename: "7023210039414604.jpg",
    });
  });

  it("treats 003 No Signature Image Available as a normal outcome", async () => {
    answer = () => ({ status: 404, body: messages("003", "No Signature Image Available") });
    expect(await getSignatureImage(ctx, { pin: "7023210039414604" })).toEqual({
      available: false,
      code: "003",
      description: "No Signature Image Available",
    });
  });

  it("still throws the signature image's other errors, and a throttle", async () => {
    answer = () => ({ status: 404, body: messages("004", "No Pin History") });
    await expect(getSignatureImage(ctx, { pin: "7023210039414604" })).rejects.toMatchObject({
      code: "004",
      messages: [{ code: "004", description: "No Pin History" }],
    });
    answer = () => ({ status: 200, body: messages("Server", "Rejected by SLM Monitor") });
    await expect(getSignatureImage(ctx, { pin: "7023210039414604" })).rejects.toBeInstanceOf(
      CanadaPostThrottledError,
    );
    answer = () => ({ body: v2(SIGNATURE.replace(/<image>[\s\S]*<\/image>/, "<image>not*base64</image>")) });
    await expect(getSignatureImage(ctx, { pin: "7023210039414604" })).rejects.toBeInstanceOf(
      CanadaPostTransportError,
    );
  });

  it("returns the delivery confirmation certificate's PDF bytes", async () => {
    answer = () => ({ body: v2(CERTIFICATE) });
    const r = await getDeliveryConfirmationCertificate(ctx, { pin: "7023210039414604" });
    expect(hits[0]!.url).toBe("/vis/certificate/7023210039414604");
    expect(r).toEqual({
      available: true,
      pdf: PDF,
      mimeType: "application/pdf",
      filename: "7023210039414604.pdf",
    });
    if (r.available) expect(r.pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("treats 007 No Delivery Information Available as a normal outcome, and 002 as an error", async () => {
    answer = () => ({ status: 404, body: messages("007", "No Delivery Information Available") });
    expect(await getDeliveryConfirmationCertificate(ctx, { pin: "7023210039414604" })).toEqual({
      available: false,
      code: "007",
      description: "No Delivery Information Available",
    });
    answer = () => ({ status: 400, body: messages("002", "Duplicate Pin") });
    await expect(getDeliveryConfirmationCertificate(ctx, { pin: "7023210039414604" })).rejects.toMatchObject({
      code: "002",
      status: 400,
    });
  });
});
