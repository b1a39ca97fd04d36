/* eslint-disable @typescript-eslint/no-explicit-any -- tests read parsed XML documents freely */
import { startSimulator, type RunningSimulator } from "../../../src/simulator/server";
import { camelize, parseXml } from "../../../src/canada-post";
import { xsdErrors } from "../../support/xsd";

const TYPE = "application/vnd.cpc.shipment-v8+xml";
const auth = `Basic ${Buffer.from("sim-user:sim-password").toString("base64")}`;
let sim: RunningSimulator;
const base = () => `${sim.url}/rs/1234567/1234567/shipment`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.store.reset());

async function call(method: string, url: string, body?: string, accept = TYPE) {
  const res = await fetch(url, {
    method,
    headers: { authorization: auth, accept, ...(body ? { "content-type": accept } : {}) },
    body,
  });
  const text = await res.text();
  // An element with no children (an empty <shipments/>) camelizes to nothing: read it as {}.
  const value = text ? ((camelize(parseXml(text).value) as Record<string, any>) ?? {}) : {};
  return { status: res.status, text, value };
}

export interface ShipmentXmlOptions {
  head?: string;
  destination?: string;
  print?: string;
  options?: string;
  references?: string;
  service?: string;
  returnSpec?: string;
}

function shipmentXml(o: ShipmentXmlOptions = {}) {
  const destination =
    o.destination ??
    `<name>Jain</name><company>CGI</company><address-details><address-line-1>23 jardin private</address-line-1><city>Ottawa</city><prov-state>ON</prov-state><country-code>CA</country-code><postal-zip-code>K1K4T3</postal-zip-code></address-details>`;
  return `<?xml version="1.0" encoding="UTF-8"?><shipment xmlns="http://www.canadapost.ca/ws/shipment-v8">${o.head ?? "<group-id>grp1</group-id><requested-shipping-point>K2B8J6</requested-shipping-point>"}<delivery-spec><service-code>${o.service ?? "DOM.EP"}</service-code><sender><name>Bob</name><company>CGI</company><contact-phone>1 (450) 823-8432</contact-phone><address-details><address-line-1>502 MAIN ST N</address-line-1><city>MONTREAL</city><prov-state>QC</prov-state><country-code>CA</country-code><postal-zip-code>H2B1A0</postal-zip-code></address-details></sender><destination>${destination}</destination>${o.options ?? ""}<parcel-characteristics><weight>2.5</weight><dimensions><length>30</length><width>20</width><height>10</height></dimensions></parcel-characteristics>${o.print ?? ""}<preferences><show-packing-instructions>true</show-packing-instructions></preferences>${o.references ?? ""}<settlement-info><contract-id>42708517</contract-id><intended-method-of-payment>Account</intended-method-of-payment></settlement-info></delivery-spec>${o.returnSpec ?? ""}</shipment>`;
}

const create = (o?: ShipmentXmlOptions) => call("POST", base(), shipmentXml(o));
const linkOf = (v: Record<string, any>, rel: string) =>
  (v.links.link as { rel: string; href: string; mediaType: string; index?: string }[]).find(
    (l) => l.rel === rel,
  );

describe("Create Shipment", () => {
  it("creates a group shipment with the seed's links, a unique 18-digit id and 16-digit PIN", async () => {
    const a = await create();
    const b = await create();
    expect(a.status).toBe(200);
    expect(await xsdErrors(a.text, "shipment.xsd")).toEqual([]);
    expect(a.value.shipmentStatus).toBe("created");
    expect(a.value.shipmentId).toMatch(/^\d{18}$/);
    expect(a.value.trackingPin).toMatch(/^\d{16}$/);
    expect(b.value.trackingPin).not.toBe(a.value.trackingPin);
    expect(a.value.poNumber).toBeUndefined();
    expect((a.value.links.link as { rel: string }[]).map((l) => l.rel)).toEqual([
      "self",
      "details",
      "group",
      "price",
      "label",
    ]);
    expect(linkOf(a.value, "self")!.href).toBe(`${base()}/${a.value.shipmentId}`);
    expect(linkOf(a.value, "group")!.href).toBe(`${base()}?groupId=grp1`);
    expect(linkOf(a.value, "label")).toMatchObject({ mediaType: "application/pdf", index: "0" });
    expect(linkOf(a.value, "label")!.href).toMatch(new RegExp(`^${sim.url}/rs/artifact/1234567/\\d+/0$`));
  });

  it("transmits at once with transmit-shipment: po-number, inline price, receipt and refund links", async () => {
    const r = await create({
      head: "<transmit-shipment>true</transmit-shipment><requested-shipping-point>K2B8J6</requested-shipping-point><provide-pricing-info>true</provide-pricing-info>",
    });
    expect(await xsdErrors(r.text, "shipment.xsd")).toEqual([]);
    expect(r.value.shipmentStatus).toBe("transmitted");
    expect(r.value.poNumber).toMatch(/^\d{10}$/);
    expect(Number(r.value.shipmentPrice.dueAmount)).toBeGreaterThan(0);
    const rels = (r.value.links.link as { rel: string }[]).map((l) => l.rel);
    expect(rels).toEqual(["self", "details", "label", "receipt", "refund"]);
  });

  it("adds returnLabel with a return-spec and commercialInvoice for the United States", async () => {
    const us = await create({
      service: "USA.EP",
      destination: `<name>Ann</name><address-details><address-line-1>1 Main St</address-line-1><city>Buffalo</city><prov-state>NY</prov-state><country-code>US</country-code><postal-zip-code>14201</postal-zip-code></address-details>`,
    });
    expect(us.text).toContain("shipment-info");
    expect(linkOf(us.value, "commercialInvoice")).toMatchObject({ mediaType: "application/pdf" });
    expect(linkOf(us.value, "returnLabel")).toBeUndefined();
    const withReturn = await create({
      returnSpec:
        "<return-spec><service-code>DOM.EP</service-code><return-recipient><name>Bob</name><address-details><address-line-1>502 MAIN ST N</address-line-1><city>MONTREAL</city><prov-state>QC</prov-state><postal-zip-code>H2B1A0</postal-zip-code></address-details></return-recipient></return-spec>",
    });
    expect(await xsdErrors(withReturn.text, "shipment.xsd")).toEqual([]);
    expect(withReturn.value.returnTrackingPin).toMatch(/^\d{16}$/);
    expect(linkOf(withReturn.value, "returnLabel")).toMatchObject({ mediaType: "application/pdf" });
    expect(linkOf(withReturn.value, "commercialInvoice")).toBeUndefined();
  });

  it("answers ZPL labels as application/zpl, and refuses ZPL on 8.5x11 with 9191", async () => {
    const zpl = await create({
      print:
        "<print-preferences><output-format>4x6</output-format><encoding>ZPL</encoding></print-preferences>",
    });
    expect(linkOf(zpl.value, "label")!.mediaType).toBe("application/zpl");
    const bad = await create({ print: "<print-preferences><encoding>ZPL</encoding></print-preferences>" });
    expect(bad.status).toBe(200);
    expect(bad.value.message[0]).toMatchObject({ code: "9191" });
  });

  const addr = (inner: string, country = "CA", name = "<name>Jain</name>") =>
    `${name}<address-details>${inner}<country-code>${country}</country-code></address-details>`;
  it.each([
    ["1156", addr("<city>Ottawa</city><prov-state>ON</prov-state><postal-zip-code>K1K4T3</postal-zip-code>")],
    [
      "1157",
      addr(
        "<address-line-1>1 A St</address-line-1><prov-state>ON</prov-state><postal-zip-code>K1K4T3</postal-zip-code>",
      ),
    ],
    [
      "1159",
      addr(
        "<address-line-1>1 A St</address-line-1><city>Ottawa</city><postal-zip-code>K1K4T3</postal-zip-code>",
      ),
    ],
    ["7282", addr("<address-line-1>1 Rue</address-line-1><city>Paris</city>", "FR", "")],
  ])("answers the address rule %s with HTTP 200 and Canada Post's message", async (code, destination) => {
    const r = await create({ destination });
    expect(r.status).toBe(200);
    expect(r.value.message[0].code).toBe(code);
    expect(r.value.message[0].description.length).toBeGreaterThan(10);
  });

  it.each([
    [
      "9186",
      "<group-id>g</group-id><requested-shipping-point>K2B8J6</requested-shipping-point><shipping-point-id>0123</shipping-point-id>",
    ],
    [
      "9189",
      "<group-id>g</group-id><cpc-pickup-indicator>true</cpc-pickup-indicator><shipping-point-id>0123</shipping-point-id>",
    ],
    ["9187", "<group-id>g</group-id><cpc-pickup-indicator>true</cpc-pickup-indicator>"],
    ["9188", "<group-id>g</group-id><shipping-point-id>01-3</shipping-point-id>"],
  ])("answers the shipping point rule %s", async (code, head) => {
    const r = await create({ head });
    expect(r.value.message[0].code).toBe(code);
  });

  it("refuses a second customer-request-id with 7314, even after a void", async () => {
    const head =
      "<customer-request-id>order-1</customer-request-id><group-id>g</group-id><requested-shipping-point>K2B8J6</requested-shipping-point>";
    const first = await create({ head });
    expect(first.value.customerRequestId).toBe("order-1");
    await call("DELETE", linkOf(first.value, "self")!.href);
    const again = await create({ head });
    expect(again.value.message[0].code).toBe("7314");
  });

  it("passes the rating engine's errors (9112 for an unknown service) with HTTP 200", async () => {
    const r = await call("POST", base(), shipmentXml().replace("DOM.EP", "DOM.NOPE"));
    expect(r.status).toBe(200);
    expect(r.value.message[0].code).toBe("9112");
  });
});

describe("Shipment reads, void and refund", () => {
  it("gets the shipment, details echoing the delivery-spec, and the price", async () => {
    const c = await create({
      references: "<references><customer-ref-1>ORDER-9</customer-ref-1></references>",
    });
    const self = linkOf(c.value, "self")!.href;
    const got = await call("GET", self);
    expect(got.value.shipmentId).toBe(c.value.shipmentId);
    const details = await call("GET", linkOf(c.value, "details")!.href);
    expect(await xsdErrors(details.text, "shipment.xsd")).toEqual([]);
    expect(details.value.finalShippingPoint).toBe("K2B8J6");
    expect(details.value.trackingPin).toBe(c.value.trackingPin);
    expect(details.value.shipmentDetail.groupId).toBe("grp1");
    expect(details.value.shipmentDetail.deliverySpec.references.customerRef1).toBe("ORDER-9");
    const price = await call("GET", linkOf(c.value, "price")!.href);
    expect(await xsdErrors(price.text, "shipment.xsd")).toEqual([]);
    expect(price.value.serviceCode).toBe("DOM.EP");
    const sum =
      Number(price.value.preTaxAmount) +
      Number(price.value.gstAmount) +
      Number(price.value.pstAmount) +
      Number(price.value.hstAmount);
    expect(Number(price.value.dueAmount)).toBeCloseTo(sum, 2);
    expect(price.value.serviceStandard.expectedDeliveryDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("voids a created shipment (204), then answers 404 with an empty messages", async () => {
    const c = await create();
    const self = linkOf(c.value, "self")!.href;
    expect((await call("DELETE", self)).status).toBe(204);
    const gone = await call("GET", self);
    expect(gone.status).toBe(404);
    expect(gone.text).toMatch(/<messages xmlns="http:\/\/www.canadapost.ca\/ws\/messages"\/>/);
    expect((await call("DELETE", self)).status).toBe(404);
  });

  it("refuses to void a transmitted shipment (8064), refunds once, then answers 7292 with 409", async () => {
    const c = await create({
      head: "<transmit-shipment>true</transmit-shipment><requested-shipping-point>K2B8J6</requested-shipping-point>",
    });
    const self = linkOf(c.value, "self")!.href;
    const v = await call("DELETE", self);
    expect(v.status).toBe(400);
    expect(v.value.message[0].code).toBe("8064");
    const body = `<shipment-refund-request xmlns="http://www.canadapost.ca/ws/shipment-v8"><email>a@b.ca</email></shipment-refund-request>`;
    const r = await call("POST", linkOf(c.value, "refund")!.href, body);
    expect(r.status).toBe(200);
    expect(await xsdErrors(r.text, "shipment.xsd")).toEqual([]);
    expect(r.value.serviceTicketId).toBeTruthy();
    const again = await call("POST", linkOf(c.value, "refund")!.href, body);
    expect(again.status).toBe(409);
    expect(again.value.message[0].code).toBe("7292");
    const details = await call("GET", `${self}/details`);
    expect(details.value.shipmentDetail.refundRequestInfo.serviceTicketId).toBe(r.value.serviceTicketId);
    const receipt = await call("GET", linkOf(c.value, "receipt")!.href);
    expect(await xsdErrors(receipt.text, "shipment.xsd")).toEqual([]);
    expect(receipt.value.ccReceiptDetails.authCode).toBe("AA1111");
  });
});

describe("Get Shipments", () => {
  it("filters by group, PIN, customer-request-id and no-manifest date, and says what is missing", async () => {
    const g1 = await create();
    await create({
      head: "<group-id>other</group-id><requested-shipping-point>K2B8J6</requested-shipping-point>",
    });
    const nm = await create({
      head: "<customer-request-id>cr-7</customer-request-id><transmit-shipment>true</transmit-shipment><requested-shipping-point>K2B8J6</requested-shipping-point>",
    });
    const ids = async (q: string) => {
      const r = await call("GET", `${base()}?${q}`);
      expect(await xsdErrors(r.text, "shipment.xsd")).toEqual([]);
      return ((r.value?.link ?? []) as { href: string }[]).map((l) => l.href.split("/").pop());
    };
    expect(await ids("groupId=grp1")).toEqual([g1.value.shipmentId]);
    expect(await ids(`trackingPIN=${nm.value.trackingPin}`)).toEqual([nm.value.shipmentId]);
    expect(await ids("customerRequestId=cr-7")).toEqual([nm.value.shipmentId]);
    const today = sim.clock.now().toISOString().slice(0, 10).replace(/-/g, "");
    expect(await ids(`noManifest=true&date=${today}`)).toEqual([nm.value.shipmentId]);
    expect(await ids("noManifest=true&date=20000101")).toEqual([]);
    const none = await call("GET", base());
    expect(none.status).toBe(400);
    expect(none.value.message[0].description).toMatch(/groupId/);
  });
});
