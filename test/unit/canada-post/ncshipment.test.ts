import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  buildCreateNonContractShipmentRequest,
  buildRequestNonContractShipmentRefundRequest,
  createNonContractShipment,
  getNonContractShipment,
  getNonContractShipmentDetails,
  getNonContractShipmentLabel,
  getNonContractShipmentReceipt,
  getNonContractShipments,
  ncShipmentBasePath,
  parseGetNonContractShipmentDetailsResponse,
  parseCreateNonContractShipmentResponse,
  parseGetNonContractShipmentReceiptResponse,
  requestNonContractShipmentRefund,
  type CreateNonContractShipmentInput,
  resolveConfig,
  type ClientContext,
  CanadaPostError,
  CanadaPostInputError,
  findLink,
  Transport,
} from "../../../src/canada-post";
import { SHARED_SAMPLES_DIR, xsdErrors } from "../../support/xsd";

const NS = "http://www.canadapost.ca/ws/ncshipment-v4";
const NC_TYPE = "application/vnd.cpc.ncshipment-v4+xml";

const sender = {
  name: "John Smith",
  company: "Maple & Co",
  contactPhone: "613-555-1212",
  addressDetails: { addressLine1: "123 Elm St.", city: "Ottawa", provState: "on", postalZipCode: "k1p 1j1" },
};

const domestic: CreateNonContractShipmentInput = {
  requestedShippingPoint: "K2B8J6",
  serviceCode: "DOM.EP",
  sender,
  destination: {
    name: "Jane Doe",
    clientVoiceNumber: "+1 (416) 555-0100 x12",
    addressDetails: {
      addressLine1: "321 Lake St.",
      city: "Toronto",
      provState: "ON",
      countryCode: "ca",
      postalZipCode: "M5V 2T6",
    },
  },
  options: [{ optionCode: "SO" }, { optionCode: "COV", optionAmount: 100 }],
  parcelCharacteristics: { weight: 1, dimensions: { length: 10, width: 30, height: 20 }, document: false },
  notification: { email: "jane+shop@example.com", onDelivery: true },
  preferences: { showPackingInstructions: true, showPostageRate: false },
  references: { customerRef1: "Order #1001" },
  promoCode: "spring",
};

const international: CreateNonContractShipmentInput = {
  serviceCode: "INT.SP.AIR",
  sender,
  destination: {
    company: "Nippon Trading",
    clientVoiceNumber: "011-81-3-1234-5678",
    addressDetails: {
      addressLine1: "1-1 Chiyoda",
      city: "Tokyo",
      countryCode: "JP",
      postalZipCode: "100-0001",
    },
  },
  options: [{ optionCode: "COV", optionQualifier1: true }, { optionCode: "RASE" }],
  parcelCharacteristics: { weight: 0.75 },
  customs: {
    currency: "cad",
    conversionFromCad: 1,
    reasonForExport: "OTH",
    otherReason: "Warranty replacement",
    skuList: [
      {
        customsNumberOfUnits: 2,
        customsDescription: "Wood Post",
        sku: "WP-1",
        hsTariffCode: "4403.12",
        unitWeight: 0.3,
        customsValuePerUnit: 49.5,
        countryOfOrigin: "ca",
        provinceOfOrigin: "ON",
      },
    ],
  },
};

describe("Create Non-Contract Shipment request", () => {
  it("builds a domestic shipment that validates against ncshipment.xsd", async () => {
    const xml = buildCreateNonContractShipmentRequest(domestic);
    expect(await xsdErrors(xml, "ncshipment.xsd")).toEqual([]);
    expect(xml).toContain(`<non-contract-shipment xmlns="${NS}"><requested-shipping-point>K2B8J6`);
    expect(xml).toContain("<company>Maple &amp; Co</company>");
    expect(xml).toContain("<prov-state>ON</prov-state><postal-zip-code>K1P1J1</postal-zip-code>");
    expect(xml).toContain("<client-voice-number>+1 (416) 555-0100 x12</client-voice-number>");
    expect(xml).toContain("<country-code>CA</country-code><postal-zip-code>M5V2T6</postal-zip-code>");
    expect(xml).toContain("<option-code>COV</option-code><option-amount>100.00</option-amount>");
    expect(xml).toContain(
      "<weight>1.000</weight><dimensions><length>30.0</length><width>20.0</width><height>10.0</height></dimensions><document>false</document>",
    );
    expect(xml).toContain(
      "<on-shipment>false</on-shipment><on-exception>false</on-exception><on-delivery>true</on-delivery>",
    );
    expect(xml).toContain("<settlement-info><promo-code>SPRING</promo-code></settlement-info>");
  });

  it("builds a minimal shipment with default preferences and no empty structures", async () => {
    const xml = buildCreateNonContractShipmentRequest({
      serviceCode: "DOM.RP",
      sender,
      destination: {
        name: "Jane",
        addressDetails: {
          addressLine1: "1 A St",
          city: "Halifax",
          provState: "NS",
          countryCode: "CA",
          postalZipCode: "B3H1A1",
        },
      },
      parcelCharacteristics: { weight: 2 },
    });
    expect(await xsdErrors(xml, "ncshipment.xsd")).toEqual([]);
    expect(xml).toContain(
      "<preferences><show-packing-instructions>false</show-packing-instructions></preferences>",
    );
    for (const absent of ["<options", "<notification", "<references", "<customs", "<settlement-info"]) {
      expect(xml).not.toContain(absent);
    }
  });

  it("builds international and US shipments with customs that validate", async () => {
    const xml = buildCreateNonContractShipmentRequest(international);
    expect(await xsdErrors(xml, "ncshipment.xsd")).toEqual([]);
    expect(xml).toContain("<option-code>COV</option-code><option-qualifier-1>true</option-qualifier-1>");
    expect(xml).toContain("<currency>CAD</currency><conversion-from-cad>1</conversion-from-cad>");
    expect(xml).toContain(
      "<reason-for-export>OTH</reason-for-export><other-reason>Warranty replacement</other-reason>",
    );
    expect(xml).toContain(
      "<unit-weight>0.300</unit-weight><customs-value-per-unit>49.50</customs-value-per-unit><country-of-origin>CA</country-of-origin>",
    );

    const us = buildCreateNonContractShipmentRequest({
      ...international,
      serviceCode: "USA.EP",
      destination: {
        name: "Sam",
        addressDetails: {
          addressLine1: "1 Main St",
          city: "Buffalo",
          provState: "NY",
          countryCode: "US",
          postalZipCode: "14201",
        },
      },
      customs: { ...international.customs!, reasonForExport: "SOG", otherReason: undefined },
    });
    expect(await xsdErrors(us, "ncshipment.xsd")).toEqual([]);
    expect(us).toContain("<country-code>US</country-code><postal-zip-code>14201</postal-zip-code>");
  });

  it("refuses input Canada Post would reject, saying what to fix", () => {
    const jp = international.destination;
    expect(() => buildCreateNonContractShipmentRequest({ ...international, customs: undefined })).toThrow(
      /a shipment to JP needs customs: currency, reasonForExport and skuList/,
    );
    expect(() =>
      buildCreateNonContractShipmentRequest({ ...international, destination: { ...jp, company: undefined } }),
    ).toThrow(/outside Canada the destination needs a name or a company/);
    expect(() =>
      buildCreateNonContractShipmentRequest({
        ...international,
        customs: { ...international.customs!, otherReason: undefined },
      }),
    ).toThrow(/reasonForExport OTH needs otherReason/);
    expect(() =>
      buildCreateNonContractShipmentRequest({
        ...international,
        customs: { ...international.customs!, reasonForExport: "GIF" as "DOC" },
      }),
    ).toThrow(/GIF is no longer accepted/);
    expect(() =>
      buildCreateNonContractShipmentRequest({ ...domestic, parcelCharacteristics: { weight: 31 } }),
    ).toThrow(/at most 30 kg per parcel/);
    expect(() =>
      buildCreateNonContractShipmentRequest({
        ...domestic,
        parcelCharacteristics: { weight: 1, dimensions: { length: 150, width: 40, height: 40 } },
      }),
    ).toThrow(/length plus girth/);
    expect(() =>
      buildCreateNonContractShipmentRequest({
        ...domestic,
        destination: { addressDetails: { ...domestic.destination.addressDetails, postalZipCode: "90210" } },
      }),
    ).toThrow(/destination.postalZipCode "90210" is not a Canadian postal code/);
    expect(() =>
      buildCreateNonContractShipmentRequest({ ...domestic, notification: { email: "not an email" } }),
    ).toThrow(CanadaPostInputError);
    expect(() => buildRequestNonContractShipmentRefundRequest("nobody")).toThrow(
      /email must be an address such as name@example.com/,
    );
  });

  it("needs a configured customer number", () => {
    expect(() =>
      ncShipmentBasePath(
        { config: resolveConfig({ username: "u", password: "p" }) },
        "CreateNonContractShipment",
      ),
    ).toThrow(/CreateNonContractShipment: no customer number is configured/);
  });
});

const sampleInfo = readFileSync(join(SHARED_SAMPLES_DIR, "shipment_response.xml"), "utf8");

const detailsXml = `<?xml version="1.0" encoding="UTF-8"?>
<non-contract-shipment-details xmlns="${NS}">
  <final-shipping-point>K2B8J6</final-shipping-point>
  <tracking-pin>11111118901234</tracking-pin>
  <delivery-spec>
    <service-code>INT.SP.AIR</service-code>
    <sender>
      <company>Maple &amp; Co</company>
      <contact-phone>613-555-1212</contact-phone>
      <address-details>
        <address-line-1>123 Elm St.</address-line-1>
        <city>Ottawa</city>
        <prov-state>ON</prov-state>
        <postal-zip-code>K1P1J1</postal-zip-code>
      </address-details>
    </sender>
    <destination>
      <company>Nippon Trading</company>
      <address-details>
        <address-line-1>1-1 Chiyoda</address-line-1>
        <city>Tokyo</city>
        <country-code>JP</country-code>
        <postal-zip-code>100-0001</postal-zip-code>
      </address-details>
    </destination>
    <options><option><option-code>RASE</option-code></option></options>
    <parcel-characteristics><weight>0.750</weight></parcel-characteristics>
    <preferences><show-packing-instructions>true</show-packing-instructions></preferences>
    <customs>
      <currency>CAD</currency>
      <reason-for-export>SOG</reason-for-export>
      <sku-list>
        <item>
          <customs-number-of-units>2</customs-number-of-units>
          <customs-description>Wood Post</customs-description>
          <unit-weight>0.300</unit-weight>
          <customs-value-per-unit>49.50</customs-value-per-unit>
        </item>
      </sku-list>
    </customs>
    <settlement-info><promo-code>SPRING</promo-code></settlement-info>
  </delivery-spec>
  <refund-request-info>
    <service-ticket-date>2024-02-01</service-ticket-date>
    <service-ticket-id>GT12345678</service-ticket-id>
  </refund-request-info>
</non-contract-shipment-details>`;

const receiptXml = `<?xml version="1.0" encoding="UTF-8"?>
<non-contract-shipment-receipt xmlns="${NS}">
  <final-shipping-point>K2B8J6</final-shipping-point>
  <shipping-point-name>OTTAWA STN B</shipping-point-name>
  <shipping-point-id>0123</shipping-point-id>
  <mailed-by-customer>1234567</mailed-by-customer>
  <service-code>DOM.EP</service-code>
  <rated-weight>1.000</rated-weight>
  <base-amount>10.97</base-amount>
  <pre-tax-amount>11.62</pre-tax-amount>
  <gst-amount>0.00</gst-amount>
  <pst-amount>0.00</pst-amount>
  <hst-amount>1.51</hst-amount>
  <priced-options>
    <priced-option><option-code>SO</option-code><option-price>0.00</option-price></priced-option>
  </priced-options>
  <adjustments>
    <adjustment><adjustment-code>FUELSC</adjustment-code><adjustment-amount>0.65</adjustment-amount></adjustment>
  </adjustments>
  <cc-receipt-details>
    <merchant-name>Canada Post Corporation</merchant-name>
    <merchant-url>www.canadapost.ca</merchant-url>
    <name-on-card>John Smith</name-on-card>
    <auth-code>076838</auth-code>
    <auth-timestamp>2024-01-31T15:30:00-05:00</auth-timestamp>
    <card-type>VIS</card-type>
    <charge-amount>13.13</charge-amount>
    <currency>CAD</currency>
    <transaction-type>Sale</transaction-type>
  </cc-receipt-details>
  <service-standard>
    <am-delivery>false</am-delivery>
    <guaranteed-delivery>true</guaranteed-delivery>
    <expected-transit-time>2</expected-transit-time>
    <expected-delivery-date>2024-02-02</expected-delivery-date>
  </service-standard>
</non-contract-shipment-receipt>`;

describe("Non-contract shipment answers", () => {
  it("parses the captured Create Non-Contract Shipment answer (older namespace)", () => {
    const info = parseCreateNonContractShipmentResponse(sampleInfo);
    expect(info.shipmentId).toBe("406951321983787352");
    expect(info.trackingPin).toBe("11111118901234");
    expect(info.links.map((l) => l.rel)).toEqual(["self", "details", "receipt", "label"]);
    expect(findLink(info.links, "label")).toMatchObject({ mediaType: "application/pdf", index: 0 });
  });

  it("parses details with the delivery spec, customs items and refund request", async () => {
    expect(await xsdErrors(detailsXml, "ncshipment.xsd")).toEqual([]);
    const d = parseGetNonContractShipmentDetailsResponse(detailsXml);
    expect(d.trackingPin).toBe("11111118901234");
    expect(d.deliverySpec.options).toEqual([{ optionCode: "RASE" }]);
    expect(d.deliverySpec.parcelCharacteristics.weight).toBe(0.75);
    expect(d.deliverySpec.customs?.skuList).toEqual([
      {
        customsNumberOfUnits: 2,
        customsDescription: "Wood Post",
        unitWeight: 0.3,
        customsValuePerUnit: 49.5,
      },
    ]);
    expect(d.deliverySpec.sender.company).toBe("Maple & Co");
    expect(d.deliverySpec.settlementInfo?.promoCode).toBe("SPRING");
    expect(d.refundRequestInfo).toEqual({ serviceTicketDate: "2024-02-01", serviceTicketId: "GT12345678" });
  });

  it("parses the receipt with amounts as numbers", async () => {
    expect(await xsdErrors(receiptXml, "ncshipment.xsd")).toEqual([]);
    const r = parseGetNonContractShipmentReceiptResponse(receiptXml);
    expect(r).toMatchObject({
      ratedWeight: 1,
      baseAmount: 10.97,
      hstAmount: 1.51,
      pricedOptions: [{ optionCode: "SO", optionPrice: 0 }],
      adjustments: [{ adjustmentCode: "FUELSC", adjustmentAmount: 0.65 }],
      ccReceiptDetails: { authCode: "076838", chargeAmount: 13.13, cardType: "VIS" },
      serviceStandard: { amDelivery: false, guaranteedDelivery: true, expectedTransitTime: 2 },
    });
  });
});

/* ------------------------------------------------------------------ against a local server */

interface Seen {
  method: string;
  url: string;
  accept?: string;
  contentType?: string;
  body: string;
}

describe("non-contract shipment calls over HTTP", () => {
  let server: Server;
  let base: string;
  let ctx: ClientContext;
  const seen: Seen[] = [];
  let refunds = 0;
  let createStatus = 200;
  const pdf = Buffer.from("%PDF-1.4 label");
  const id = "406951321983787352";

  const infoXml = () => `<?xml version="1.0" encoding="UTF-8"?>
<non-contract-shipment-info xmlns="${NS}">
  <shipment-id>${id}</shipment-id>
  <tracking-pin>11111118901234</tracking-pin>
  <links>
    <link rel="self" href="${base}/rs/1234567/ncshipment/${id}" media-type="${NC_TYPE}"/>
    <link rel="details" href="${base}/rs/1234567/ncshipment/${id}/details" media-type="${NC_TYPE}"/>
    <link rel="receipt" href="${base}/rs/1234567/ncshipment/${id}/receipt" media-type="${NC_TYPE}"/>
    <link rel="refund" href="${base}/rs/1234567/ncshipment/${id}/refund" media-type="${NC_TYPE}"/>
    <link rel="label" href="${base}/rs/artifact/c70da5ed5a0d2c32/20238/0" media-type="application/pdf" index="0"/>
  </links>
</non-contract-shipment-info>`;
  const listXml = () =>
    `<non-contract-shipments xmlns="${NS}"><link rel="shipment" href="${base}/rs/1234567/ncshipment/${id}" media-type="${NC_TYPE}"/></non-contract-shipments>`;
  const messages = (code: string, description: string) =>
    `<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>${code}</code><description>${description}</description></message></messages>`;

  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      void body(req).then((text) => {
        seen.push({
          method: req.method!,
          url: req.url!,
          accept: req.headers.accept,
          contentType: req.headers["content-type"],
          body: text,
        });
        const xml = (status: number, doc: string) => {
          res.writeHead(status, { "content-type": NC_TYPE });
          res.end(doc);
        };
        const path = req.url!.split("?")[0]!;
        const shipment = `/rs/1234567/ncshipment/${id}`;
        if (req.method === "POST" && path === "/rs/1234567/ncshipment") {
          return createStatus === 200
            ? xml(200, infoXml())
            : xml(createStatus, messages("Server", "Service temporarily unavailable"));
        }
        if (req.method === "GET" && path === "/rs/1234567/ncshipment") return xml(200, listXml());
        if (path === shipment) return xml(200, infoXml());
        if (path === `${shipment}/details`) return xml(200, detailsXml);
        if (path === `${shipment}/receipt`) return xml(200, receiptXml);
        if (req.method === "POST" && path === `${shipment}/refund`) {
          refunds += 1;
          return refunds === 1
            ? xml(
                200,
                `<non-contract-shipment-refund-request-info xmlns="${NS}"><service-ticket-date>2024-02-01</service-ticket-date><service-ticket-id>GT12345678</service-ticket-id></non-contract-shipment-refund-request-info>`,
              )
            : xml(409, messages("7292", "A refund request has already been submitted for this shipment."));
        }
        if (path.startsWith("/rs/artifact/")) {
          res.writeHead(200, { "content-type": "application/pdf" });
          return res.end(pdf);
        }
        xml(404, `<messages xmlns="http://www.canadapost.ca/ws/messages"/>`);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cfg = resolveConfig({
      username: "u",
      password: "p",
      customerNumber: "1234567",
      baseUrl: base,
      retryDelayMs: 0,
    });
    ctx = { config: cfg, transport: new Transport(cfg) };
  });

  afterAll(async () => {
    await ctx.transport.close();
    await new Promise((r) => server.close(r));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it("creates a shipment, then follows its self, details, receipt and label links", async () => {
    const info = await createNonContractShipment(ctx, domestic);
    expect(info.shipmentId).toBe(id);
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/rs/1234567/ncshipment",
      accept: NC_TYPE,
      contentType: NC_TYPE,
    });
    expect(seen[0]!.body).toBe(buildCreateNonContractShipmentRequest(domestic));

    const again = await getNonContractShipment(ctx, findLink(info.links, "self")!);
    expect(again.trackingPin).toBe("11111118901234");
    const details = await getNonContractShipmentDetails(ctx, findLink(info.links, "details")!);
    expect(details.deliverySpec.serviceCode).toBe("INT.SP.AIR");
    const receipt = await getNonContractShipmentReceipt(ctx, id);
    expect(receipt.preTaxAmount).toBe(11.62);
    const label = await getNonContractShipmentLabel(ctx, info);
    expect(label).toEqual({ mediaType: "application/pdf", data: pdf });

    expect(seen.slice(1).map((s) => [s.method, s.url, s.accept])).toEqual([
      ["GET", `/rs/1234567/ncshipment/${id}`, NC_TYPE],
      ["GET", `/rs/1234567/ncshipment/${id}/details`, NC_TYPE],
      ["GET", `/rs/1234567/ncshipment/${id}/receipt`, NC_TYPE],
      ["GET", "/rs/artifact/c70da5ed5a0d2c32/20238/0", "application/pdf"],
    ]);
  });

  it("lists shipments by time span or by tracking PIN", async () => {
    const links = await getNonContractShipments(ctx, { from: "202401310000", to: "202401312359" });
    expect(links).toEqual([
      { rel: "shipment", href: `${base}/rs/1234567/ncshipment/${id}`, mediaType: NC_TYPE },
    ]);
    await getNonContractShipments(ctx, { trackingPin: "11111118901234" });
    expect(seen.map((s) => s.url)).toEqual([
      "/rs/1234567/ncshipment?from=202401310000&to=202401312359",
      "/rs/1234567/ncshipment?trackingPIN=11111118901234",
    ]);
    await expect(getNonContractShipments(ctx, { from: "2024-01-31" })).rejects.toThrow(
      /from must be a time as YYYYMMDDHHmm/,
    );
    expect(seen).toHaveLength(2);
  });

  it("never retries a failed create", async () => {
    createStatus = 503;
    try {
      await expect(createNonContractShipment(ctx, domestic)).rejects.toThrow(
        /CreateNonContractShipment failed \(HTTP 503\): Server: Service temporarily unavailable/,
      );
    } finally {
      createStatus = 200;
    }
    expect(seen).toHaveLength(1);
  });

  it("requests a refund through the refund link; a second refund reaches the caller as 7292", async () => {
    const info = await getNonContractShipment(ctx, id);
    const refundLink = findLink(info.links, "refund")!;
    const ticket = await requestNonContractShipmentRefund(ctx, refundLink, "john@example.com");
    expect(ticket).toEqual({ serviceTicketDate: "2024-02-01", serviceTicketId: "GT12345678" });
    expect(seen[1]).toMatchObject({
      method: "POST",
      url: `/rs/1234567/ncshipment/${id}/refund`,
      accept: NC_TYPE,
      contentType: NC_TYPE,
      body: `<?xml version="1.0" encoding="UTF-8"?><non-contract-shipment-refund-request xmlns="${NS}"><email>john@example.com</email></non-contract-shipment-refund-request>`,
    });
    expect(await xsdErrors(seen[1]!.body, "ncshipment.xsd")).toEqual([]);

    const error = (await requestNonContractShipmentRefund(ctx, id, "john@example.com").catch(
      (e: unknown) => e,
    )) as CanadaPostError;
    expect(error).toBeInstanceOf(CanadaPostError);
    expect(error.status).toBe(409);
    expect(error.code).toBe("7292");
    expect(error.messages[0]!.description).toBe(
      "A refund request has already been submitted for this shipment.",
    );
    expect(seen).toHaveLength(3); // not retried
  });

  it("refuses a link of the wrong kind before sending", async () => {
    await expect(
      requestNonContractShipmentRefund(
        ctx,
        { rel: "label", href: `${base}/rs/artifact/x/1/0`, mediaType: "application/pdf" },
        "john@example.com",
      ),
    ).rejects.toThrow(/expected a link with rel "refund", got rel "label"/);
    await expect(getNonContractShipmentLabel(ctx, { links: [] })).rejects.toThrow(/no label link/);
    expect(seen).toHaveLength(0);
  });
});
