/* eslint-disable @typescript-eslint/no-explicit-any -- tests read parsed XML documents freely */
import { startSimulator, type RunningSimulator } from "../../../src/simulator/server";
import { camelize, parseXml } from "../../../src/canada-post";
import { xsdErrors } from "../../support/xsd";

const TYPE = "application/vnd.cpc.ncshipment-v4+xml";
const auth = `Basic ${Buffer.from("sim-user:sim-password").toString("base64")}`;
let sim: RunningSimulator;
const base = () => `${sim.url}/rs/1234567/ncshipment`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.store.reset());

async function call(method: string, url: string, body?: string) {
  const res = await fetch(url, {
    method,
    headers: { authorization: auth, accept: TYPE, ...(body ? { "content-type": TYPE } : {}) },
    body,
  });
  const text = await res.text();
  const value = text ? ((camelize(parseXml(text).value) as Record<string, any>) ?? {}) : {};
  return { status: res.status, text, value };
}

const ncShipment = (destination: string, service = "DOM.EP") =>
  `<non-contract-shipment xmlns="http://www.canadapost.ca/ws/ncshipment-v4"><requested-shipping-point>K2B8J6</requested-shipping-point><delivery-spec><service-code>${service}</service-code><sender><company>Shop</company><contact-phone>613-555-1212</contact-phone><address-details><address-line-1>1 Main</address-line-1><city>Ottawa</city><prov-state>ON</prov-state><postal-zip-code>K2B8J6</postal-zip-code></address-details></sender><destination>${destination}</destination><parcel-characteristics><weight>1</weight></parcel-characteristics><preferences><show-packing-instructions>true</show-packing-instructions></preferences><references><customer-ref-1>NC-1</customer-ref-1></references></delivery-spec></non-contract-shipment>`;
const toOttawa = `<name>Ann</name><address-details><address-line-1>2 Elm</address-line-1><city>Ottawa</city><prov-state>ON</prov-state><country-code>CA</country-code><postal-zip-code>K1K4T3</postal-zip-code></address-details>`;
const refundBody = `<non-contract-shipment-refund-request xmlns="http://www.canadapost.ca/ws/ncshipment-v4"><email>a@b.ca</email></non-contract-shipment-refund-request>`;

describe("non-contract shipments", () => {
  it("creates, reads back, details, receipt, lists by date and PIN, and refunds once", async () => {
    const c = await call("POST", base(), ncShipment(toOttawa));
    expect(c.status).toBe(200);
    expect(await xsdErrors(c.text, "ncshipment.xsd")).toEqual([]);
    expect(c.value.trackingPin).toMatch(/^\d{16}$/);
    const links = c.value.links.link as { rel: string; href: string; mediaType: string }[];
    expect(links.map((l) => l.rel)).toEqual(["self", "details", "receipt", "refund", "label"]);
    const href = (rel: string) => links.find((l) => l.rel === rel)!.href;

    const got = await call("GET", href("self"));
    expect(got.value.shipmentId).toBe(c.value.shipmentId);
    const details = await call("GET", href("details"));
    expect(await xsdErrors(details.text, "ncshipment.xsd")).toEqual([]);
    expect(details.value.deliverySpec.references.customerRef1).toBe("NC-1");
    const receipt = await call("GET", href("receipt"));
    expect(await xsdErrors(receipt.text, "ncshipment.xsd")).toEqual([]);
    expect(receipt.value.serviceCode).toBe("DOM.EP");
    expect(Number(receipt.value.ccReceiptDetails.chargeAmount)).toBeGreaterThan(0);

    const today = sim.clock.now().toISOString().slice(0, 10).replace(/-/g, "");
    const listed = await call("GET", `${base()}?from=${today}0000`);
    expect(await xsdErrors(listed.text, "ncshipment.xsd")).toEqual([]);
    expect(listed.value.link.map((l: any) => l.href)).toEqual([href("self")]);
    expect((await call("GET", `${base()}?trackingPIN=${c.value.trackingPin}`)).value.link).toHaveLength(1);
    expect((await call("GET", `${base()}?from=200001010000&to=200001020000`)).value.link).toBeUndefined();
    expect((await call("GET", `${base()}?from=yesterday`)).status).toBe(400);

    const r = await call("POST", href("refund"), refundBody);
    expect(r.status).toBe(200);
    expect(await xsdErrors(r.text, "ncshipment.xsd")).toEqual([]);
    const again = await call("POST", href("refund"), refundBody);
    expect(again.status).toBe(409);
    expect(again.value.message[0].code).toBe("7292");
    expect((await call("GET", href("details"))).value.refundRequestInfo.serviceTicketId).toBe(
      r.value.serviceTicketId,
    );
  });

  it("tracks a non-contract shipment from creation and adds a commercial invoice abroad", async () => {
    const us = await call(
      "POST",
      base(),
      ncShipment(
        `<name>Ann</name><address-details><address-line-1>2 Elm</address-line-1><city>Buffalo</city><prov-state>NY</prov-state><country-code>US</country-code><postal-zip-code>14201</postal-zip-code></address-details>`,
        "USA.EP",
      ),
    );
    expect(us.value.links.link.map((l: any) => l.rel)).toContain("commercialInvoice");
    expect(sim.store.tracked.get(us.value.trackingPin)!.inductedAt).toEqual(expect.any(Date));
  });

  it("refuses a foreign recipient without name or company (7282) and answers 404 for unknown ids", async () => {
    const r = await call(
      "POST",
      base(),
      ncShipment(
        `<address-details><address-line-1>1 Rue</address-line-1><city>Paris</city><country-code>FR</country-code></address-details>`,
        "INT.XP",
      ),
    );
    expect(r.value.message[0].code).toBe("7282");
    expect((await call("GET", `${base()}/999`)).status).toBe(404);
  });
});
