/* eslint-disable @typescript-eslint/no-explicit-any -- tests read parsed XML documents freely */
import { PDFDocument } from "pdf-lib";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/server";
import { camelize, parseXml } from "../../../src/canada-post";
import { xsdErrors } from "../../support/xsd";

const SHIPMENT = "application/vnd.cpc.shipment-v8+xml";
const MANIFEST = "application/vnd.cpc.manifest-v8+xml";
const auth = `Basic ${Buffer.from("sim-user:sim-password").toString("base64")}`;
let sim: RunningSimulator;
const root = () => `${sim.url}/rs/1234567/1234567`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.store.reset());

async function call(method: string, url: string, type: string, body?: string) {
  const res = await fetch(url, {
    method,
    headers: { authorization: auth, accept: type, ...(body ? { "content-type": type } : {}) },
    body,
  });
  const text = await res.text();
  const value = text ? ((camelize(parseXml(text).value) as Record<string, any>) ?? {}) : {};
  return { status: res.status, text, value };
}

const destinations: Record<string, [string, string]> = {
  CA: [
    "DOM.EP",
    "<city>Ottawa</city><prov-state>ON</prov-state><country-code>CA</country-code><postal-zip-code>K1K4T3</postal-zip-code>",
  ],
  US: [
    "USA.EP",
    "<city>Buffalo</city><prov-state>NY</prov-state><country-code>US</country-code><postal-zip-code>14201</postal-zip-code>",
  ],
};

async function createShipment(groupId: string, country = "CA") {
  const [service, address] = destinations[country]!;
  const body = `<shipment xmlns="http://www.canadapost.ca/ws/shipment-v8"><group-id>${groupId}</group-id><requested-shipping-point>K2B8J6</requested-shipping-point><delivery-spec><service-code>${service}</service-code><sender><company>Shop</company><contact-phone>613-555-1212</contact-phone><address-details><address-line-1>1 Main</address-line-1><city>Ottawa</city><prov-state>ON</prov-state><country-code>CA</country-code><postal-zip-code>K2B8J6</postal-zip-code></address-details></sender><destination><name>Ann</name><address-details><address-line-1>2 Elm</address-line-1>${address}</address-details></destination><parcel-characteristics><weight>1</weight></parcel-characteristics><preferences><show-packing-instructions>true</show-packing-instructions><show-postage-rate>true</show-postage-rate></preferences><settlement-info><intended-method-of-payment>Account</intended-method-of-payment></settlement-info></delivery-spec></shipment>`;
  const r = await call("POST", `${root()}/shipment`, SHIPMENT, body);
  expect(r.value.shipmentId).toBeDefined();
  return r.value;
}

const transmitSet = (groups: string[], excluded: string[] = []) =>
  `<transmit-set xmlns="http://www.canadapost.ca/ws/manifest-v8"><group-ids>${groups.map((g) => `<group-id>${g}</group-id>`).join("")}</group-ids><requested-shipping-point>K2B8J6</requested-shipping-point><detailed-manifests>true</detailed-manifests><method-of-payment>Account</method-of-payment><manifest-address><manifest-company>Shop</manifest-company><phone-number>613-555-1212</phone-number><address-details><address-line-1>1 Main</address-line-1><city>Ottawa</city><prov-state>ON</prov-state><postal-zip-code>K2B8J6</postal-zip-code></address-details></manifest-address>${excluded.length ? `<excluded-shipments>${excluded.map((s) => `<shipment-id>${s}</shipment-id>`).join("")}</excluded-shipments>` : ""}</transmit-set>`;

describe("Transmit Shipments and manifests", () => {
  it("lists groups, transmits one manifest per group and destination category, skipping excluded shipments", async () => {
    const a = await createShipment("day1");
    const b = await createShipment("day1");
    const us = await createShipment("day1", "US");
    const excluded = await createShipment("day1");
    await createShipment("day2");
    const groups = await call("GET", `${root()}/group`, SHIPMENT);
    expect(await xsdErrors(groups.text, "shipment.xsd")).toEqual([]);
    expect(groups.value.group.map((g: any) => g.groupId).sort()).toEqual(["day1", "day2"]);

    const t = await call(
      "POST",
      `${root()}/manifest`,
      MANIFEST,
      transmitSet(["day1"], [excluded.shipmentId]),
    );
    expect(t.status).toBe(200);
    expect(await xsdErrors(t.text, "manifest.xsd")).toEqual([]);
    const links = t.value.link as { rel: string; href: string }[];
    expect(links).toHaveLength(2);
    expect(links.every((l) => l.rel === "manifest")).toBe(true);

    const shipment = async (s: any) =>
      (await call("GET", `${root()}/shipment/${s.shipmentId}`, SHIPMENT)).value;
    for (const s of [a, b, us]) expect((await shipment(s)).shipmentStatus).toBe("transmitted");
    expect((await shipment(excluded)).shipmentStatus).toBe("created");
    const after = await call("GET", `${root()}/group`, SHIPMENT);
    expect(after.value.group.map((g: any) => g.groupId).sort()).toEqual(["day1", "day2"]);

    const manifests = await Promise.all(links.map((l) => call("GET", l.href, MANIFEST)));
    for (const m of manifests) {
      expect(await xsdErrors(m.text, "manifest.xsd")).toEqual([]);
      expect(m.value.poNumber).toMatch(/^\d{10}$/);
      expect(m.value.links.link.map((l: any) => l.rel)).toEqual(["self", "details", "artifact"]);
    }
    const details = await Promise.all(
      manifests.map((m) =>
        call("GET", m.value.links.link.find((l: any) => l.rel === "details").href, MANIFEST),
      ),
    );
    for (const d of details) expect(await xsdErrors(d.text, "manifest.xsd")).toEqual([]);
    const total = details.reduce((t, d) => t + Number(d.value.manifestPricingInfo.totalDueCpc), 0);
    const prices = await Promise.all(
      [a, b, us].map((s) => call("GET", `${root()}/shipment/${s.shipmentId}/price`, SHIPMENT)),
    );
    expect(total).toBeCloseTo(
      prices.reduce((t, p) => t + Number(p.value.dueAmount), 0),
      2,
    );

    const artifact = manifests[0]!.value.links.link.find((l: any) => l.rel === "artifact");
    const pdf = await fetch(artifact.href, { headers: { authorization: auth, accept: "application/pdf" } });
    expect(pdf.status).toBe(200);
    const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    expect(doc.getTitle()).toBe(`Manifest ${manifests[0]!.value.poNumber}`);

    const day = sim.clock.now().toISOString().slice(0, 10).replace(/-/g, "");
    const listed = await call("GET", `${root()}/manifest?start=${day}&end=${day}`, MANIFEST);
    expect(listed.value.link).toHaveLength(2);
    const none = await call("GET", `${root()}/manifest?start=20000101&end=20000102`, MANIFEST);
    expect(none.value.link).toBeUndefined();
  });

  it("answers a no-shipments error when the groups hold nothing to transmit, and 404 for unknown manifests", async () => {
    const t = await call("POST", `${root()}/manifest`, MANIFEST, transmitSet(["empty"]));
    expect(t.status).toBe(400);
    expect(t.value.message[0].code).toMatch(/^7\d{3}$/);
    const missing = await call("GET", `${root()}/manifest/123`, MANIFEST);
    expect(missing.status).toBe(404);
  });

  it("starts tracking a group shipment's journey at transmit time", async () => {
    const s = await createShipment("g");
    expect(sim.store.tracked.get(s.trackingPin)!.inductedAt).toBeUndefined();
    await call("POST", `${root()}/manifest`, MANIFEST, transmitSet(["g"]));
    expect(sim.store.tracked.get(s.trackingPin)!.inductedAt).toEqual(expect.any(Date));
  });
});
