import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  buildTransmitShipmentsRequest,
  getGroups,
  getManifest,
  getManifestArtifact,
  getManifestDetails,
  getManifests,
  parseGetGroupsResponse,
  accountPath,
  parseGetManifestDetailsResponse,
  parseGetManifestResponse,
  transmitShipments,
  type TransmitShipmentsInput,
  resolveConfig,
  type ClientContext,
  CanadaPostError,
  CanadaPostInputError,
  Transport,
} from "../../../src/canada-post";
import { xsdErrors } from "../../support/xsd";

const NS = "http://www.canadapost.ca/ws/manifest-v8";
const MANIFEST_TYPE = "application/vnd.cpc.manifest-v8+xml";
const config = resolveConfig({ username: "u", password: "p", customerNumber: "1234567" });

const pickup: TransmitShipmentsInput = {
  groupIds: ["grp1", "grp2"],
  cpcPickupIndicator: true,
  requestedShippingPoint: "k2b 8j6",
  methodOfPayment: "Account",
  manifestAddress: {
    manifestCompany: "Maple & Co",
    manifestName: "Jane Doe",
    phoneNumber: "613-555-1212",
    addressDetails: {
      addressLine1: "123 Elm St.",
      city: "Ottawa",
      provState: "on",
      postalZipCode: "K1P 1J1",
    },
  },
  customerReference: "REF-42",
  excludedShipments: ["340531309186521749"],
};

describe("Transmit Shipments request", () => {
  it("builds a pickup transmit-set that validates against manifest.xsd", async () => {
    const xml = buildTransmitShipmentsRequest(pickup);
    expect(await xsdErrors(xml, "manifest.xsd")).toEqual([]);
    expect(xml).toContain(`<transmit-set xmlns="${NS}">`);
    expect(xml).toContain("<group-ids><group-id>grp1</group-id><group-id>grp2</group-id></group-ids>");
    expect(xml).toContain(
      "<cpc-pickup-indicator>true</cpc-pickup-indicator><requested-shipping-point>K2B8J6</requested-shipping-point>",
    );
    expect(xml).toContain("<detailed-manifests>true</detailed-manifests>");
    expect(xml).toContain("<manifest-company>Maple &amp; Co</manifest-company>");
    expect(xml).toContain("<prov-state>ON</prov-state>");
    expect(xml).toContain("<postal-zip-code>K1P1J1</postal-zip-code>");
    expect(xml).toContain(
      "<excluded-shipments><shipment-id>340531309186521749</shipment-id></excluded-shipments>",
    );
  });

  it("builds a deposit-site transmit-set with a US manifest address and credit card payment", async () => {
    const xml = buildTransmitShipmentsRequest({
      groupIds: ["only"],
      shippingPointId: "0123",
      detailedManifests: false,
      methodOfPayment: "CreditCard",
      manifestAddress: {
        manifestCompany: "Border Goods",
        phoneNumber: "716-555-0100",
        addressDetails: {
          addressLine1: "1 Main St",
          city: "Buffalo",
          provState: "NY",
          countryCode: "US",
          postalZipCode: "14201-1234",
        },
      },
    });
    expect(await xsdErrors(xml, "manifest.xsd")).toEqual([]);
    expect(xml).toContain("<shipping-point-id>0123</shipping-point-id>");
    expect(xml).not.toContain("cpc-pickup-indicator");
    expect(xml).not.toContain("requested-shipping-point");
    expect(xml).not.toContain("excluded-shipments");
    expect(xml).toContain("<detailed-manifests>false</detailed-manifests>");
    expect(xml).toContain("<country-code>US</country-code><postal-zip-code>14201-1234</postal-zip-code>");
  });

  it("refuses incomplete or contradictory input, saying how to fix it", () => {
    expect(() => buildTransmitShipmentsRequest({ ...pickup, groupIds: [] })).toThrow(
      /give at least one groupId/,
    );
    expect(() => buildTransmitShipmentsRequest({ ...pickup, shippingPointId: "0123" })).toThrow(
      /either requestedShippingPoint or shippingPointId, not both/,
    );
    expect(() =>
      buildTransmitShipmentsRequest({
        ...pickup,
        requestedShippingPoint: undefined,
        cpcPickupIndicator: undefined,
      }),
    ).toThrow(/say where the parcels leave from/);
    expect(() => buildTransmitShipmentsRequest({ ...pickup, requestedShippingPoint: "90210" })).toThrow(
      /requestedShippingPoint "90210" is not a Canadian postal code/,
    );
    expect(() =>
      buildTransmitShipmentsRequest({ ...pickup, methodOfPayment: "Cash" as unknown as "Account" }),
    ).toThrow(/methodOfPayment must be Account, CreditCard or SupplierAccount/);
    expect(() =>
      buildTransmitShipmentsRequest({ ...pickup, groupIds: Array.from({ length: 51 }, (_, n) => `g${n}`) }),
    ).toThrow(CanadaPostInputError);
  });

  it("needs a configured customer number for the mailed-by path, and uses mobo when set", () => {
    const none = resolveConfig({ username: "u", password: "p" });
    expect(() => accountPath({ config: none }, "TransmitShipments")).toThrow(
      /TransmitShipments: no customer number is configured: set customerNumber/,
    );
    expect(accountPath({ config }, "x")).toBe("/rs/1234567/1234567");
    expect(accountPath({ config: { ...config, mobo: "7654321" } }, "x")).toBe("/rs/1234567/7654321");
  });
});

/* Answers shaped as manifest.xsd defines them; each is checked against the schema before being parsed. */
const manifestXml = (base: string) => `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="${NS}">
  <po-number>P123456789</po-number>
  <links>
    <link rel="self" href="${base}/rs/1234567/1234567/manifest/10000001" media-type="${MANIFEST_TYPE}"/>
    <link rel="details" href="${base}/rs/1234567/1234567/manifest/10000001/details" media-type="${MANIFEST_TYPE}"/>
    <link rel="artifact" href="${base}/rs/artifact/76108cb5192002d5/10238/0" media-type="application/pdf" index="0"/>
    <link rel="manifestShipments" href="${base}/rs/1234567/1234567/shipment?manifestId=10000001" media-type="application/vnd.cpc.shipment-v8+xml"/>
  </links>
</manifest>`;

const manifestsXml = (base: string) => `<?xml version="1.0" encoding="UTF-8"?>
<manifests xmlns="${NS}">
  <link rel="manifest" href="${base}/rs/1234567/1234567/manifest/10000001" media-type="${MANIFEST_TYPE}"/>
</manifests>`;

const detailsXml = `<?xml version="1.0" encoding="UTF-8"?>
<manifest-details xmlns="${NS}">
  <po-number>P123456789</po-number>
  <final-shipping-point>K2B8J6</final-shipping-point>
  <shipping-point-name>OTTAWA STN B</shipping-point-name>
  <shipping-point-id>0123</shipping-point-id>
  <cpc-pickup-indicator>true</cpc-pickup-indicator>
  <mailed-by-customer>1234567</mailed-by-customer>
  <mailed-on-behalf-of>1234567</mailed-on-behalf-of>
  <paid-by-customer>1234567</paid-by-customer>
  <customer-ref>REF-42</customer-ref>
  <manifest-date>2024-01-31</manifest-date>
  <manifest-time>15:30 EST</manifest-time>
  <contract-id>42708517</contract-id>
  <method-of-payment>Account</method-of-payment>
  <manifest-pricing-info>
    <base-cost>40.12</base-cost>
    <automation-discount>-1.20</automation-discount>
    <options-and-surcharges>3.05</options-and-surcharges>
    <gst>0.00</gst>
    <pst>0.00</pst>
    <hst>5.40</hst>
    <total-due-cpc>47.37</total-due-cpc>
  </manifest-pricing-info>
  <manifest-address>
    <manifest-company>Maple &amp; Co</manifest-company>
    <phone-number>613-555-1212</phone-number>
    <address-details>
      <address-line-1>123 Elm St.</address-line-1>
      <city>Ottawa</city>
      <prov-state>ON</prov-state>
      <postal-zip-code>K1P1J1</postal-zip-code>
    </address-details>
  </manifest-address>
</manifest-details>`;

const groupsXml = (base: string) => `<?xml version="1.0" encoding="UTF-8"?>
<groups xmlns="http://www.canadapost.ca/ws/shipment-v8">
  <group>
    <group-id>grp1</group-id>
    <link rel="group" href="${base}/rs/1234567/1234567/shipment?groupId=grp1" media-type="application/vnd.cpc.shipment-v8+xml"/>
  </group>
</groups>`;

describe("manifest answers", () => {
  it("parses a manifest with its po-number and links", async () => {
    const xml = manifestXml("https://ct.soa-gw.canadapost.ca");
    expect(await xsdErrors(xml, "manifest.xsd")).toEqual([]);
    const m = parseGetManifestResponse(xml);
    expect(m.poNumber).toBe("P123456789");
    expect(m.links.map((l) => l.rel)).toEqual(["self", "details", "artifact", "manifestShipments"]);
    expect(m.links[2]).toMatchObject({ mediaType: "application/pdf", index: 0 });
  });

  it("parses manifest details with money as numbers and strings kept as sent", async () => {
    expect(await xsdErrors(detailsXml, "manifest.xsd")).toEqual([]);
    const d = parseGetManifestDetailsResponse(detailsXml);
    expect(d.manifestPricingInfo).toEqual({
      baseCost: 40.12,
      automationDiscount: -1.2,
      optionsAndSurcharges: 3.05,
      gst: 0,
      pst: 0,
      hst: 5.4,
      totalDueCpc: 47.37,
    });
    expect(d).toMatchObject({
      cpcPickupIndicator: true,
      mailedByCustomer: "1234567",
      manifestDate: "2024-01-31",
      manifestTime: "15:30 EST",
      contractId: "42708517",
      manifestAddress: { manifestCompany: "Maple & Co", addressDetails: { postalZipCode: "K1P1J1" } },
    });
  });

  it("parses groups, and an empty groups answer as no groups", async () => {
    const xml = groupsXml("https://ct.soa-gw.canadapost.ca");
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    expect(parseGetGroupsResponse(xml)).toEqual([
      {
        groupId: "grp1",
        link: {
          rel: "group",
          href: "https://ct.soa-gw.canadapost.ca/rs/1234567/1234567/shipment?groupId=grp1",
          mediaType: "application/vnd.cpc.shipment-v8+xml",
        },
      },
    ]);
    expect(parseGetGroupsResponse(`<groups xmlns="http://www.canadapost.ca/ws/shipment-v8"/>`)).toEqual([]);
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

describe("manifest calls over HTTP", () => {
  let server: Server;
  let base: string;
  let ctx: ClientContext;
  const seen: Seen[] = [];
  let transmitAnswer: { status: number; body: string } | undefined;
  const pdf = Buffer.from("%PDF-1.4 manifest");

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
        const xml = (status: number, doc: string, type = MANIFEST_TYPE) => {
          res.writeHead(status, { "content-type": type });
          res.end(doc);
        };
        const path = req.url!.split("?")[0];
        if (req.method === "POST" && path === "/rs/1234567/7654321/manifest") {
          const a = transmitAnswer ?? { status: 200, body: manifestsXml(base) };
          return xml(a.status, a.body);
        }
        if (path === "/rs/1234567/7654321/manifest") return xml(200, manifestsXml(base));
        if (path === "/rs/1234567/1234567/manifest/10000001") return xml(200, manifestXml(base));
        if (path === "/rs/1234567/7654321/manifest/10000001/details") return xml(200, detailsXml);
        if (path === "/rs/1234567/7654321/group")
          return xml(200, groupsXml(base), "application/vnd.cpc.shipment-v8+xml");
        if (path?.startsWith("/rs/artifact/")) {
          res.writeHead(200, { "content-type": "application/pdf" });
          return res.end(pdf);
        }
        xml(
          404,
          `<messages xmlns="http://www.canadapost.ca/ws/messages"/>`,
          "application/vnd.cpc.messages+xml",
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cfg = resolveConfig({
      username: "u",
      password: "p",
      customerNumber: "1234567",
      mobo: "7654321",
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
    transmitAnswer = undefined;
  });

  it("transmits, then follows the manifest, details and artifact links", async () => {
    const links = await transmitShipments(ctx, pickup);
    expect(links).toEqual([
      { rel: "manifest", href: `${base}/rs/1234567/1234567/manifest/10000001`, mediaType: MANIFEST_TYPE },
    ]);
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/rs/1234567/7654321/manifest",
      accept: MANIFEST_TYPE,
      contentType: MANIFEST_TYPE,
    });
    expect(seen[0]!.body).toBe(buildTransmitShipmentsRequest(pickup));

    const manifest = await getManifest(ctx, links[0]!);
    expect(manifest.poNumber).toBe("P123456789");
    // The link is followed as given: its mailed-on-behalf-of segment, not one rebuilt from the config.
    expect(seen[1]).toMatchObject({
      method: "GET",
      url: "/rs/1234567/1234567/manifest/10000001",
      accept: MANIFEST_TYPE,
    });

    const artifact = await getManifestArtifact(ctx, manifest);
    expect(artifact).toEqual({ mediaType: "application/pdf", data: pdf });
    expect(seen[2]).toMatchObject({
      url: "/rs/artifact/76108cb5192002d5/10238/0",
      accept: "application/pdf",
    });
  });

  it("reads details by id, lists manifests by date and lists groups, never with */*", async () => {
    const details = await getManifestDetails(ctx, "10000001");
    expect(details.poNumber).toBe("P123456789");
    const list = await getManifests(ctx, { start: "2024-01-01", end: "20240131" });
    expect(list).toHaveLength(1);
    const oneDay = await getManifests(ctx, { start: "20240131" });
    expect(oneDay).toHaveLength(1);
    const groups = await getGroups(ctx);
    expect(groups.map((g) => g.groupId)).toEqual(["grp1"]);
    expect(seen.map((s) => [s.url, s.accept])).toEqual([
      ["/rs/1234567/7654321/manifest/10000001/details", MANIFEST_TYPE],
      ["/rs/1234567/7654321/manifest?start=20240101&end=20240131", MANIFEST_TYPE],
      ["/rs/1234567/7654321/manifest?start=20240131&end=20240131", MANIFEST_TYPE],
      ["/rs/1234567/7654321/group", "application/vnd.cpc.shipment-v8+xml"],
    ]);
  });

  it("never retries a failed transmit, and hands Canada Post's code and description to the caller", async () => {
    transmitAnswer = {
      status: 503,
      body: `<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>Server</code><description>Service unavailable</description></message></messages>`,
    };
    await expect(transmitShipments(ctx, pickup)).rejects.toThrow(CanadaPostError);
    expect(seen).toHaveLength(1);

    seen.length = 0;
    transmitAnswer = {
      status: 400,
      body: `<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>9109</code><description>Too many groups in one manifest.</description></message></messages>`,
    };
    const error = (await transmitShipments(ctx, pickup).catch((e: unknown) => e)) as CanadaPostError;
    expect(error).toBeInstanceOf(CanadaPostError);
    expect(error.status).toBe(400);
    expect(error.operation).toBe("TransmitShipments");
    expect(error.messages).toEqual([{ code: "9109", description: "Too many groups in one manifest." }]);
  });

  it("refuses a link of the wrong kind and a manifest without an artifact link before sending", async () => {
    await expect(
      getManifestDetails(ctx, { rel: "artifact", href: `${base}/x`, mediaType: "application/pdf" }),
    ).rejects.toThrow(/expected a link with rel "details", got rel "artifact"/);
    await expect(getManifestArtifact(ctx, { links: [] })).rejects.toThrow(/no artifact link/);
    await expect(getManifests(ctx, { start: "2024/01/31" })).rejects.toThrow(
      /start must be a date as YYYYMMDD/,
    );
    await expect(getManifests(ctx, { start: "20240131", end: "20240101" })).rejects.toThrow(
      /end 20240101 is before start/,
    );
    expect(seen).toHaveLength(0);
  });
});
